"""Sources prepared for placing excerpts: lines, paragraphs, turns and sections, read once.

A build places every excerpt in its source (line, paragraph, speaker, section); preparing
the sources for that is two thirds of a build, so the matrix view keeps them between builds
(`SourceTexts`) while the project has no newer change.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left, bisect_right
from typing import Any

from qcode.core.excerpts import expand_to_words
from qcode.core.project.status import last_change
from qcode.core.project.store import Project
from qcode.core.rows import sections_from_json, turns_from_json

from .matrix_model import Excerpt, count_words


class SourceText:
    """One document's text with what is needed to place an excerpt in it quickly."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.name: str = row["name"]
        self.kind: str = row["kind"]
        self.text: str = row["text"]
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        breaks = "\n\n" if "\n\n" in self.text else "\n"
        pattern = re.compile(re.escape(breaks) + r"\n*")
        self.paragraph_starts = [0] + [m.end() for m in pattern.finditer(self.text)]
        turns = sorted(turns_from_json(row["turns"]), key=lambda t: t.start)
        self.turn_starts = [t.start for t in turns]
        self.turns = turns
        self.sections = sections_from_json(row["sections"])
        # made once per span and codings: kept sources (`SourceTexts`) give the next build
        # the same excerpts without placing and counting them again
        self._made: dict[tuple[int, int, tuple[str, ...], tuple[int, ...]], Excerpt] = {}
        self._widened: dict[tuple[int, int], tuple[int, int]] = {}

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """The coded span widened to whole words (`expand_to_words`), once per span."""
        widened = self._widened.get((start, end))
        if widened is None:
            widened = self._widened[(start, end)] = expand_to_words(self.text, start, end)
        return widened

    def excerpt(
        self, start: int, end: int, text: str, coders: tuple[str, ...], ids: tuple[int, ...]
    ) -> Excerpt:
        made = self._made.get((start, end, coders, ids))
        if made is None:
            made = self._made[(start, end, coders, ids)] = self._place(
                start, end, text, coders, ids
            )
        return made

    def _place(
        self, start: int, end: int, text: str, coders: tuple[str, ...], ids: tuple[int, ...]
    ) -> Excerpt:
        return Excerpt(
            source=self.name,
            kind=self.kind,
            start=start,
            end=end,
            text=text,
            line=bisect_left(self.newlines, start) + 1,
            paragraph=max(1, bisect_right(self.paragraph_starts, start)),
            speaker=self._speaker(start),
            section=self._section(start),
            coders=coders,
            coding_ids=ids,
            words=count_words(text),
        )

    def _speaker(self, offset: int) -> str | None:
        i = bisect_right(self.turn_starts, offset) - 1
        if i >= 0 and offset < self.turns[i].end:
            return self.turns[i].speaker
        return None

    def _section(self, offset: int) -> str | None:
        """The innermost section holding `offset`, unless it spans the whole document
        (a docx title heading says nothing about where in the document we are)."""
        best = None
        whole = (0, len(self.text))
        for s in self.sections:
            if not s.start <= offset < s.end or (s.start, s.end) == whole:
                continue
            if best is None or (s.level, s.start) >= (best.level, best.start):
                best = s
        return best.title if best else None


def read_texts(project: Project, doc_ids: list[int]) -> dict[int, SourceText]:
    if not doc_ids:
        return {}
    rows = project.query(
        "SELECT id, name, kind, text, turns, sections FROM documents "
        "WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(doc_ids)],
    )
    return {r["id"]: SourceText(r) for r in rows}


class SourceTexts:
    """Sources prepared for placing excerpts (their lines, paragraphs, turns and sections),
    kept between builds by a caller that builds many matrices of one project: the TUI's
    matrix view, where switching columns or applying a filter changes where excerpts go,
    not the sources, and preparing them is two thirds of a build (0.4 s of 0.65 s for
    8,000 sources). Valid while the project has no newer change: every change, undo and
    redo by any process adds an audit entry (`last_change`), and a newer one empties it.
    Builds in two threads may share one (a lock guards it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._marker: int | None = None
        self._texts: dict[int, SourceText] = {}

    def read(self, project: Project, doc_ids: list[int]) -> dict[int, SourceText]:
        """The sources `doc_ids`, read from `project` if not kept since its last change
        (read before the texts, so what is kept is never older than its marker)."""
        marker = last_change(project)
        with self._lock:
            if marker != self._marker:
                self._texts, self._marker = {}, marker
            missing = [d for d in doc_ids if d not in self._texts]
            self._texts.update(read_texts(project, missing))
            return {d: self._texts[d] for d in doc_ids}
