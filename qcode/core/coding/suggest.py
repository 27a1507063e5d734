"""Keyword suggestions: the search an analyst would do by hand, done for every theme.

Each code's keywords (codes.keywords) are matched fuzzily against every document (see
`keywords.py`), and each hit is widened to its unit (a sentence by default, see
`sentences.py`): the analyst reviews and codes sentences, not words. The result is a
*suggestion* row, never a coding: the analyst decides (see `review.py`).

Not proposed: hits in a sentence that says the theme was not talked about ("Forberedelse
kom ikke opp som tema i dag", see `negation.py`), a word that is part of another theme's
phrase ("samtalen" in "før samtalen" is preparation, not conversation control), units
inside an interviewer's turn (the question is not the data; the answer is), section
headings (the section's own code comes from `autocode sections`), units that already
overlap a coding of the same code, and units where the analyst rejected a suggestion of
that code before (the rejection is remembered across runs and unit sizes). A unit already
suggested and still open is not proposed twice.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from qcode.core.codebook.codes import resolve_code
from qcode.core.coding.keywords import DEFAULT_THRESHOLD, Hit, Keyword, Matcher, keyword, vocabulary
from qcode.core.coding.negation import negated_mention
from qcode.core.coding.roles import interviewer_speakers
from qcode.core.coding.sentences import Unit, units_of
from qcode.core.coding.theme_words import ThemeWords
from qcode.core.errors import QcodeError
from qcode.core.model import Turn
from qcode.core.project.settings import project_language
from qcode.core.project.store import Project, now
from qcode.core.rows import sections_from_json, turns_from_json

UNITS = ("sentence", "paragraph", "turn")
DEFAULT_UNIT = "sentence"
# With `strict`, a keyword found in more than this share of all units (and in at least
# COMMON_MIN_UNITS of them) counts as the vocabulary of the field rather than evidence for
# its theme ("samtale" in a study of conversations): it cannot propose a unit on its own,
# only beside another word of the same code, or beside a word the codebook uses to
# describe that theme alone, in the unit or the next one either side (theme_words.py).
# Chosen on the tuning half of the example study; it trades recall for precision (see the
# README), so it is not the default.
COMMON_SHARE = 0.05
COMMON_MIN_UNITS = 10
WEAK_NEEDED = 2
STEM = 5  # words sharing their first letters count as one


@dataclass(frozen=True)
class Proposal:
    """A unit of one document that the keywords of one code point at."""

    document_id: int
    document: str
    code_id: int
    code_key: str
    start: int
    end: int
    keyword: str
    score: float
    hits: tuple[tuple[int, int], ...] = ()


@dataclass
class SuggestResult:
    proposals: list[Proposal] = field(default_factory=list)  # new suggestions
    ids: list[int] = field(default_factory=list)  # their ids (empty on a dry run)
    already_open: int = 0
    skipped_coded: int = 0
    skipped_rejected: int = 0
    codes_without_keywords: list[str] = field(default_factory=list)

    def by_code(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.proposals:
            counts[p.code_key] = counts.get(p.code_key, 0) + 1
        return counts


@dataclass
class _Doc:
    id: int
    name: str
    text: str
    turns: list[Turn]
    heading_titles: dict[int, str]  # section start -> title


def _load_documents(project: Project, document_ids: list[int] | None) -> list[_Doc]:
    sql = "SELECT id, name, text, sections, turns FROM documents"
    params: list[Any] = []
    if document_ids is not None:
        sql += f" WHERE id IN ({', '.join('?' for _ in document_ids)})"
        params = list(document_ids)
    docs = []
    for r in project.query(sql + " ORDER BY name", params):
        turns = list(turns_from_json(r["turns"]))
        sections = sections_from_json(r["sections"])
        docs.append(
            _Doc(r["id"], r["name"], r["text"], turns, {s.start: s.title for s in sections})
        )
    return docs


def code_keywords(project: Project, code: str | None = None) -> tuple[list[Keyword], list[str]]:
    """The keywords of one code (or of every code), and the keys of codes that have none."""
    if code is not None:
        one = resolve_code(project, code)
        rows: list[dict[str, Any]] = [
            {"id": one.id, "key": one.key, "keywords": json.dumps(list(one.keywords))}
        ]
    else:
        rows = project.query("SELECT id, key, keywords FROM codes ORDER BY sort_order, key")
    out: list[Keyword] = []
    empty: list[str] = []
    for r in rows:
        words = [kw for t in json.loads(r["keywords"] or "[]") if (kw := keyword(r["id"], t))]
        out += words
        if not words:
            empty.append(r["key"])
    return out, empty


def theme_descriptions(project: Project) -> dict[int, str]:
    """Each code's own words about itself (name, description, include note): the theme
    words that can back up a common keyword under `strict` (see `theme_words.py`). The
    exclude note is left out: it names what the theme is *not*."""
    rows = project.query("SELECT id, name, description, include_note FROM codes")
    return {r["id"]: " ".join((r["name"], r["description"], r["include_note"])) for r in rows}


def _skipped_spans(doc: _Doc, include_questions: bool) -> list[tuple[int, int]]:
    if include_questions or not doc.turns:
        return []
    asking = interviewer_speakers(doc.text, doc.turns)
    return [(t.start, t.end) for t in doc.turns if t.speaker in asking]


def _is_heading(doc: _Doc, unit: Unit) -> bool:
    if not doc.heading_titles:
        return False
    title = doc.heading_titles.get(unit.start) or doc.heading_titles.get(
        doc.text.rfind("\n", 0, unit.start) + 1
    )
    if title is None:
        return False
    return doc.text[unit.start : unit.end].strip("#*:-_ \t").casefold() == title.casefold()


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def propose(
    docs: list[_Doc],
    keywords: list[Keyword],
    threshold: float = DEFAULT_THRESHOLD,
    unit: str = DEFAULT_UNIT,
    include_questions: bool = False,
    code_keys: dict[int, str] | None = None,
    strict: bool = False,
    language: str | None = None,
    descriptions: dict[int, str] | None = None,
) -> list[Proposal]:
    """Every unit the keywords point at, before looking at what the project already
    holds; pure, so the benchmark and the tests can call it directly.

    With `strict`, `descriptions` (code id -> the code's own words about itself) give
    the theme words that can back up a common keyword (see `theme_words.py`)."""
    if unit not in UNITS:
        raise QcodeError(f"unknown unit '{unit}'; choose one of {', '.join(UNITS)}")
    matcher = Matcher(keywords, vocabulary(d.text for d in docs), threshold, language)
    themes = ThemeWords(descriptions, language) if strict and descriptions else None
    keys = code_keys or {}
    grouped_by_doc = []
    spread: dict[tuple[int, str], int] = defaultdict(int)  # (code, keyword) -> units hit
    total_units = 0
    for doc in docs:
        hits = matcher.scan(doc.text)
        units = units_of(doc.text, unit, doc.turns)
        total_units += len(units)
        unit_keys = themes.count_units(doc.text, units) if themes is not None else []
        if not hits:
            continue
        hits = _outside_other_phrases(hits)  # "samtalen" in "før samtalen" is preparation
        grouped = _group_hits(doc, hits, units, include_questions)
        for unit_hits in grouped.values():
            for pair in {(h.code_id, h.keyword) for h in unit_hits}:
                spread[pair] += 1
        grouped_by_doc.append((doc, units, grouped, unit_keys))
    limit = max(COMMON_MIN_UNITS, COMMON_SHARE * total_units)
    common = {pair for pair, n in spread.items() if n > limit} if strict else set()
    if themes is not None:
        themes.drop_common(limit)
    proposals: list[Proposal] = []
    for doc, units, grouped, unit_keys in grouped_by_doc:
        for (i, code_id), unit_hits in sorted(grouped.items()):
            u = units[i]
            if _is_heading(doc, u):
                continue
            strong = [h for h in unit_hits if (h.code_id, h.keyword) not in common]
            weak_alone = not strong and _distinct_words(doc.text, unit_hits) < WEAK_NEEDED
            if weak_alone and not (themes and themes.near(unit_keys, i, code_id)):
                continue
            best = max(strong or unit_hits, key=lambda h: (h.score, h.end - h.start))
            proposals.append(
                Proposal(
                    doc.id,
                    doc.name,
                    code_id,
                    keys.get(code_id, ""),
                    u.start,
                    u.end,
                    best.keyword,
                    round(best.score, 1),
                    tuple(sorted({(h.start, h.end) for h in unit_hits})),
                )
            )
    return proposals


def _outside_other_phrases(hits: list[Hit]) -> list[Hit]:
    """The hits that are not a word inside a longer phrase hit of another code: in "før
    samtalen" (preparation) the word "samtalen" is part of the phrase, not a mention of
    the conversation (a conversation-control keyword). A phrase of the same code leaves
    its words alone (they point at the same code anyway)."""
    phrases = [h for h in hits if not h.keyword.isalnum()]  # more than one word
    if not phrases:
        return hits
    return [
        h
        for h in hits
        if not any(
            p.code_id != h.code_id
            and p.start <= h.start
            and h.end <= p.end
            and p.end - p.start > h.end - h.start
            for p in phrases
        )
    ]


def _distinct_words(text: str, hits: list[Hit]) -> int:
    """How many different words the hits are (inflections of one word count once)."""
    return len({text[h.start : h.start + STEM].lower() for h in hits})


def _group_hits(
    doc: _Doc, hits: list[Hit], units: list[Unit], include_questions: bool
) -> dict[tuple[int, int], list[Hit]]:
    """Hits by (unit index, code), leaving out those in an interviewer's turn."""
    skipped = _skipped_spans(doc, include_questions)
    skipped_starts = [s for s, _ in skipped]
    unit_starts = [u.start for u in units]
    grouped: dict[tuple[int, int], list[Hit]] = defaultdict(list)
    for hit in hits:
        i = bisect_right(unit_starts, hit.start) - 1
        if i < 0 or hit.start >= units[i].end:
            continue  # white space between units cannot hold a word; be safe
        if skipped and _inside(skipped, skipped_starts, hit.start):
            continue
        if negated_mention(doc.text, units[i].start, units[i].end, hit.start, hit.end):
            continue  # "Forberedelse kom ikke opp som tema": not the theme (negation.py)
        grouped[(i, hit.code_id)].append(hit)
    return grouped


def _spans_by(
    project: Project, sql: str, params: list[Any]
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    out: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for r in project.query(sql, params):
        out[(r["document_id"], r["code_id"])].append((r["start"], r["end"]))
    return out


def suggest(
    project: Project,
    code: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    unit: str = DEFAULT_UNIT,
    include_questions: bool = False,
    documents: list[int] | None = None,
    dry_run: bool = False,
    strict: bool = False,
) -> SuggestResult:
    """Propose units for every code with keywords (or one code); one undoable step."""
    if not 0 < threshold <= 100:
        raise QcodeError(f"threshold {threshold} is out of range; give a score from 1 to 100")
    result = SuggestResult()
    keywords, result.codes_without_keywords = code_keywords(project, code)
    if code is not None and not keywords:
        raise QcodeError(f"code '{code}' has no keywords to suggest from (see qcode codebook)")
    keys = {r["id"]: r["key"] for r in project.query("SELECT id, key FROM codes")}
    params = {
        "code": code,
        "threshold": threshold,
        "unit": unit,
        "include_questions": include_questions,
        "documents": documents,
        "strict": strict,
    }
    with project.change("suggest", "", params) as ch:
        docs = _load_documents(project, documents)
        language = project_language(project)
        proposals = propose(
            docs,
            keywords,
            threshold,
            unit,
            include_questions,
            keys,
            strict,
            language,
            theme_descriptions(project) if strict else None,
        )
        coded = _spans_by(project, 'SELECT document_id, code_id, start, "end" FROM codings', [])
        rejected = _spans_by(
            project,
            'SELECT document_id, code_id, start, "end" FROM suggestions WHERE status = ?',
            ["rejected"],
        )
        known = {
            (r["document_id"], r["code_id"], r["start"], r["end"])
            for r in project.query('SELECT document_id, code_id, start, "end" FROM suggestions')
        }
        fresh: list[Proposal] = []
        for p in proposals:
            pair = (p.document_id, p.code_id)
            if any(s < p.end and p.start < e for s, e in coded.get(pair, ())):
                result.skipped_coded += 1
            elif any(s <= hs < e for s, e in rejected.get(pair, ()) for hs, _ in p.hits):
                result.skipped_rejected += 1
            elif (p.document_id, p.code_id, p.start, p.end) in known:
                result.already_open += 1
            else:
                fresh.append(p)
        result.proposals = fresh
        if not dry_run:
            stamp = now()
            result.ids = ch.insert_many(
                "suggestions",
                [
                    {
                        "document_id": p.document_id,
                        "code_id": p.code_id,
                        "start": p.start,
                        "end": p.end,
                        "keyword": p.keyword,
                        "score": p.score,
                        "status": "open",
                        "created_at": stamp,
                    }
                    for p in fresh
                ],
            )
        ch.summary = f"suggested {len(fresh)} passage(s) from keywords" + (
            f" of {keys.get(keywords[0].code_id, code)}" if code else ""
        )
    return result
