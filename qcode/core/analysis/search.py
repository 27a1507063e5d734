"""Full-text search over all documents.

SQLite FTS5 (through the index sqlite-utils set up) finds the documents; the exact places
are then found in each document's text so a hit carries offsets the reader can select
and code. Bare words match as prefixes, because Norwegian inflects: "samtale" finds
"samtalen" and "samtalestyring". A quoted phrase matches as a phrase.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from qcode.core.errors import QcodeError
from qcode.core.project.store import Project

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    document: str
    document_id: int
    start: int
    end: int
    line: int
    context: str


def _plan(query: str) -> tuple[str, list[re.Pattern[str]]]:
    """The FTS5 query and the patterns that locate its matches in the text."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]*"', " ", query)
    words = WORD.findall(rest)
    fts_parts, patterns = [], []
    for phrase in phrases:
        tokens = WORD.findall(phrase)
        if tokens:
            fts_parts.append('"' + " ".join(tokens) + '"')
            patterns.append(
                re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, tokens)) + r"(?!\w)", re.I)
            )
    for word in words:
        fts_parts.append(f'"{word}"*')
        patterns.append(re.compile(r"(?<!\w)" + re.escape(word) + r"\w*", re.I))
    if not fts_parts:
        raise QcodeError("search needs at least one word")
    return " ".join(fts_parts), patterns


def search(project: Project, query: str, limit: int = 500) -> list[SearchHit]:
    fts_query, patterns = _plan(query)
    try:
        rows = project.query(
            "SELECT d.id, d.name, d.text FROM documents_fts f "
            "JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? "
            "ORDER BY f.rank",
            [fts_query],
        )
    except sqlite3.OperationalError as exc:
        raise QcodeError(f"cannot search for {query!r}: {exc}") from None
    hits: list[SearchHit] = []
    for row in rows:
        text = row["text"]
        spans = sorted({(m.start(), m.end()) for p in patterns for m in p.finditer(text)})
        for start, end in spans:
            hits.append(
                SearchHit(
                    row["name"],
                    row["id"],
                    start,
                    end,
                    text.count("\n", 0, start) + 1,
                    _context(text, start, end),
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[{text[start:end]}]{right}"
    return " ".join(snippet.split())
