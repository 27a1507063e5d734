"""Finding headings in plain text.

Observation sheets are framed by predefined themes, and coding "everything under the
theme heading" is the first thing an analyst automates; in plain text the theme headings
are written as Markdown `#` lines, as a short line ending with ':' above its notes, or in
CAPITALS. The rules are deliberately narrow (short lines of their own), because a sentence
mistaken for a heading would cut a section in two.

Field notes also write a theme as the lead-in of its paragraph (`Forberedelse: D2 overtok
bruker ...`). That shape is also a speaker label or a form field, so it counts only under
strict conditions (`_inline_headings`): at a paragraph start, a title used once, a real
paragraph after it, and at least three of them or other headings in the same text.

Levels: Markdown gives its own (number of `#`); every other heading is level 1, because
field notes mix the styles for headings of equal rank. An observation sheet that holds
several meetings (`Møte 2 (17.10.12)`, `Meeting 3`, `Møde 1`, `Möte 2`) is the exception:
its meeting headings are level 1 and every other heading at least level 2, so a theme
ends at the next theme or the next meeting and never runs over another meeting's notes.
Themes repeat in such a sheet (once per meeting), so the inline rule counts a title once
per meeting, not once per file.

A role label alone on its line (`I:`, `Intervjuer:`) introduces a speaker turn, not a
section, and is never taken as a heading.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from qcode.core.model import Section

from .turns import is_role_label, match_label

MAX_HEADING_CHARS = 60
# 10, not 8: the study's log form asks "Hva gikk dårlig, og hva kunne jeg gjort annerledes:"
MAX_COLON_HEADING_WORDS = 10
MIN_INLINE_HEADINGS = 3
MAX_INLINE_TITLE_WORDS = 6
MAX_INLINE_TITLE_CHARS = 40
MIN_INLINE_BODY_WORDS = 4

# `Møte 2 (17.10.12)`, `Meeting 3 – 14 March`, `Møde 1:`, `2. møte`, `## Möte 2 av 3`;
# not the form field `Møte: 1 av 3`, nor a sentence (`Meeting 3 was cancelled`).
_MEETING_WORDS = (
    r"(?:gruppe|veilednings|team)?(?:møte|møtet|møde|mødet|möte|mötet|meeting|session"
    r"|sesjon|samling|träff|treff)"
)
_MEETING = re.compile(
    rf"(?:{_MEETING_WORDS}[ \t]+(?:nr\.?[ \t]*)?\d{{1,3}}|\d{{1,2}}\.[ \t]*{_MEETING_WORDS})"
    r"(?:[ \t]*(?:av|af|of)[ \t]+\d{1,3})?"
    r"(?:[ \t]*(?:[(\[][^()\[\]\n]{0,30}[)\]]|[:,–—-][^\n]{0,40}))?[ \t]*",
    re.IGNORECASE,
)
MEETING_LEVEL = 1
THEME_LEVEL = 2

_INLINE = re.compile(r"([^:\n]{1,40}):[ \t]+(\S.*)")
_MARKDOWN = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*")


def clean_title(raw: str) -> str:
    """The heading text without `#`, bold markers, trailing ':' and surrounding space."""
    title = raw.strip()
    for _ in range(2):
        title = title.strip().strip("*_").strip()
        title = title.rstrip(":").strip()
    return title


def is_meeting_heading(line: str) -> bool:
    """A line of its own naming one meeting of several in a sheet: `Møte 2 (17.10.12)`."""
    if len(line) > MAX_HEADING_CHARS + 8:
        return False
    bare = line.strip().lstrip("#").strip().strip("*_").strip()
    if not bare or bare[-1] in ".!?":
        return False
    return _MEETING.fullmatch(bare) is not None


def meeting_lines(lines: list[str]) -> list[int]:
    """Indexes of the meeting headings in `lines`."""
    return [i for i, line in enumerate(lines) if is_meeting_heading(line)]


def _is_caps(line: str) -> bool:
    if line != line.upper():
        return False  # a lowercase letter somewhere: the cheap answer for most lines
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
    if len(line) > MAX_HEADING_CHARS + 8 and "#" not in line[:4]:
        return None  # too long for a caps or colon heading (even with ** and indent)
    m = _MARKDOWN.fullmatch(line)
    if m:
        title = clean_title(m.group(2))
        return (m.group(1), title) if title else None
    if _is_caps(line):
        return "caps", clean_title(line)
    colon = _colon_title(line)
    return ("colon", colon) if colon else None


def find_sections(
    text: str, *, not_at: frozenset[int] | set[int] = frozenset(), paragraph_lines: bool = False
) -> list[Section]:
    """Headings in plain text, each section running to the next heading of the same or a
    higher level (or the end of the text), trailing whitespace excluded.

    `not_at` holds line offsets that are known not to be headings (turn starts).
    `paragraph_lines` says every line is a paragraph (text from a word processor), so an
    inline theme needs no blank line above it.
    """
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1

    meetings = [i for i in meeting_lines(lines) if starts[i] not in not_at]
    meeting_at = set(meetings)
    found: list[tuple[int, str, str]] = []  # (line index, kind, title)
    for i, line in enumerate(lines):
        if starts[i] in not_at or i in meeting_at:
            continue
        heading = _heading(line)
        if heading is None:
            continue
        kind, title = heading
        if kind == "colon" and not _has_body(lines, i):
            continue
        found.append((i, kind, title))

    found_at = {i for i, _, _ in found}
    titles = frozenset(title.casefold() for _, _, title in found)
    inline = [
        h
        for h in _inline_headings(lines, not_at, starts, meetings, paragraph_lines, titles)
        if h[0] not in found_at
    ]
    if len(inline) >= MIN_INLINE_HEADINGS or (inline and (found or meetings)):
        found = sorted(found + inline)
    heads = [
        (starts[i], len(kind) if kind.startswith("#") else 1, title) for i, kind, title in found
    ]
    if meetings:
        heads = sorted(
            [(start, max(level, THEME_LEVEL), title) for start, level, title in heads]
            + [(starts[i], MEETING_LEVEL, clean_title(lines[i].lstrip("#"))) for i in meetings]
        )
    return spans_from_headings(text, heads)


def _inline_headings(
    lines: list[str],
    not_at: frozenset[int] | set[int],
    starts: list[int],
    meetings: Sequence[int] = (),
    paragraph_lines: bool = False,
    titles: frozenset[str] = frozenset(),
) -> list[tuple[int, str, str]]:
    """`Title: paragraph text` lines that open a paragraph, with a title used only once
    per meeting (speakers and form fields repeat; themes don't), in two meetings or more
    when the sheet has several (or also a heading of its own line, `titles`), and a body
    of real prose."""
    candidates: list[tuple[int, str, str, int]] = []
    seen: Counter[tuple[int, str]] = Counter()
    for i, line in enumerate(lines):
        m = _INLINE.match(line)
        if not m:
            continue
        title = m.group(1).strip()
        meeting = bisect_right(meetings, i)
        seen[meeting, title.casefold()] += 1
        if i > 0 and lines[i - 1].strip() and not paragraph_lines:
            continue
        if starts[i] in not_at or not is_inline_title(title):
            continue
        body = m.group(2)
        if len(body.split()) < MIN_INLINE_BODY_WORDS:
            continue
        candidates.append((i, "inline", title, meeting))
    in_meetings = Counter(key for _, key in seen)
    # in a sheet of several meetings a theme comes back in the next meeting; an observer's
    # `B2 følte seg maktesløs: ...` does not
    again = 2 if len(meetings) >= 2 else 1
    return [
        (i, k, t)
        for i, k, t, n in candidates
        if seen[n, t.casefold()] == 1
        and in_meetings[t.casefold()] + (t.casefold() in titles) >= again
    ]


def is_inline_title(title: str) -> bool:
    words = title.split()
    if not 1 <= len(words) <= MAX_INLINE_TITLE_WORDS or len(title) > MAX_INLINE_TITLE_CHARS:
        return False
    if not title[0].isupper() or is_role_label(title):
        return False
    if any(ch in title for ch in '.?!"«»“”()[]*#'):
        return False
    # participant codes such as `A1` or `D2` quote someone; a theme has a real word
    return any(sum(ch.isalpha() for ch in word) >= 3 for word in words)


def _has_body(lines: list[str], index: int) -> bool:
    """A `Heading:` line counts only if real text follows before the next heading."""
    for line in lines[index + 1 :]:
        if not line.strip():
            continue
        return _heading(line) is None and not is_meeting_heading(line)
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
