"""Theme words: the codebook's own description of a theme, read as weak evidence.

A codebook says what a theme is in its description and its include note ("Å sette
dagsorden, avbryte, oppsummere, hente samtalen tilbake ..."). Those words are not
keywords: an analyst did not list them as what to search for, and most of them are the
everyday words of any study ("bruker", "samtale", "tid"). But a word that the codebook
uses to describe *one* theme only, and that is rare in the sources, says something about a
sentence it appears in: it can back up a keyword that is too common to stand alone.

Words are compared by their key in the project's language (the Snowball stem of the
dictionary lemma, so "styringen" meets "styring" and "avbrøt" meets "avbryte"); without
a project language, by their lower-cased form.

A theme word counts for a theme only when

- it describes no other theme of the codebook (shared words say nothing about which
  theme a sentence is about), and
- it is not common in the sources: found in no more than the `common` limit of units (the
  same limit that makes a keyword too common to stand alone, see `suggest.py`), and
- it is longer than three letters (short words are function words in these languages).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from qcode.core.coding.sentences import Unit
from qcode.core.language import Analyser, analyser

WORD = re.compile(r"\w+")
MIN_LENGTH = 4  # theme words this short are function words ("for", "med", "som")
# A theme word backs up a common keyword in its own unit or the next one either side
# ("Jeg mistet styringen. ... sette oss på et samtalerom"); chosen on the tuning half.
SUPPORT_WINDOW = 1


class ThemeWords:
    """The discriminating description words of each theme, ready to look up in units."""

    def __init__(self, descriptions: dict[int, str], language: str | None) -> None:
        self._lang: Analyser | None = analyser(language) if language else None
        self._keys: dict[str, str] = {}
        owners: dict[str, set[int]] = defaultdict(set)
        for code_id, text in descriptions.items():
            for word in WORD.findall(text.lower()):
                if len(word) >= MIN_LENGTH and not word.isdigit():
                    owners[self.key(word)].add(code_id)
        # key -> the one theme it describes
        self.words: dict[str, int] = {k: next(iter(c)) for k, c in owners.items() if len(c) == 1}
        self._units_with: dict[str, int] = defaultdict(int)  # key -> units holding it

    def key(self, word: str) -> str:
        """A word's comparison key (remembered: a corpus has few distinct forms)."""
        found = self._keys.get(word)
        if found is None:
            lang = self._lang
            found = word if lang is None else lang.stem(lang.lemma(word))
            self._keys[word] = found
        return found

    def count_units(self, text: str, units: Sequence[Unit]) -> list[set[str]]:
        """The word keys of each unit of one document, counted towards `drop_common`."""
        found = [self.keys_in(text[u.start : u.end]) for u in units]
        for keys in found:
            for k in keys:
                self._units_with[k] += 1
        return found

    def drop_common(self, limit: float) -> None:
        """Forget the theme words found in more than `limit` of the units counted."""
        counts = self._units_with
        self.words = {k: c for k, c in self.words.items() if counts[k] <= limit}

    def keys_in(self, text: str) -> set[str]:
        """The keys of the words of `text` (any words, theme words or not)."""
        return {self.key(w) for w in WORD.findall(text.lower()) if len(w) >= MIN_LENGTH}

    def near(self, unit_keys: list[set[str]], i: int, code_id: int) -> bool:
        """Is a theme word of `code_id` in unit `i` or within SUPPORT_WINDOW units of it?"""
        words = self.words
        lo, hi = max(0, i - SUPPORT_WINDOW), min(len(unit_keys), i + SUPPORT_WINDOW + 1)
        return any(words.get(k) == code_id for j in range(lo, hi) for k in unit_keys[j])
