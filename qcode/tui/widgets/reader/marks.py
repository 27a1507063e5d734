"""What is marked on the reader's text: codings, speaker labels and section titles.

Indexed by paragraph, because the painter draws one visual row at a time and must look
only at what touches that row's paragraph, whatever the document's length. Codings are
also kept in reading order (and per code) for "next coding" jumps by bisection.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qcode.core.model import Section, Turn
from qcode.tui.widgets.reader.layout import DocumentLayout

Span = tuple[int, int]
OrderKey = tuple[int, int, int]


@dataclass(frozen=True)
class Highlight:
    """One coding as the reader shows it."""

    coding_id: int
    start: int  # [start, end) code-point offsets into the text
    end: int
    code_key: str
    colour: str  # "#rrggbb"
    mark: str = ""  # the coder's mark in the margin when a project has several coders


def order(h: Highlight) -> OrderKey:
    """Reading order of codings: by start, then end, then id (a stable total order)."""
    return (h.start, h.end, h.coding_id)


class HighlightIndex:
    """The codings of one document: in reading order, per code, and per paragraph."""

    def __init__(self, highlights: Sequence[Highlight], layout: DocumentLayout) -> None:
        self.ordered = sorted(highlights, key=order)
        self.keys = [order(h) for h in self.ordered]
        self._by_code: dict[str, tuple[list[Highlight], list[OrderKey]]] = {}
        by_para: dict[int, list[Highlight]] = {}
        paragraph_of = layout.paragraph_of
        for h in self.ordered:
            if h.end <= h.start:
                continue
            for para in range(paragraph_of(h.start), paragraph_of(h.end - 1) + 1):
                by_para.setdefault(para, []).append(h)
        self._by_para = by_para
        self.by_para: Mapping[int, Sequence[Highlight]] = by_para
        self._layout = layout

    def change(self, added: Sequence[Highlight], removed: Sequence[Highlight]) -> None:
        """Add and remove a few codings in place, keeping every order `__init__` makes
        (re-indexing 5,000 codings after each coding took 20 ms of the UI thread)."""
        paragraph_of = self._layout.paragraph_of
        for h in removed:
            i = bisect_left(self.keys, order(h))
            if i < len(self.ordered) and self.ordered[i] == h:
                del self.ordered[i], self.keys[i]
            if h.end > h.start:
                for para in range(paragraph_of(h.start), paragraph_of(h.end - 1) + 1):
                    shown = self._by_para.get(para, [])
                    if h in shown:
                        shown.remove(h)
                    if not shown:
                        self._by_para.pop(para, None)
        for h in added:
            i = bisect_left(self.keys, order(h))
            self.ordered.insert(i, h)
            self.keys.insert(i, order(h))
            if h.end > h.start:
                for para in range(paragraph_of(h.start), paragraph_of(h.end - 1) + 1):
                    insort(self._by_para.setdefault(para, []), h, key=order)
        self._by_code.clear()

    def at(self, offset: int) -> list[Highlight]:
        """The codings covering `offset`."""
        para = self._layout.paragraph_of(offset)
        return [h for h in self.by_para.get(para, ()) if h.start <= offset < h.end]

    def pool(self, code_key: str | None) -> tuple[list[Highlight], list[OrderKey]]:
        """Codings (and their order keys) of one code, or of every code for None."""
        if code_key is None:
            return self.ordered, self.keys
        if code_key not in self._by_code:
            pool = [h for h in self.ordered if h.code_key == code_key]
            self._by_code[code_key] = (pool, [order(h) for h in pool])
        return self._by_code[code_key]


def section_titles(layout: DocumentLayout, sections: Sequence[Section]) -> dict[int, Span]:
    """paragraph -> the span of the section title that begins in it (the first one wins;
    `sections` sorted by start, outermost first)."""
    titles: dict[int, Span] = {}
    for s in sections:
        para = layout.paragraph_of(s.start)
        titles.setdefault(para, (s.start, layout.paragraph_span(para)[1]))
    return titles


def speaker_labels(layout: DocumentLayout, turns: Sequence[Turn]) -> dict[int, list[Span]]:
    """paragraph -> the spans of the speaker labels ("Informant: ") in it."""
    labels: dict[int, list[Span]] = {}
    for t in turns:
        if t.body_start is not None and t.body_start > t.start:
            para = layout.paragraph_of(t.start)
            labels.setdefault(para, []).append((t.start, t.body_start))
    return labels
