"""Turns and sections together, for formats that only give us plain text.

Both detectors look at the same lines, so their conflicts are settled here: in a
transcript, a label line such as `Intervjuer:` standing alone is the start of a turn, and
a heading found at the very place a turn starts is dropped.
"""

from __future__ import annotations

from qcode.core.model import Section, Turn

from .sections import find_sections
from .turns import find_turns


def detect_structure(text: str) -> tuple[list[Section], list[Turn]]:
    """Sections and turns of plain text, with turns winning where both claim a line."""
    turns = find_turns(text)
    sections = find_sections(text, not_at={t.start for t in turns})
    return sections, turns
