"""Fuzzy keyword matching over a corpus, fast enough for megabytes of transcripts.

Comparing every word of the text with every keyword is what makes naive fuzzy search
slow: a 10 MB corpus has ~1.5 million words, a codebook a few hundred keywords. But it
has only tens of thousands of *distinct* word forms, and the set of forms that match a
keyword is tiny. So matching runs in three steps:

1. the **vocabulary**: the distinct lower-cased word forms of the corpus;
2. every keyword word is compared with the vocabulary **once** (rapidfuzz `extract` over
   the forms of similar length, with a score cutoff), giving the forms that match it;
3. the matching forms are compiled into **one regular expression** (a trie, so the scan
   costs about the same as an exact-keyword regex) and the text is scanned once to find
   their positions; a multi-word keyword is checked where its first word matched.

What counts as a match (see `form_score`):

- the same form (score 100);
- a form within the fuzzy threshold (`fuzz.ratio`) that differs from the keyword the way
  Norwegian inflection or a typo does: only in its ending ("forberedelser", "samtalen":
  the first max(4, n-3) letters agree), or by one edit after the first letter
  ("forbredt"). A fuzzy score alone would also accept "over" for "lover", "mat" for
  "makt" and "trygg" for "utrygg": different words, which this rule keeps out;
- the negating prefix u- on such a form ("uforberedt" for "forberedt");
- a compound whose last part is a keyword form ("tolkesamtaler" for "samtaler":
  Norwegian compounds are right-headed, so the compound is a kind of the keyword).

With a project language (see `qcode.core.language`), a form also matches when the
dictionary gives it the same lemma as the keyword word (score LEMMA_SCORE): the irregular
forms no ending rule reaches ("avbrøt" and "avbrutt" for "avbryte", "planlagt" for
"planlegge"). Lemmas are looked up (simplemma's dictionary, never guessed), and only for
the forms that begin like a keyword word, so a big vocabulary costs little.

Words of three letters or fewer ("kø", "lov", "på") only ever match exactly, because any
edit turns them into a different word; but in a phrase the reflexive pronouns stand for
each other, as they change with the subject ("lese seg opp", "lese meg opp").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from qcode.core.language import Analyser, analyser

WORD = re.compile(r"\w+")
EXACT_ONLY_LENGTH = 3  # words this short match only exactly
COMPOUND_MIN_HEAD = 5  # a compound's keyword part must be at least this long ...
COMPOUND_MIN_PREFIX = 3  # ... and what comes before it at least this long
COMPOUND_SCORE = 90.0
TYPO_MIN_LENGTH = 6  # shorter words are not matched across a typo
REFLEXIVES = ("seg", "meg", "deg", "oss", "dere")
DEFAULT_THRESHOLD = 85.0
LEMMA_SCORE = 95.0  # an irregular form of the keyword's word: sure, but not the word itself


@dataclass(frozen=True)
class Keyword:
    """One keyword of one code; `words` are its lower-cased words (several for a phrase)."""

    code_id: int
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    code_id: int
    keyword: str
    score: float


def keyword(code_id: int, text: str) -> Keyword | None:
    words = tuple(w.lower() for w in WORD.findall(text))
    return Keyword(code_id, text.strip(), words) if words else None


def fold(text: str) -> str:
    """Lower-cased text with the same length (so offsets carry over). `str.lower` keeps
    the length for everything but a few characters (Turkish dotted İ); those are left as
    they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def vocabulary(texts: Iterable[str]) -> set[str]:
    forms: set[str] = set()
    for text in texts:
        forms.update(WORD.findall(fold(text)))
    return forms


def form_score(word: str, form: str, threshold: float) -> float:
    """How well a vocabulary form matches one keyword word (0 when it does not)."""
    if word == form:
        return 100.0
    if len(word) <= EXACT_ONLY_LENGTH:
        return 0.0
    score = fuzz.ratio(word, form, score_cutoff=threshold)
    if score and is_variant(word, form):
        return float(score)
    if form.startswith("u") and not word.startswith("u"):
        score = fuzz.ratio(word, form[1:], score_cutoff=threshold)
        if score and (form[1:] == word or is_variant(word, form[1:])):
            return _negated_score(word, form, threshold)
    long_enough = len(word) >= COMPOUND_MIN_HEAD and len(form) - len(word) >= COMPOUND_MIN_PREFIX
    if long_enough and form.endswith(word):
        return COMPOUND_SCORE
    return 0.0


def _negated_score(word: str, form: str, threshold: float) -> float:
    """A u- form scores as the whole form compares (below an exact keyword), never below
    the threshold it passed."""
    return max(threshold, float(fuzz.ratio(word, form)))


def is_variant(word: str, form: str) -> bool:
    """Does `form` differ from `word` as an inflection (a changed ending) or a typo (one
    edit, not in the first letter) would?"""
    if not form or word[0] != form[0]:
        return False
    prefix = 0
    for a, b in zip(word, form, strict=False):
        if a != b:
            break
        prefix += 1
    if prefix >= max(4, len(word) - 3):
        return True
    return len(word) >= TYPO_MIN_LENGTH and OSA.distance(word, form, score_cutoff=1) <= 1


class Matcher:
    """Keywords compiled against one corpus vocabulary, ready to scan its texts."""

    def __init__(
        self,
        keywords: Iterable[Keyword],
        forms: set[str],
        threshold: float,
        language: str | None = None,
    ) -> None:
        self.threshold = threshold
        self.keywords = [k for k in keywords if k.words]
        # form -> [(keyword, score)] for single words; lead form -> [(keyword, score)] for
        # phrases, whose remaining words are checked by `_rest` at the hit.
        self.single: dict[str, list[tuple[Keyword, float]]] = defaultdict(list)
        self.leads: dict[str, list[tuple[Keyword, float]]] = defaultdict(list)
        self._rest: dict[Keyword, re.Pattern[str]] = {}
        words = {w for k in self.keywords for w in k.words}
        matches = _match_words(words, forms, threshold)
        if language is not None:
            _add_lemma_forms(matches, words, forms, analyser(language))
        for kw in self.keywords:
            first = matches.get(kw.words[0], {})
            target = self.single if len(kw.words) == 1 else self.leads
            for form, score in first.items():
                target[form].append((kw, score))
            if len(kw.words) > 1:
                parts = [_alternation(_forms(matches, w, forms)) for w in kw.words[1:]]
                if all(parts):
                    sep = r"(?:[ \t\-–/]{1,3}|[ \t]*\n[ \t]*)"
                    self._rest[kw] = re.compile("".join(f"{sep}(?:{p})" for p in parts) + r"(?!\w)")
        wanted = set(self.single) | set(self.leads)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + _alternation(wanted) + r")(?!\w)") if wanted else None
        )

    def scan(self, text: str) -> list[Hit]:
        """Every keyword hit in `text`, in text order."""
        if self.pattern is None:
            return []
        folded = fold(text)
        hits: list[Hit] = []
        single, leads, rest = self.single, self.leads, self._rest
        for m in self.pattern.finditer(folded):
            form = m.group()
            for kw, score in single.get(form, ()):
                hits.append(Hit(m.start(), m.end(), kw.code_id, kw.text, score))
            for kw, score in leads.get(form, ()):
                pattern = rest.get(kw)
                tail = pattern.match(folded, m.end()) if pattern else None
                if tail:
                    hits.append(Hit(m.start(), tail.end(), kw.code_id, kw.text, score))
        return hits


def _forms(matches: dict[str, dict[str, float]], word: str, forms: set[str]) -> list[str]:
    """The forms a word of a phrase may take in the text."""
    if word in REFLEXIVES:
        return [w for w in REFLEXIVES if w in forms]
    return list(matches.get(word, {}))


def _match_words(words: set[str], forms: set[str], threshold: float) -> dict[str, dict[str, float]]:
    """For each keyword word, the vocabulary forms that match it, with their scores.

    Fuzzy candidates are found by one `extract` per word against the forms whose
    length allows the threshold (fuzz.ratio is at most 2*min/(a+b)); compounds by their
    endings."""
    out: dict[str, dict[str, float]] = {w: {} for w in words}
    for w in words:
        if w in forms:
            out[w][w] = 100.0
    by_length: dict[int, list[str]] = defaultdict(list)
    for form in forms:
        by_length[len(form)].append(form)
    fuzzy = sorted(w for w in words if len(w) > EXACT_ONLY_LENGTH)
    ratio = threshold / 100.0
    for length in sorted({len(w) for w in fuzzy}):
        group = [w for w in fuzzy if len(w) == length]
        low = int(length * ratio / (2 - ratio))
        high = int(length * (2 - ratio) / ratio) + 1
        candidates = [f for n in range(low, high + 1) for f in by_length.get(n, ())]
        if not candidates:
            continue
        negated = [f for f in candidates if f.startswith("u")]
        for w in group:
            found = extract(w, candidates, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            for form, score, _ in found:
                if form != w and is_variant(w, form):
                    out[w][form] = max(out[w].get(form, 0.0), float(score))
            if w.startswith("u"):
                continue
            stripped = [f[1:] for f in negated]
            found = extract(w, stripped, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            for rest, _score, index in found:
                if rest == w or is_variant(w, rest):
                    form = negated[index]
                    out[w][form] = max(out[w].get(form, 0.0), _negated_score(w, form, threshold))
    heads = {w for w in fuzzy if len(w) >= COMPOUND_MIN_HEAD}
    if heads:
        min_head = min(len(w) for w in heads)
        for form in forms:
            for cut in range(COMPOUND_MIN_PREFIX, len(form) - min_head + 1):
                tail = form[cut:]
                if tail in heads and form not in out[tail]:
                    out[tail][form] = COMPOUND_SCORE
    return out


def _add_lemma_forms(
    matches: dict[str, dict[str, float]], words: set[str], forms: set[str], lang: Analyser
) -> None:
    """Add the vocabulary forms whose dictionary lemma is a keyword word.

    Only a keyword word in its dictionary form (its own lemma) takes on forms this way: an
    inflected keyword word may be a homograph ("lover", laws, would otherwise bring in
    "lovet", promised; "møtet", the meeting, would bring "møtte", met). Only forms that
    share their first letter with a keyword word are looked up ("avbrøt" shares it with
    "avbryte"), and short words stay exact."""
    heads = {w for w in words if len(w) > EXACT_ONLY_LENGTH and lang.lemma(w) == w}
    initials = {w[0] for w in heads}
    for form in forms:
        if form[0] not in initials or len(form) <= EXACT_ONLY_LENGTH or form in heads:
            continue
        lemma = lang.lemma(form)
        if lemma in heads and form not in matches[lemma]:
            matches[lemma][form] = LEMMA_SCORE


def _alternation(words: Iterable[str]) -> str:
    """A regex matching exactly these words, as a trie (shared prefixes factored out), so
    that a scan tries each letter once instead of every alternative."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie) if trie else ""


def _trie_regex(node: dict[str, Any]) -> str:
    branches = []
    optional = False
    for ch in sorted(node):
        if ch == "":
            optional = True
            continue
        branches.append(re.escape(ch) + _trie_regex(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1 and not optional:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if optional else body
