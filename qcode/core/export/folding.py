"""Text folded for finding names: one form per name, whatever bytes spell it.

A name must be found however it is written: composed or decomposed (`Å` is one code point
in NFC, `A` plus a combining ring in NFD; text from a Mac or a PDF is often NFD), in any
case (`KARI`, `kari`; `ß` folds to `ss`), and with invisible characters inside it (a soft
hyphen U+00AD that a word processor put there for hyphenation, a zero-width space or
joiner, a word joiner, a byte-order mark). Folding removes those, applies NFKC (which also
maps full-width and compatibility letters to plain ones) and case-folds.

The pseudonymiser must replace the name in the text as written, not in the folded copy,
so `fold_view` keeps, for every folded character, the span of the original it came from.
Most text is already folded but for case (plain NFC, no invisible characters, no letter
that folds into two), and then the offsets are the same and no map is built.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass

# Invisible characters a name may hold without looking any different.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DROP = dict.fromkeys(map(ord, INVISIBLE))


def fold(text: str) -> str:
    """`text` as name matching sees it: no invisible characters, NFKC, case-folded."""
    if _has_invisible(text):  # translate looks up every character: only when needed
        text = text.translate(_DROP)
    once = unicodedata.normalize("NFKC", text).casefold()
    return once if unicodedata.is_normalized("NFKC", once) else unicodedata.normalize("NFKC", once)


@dataclass(frozen=True)
class FoldedText:
    """Folded text and, unless the two line up one to one, where each character came from."""

    text: str
    starts: tuple[int, ...] | None = None  # original offset each folded character starts at
    ends: tuple[int, ...] | None = None  # and ends at

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text the folded span [start, end) was made from."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else self.ends[-1]
            return at, at
        return self.starts[start], self.ends[end - 1]


def fold_view(text: str) -> FoldedText:
    """`text` folded, with the way back to the original."""
    if not _has_invisible(text) and unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text) and unicodedata.is_normalized("NFKC", folded):
            return FoldedText(folded)
    # A cluster is a character and the combining marks after it: folded on its own, it
    # gives the same letters as folding the whole text would.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    begin = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        piece = fold(text[begin:i])
        pieces.append(piece)
        starts.extend([begin] * len(piece))
        ends.extend([i] * len(piece))
        begin = i
    return FoldedText("".join(pieces), tuple(starts), tuple(ends))


def _has_invisible(text: str) -> bool:
    return any(ch in text for ch in INVISIBLE)


# How Scandinavian and German letters are written without them: in file names
# (`observasjon-sorvik-1.txt`), e-mail addresses and anything typed on a foreign keyboard.
_ASCII_LETTERS = {
    "ø": ("o", "oe"),
    "ö": ("o", "oe"),
    "æ": ("ae", "a"),
    "ä": ("a", "ae"),
    "å": ("a", "aa"),
    "ü": ("u", "ue"),
    "ß": ("ss",),
}
# A shorter spelling is left alone: `Bø` as `bo` is a common word ("to live"), not a name.
MIN_ASCII_LETTERS = 4
MAX_ASCII_SPELLINGS = 16


def ascii_spellings(name: str) -> list[str]:
    """The folded ASCII spellings of a name with letters outside ASCII (`Sørvik`:
    `sorvik`, `soervik`), so a name is found and replaced however it was typed."""
    folded = fold(name)
    if folded.isascii():
        return []
    options = [_ASCII_LETTERS.get(ch) or (_without_marks(ch),) for ch in folded]
    spellings = {
        "".join(parts)
        for parts in itertools.islice(itertools.product(*options), MAX_ASCII_SPELLINGS)
    }
    return sorted(
        s
        for s in spellings
        if s != folded and s.isascii() and sum(ch.isalpha() for ch in s) >= MIN_ASCII_LETTERS
    )


def _without_marks(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
