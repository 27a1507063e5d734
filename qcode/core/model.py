"""Plain dataclasses for what a project holds.

These are what the core hands to the CLI and the TUI; storage rows are turned into them
in `rows.py`. Offsets (`start`, `end`) are Python `str` indices — Unicode code points —
into the document's stored text, the same unit REFI-QDA counts in, so spans survive an
exchange with other tools unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("observation", "interview", "log", "other")


@dataclass(frozen=True)
class Section:
    """A titled part of a document (an observation sheet's theme heading, a docx Heading)."""

    title: str
    start: int
    end: int
    level: int = 1


@dataclass(frozen=True)
class Turn:
    """One speaker turn of a transcript: `start` is where the label begins, `body_start`
    where the spoken words begin, so answers can be coded without their label."""

    speaker: str
    start: int
    end: int
    body_start: int | None = None


@dataclass(frozen=True)
class Document:
    id: int
    guid: str
    name: str
    kind: str
    text: str
    content_hash: str
    original_path: str
    imported_at: str
    imported_by: str
    attributes: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    turns: tuple[Turn, ...] = ()


@dataclass(frozen=True)
class Code:
    id: int
    guid: str
    key: str
    name: str
    parent_id: int | None
    level: int
    colour: str
    shortcut: str | None = None
    description: str = ""
    include_note: str = ""
    exclude_note: str = ""
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True)
class Coding:
    id: int
    guid: str
    document_id: int
    code_id: int
    start: int
    end: int
    coder: str
    created_at: str
    memo: str = ""


@dataclass(frozen=True)
class Memo:
    id: int
    guid: str
    target: str  # "project", "document" or "code" (a coding keeps its memo on itself)
    target_id: int | None
    text: str
    author: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    coder: str
    action: str
    summary: str
    undoes: int | None
    undone_by: int | None
