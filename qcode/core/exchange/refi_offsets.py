"""Which unit a REFI-QDA file counts its selections in, and the selections in code points.

The standard counts Unicode code points of the source's .txt; NVivo counts UTF-16 code
units, so every character outside the Basic Multilingual Plane (emoji, some CJK, historic
scripts) moves every later selection by one. The two agree on a text without such
characters, and there is nothing to decide. Otherwise each unit is tried on the source's
own selections: the one under which more selections lie inside the text, and then more of
their ends fall on word boundaries (people select words, not halves of them), wins; a tie
keeps the standard's code points. The caller may also say which unit to use.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

OFFSET_UNITS = ("auto", "codepoints", "utf16")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """UTF-16 code-unit offsets of `text` → code-point offsets."""

    def __init__(self, text: str) -> None:
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        # the UTF-16 offset at which each astral character starts
        self._starts = [i + k for k, i in enumerate(astral)]
        self.length = len(text) + len(astral)

    @property
    def trivial(self) -> bool:
        return not self._starts

    def __call__(self, unit: int) -> tuple[int, bool]:
        """(code point, whole): `whole` is False when `unit` falls between the two halves
        of a surrogate pair (the code point is then that of the character it splits)."""
        k = bisect_left(self._starts, unit)  # astral characters wholly or partly before
        if k and self._starts[k - 1] + 1 == unit:
            return unit - k, False
        return unit - k, True


def _on_boundary(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def _score(text: str, spans: Sequence[tuple[int, int]], whole: Sequence[bool]) -> tuple[int, int]:
    inside = 0
    bounded = 0
    for (start, end), ok in zip(spans, whole, strict=True):
        if ok and 0 <= start <= end <= len(text):
            inside += 1
            bounded += _on_boundary(text, start) + _on_boundary(text, end)
    return inside, bounded


def in_code_points(
    text: str, spans: Sequence[tuple[int, int]], unit: str = "auto"
) -> tuple[list[tuple[int, int]], str]:
    """`spans` as code-point offsets of `text`, and the unit they were read in
    ('codepoints' or 'utf16')."""
    if unit == "codepoints":
        return list(spans), "codepoints"
    index = Utf16Index(text)
    if index.trivial:
        return list(spans), "codepoints" if unit == "auto" else unit
    converted: list[tuple[int, int]] = []
    whole: list[bool] = []
    for start, end in spans:
        s, s_ok = index(start)
        e, e_ok = index(end)
        converted.append((s, e))
        whole.append(s_ok and e_ok)
    if unit == "utf16":
        return converted, "utf16"
    as_utf16 = _score(text, converted, whole)
    as_points = _score(text, spans, [True] * len(spans))
    if as_utf16 > as_points:
        return converted, "utf16"
    return list(spans), "codepoints"
