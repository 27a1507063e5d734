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

Speed: every heading shape is a short line of its own or a Markdown `#` line, so one regex
over the whole text (`heading_lines`) picks those few lines out, and only they are judged;
a transcript's long lines of speech never reach the heading rules. Inline themes follow a
blank line (or open a word processor's paragraph), and only when one is found are the
`Title:` lines of the whole text counted.
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
# A meeting heading's bare text opens with a digit or a meeting word, after the marks
# `is_meeting_heading` strips; most candidate lines fail this at their first letter and are
# spared the stripping and the full pattern (same flags, so never a meeting it would find).
_MEETING_START = re.compile(rf"[\s#*_]*(?:\d|{_MEETING_WORDS})", re.IGNORECASE)
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
    if len(line) > MAX_HEADING_CHARS + 8 or _MEETING_START.match(line) is None:
        return False
    bare = line.strip().lstrip("#").strip().strip("*_").strip()
    if not bare or bare[-1] in ".!?":
        return False
    return _MEETING.fullmatch(bare) is not None


# A line that may be a heading: not blank, and at most MAX_HEADING_CHARS + 8 characters
# long (the gate in `_heading` and `is_meeting_heading`) or with a '#' in its first four;
# or else (group `blank`) a blank line with a line after it, which the next paragraph opens.
# Searched for in the text behind a '\n', so each match starts one before its line.
_MAY_HEAD = re.compile(
    r"\n(?:(?P<blank>[^\S\n]*+(?=\n))|(?![^\S\n]*+\Z)"
    rf"(?:[^\n]{{0,{MAX_HEADING_CHARS + 8}}}+(?=\n|\Z)|(?=[^\n]{{0,3}}#)))"
)


def heading_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each line that may be a heading or a meeting heading, in order."""
    return lines_and_paragraphs(text)[0]


def lines_and_paragraphs(text: str) -> tuple[list[tuple[int, str]], list[int]]:
    """`heading_lines`, and the offsets of the lines that open a paragraph (the first line
    and each line after a blank one), found in one pass over the text."""
    found: list[tuple[int, str]] = []
    paragraphs = [0]
    find = text.find
    for m in _MAY_HEAD.finditer("\n" + text):
        if m.lastindex is not None:  # a blank line: a paragraph opens after it
            paragraphs.append(m.end())
            continue
        start = m.start()  # its line starts one later in the padded text
        end = find("\n", start)
        found.append((start, text[start:] if end == -1 else text[start:end]))
    return found, paragraphs


def meeting_heads(lines: list[tuple[int, str]]) -> list[int]:
    """Offsets of the meeting headings among `heading_lines`."""
    return [start for start, line in lines if is_meeting_heading(line)]


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
    return sections_from_lines(
        text, heading_lines(text), not_at=not_at, paragraph_lines=paragraph_lines
    )


def sections_from_lines(
    text: str,
    lines: list[tuple[int, str]],
    *,
    not_at: frozenset[int] | set[int] = frozenset(),
    paragraph_lines: bool = False,
    meeting_starts: list[int] | None = None,
    paragraph_starts: list[int] | None = None,
) -> list[Section]:
    """`find_sections` with the text's `heading_lines` (and, if the caller has them, their
    `meeting_heads` and the paragraph starts of `lines_and_paragraphs`) already found."""
    if meeting_starts is None:
        meeting_starts = meeting_heads(lines)
    meetings = [start for start in meeting_starts if start not in not_at]
    meeting_at = set(meetings)
    found: list[tuple[int, str, str]] = []  # (line offset, kind, title)
    for start, line in lines:
        if start in not_at or start in meeting_at:
            continue
        heading = _heading(line)
        if heading is None:
            continue
        kind, title = heading
        if kind == "colon" and not _has_body(text, start + len(line)):
            continue
        found.append((start, kind, title))

    found_at = {start for start, _, _ in found}
    titles = frozenset(title.casefold() for _, _, title in found)
    inline = [
        h
        for h in _inline_headings(text, not_at, meetings, paragraph_lines, titles, paragraph_starts)
        if h[0] not in found_at
    ]
    if len(inline) >= MIN_INLINE_HEADINGS or (inline and (found or meetings)):
        found = sorted(found + inline)
    heads = [
        (start, len(kind) if kind.startswith("#") else 1, title) for start, kind, title in found
    ]
    if meetings:
        line_at = dict(lines)
        heads = sorted(
            [(start, max(level, THEME_LEVEL), title) for start, level, title in heads]
            + [(at, MEETING_LEVEL, clean_title(line_at[at].lstrip("#"))) for at in meetings]
        )
    return spans_from_headings(text, heads)


def _paragraph_starts(text: str, paragraph_lines: bool) -> list[int]:
    """Offsets of the lines that open a paragraph: every line when `paragraph_lines`,
    else the first line and each line after a blank one."""
    if paragraph_lines:
        starts = [0]
        at = text.find("\n")
        while at != -1:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts
    return lines_and_paragraphs(text)[1]


_INLINE_LINE = re.compile("^" + _INLINE.pattern, re.MULTILINE)  # `_INLINE` at any line start


def _inline_headings(
    text: str,
    not_at: frozenset[int] | set[int],
    meetings: Sequence[int] = (),
    paragraph_lines: bool = False,
    titles: frozenset[str] = frozenset(),
    paragraph_starts: list[int] | None = None,
) -> list[tuple[int, str, str]]:
    """`Title: paragraph text` lines that open a paragraph, with a title used only once
    per meeting (speakers and form fields repeat; themes don't), in two meetings or more
    when the sheet has several (or also a heading of its own line, `titles`), and a body
    of real prose. `meetings` are the offsets of the meeting headings."""
    candidates: list[tuple[int, str, str, int]] = []
    if paragraph_starts is None or paragraph_lines:
        paragraph_starts = _paragraph_starts(text, paragraph_lines)
    for start in paragraph_starts:
        if start in not_at:
            continue
        m = _INLINE.match(text, start)
        if not m:
            continue
        title = m.group(1).strip()
        if not is_inline_title(title) or len(m.group(2).split()) < MIN_INLINE_BODY_WORDS:
            continue
        candidates.append((start, "inline", title, bisect_right(meetings, start)))
    if not candidates:
        return []
    # how often each `Title:` is used in each meeting, over every line of the text
    seen: Counter[tuple[int, str]] = Counter(
        (bisect_right(meetings, m.start()), m.group(1).strip().casefold())
        for m in _INLINE_LINE.finditer(text)
    )
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


def _has_body(text: str, line_end: int) -> bool:
    """A `Heading:` line (ending at `line_end`) counts only if real text follows before
    the next heading."""
    while line_end < len(text):
        start = line_end + 1
        line_end = text.find("\n", start)
        if line_end == -1:
            line_end = len(text)
        line = text[start:line_end]
        if line.strip():
            return _heading(line) is None and not is_meeting_heading(line)
    return False


def spans_from_headings(text: str, heads: list[tuple[int, int, str]]) -> list[Section]:
    """Turn (offset, level, title) heading positions into sections, each ending where the
    next heading of its level or a higher one (a lower number) begins; shared with the
    formats whose headings are marked up (docx, odt). One pass: the headings still open
    are a stack of rising levels, and a new heading closes those of its level and below."""
    ends = [len(text)] * len(heads)
    open_heads: list[int] = []
    for n, (start, level, _) in enumerate(heads):
        while open_heads and heads[open_heads[-1]][1] >= level:
            ends[open_heads.pop()] = start
        open_heads.append(n)
    sections: list[Section] = []
    for (start, level, title), end in zip(heads, ends, strict=True):
        while end > start and text[end - 1].isspace():
            end -= 1
        sections.append(Section(title, start, end, level))
    return sections
