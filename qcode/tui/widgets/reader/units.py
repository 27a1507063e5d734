"""The text units an analyst selects with one key: word, sentence, paragraph, turn, section.

Pure functions over the document text and its structure, so they are tested without a
terminal and cost only the paragraph (or turn, or section) around the cursor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from qcode.core.coding.sentences import split_sentences
from qcode.core.model import Section, Turn

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def trim(text: str, start: int, end: int) -> Span:
    """The span without surrounding whitespace (left alone when it is only whitespace)."""
    part = text[start:end]
    stripped = part.strip()
    if not stripped:
        return start, end
    lead = len(part) - len(part.lstrip())
    return start + lead, start + lead + len(stripped)


def paragraph_at(text: str, offset: int) -> Span:
    """The line (newline-delimited paragraph) around `offset`, without its newline."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def word_at(text: str, offset: int, lo: int, hi: int) -> Span | None:
    """The word under `offset` (or just before it, or else the next one) within [lo, hi)."""
    before = None
    for m in _WORD.finditer(text, lo, hi):
        if m.start() <= offset < m.end():
            return m.span()
        if m.end() == offset:
            before = m.span()
        elif m.start() > offset:
            return before or m.span()
    return before


def sentence_at(text: str, offset: int, lo: int, hi: int) -> Span:
    """The sentence around `offset` within [lo, hi) (a paragraph or a turn's words), by
    the same splitter keyword suggestions use, so `S` selects what a suggestion covers."""
    units = split_sentences(text, lo, hi)
    for unit in units:
        if offset < unit.end:
            return unit.start, unit.end
    if units:
        return units[-1].start, units[-1].end
    return trim(text, lo, hi)


def turn_at(turns: Sequence[Turn], starts: Sequence[int], offset: int) -> Turn | None:
    """The speaker turn covering `offset`; `starts` are the turns' starts, sorted."""
    i = bisect_right(starts, offset) - 1
    if i >= 0 and turns[i].start <= offset <= turns[i].end:
        return turns[i]
    return None


def turn_span(text: str, turn: Turn, current: Span | None) -> Span:
    """A turn's words without the speaker label; the whole turn if that is selected already."""
    body = trim(text, turn.body_start if turn.body_start is not None else turn.start, turn.end)
    if current == body:
        return trim(text, turn.start, turn.end)
    return body


def section_span(
    text: str, sections: Sequence[Section], offset: int, current: Span | None
) -> Span | None:
    """The innermost section covering `offset`; the next one out if that is selected already."""
    around = [s for s in sections if s.start <= offset < s.end or offset == s.end == len(text)]
    around.sort(key=lambda s: (s.end - s.start, -s.level))
    spans = []
    for s in around:
        span = trim(text, s.start, s.end)
        if span not in spans:
            spans.append(span)
    for i, span in enumerate(spans):
        if span == current:
            return spans[min(i + 1, len(spans) - 1)]
    return spans[0] if spans else None


def turn_starts(turns: Sequence[Turn]) -> list[int]:
    return [t.start for t in turns]
