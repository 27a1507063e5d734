"""Finding headings in plain text.

Observation sheets are framed by predefined themes, and coding "everything under the
theme heading" is the first thing an analyst automates; in plain text the theme headings
are written as Markdown `#` lines, as a short line ending with ':' above its notes, or in
CAPITALS. The rules are deliberately narrow (short lines of their own), because a sentence
mistaken for a heading would cut a section in two.

Levels: Markdown gives its own (number of `#`). CAPITALS headings are level 1; a
`Heading:` line is level 1 too, or level 2 when the text also has CAPITALS headings (the
usual sheet: a theme in capitals, then fields like `Observasjoner:` under it).

A role label alone on its line (`I:`, `Intervjuer:`) introduces a speaker turn, not a
section, and is never taken as a heading.
"""

from __future__ import annotations

import re

from qcode.core.model import Section

from .turns import is_role_label, match_label

MAX_HEADING_CHARS = 60
MAX_COLON_HEADING_WORDS = 8

_MARKDOWN = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*")


def clean_title(raw: str) -> str:
    """The heading text without `#`, bold markers, trailing ':' and surrounding space."""
    title = raw.strip()
    for _ in range(2):
        title = title.strip().strip("*_").strip()
        title = title.rstrip(":").strip()
    return title


def _is_caps(line: str) -> bool:
    stripped = line.strip().strip("*_").strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return False
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(letters) < 2 or any(not ch.isupper() for ch in letters):
        return False
    visible = [ch for ch in stripped if not ch.isspace()]
    return len(letters) / len(visible) >= 0.6


def _colon_title(line: str) -> str | None:
    stripped = line.strip()
    unbolded = stripped.strip("*_").strip()
    if not stripped.rstrip("*_").endswith(":") and not unbolded.endswith(":"):
        return None
    if len(stripped) > MAX_HEADING_CHARS:
        return None
    title = clean_title(stripped)
    if not title or len(title.split()) > MAX_COLON_HEADING_WORDS:
        return None
    if title[-1] in ".!?," or ":" in title:
        return None
    if is_role_label(title) and match_label(stripped) is not None:
        return None
    return title


def _heading(line: str) -> tuple[str, str] | None:
    """(kind, title) for a heading line: kind is '#'.. for Markdown, 'caps' or 'colon'."""
    m = _MARKDOWN.fullmatch(line)
    if m:
        title = clean_title(m.group(2))
        return (m.group(1), title) if title else None
    if _is_caps(line):
        return "caps", clean_title(line)
    colon = _colon_title(line)
    return ("colon", colon) if colon else None


def find_sections(text: str, *, not_at: frozenset[int] | set[int] = frozenset()) -> list[Section]:
    """Headings in plain text, each section running to the next heading of the same or a
    higher level (or the end of the text), trailing whitespace excluded.

    `not_at` holds line offsets that are known not to be headings (turn starts).
    """
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1

    found: list[tuple[int, str, str]] = []  # (line index, kind, title)
    for i, line in enumerate(lines):
        heading = _heading(line)
        if heading is None or starts[i] in not_at:
            continue
        kind, title = heading
        if kind == "colon" and not _has_body(lines, i):
            continue
        found.append((i, kind, title))

    has_caps = any(kind == "caps" for _, kind, _ in found)
    heads: list[tuple[int, int, str]] = []  # (offset, level, title)
    for i, kind, title in found:
        if kind.startswith("#"):
            level = len(kind)
        elif kind == "colon" and has_caps:
            level = 2
        else:
            level = 1
        heads.append((starts[i], level, title))
    return spans_from_headings(text, heads)


def _has_body(lines: list[str], index: int) -> bool:
    """A `Heading:` line counts only if real text follows before the next heading."""
    for line in lines[index + 1 :]:
        if not line.strip():
            continue
        return _heading(line) is None
    return False


def spans_from_headings(text: str, heads: list[tuple[int, int, str]]) -> list[Section]:
    """Turn (offset, level, title) heading positions into sections; shared with the
    formats whose headings are marked up (docx, odt)."""
    sections: list[Section] = []
    for n, (start, level, title) in enumerate(heads):
        end = len(text)
        for later_start, later_level, _ in heads[n + 1 :]:
            if later_level <= level:
                end = later_start
                break
        while end > start and text[end - 1].isspace():
            end -= 1
        sections.append(Section(title, start, end, level))
    return sections
