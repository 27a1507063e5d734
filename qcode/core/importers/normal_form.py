"""Text as qcode stores it, and where each offset into the text as given lands in it.

Stored text has one newline convention, no NUL and is NFC (composed: "é" is one code
point, whatever macOS or a PDF wrote), so a search for "café" finds it and an offset means
one thing. Normalising can shorten text ("\\r\\n" becomes "\\n", "e" + U+0301 becomes
"é"), so every offset that came with the text (an importer's sections and turns, a REFI
selection) must be moved with it: `normalise` returns the text and an `OffsetMap` that
does that.

NFC is computed piece by piece: the text is cut before every character that can neither
combine with what precedes it nor change under NFC (a "safe" character), and only the
pieces that NFC changes become entries of the map. Most text is already NFC and pays for
one `unicodedata.is_normalized` call.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

_NEWLINES = re.compile("\r\n|\r|\x00")
# Hangul jamo that compose algorithmically with what precedes them (not in the tables
# `unicodedata.decomposition` reads).
_JAMO_RANGES = ((0x1161, 0x1175), (0x11A8, 0x11C2))
_LAST_DECOMPOSABLE = 0x30000


@dataclass
class OffsetMap:
    """Offsets into the text before normalising → offsets into the text after.

    `changes` holds (start, end, new_start, new_end) for each stretch that changed, in
    order; between them offsets move by the length lost so far. An offset inside a stretch
    that shrank lands at most at the stretch's new end.
    """

    changes: list[tuple[int, int, int, int]] = field(default_factory=list)
    then: OffsetMap | None = None  # a second map applied after this one

    def __post_init__(self) -> None:
        self._starts = [c[0] for c in self.changes]

    def __call__(self, offset: int) -> int:
        moved = self._one(offset)
        return self.then(moved) if self.then is not None else moved

    def _one(self, offset: int) -> int:
        k = bisect_right(self._starts, offset) - 1
        if k < 0:
            return offset
        start, end, new_start, new_end = self.changes[k]
        if offset < end:
            return min(new_start + (offset - start), new_end)
        return offset + (new_end - end)

    @property
    def identity(self) -> bool:
        return not self.changes and (self.then is None or self.then.identity)


def normalise_newlines_mapped(text: str) -> tuple[str, OffsetMap]:
    """CRLF and CR as LF, NUL dropped (as `result.normalise_newlines`), with the map."""
    if "\r" not in text and "\x00" not in text:
        return text, OffsetMap()
    parts: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    last = 0
    out = 0
    for m in _NEWLINES.finditer(text):
        parts.append(text[last : m.start()])
        out += m.start() - last
        piece = "" if m.group() == "\x00" else "\n"
        if len(piece) != len(m.group()):
            changes.append((m.start(), m.end(), out, out + len(piece)))
        parts.append(piece)
        out += len(piece)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), OffsetMap(changes)


@lru_cache(maxsize=1)
def _unsafe() -> re.Pattern[str]:
    """A character class of the characters NFC may join to what precedes them or change."""
    unsafe: list[int] = []
    for cp in range(_LAST_DECOMPOSABLE):
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
            unsafe.append(cp)
            continue
    for cp in range(_LAST_DECOMPOSABLE):  # second halves of canonical pairs
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            unsafe.append(int(parts[1], 16))
    for low, high in _JAMO_RANGES:
        unsafe.extend(range(low, high + 1))
    ranges: list[str] = []
    cps = sorted(set(unsafe))
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        ranges.append(re.escape(chr(cps[i])) + ("" if i == j else "-" + re.escape(chr(cps[j]))))
        i = j + 1
    cls = "".join(ranges)
    return re.compile(f"[^{cls}]?[{cls}]+")


def nfc_mapped(text: str) -> tuple[str, OffsetMap]:
    """`text` in NFC, with the map from its offsets to the composed text's."""
    if unicodedata.is_normalized("NFC", text):
        return text, OffsetMap()
    parts: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    last = 0
    out = 0
    for m in _unsafe().finditer(text):
        piece = m.group()
        composed = unicodedata.normalize("NFC", piece)
        if composed == piece:
            continue
        parts.append(text[last : m.start()])
        out += m.start() - last
        changes.append((m.start(), m.end(), out, out + len(composed)))
        parts.append(composed)
        out += len(composed)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), OffsetMap(changes)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """Newlines and NUL as `normalise_newlines`, then NFC; the map covers both steps."""
    lines, first = normalise_newlines_mapped(text)
    composed, second = nfc_mapped(lines)
    if first.identity:
        return composed, second
    if second.identity:
        return composed, first
    first.then = second
    return composed, first
