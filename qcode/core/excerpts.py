"""Small text rules every layer shares: how a coded span reads as an excerpt, and how
case and document labels sort.

They sit below the domain packages because the matrix, the categories, their provenance
and the derived codebook must all show one coding the same way; a copy in each drifted.
"""

from __future__ import annotations

import re
from typing import Any

NONE_CASE = "(none)"
_NATURAL = re.compile(r"(\d+)")


def natural_key(label: str) -> tuple[Any, ...]:
    """Sort "meeting 2" before "meeting 10", ignoring case; "(none)" goes last."""
    parts = _NATURAL.split(label.casefold())
    return (label == NONE_CASE, tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts))


def expand_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words; trim white space, and the comma or colon a
    selection often starts with."""
    while start > 0 and start < len(text) and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _is_word(text[end]) and _is_word(text[end - 1]):
        end += 1
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def excerpt_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`expand_to_words`, but a coding of nothing word-like (a lone dash) keeps its own
    span, so listings that must show every coding never show an empty one."""
    s, e = expand_to_words(text, start, end)
    return (s, e) if s < e else (start, end)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
