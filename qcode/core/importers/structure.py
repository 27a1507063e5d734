"""Turns and sections together, for formats that only give us plain text.

Both detectors look at the same lines, so their conflicts are settled here: in a
transcript, a label line such as `Intervjuer:` standing alone is the start of a turn, and
a heading found at the very place a turn starts is dropped.

An observation sheet with several meetings turns this around. Each meeting repeats the
same themes (`Forberedelse:`, `Samtalestyring:`), and a repeated `Word:` looks to the turn
detector like a speaker who keeps talking. In a sheet (a text with meeting headings such
as `Møte 2 (17.10.12)`), a label that is used at most once per meeting and is a heading's
shape, alone on its line or as a theme title opening a paragraph, is a theme heading, not
a speaker: the sheet gets no turns from its headings. Role labels (`I:`) stay speakers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from qcode.core.model import Section, Turn

from .sections import (
    heading_lines,
    is_inline_title,
    lines_and_paragraphs,
    meeting_heads,
    sections_from_lines,
)
from .turns import Label, is_role_label, scan_labels, turns_from_labels


def detect_structure(text: str) -> tuple[list[Section], list[Turn]]:
    """Sections and turns of plain text, with turns winning where both claim a line."""
    return structure_from_labels(text, scan_labels(text))


def structure_from_labels(
    text: str, labels: list[Label], *, paragraph_lines: bool = False
) -> tuple[list[Section], list[Turn]]:
    """Sections and turns from the text and its candidate speaker labels (found by
    `scan_labels`, or by a format's own reader); theme headings of a sheet are no labels.
    `paragraph_lines`: every line is a paragraph (a word processor's text)."""
    lines, paragraphs = lines_and_paragraphs(text)
    meetings = meeting_heads(lines)
    if meetings:
        uses = _uses_per_meeting(labels, meetings)
        labels = [
            lb
            for lb in labels
            if not _theme_heading(text, lb, uses, meetings, paragraph_lines=paragraph_lines)
        ]
    turns = turns_from_labels(text, labels)
    sections = sections_from_lines(
        text,
        lines,
        not_at={t.start for t in turns},
        paragraph_lines=paragraph_lines,
        meeting_starts=meetings,
        paragraph_starts=paragraphs,
    )
    return sections, turns


def meeting_starts(text: str) -> list[int]:
    """Offsets of the meeting headings (`Møte 2 (17.10.12)`); empty unless a sheet."""
    return meeting_heads(heading_lines(text))


def _uses_per_meeting(labels: list[Label], meetings: list[int]) -> dict[str, Counter[int]]:
    """For each label (casefolded), how often it is used in each meeting."""
    uses: dict[str, Counter[int]] = {}
    for lb in labels:
        uses.setdefault(lb.speaker.casefold(), Counter())[bisect_right(meetings, lb.start)] += 1
    return uses


def _theme_heading(
    text: str,
    label: Label,
    uses: dict[str, Counter[int]],
    meetings: list[int],
    *,
    paragraph_lines: bool,
) -> bool:
    """True when `label`, in a sheet, is a theme heading: not a role, used at most once in
    its meeting, and either alone on its line or a theme title opening a paragraph."""
    if is_role_label(label.speaker):
        return False
    per_meeting = uses[label.speaker.casefold()]
    if per_meeting[bisect_right(meetings, label.start)] > 1:
        return False
    line_end = text.find("\n", label.start)
    line_end = len(text) if line_end == -1 else line_end
    if not text[label.body_start : line_end].strip():
        return True  # `Forberedelse:` alone on its line
    opens_paragraph = (
        paragraph_lines or label.start == 0 or text[max(label.start - 2, 0) : label.start] == "\n\n"
    )
    return opens_paragraph and len(per_meeting) >= 2 and is_inline_title(label.speaker)
