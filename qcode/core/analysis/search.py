"""Full-text search over all documents, in the project's language.

A bare word finds its forms in the sources: inflections by Snowball stem ("samtale" finds
"samtalen", "samtaler"), irregular forms by lemma ("gå" finds "gikk"), words it begins
("samtale" finds "samtalestyring") and closed compounds it ends ("pumpe" finds
"varmepumpen"). The forms come from the project's vocabulary (see vocabulary.py), so the
documents to read are those holding one of them, and the exact places are found by
scanning each such text for the forms as they are written: a hit's offsets are code
points of the stored text, decomposed (NFD) text included. A quoted phrase matches that
phrase exactly (any case, any spacing or punctuation between its words).
"""

from __future__ import annotations

import itertools
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from qcode.core.analysis.vocabulary import TOKEN, Vocabulary, vocabulary
from qcode.core.errors import QcodeError
from qcode.core.language import key
from qcode.core.project.settings import project_language
from qcode.core.project.store import Project

WORD = re.compile(r"\w+", re.UNICODE)
_LETTER = r"\w\u0300-\u036f"
# Spellings of a phrase (its words' forms as written, combined) looked up as FTS5 phrases;
# beyond this many, the documents holding all its words are read instead.
MAX_PHRASE_VARIANTS = 64
# Markdown headings and emphasis an importer kept in the text: never shown in a snippet.
_MARKUP = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+|\*\*|__|(?<!\w)#{1,6}(?=\s)")


@dataclass(frozen=True)
class SearchHit:
    document: str
    document_id: int
    start: int
    end: int
    line: int
    context: str


@dataclass(frozen=True)
class _Part:
    """One part of a query: the keys a document must hold and the pattern that finds it."""

    keys: frozenset[str]
    pattern: re.Pattern[str]
    phrase: tuple[frozenset[str], ...] = ()  # a phrase's words' forms, in order


def _alternation(forms: set[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f)))) + ")"


def _plan(query: str, vocab: Vocabulary) -> list[_Part] | None:
    """The parts of `query`, or None when one of its words occurs nowhere."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]*"', " ", query)
    words = WORD.findall(rest)
    if not words and not any(TOKEN.findall(p) for p in phrases):
        raise QcodeError("search needs at least one word")
    parts: list[_Part] = []
    for phrase in phrases:
        tokens = [key(token) for token in TOKEN.findall(phrase)]
        if not tokens:
            continue
        if any(t not in vocab.surfaces for t in tokens):
            return None
        between = r"[^" + _LETTER + r"]+"
        body = between.join(_alternation(vocab.surfaces[t]) for t in tokens)
        pattern = rf"(?<![{_LETTER}]){body}(?![{_LETTER}])"
        spellings = tuple(frozenset(vocab.surfaces[t]) for t in tokens)
        parts.append(_Part(frozenset(tokens), re.compile(pattern, re.I), spellings))
    for word in words:
        keys = vocab.expand(word)
        if not keys:
            return None
        forms = set().union(*(vocab.surfaces[k] for k in keys))
        pattern = rf"(?<![{_LETTER}]){_alternation(forms)}(?![{_LETTER}])"
        parts.append(_Part(frozenset(keys), re.compile(pattern, re.I)))
    return parts


def search(project: Project, query: str, limit: int = 500) -> list[SearchHit]:
    """Hits for `query` in every document, at most `limit`, best documents first."""
    query = unicodedata.normalize("NFC", query)  # stored text is NFC (a Mac may type NFD)
    vocab = vocabulary(project, project_language(project))
    parts = _plan(query, vocab)
    if parts is None:
        return []
    hits: list[SearchHit] = []
    for doc_id in _documents(project, query, parts, vocab):
        row = project.conn.execute(
            "SELECT name, text FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            continue
        name, text = row
        spans = sorted({(m.start(), m.end()) for p in parts for m in p.pattern.finditer(text)})
        line, counted = 1, 0
        for start, end in spans:
            line += text.count("\n", counted, start)
            counted = start
            hits.append(SearchHit(name, doc_id, start, end, line, _context(text, start, end)))
            if len(hits) >= limit:
                return hits
    return hits


def _documents(project: Project, query: str, parts: list[_Part], vocab: Vocabulary) -> list[int]:
    """The documents holding every part, ranked as qcode ranked them before it knew word
    forms (FTS5's bm25 for the words as prefixes), so the documents found then come in the
    same order; those only the word forms find follow, by bm25 for the forms."""
    try:
        found = [
            r[0]
            for r in project.conn.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank",
                [_fts_query(parts, vocab)],
            )
        ]
        ranked = {
            r[0]: i
            for i, r in enumerate(
                project.conn.execute(
                    "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank",
                    [_prefix_query(query)],
                )
            )
        }
    except sqlite3.OperationalError as exc:
        raise QcodeError(f"cannot search for {query!r}: {exc}") from None
    later = len(ranked)
    return sorted(found, key=lambda doc_id: ranked.get(doc_id, later))


def _prefix_query(query: str) -> str:
    """The FTS5 query qcode made before word forms: phrases as phrases, words as prefixes."""
    phrases = re.findall(r'"([^"]+)"', query)
    words = WORD.findall(re.sub(r'"[^"]*"', " ", query))
    parts = ['"' + " ".join(WORD.findall(p)) + '"' for p in phrases if WORD.findall(p)]
    return " ".join(parts + [f'"{word}"*' for word in words])


def _fts_query(parts: list[_Part], vocab: Vocabulary) -> str:
    """The FTS5 query for the documents holding every part: any of its forms, as written
    (the index splits decomposed text as it splits these, so they meet)."""
    clauses = []
    for part in parts:
        combinations = math.prod(len(forms) for forms in part.phrase) if part.phrase else 0
        if 0 < combinations <= MAX_PHRASE_VARIANTS:  # as an FTS5 phrase: far fewer documents
            variants = [" ".join(words) for words in itertools.product(*map(sorted, part.phrase))]
        else:
            variants = sorted(set().union(*(vocab.surfaces[k] for k in part.keys)))
        clauses.append("(" + " OR ".join('"' + v.replace('"', '""') + '"' for v in variants) + ")")
    return " AND ".join(clauses)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = _MARKUP.sub("", text[max(0, start - width) : start])
    right = _MARKUP.sub("", text[end : end + width])
    snippet = f"{left}[{_MARKUP.sub('', text[start:end])}]{right}"
    return " ".join(snippet.split())
