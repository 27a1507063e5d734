"""The matrix as plain, frozen data: rows, cases, cells of excerpts, and their counts.

Kept apart from the building (`matrix.py`) and from the prepared sources
(`matrix_sources.py`) so both can make excerpts without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .matrix_spec import MatrixSpec

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class MatrixRow:
    key: str
    name: str
    level: int  # the code's level in the tree (1 theme, 2 category, ...)
    depth: int  # indentation in this matrix (0 for a row not nested under another row)
    description: str = ""
    colour: str = "#808080"


@dataclass(frozen=True)
class Case:
    label: str
    sources: tuple[str, ...]  # names of the documents in this case


@dataclass(frozen=True)
class Excerpt:
    source: str
    kind: str
    start: int  # the span widened to whole words, in code points of the source text
    end: int
    text: str
    line: int  # as `qcode show` numbers lines
    paragraph: int
    speaker: str | None
    section: str | None
    coders: tuple[str, ...]
    coding_ids: tuple[int, ...]
    words: int
    # Spans [start, end) in the source coded on their own inside this excerpt, by the same
    # code (folded in so the words are shown once; their coders and ids are in this one's).
    nested: tuple[tuple[int, int], ...] = ()

    @property
    def location(self) -> str:
        return f"line {self.line}"

    @property
    def citation(self) -> str:
        """Source, line and who speaks (or, without turns, the sheet's section): the one
        citation every output shows, the workbench and each export alike."""
        who = self.speaker or self.section
        return f"{self.source}, {self.location}" + (f", {who}" if who else "")

    @property
    def nested_texts(self) -> tuple[str, ...]:
        """The nested spans' words, cut from this excerpt's text (empty when the text no
        longer matches its span, as after pseudonyms replaced names in it)."""
        if len(self.text) != self.end - self.start:
            return ()
        return tuple(self.text[s - self.start : e - self.start] for s, e in self.nested)


@dataclass(frozen=True)
class Counts:
    segments: int = 0
    sources: int = 0
    words: int = 0


@dataclass(frozen=True)
class Cell:
    excerpts: tuple[Excerpt, ...] = ()

    @cached_property
    def counts(self) -> Counts:
        """Counted once: an export asks for a cell's counts in its overview and its grid."""
        return _counts(self.excerpts)


@dataclass(frozen=True)
class _Tally:
    """Every row's, every case's and the whole matrix's counts, from one pass."""

    rows: tuple[Counts, ...]
    cases: tuple[Counts, ...]
    total: Counts


@dataclass(frozen=True)
class Matrix:
    project: str
    made_on: str  # ISO date
    by: str
    spec: MatrixSpec
    rows: tuple[MatrixRow, ...]
    cases: tuple[Case, ...]
    cells: tuple[tuple[Cell, ...], ...]  # cells[row][case]
    coders: tuple[str, ...]  # whose codings are in the matrix
    left_out: int = 0  # rows without excerpts not shown (see MatrixSpec.include_empty)

    def cell(self, row_key: str, case_label: str) -> Cell:
        r = next(i for i, row in enumerate(self.rows) if row.key == row_key)
        c = next(i for i, case in enumerate(self.cases) if case.label == case_label)
        return self.cells[r][c]

    def row_counts(self, index: int) -> Counts:
        return self._tally.rows[index]

    def case_counts(self, index: int) -> Counts:
        return self._tally.cases[index]

    def total_counts(self) -> Counts:
        return self._tally.total

    @cached_property
    def _tally(self) -> _Tally:
        """All the sums, counted once per matrix. An export asks for a row's counts once
        per table it writes (a grid of 2,000 sources is 334 tables); counting the row's
        excerpts again each time made the Word export grow as cases × excerpts. A frozen
        matrix cannot change, so the sums cannot go stale; a changed copy (`replace`, as
        the pseudonymiser makes) is a new object that counts for itself."""
        return _count_all(self.cells, len(self.cases))

    @property
    def excerpt_count(self) -> int:
        return sum(len(cell.excerpts) for row in self.cells for cell in row)

    @property
    def by_label(self) -> str:
        return {"source": "source", "kind": "source kind", "all": "all sources"}.get(
            self.by, self.by
        )


def _counts(excerpts: Iterable[Excerpt]) -> Counts:
    segments = words = 0
    sources: set[str] = set()
    for e in excerpts:
        segments += 1
        words += e.words
        sources.add(e.source)
    return Counts(segments, len(sources), words)


def _count_all(cells: tuple[tuple[Cell, ...], ...], width: int) -> _Tally:
    """Row, case and total counts in one pass over the cells (`_counts` for each)."""
    by_case: list[list[Excerpt]] = [[] for _ in range(width)]
    everything: list[Excerpt] = []
    rows = []
    for row in cells:
        in_row: list[Excerpt] = []
        for k, cell in enumerate(row):
            in_row += cell.excerpts
            by_case[k] += cell.excerpts
        everything += in_row
        rows.append(_counts(in_row))
    return _Tally(tuple(rows), tuple(_counts(c) for c in by_case), _counts(everything))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
