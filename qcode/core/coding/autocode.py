"""Structural auto-coding: codings that follow from the shape of a document.

Much of level-1 coding needs no reading: an observation sheet's section headed
"Makt og avmakt:" is about power; an answer that follows the guide's third question
answers it; a turn is spoken by its speaker. Each function here plans the codings, then
writes them in one undoable step (or only reports them, on a dry run). A coding that
exists already (same coder, code and span) is not made twice, so a run can be repeated.

Section titles are matched to themes fuzzily (rapidfuzz, on normalised text), because
observers write the same theme in many ways ("Samtalestyring / grensesetting",
"MAKT OG AVMAKT", "Makt/avmakt:"). A title that matches no theme, or two themes equally,
is reported and left alone: a wrong structural coding would be copied into every
matrix, so qcode does not guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from qcode.core.codebook.format import slugify
from qcode.core.coding.guide import FUNCTION_WORDS, GuideQuestion, match_question, read_guide
from qcode.core.coding.roles import interviewer_speakers
from qcode.core.coding.sentences import trim_span
from qcode.core.errors import QcodeError
from qcode.core.importers.sections import is_meeting_heading
from qcode.core.model import KINDS, Section, Turn
from qcode.core.project.store import Change, Project, new_guid, now
from qcode.core.rows import sections_from_json, turns_from_json

TITLE_THRESHOLD = 85.0
TITLE_MARGIN = 3.0  # a runner-up this close makes a title ambiguous
QUESTIONS_KEY, QUESTIONS_NAME = "questions", "Questions"
SPEAKERS_KEY, SPEAKERS_NAME = "speakers", "Speakers"
STRUCTURE_COLOUR = "#808080"


@dataclass(frozen=True)
class Planned:
    """One coding auto-coding makes (or would make)."""

    document: str
    document_id: int
    code: str  # key
    start: int
    end: int
    label: str  # why: the section title, the guide question, the speaker


@dataclass
class AutocodeResult:
    planned: list[Planned] = field(default_factory=list)  # new codings
    already: int = 0  # codings that existed (same coder, code, span)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (document, what)
    new_codes: list[str] = field(default_factory=list)  # keys of codes created
    coding_ids: list[int] = field(default_factory=list)


@dataclass
class _Doc:
    id: int
    name: str
    kind: str
    text: str
    sections: list[Section]
    turns: list[Turn]


def _documents(project: Project, names: Iterable[str] = (), kind: str | None = None) -> list[_Doc]:
    if kind is not None and kind not in KINDS:
        raise QcodeError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    rows = project.query(
        "SELECT id, name, kind, text, sections, turns FROM documents ORDER BY name"
    )
    wanted = list(names)
    by_name = {r["name"]: r for r in rows}
    for name in wanted:
        if name not in by_name:
            raise QcodeError(f"no document named '{name}'")
    out = []
    for r in rows:
        if (wanted and r["name"] not in wanted) or (kind and r["kind"] != kind):
            continue
        out.append(
            _Doc(
                r["id"],
                r["name"],
                r["kind"],
                r["text"],
                list(sections_from_json(r["sections"])),
                list(turns_from_json(r["turns"])),
            )
        )
    return out


# -- sections --------------------------------------------------------------------------


def normalise_title(title: str) -> str:
    """ "## Samtalestyring / grensesetting:" -> "samtalestyring grensesetting"."""
    text = re.sub(r"[^\w]+", " ", title.casefold().replace("_", " "))
    words = [w for w in text.split() if w not in {"og", "and", "the"}]
    return " ".join(words)


def match_title(title: str, themes: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, float]:
    """The theme a section title names, with the score; None when no theme reaches the
    threshold or two themes come out equally close."""
    wanted = normalise_title(title)
    if not wanted:
        return None, 0.0
    scored = []
    for theme in themes:
        names = [theme["name"], theme["key"].replace("-", " "), *json.loads(theme["aliases"])]
        best = max(
            max(fuzz.ratio(wanted, n), fuzz.token_sort_ratio(wanted, n))
            for n in (normalise_title(x) for x in names)
            if n
        )
        scored.append((best, theme))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < TITLE_THRESHOLD:
        return None, scored[0][0] if scored else 0.0
    if len(scored) > 1 and scored[0][0] < 100 and scored[0][0] - scored[1][0] < TITLE_MARGIN:
        return None, scored[0][0]
    return scored[0][1], scored[0][0]


def section_body(text: str, section: Section) -> tuple[int, int] | None:
    """The span after the heading line (or after "Title:" when the text goes on on the
    heading's line), trimmed; None when the section has no text of its own."""
    line_end = text.find("\n", section.start, section.end)
    line_end = section.end if line_end == -1 else line_end
    first = text[section.start : line_end]
    colon = first.find(":")
    start = line_end
    if colon != -1 and first[colon + 1 :].strip():
        start = section.start + colon + 1
    return trim_span(text, start, section.end)


def plan_sections(project: Project, docs: list[_Doc]) -> AutocodeResult:
    themes = project.query(
        "SELECT id, key, name, aliases FROM codes WHERE parent_id IS NULL AND key NOT IN (?, ?)",
        [QUESTIONS_KEY, SPEAKERS_KEY],
    )
    if not themes:
        raise QcodeError("the project has no themes to code with (qcode codebook load FILE)")
    result = AutocodeResult()
    for doc in docs:
        matched = [match_title(section.title, themes)[0] for section in doc.sections]
        for n, (section, theme) in enumerate(zip(doc.sections, matched, strict=True)):
            if theme is None:
                if not is_meeting_heading(section.title):  # a meeting names no theme
                    result.unmatched.append((doc.name, section.title))
                continue
            body = section_body(doc.text, innermost(doc.sections, matched, n))
            if body is None:
                continue
            result.planned.append(
                Planned(doc.name, doc.id, theme["key"], body[0], body[1], section.title)
            )
    return result


def innermost(
    sections: Sequence[Section], matched: Sequence[dict[str, Any] | None], n: int
) -> Section:
    """Section `n` cut where the first deeper section that names a theme begins: the
    innermost theme heading codes its own span, so a theme never codes over another
    theme's text (a meeting › theme sheet; `## Makt` with `### Forberedelse` under it)."""
    section = sections[n]
    for later, theme in zip(sections[n + 1 :], matched[n + 1 :], strict=True):
        if later.start >= section.end:
            break
        if later.level > section.level and theme is not None:
            return Section(section.title, section.start, later.start, section.level)
    return section


# -- guide questions --------------------------------------------------------------------


def question_key(question: GuideQuestion) -> str:
    """`q3-opplever-mest-krevende-utfordrende`: the number and the first content words."""
    words = [w for w in question.text.split() if w.strip("?.,:;–-").lower() not in FUNCTION_WORDS]
    slug = slugify(" ".join(words[:4])) or slugify(question.text)
    return f"q{question.number}-{slug}".strip("-")


def question_name(question: GuideQuestion) -> str:
    text = question.text if len(question.text) <= 70 else question.text[:67].rstrip() + "..."
    return f"Q{question.number}: {text}"


def plan_questions(docs: list[_Doc], guide: list[GuideQuestion]) -> AutocodeResult:
    """Answers (the turns after an interviewer's question, up to the next question) coded
    with the guide question asked. A follow-up that matches no guide question keeps the
    current one; an interviewer turn that asks nothing and matches nothing (thanks,
    goodbye) ends it."""
    result = AutocodeResult()
    for doc in docs:
        if not doc.turns:
            continue
        asking = interviewer_speakers(doc.text, doc.turns)
        if not asking:
            result.unmatched.append((doc.name, "no interviewer found among the speakers"))
            continue
        current: GuideQuestion | None = None
        for turn in doc.turns:
            body = turn.body_start if turn.body_start is not None else turn.start
            words = doc.text[body : turn.end]
            if turn.speaker in asking:
                found = match_question(words, guide, current)
                if found is not None:
                    current = found
                elif "?" not in words:
                    current = None
                continue
            if current is None or body >= turn.end:
                continue
            result.planned.append(
                Planned(
                    doc.name, doc.id, question_key(current), body, turn.end, question_name(current)
                )
            )
        asked = {p.code for p in result.planned if p.document_id == doc.id}
        for q in guide:
            if question_key(q) not in asked:
                result.unmatched.append((doc.name, f"no answer found for {question_name(q)}"))
    return result


# -- speakers ---------------------------------------------------------------------------


def speaker_key(speaker: str) -> str:
    return f"speaker-{slugify(speaker) or 'unnamed'}"


def plan_speakers(docs: list[_Doc]) -> AutocodeResult:
    result = AutocodeResult()
    for doc in docs:
        for turn in doc.turns:
            body = turn.body_start if turn.body_start is not None else turn.start
            if body < turn.end:
                result.planned.append(
                    Planned(
                        doc.name, doc.id, speaker_key(turn.speaker), body, turn.end, turn.speaker
                    )
                )
    return result


# -- writing ----------------------------------------------------------------------------


def _ensure_code(
    ch: Change, key: str, name: str, parent_id: int | None, result: AutocodeResult
) -> int:
    project = ch.project
    rows = project.query("SELECT id FROM codes WHERE key = ?", [key])
    if rows:
        return int(rows[0]["id"])
    (order,) = project.conn.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM codes").fetchone()
    level = 1
    if parent_id is not None:
        parent = project.row("codes", parent_id) or {"level": 0}
        level = int(parent["level"]) + 1
    result.new_codes.append(key)
    return ch.insert(
        "codes",
        {
            "guid": new_guid(),
            "key": key,
            "name": name,
            "parent_id": parent_id,
            "level": level,
            "colour": STRUCTURE_COLOUR,
            "sort_order": order,
            "created_at": now(),
            "created_by": project.coder,
        },
    )


def _write(
    project: Project,
    action: str,
    params: dict[str, Any],
    plan: Callable[[], AutocodeResult],
    dry_run: bool,
    parent: tuple[str, str] | None = None,
) -> AutocodeResult:
    """Plan, then create missing codes (under `parent` when given) and the planned
    codings, skipping codings that exist; all in one change. The plan is made inside the
    transaction, so the themes and codings it reads cannot change under it."""
    with project.change(action, "", params) as ch:
        result = plan()
        existing = {
            (r["document_id"], r["key"], r["start"], r["end"])
            for r in project.query(
                'SELECT c.document_id, k.key, c.start, c."end" FROM codings c '
                "JOIN codes k ON k.id = c.code_id WHERE c.coder = ?",
                [project.coder],
            )
        }
        fresh = []
        for p in result.planned:
            if (p.document_id, p.code, p.start, p.end) in existing:
                result.already += 1
            else:
                existing.add((p.document_id, p.code, p.start, p.end))
                fresh.append(p)
        result.planned = fresh
        if dry_run:
            known = {r["key"] for r in project.query("SELECT key FROM codes")}
            result.new_codes = sorted({p.code for p in fresh} - known)
            return result
        ids: dict[str, int] = {}
        parent_id = None
        if parent is not None and fresh:
            parent_id = _ensure_code(ch, parent[0], parent[1], None, result)
        stamp = now()
        rows = []
        for p in fresh:
            if p.code not in ids:
                ids[p.code] = _ensure_code(ch, p.code, p.label, parent_id, result)
            rows.append(
                {
                    "guid": new_guid(),
                    "document_id": p.document_id,
                    "code_id": ids[p.code],
                    "start": p.start,
                    "end": p.end,
                    "coder": project.coder,
                    "created_at": stamp,
                    "memo": "",
                }
            )
        result.coding_ids = ch.insert_many("codings", rows)
        ch.summary = f"{len(fresh)} coding(s) by {action.split()[-1][:-1]}" + (
            f", {len(result.new_codes)} new code(s)" if result.new_codes else ""
        )
    return result


def autocode_sections(
    project: Project, documents: Iterable[str] = (), kind: str | None = None, dry_run: bool = False
) -> AutocodeResult:
    """Code each section body with the theme its title names."""
    documents = list(documents)
    params = {"documents": documents, "kind": kind}

    def plan() -> AutocodeResult:
        return plan_sections(project, _documents(project, documents, kind))

    return _write(project, "autocode sections", params, plan, dry_run)


def autocode_questions(
    project: Project,
    guide_path: Path,
    documents: Iterable[str] = (),
    kind: str | None = None,
    dry_run: bool = False,
) -> AutocodeResult:
    """Code each answer with the interview-guide question it answers."""
    guide = read_guide(guide_path)
    documents = list(documents)
    params = {"guide": str(guide_path), "documents": documents, "kind": kind}

    def plan() -> AutocodeResult:
        return plan_questions(_documents(project, documents, kind), guide)

    parent = (QUESTIONS_KEY, QUESTIONS_NAME)
    return _write(project, "autocode questions", params, plan, dry_run, parent)


def autocode_speakers(
    project: Project, documents: Iterable[str] = (), kind: str | None = None, dry_run: bool = False
) -> AutocodeResult:
    """Code each turn's words with its speaker, so a matrix can be cut by who spoke."""
    documents = list(documents)
    params = {"documents": documents, "kind": kind}

    def plan() -> AutocodeResult:
        return plan_speakers(_documents(project, documents, kind))

    return _write(
        project, "autocode speakers", params, plan, dry_run, (SPEAKERS_KEY, SPEAKERS_NAME)
    )
