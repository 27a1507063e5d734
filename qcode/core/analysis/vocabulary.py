"""The distinct words of a project's sources, grouped by stem and lemma, for search.

Search widens each query word to the forms of it that occur in the sources. Doing that
against the vocabulary (some tens of thousands of distinct words, not millions of tokens)
keeps a query fast; the vocabulary is built once per project state and language and kept
in memory (a search session: the search dialog, or one `qcode search`), and rebuilt when
documents are added or removed. Words are compared by `key` (lower case, NFC), so text
stored decomposed (NFD, as some macOS tools write å) is found by a composed query; the
surface forms are remembered as written, so the scan finds them at their exact offsets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from qcode.core.language import Analyser, analyser, key
from qcode.core.project.store import Project

# A word: letters, digits and the combining marks of decomposed text (å as a + U+030A).
TOKEN = re.compile(r"(?:\w|[\u0300-\u036f])+")
# Shortest word that also finds the longer words it begins ("gå" must not find "gården").
MIN_PREFIX = 4
SHORT_ENDING = 2
# Shortest stem whose occurrence as the tail of a longer word counts as a compound part.
MIN_COMPOUND_PART = 3


@dataclass
class Vocabulary:
    """Every distinct word of the sources, with the indexes a query is widened through."""

    language: str
    surfaces: dict[str, set[str]] = field(default_factory=dict)  # key -> forms as written
    stems: dict[str, str] = field(default_factory=dict)  # key -> stem
    by_stem: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_lemma: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    documents: dict[int, set[str]] = field(default_factory=dict)  # document id -> keys

    def expand(self, word: str) -> set[str]:
        """The keys of the sources that are forms of `word`: the same stem, the same
        lemma (irregular forms), words it begins (as before: "samtale" finds
        "samtalestyring"; under four letters only with an ending of one or two) and
        compounds it ends ("pumpe" finds "varmepumpen")."""
        tool = analyser(self.language)
        k = key(word)
        stem = tool.stem(k)
        lemma_stem = tool.stem(tool.lemma(k))
        found: set[str] = set()
        for probe in {stem, lemma_stem}:
            found |= self.by_stem.get(probe, set())
            found |= self.by_lemma.get(probe, set())
        # a short word finds only short endings ("gå" finds "går", not "gården")
        longest = None if len(k) >= MIN_PREFIX else len(k) + SHORT_ENDING
        found |= {
            other
            for other in self.surfaces
            if other.startswith(k) and (longest is None or len(other) <= longest)
        }
        if len(stem) >= MIN_COMPOUND_PART:
            least = len(stem) + MIN_COMPOUND_PART
            found |= {
                other
                for other, other_stem in self.stems.items()
                if len(other_stem) >= least and other_stem.endswith(stem)
            }
        return found


def build(project: Project, language: str) -> Vocabulary:
    """The vocabulary of every document in `project`, analysed in `language`."""
    vocabulary = Vocabulary(language)
    surfaces: dict[str, set[str]] = defaultdict(set)
    for row in project.conn.execute("SELECT id, text FROM documents"):
        forms = {form.lower() for form in set(TOKEN.findall(row[1]))}
        keys = set()
        for form in forms:
            k = key(form) if not form.isascii() else form
            surfaces[k].add(form)
            keys.add(k)
        vocabulary.documents[row[0]] = keys
    vocabulary.surfaces = dict(surfaces)
    _analyse(vocabulary, analyser(language))
    return vocabulary


def _analyse(vocabulary: Vocabulary, tool: Analyser) -> None:
    words = list(vocabulary.surfaces)
    for word, stem in zip(words, tool.stems(words), strict=True):
        vocabulary.stems[word] = stem
        vocabulary.by_stem[stem].add(word)
    lemmas = [tool.lemma(word) for word in words]
    for word, lemma_stem in zip(words, tool.stems(lemmas), strict=True):
        vocabulary.by_lemma[lemma_stem].add(word)


def fingerprint(project: Project) -> tuple[object, ...]:
    """What changes when a document is added or removed (a document's text never changes)."""
    row = project.conn.execute(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0) FROM documents"
    ).fetchone()
    return (str(project.path), *row)


_CACHE: dict[tuple[object, ...], Vocabulary] = {}


def vocabulary(project: Project, language: str) -> Vocabulary:
    """The project's vocabulary, built once per project state and language."""
    cache_key = (*fingerprint(project), language)
    found = _CACHE.get(cache_key)
    if found is None:
        stale = [k for k in _CACHE if k[0] == cache_key[0]]
        for k in stale:
            del _CACHE[k]
        found = _CACHE[cache_key] = build(project, language)
    return found
