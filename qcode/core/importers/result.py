"""The value every importer returns, and the one place its invariants are enforced.

Each reader builds text and spans in its own way; funnelling them all through `finish`
means the promises made to the store (normalised newlines, no NUL, text in NFC with the
spans moved to match, no trailing blank lines, spans inside the text, a transcript guess)
hold for every format alike.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from qcode.core.model import Section, Turn

from .kinds import suggest_kind
from .normal_form import OffsetMap, nfc_mapped


@dataclass
class ImportedSource:
    """Text plus the structure found in it; offsets are code points into `text`."""

    text: str
    sections: list[Section] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    suggested_kind: str | None = None


def normalise_newlines(text: str) -> str:
    """One newline convention, so offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _clamp_section(section: Section, limit: int) -> Section:
    """`section` ended at `limit` (it starts before)."""
    return Section(section.title, section.start, min(section.end, limit), section.level)


def _clamp_turn(turn: Turn, limit: int) -> Turn:
    """`turn` ended at `limit` (it starts before), its words starting there at the latest."""
    body = turn.body_start
    if body is not None:
        body = min(body, limit)
    return Turn(turn.speaker, turn.start, min(turn.end, limit), body)


def _moved_section(section: Section, move: OffsetMap) -> Section:
    title = unicodedata.normalize("NFC", section.title)
    return Section(title, move(section.start), move(section.end), section.level)


def _moved_turn(turn: Turn, move: OffsetMap) -> Turn:
    body = turn.body_start
    return Turn(
        unicodedata.normalize("NFC", turn.speaker),
        move(turn.start),
        move(turn.end),
        None if body is None else move(body),
    )


def finish(
    text: str,
    sections: list[Section] | None = None,
    turns: list[Turn] | None = None,
    metadata: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> ImportedSource:
    """Compose the text (NFC), trim trailing blank lines and keep every span inside what
    is left.

    Callers must already have normalised newlines before computing offsets; composing
    moves the spans with the text (a decomposed "é" from a Mac is one code point less),
    and trimming only removes characters at the end, so earlier offsets stay valid.
    """
    text, move = nfc_mapped(text)
    if not move.identity:
        sections = [_moved_section(s, move) for s in sections or []]
        turns = [_moved_turn(t, move) for t in turns or []]
    text = text.rstrip()
    limit = len(text)
    # a span inside the text is kept as it is (frozen: nothing to copy), and a transcript
    # has thousands; only one reaching past the trimmed end is cut, one starting there dropped
    kept_sections = [
        s if s.end <= limit else _clamp_section(s, limit) for s in sections or [] if s.start < limit
    ]
    kept_turns = [
        t if t.end <= limit and (t.body_start or 0) <= limit else _clamp_turn(t, limit)
        for t in turns or []
        if t.start < limit
    ]
    return ImportedSource(
        text=text,
        sections=kept_sections,
        turns=kept_turns,
        metadata=dict(metadata or {}),
        notes=list(notes or []),
        suggested_kind=suggest_kind(text, kept_turns),
    )
