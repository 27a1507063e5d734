"""What a word is in the project's language: its Snowball stem and its dictionary lemma.

Search widens a query word to the forms of the same word in the sources. Stemming
(PyStemmer, the Snowball algorithms) joins regular inflections ("samtale", "samtalen",
"samtaler"); a lemmatiser (simplemma's dictionaries, looked up only, never guessed) joins
the irregular ones a stemmer cannot ("gikk" and "gått" are forms of "gå"). Norwegian
Nynorsk has no Snowball stemmer of its own; the Norwegian one is used for both nb and nn.
simplemma has dictionaries for all five languages (nb, nn, da, sv, en).

It sits at the core's root so that search (analysis) and keyword suggestions (coding) share
one notion of a word; it needs only the project's list of languages below it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer
from simplemma import Lemmatizer
from simplemma.strategies import DictionaryLookupStrategy

from qcode.core.project.settings import checked_language

# The Snowball algorithm for each project language.
SNOWBALL = {"nb": "norwegian", "nn": "norwegian", "da": "danish", "sv": "swedish", "en": "english"}


def key(word: str) -> str:
    """A word's comparison form: lower case, composed (NFD text meets NFC queries)."""
    return unicodedata.normalize("NFC", word).lower()


class Analyser:
    """Stems and lemmas of words in one language, each computed once and remembered."""

    def __init__(self, language: str) -> None:
        self.language = checked_language(language)
        self._stemmer = Stemmer.Stemmer(SNOWBALL[self.language])
        self._lemmatiser = Lemmatizer(lemmatization_strategy=DictionaryLookupStrategy())

    def stems(self, words: list[str]) -> list[str]:
        """The stems of `words` (keys), in one call to the C stemmer."""
        return list(self._stemmer.stemWords(words))

    def stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(word))

    def lemma(self, word: str) -> str:
        """The dictionary lemma of `word` (a key), or the word itself when it is unknown."""
        return str(self._lemmatiser.lemmatize(word, self.language)).lower()


@lru_cache(maxsize=8)
def analyser(language: str) -> Analyser:
    return Analyser(language)
