"""The neutral shape of work brought in from elsewhere.

References between parts are GUIDs, never row ids: ids are local to the file they came
from, GUIDs travel (REFI-QDA is built on them, and qcode gives every document, code,
coding and memo one). Text is as stored in the source; offsets are code points into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qcode.core.model import Section, Turn


@dataclass(frozen=True)
class InDocument:
    guid: str
    name: str
    text: str
    kind: str = "other"
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    turns: tuple[Turn, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    imported_at: str = ""
    imported_by: str = ""
    original_path: str = ""
    # The source's own hash of the text, when it keeps one. A reader that knows the target
    # already holds this text may then leave `text` (and the structure) empty: a colleague's
    # 10 MB copy is mostly documents we have, and only the hash is needed to match them.
    content_hash: str = ""


@dataclass(frozen=True)
class InCode:
    guid: str
    key: str
    name: str
    parent_guid: str | None = None
    level: int = 1  # 2 for a level-2 category
    colour: str = "#808080"
    description: str = ""
    include_note: str = ""
    exclude_note: str = ""
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    shortcut: str | None = None
    sort_order: int = 0
    created_at: str = ""
    created_by: str = ""


@dataclass(frozen=True)
class InCoding:
    guid: str
    document_guid: str
    code_guid: str
    start: int
    end: int
    coder: str
    created_at: str = ""
    memo: str = ""
    # the coding this one was derived from (a level-2 category's provenance)
    derived_from_guid: str | None = None


@dataclass(frozen=True)
class InMemo:
    guid: str
    target: str  # 'project' | 'document' | 'code'
    target_guid: str | None
    text: str
    author: str
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class InPseudonym:
    real: str
    alias: str
    created_by: str = ""


@dataclass(frozen=True)
class InDecision:
    """An analyst's verdict on a keyword suggestion, so the merged project does not
    propose again what a colleague already rejected (or accepted)."""

    document_guid: str
    code_guid: str
    start: int
    end: int
    status: str  # 'accepted' | 'rejected'
    keyword: str = ""
    score: float = 0.0
    decided_by: str = ""
    decided_at: str = ""
    coding_guid: str | None = None


@dataclass(frozen=True)
class InSummary:
    """The analyst's summary of one matrix cell: a code × a case under attribute `by`."""

    guid: str
    code_guid: str
    by: str
    case_value: str
    text: str
    author: str
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class InView:
    """A saved matrix view: its options as the JSON qcode stores."""

    name: str
    spec: str
    created_by: str = ""
    created_at: str = ""


@dataclass
class Bundle:
    """Everything brought in at once; `origin` names it in reports and the history."""

    origin: str
    documents: list[InDocument] = field(default_factory=list)
    codes: list[InCode] = field(default_factory=list)
    codings: list[InCoding] = field(default_factory=list)
    memos: list[InMemo] = field(default_factory=list)
    pseudonyms: list[InPseudonym] = field(default_factory=list)
    decisions: list[InDecision] = field(default_factory=list)
    summaries: list[InSummary] = field(default_factory=list)
    views: list[InView] = field(default_factory=list)
    # problems met while reading the source that did not stop it (REFI's tolerance)
    warnings: list[str] = field(default_factory=list)
