"""Storage rows turned into model objects, in one place (and the structure columns back).

Every module that reads a table hands its rows here, so a column added to the schema is
read in one function, and the CLI, the TUI and the exports all receive the same typed
objects (never the raw dicts, nor the JSON the structure columns hold).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from qcode.core.model import AuditEntry, Code, Coding, Document, Memo, Section, Turn

Row = dict[str, Any]


def sections_from_json(value: str | None) -> tuple[Section, ...]:
    return tuple(Section(**s) for s in json.loads(value or "[]"))


def turns_from_json(value: str | None) -> tuple[Turn, ...]:
    return tuple(Turn(**t) for t in json.loads(value or "[]"))


def sections_to_json(sections: Iterable[Section]) -> str:
    """The `sections` column: dict literals, not `dataclasses.asdict`, which is ten times
    slower on the thousands of turns of a long transcript."""
    return json.dumps(
        [{"title": s.title, "level": s.level, "start": s.start, "end": s.end} for s in sections],
        ensure_ascii=False,
    )


def turns_to_json(turns: Iterable[Turn]) -> str:
    """The `turns` column (see `sections_to_json`)."""
    return json.dumps(
        [
            {"speaker": t.speaker, "start": t.start, "end": t.end, "body_start": t.body_start}
            for t in turns
        ],
        ensure_ascii=False,
    )


def document_from_row(row: Row, attributes: dict[str, str]) -> Document:
    """A document; a row read without the text, sections or turns columns (listings)
    gives a document with those left empty."""
    return Document(
        id=row["id"],
        guid=row["guid"],
        name=row["name"],
        kind=row["kind"],
        text=row.get("text", ""),
        content_hash=row["content_hash"],
        original_path=row["original_path"],
        imported_at=row["imported_at"],
        imported_by=row["imported_by"],
        attributes=attributes,
        metadata=json.loads(row["metadata"] or "{}"),
        sections=sections_from_json(row.get("sections")),
        turns=turns_from_json(row.get("turns")),
    )


def code_from_row(row: Row) -> Code:
    return Code(
        id=row["id"],
        guid=row["guid"],
        key=row["key"],
        name=row["name"],
        parent_id=row["parent_id"],
        level=row["level"],
        colour=row["colour"],
        shortcut=row["shortcut"],
        description=row["description"],
        include_note=row["include_note"],
        exclude_note=row["exclude_note"],
        keywords=tuple(json.loads(row["keywords"] or "[]")),
        aliases=tuple(json.loads(row["aliases"] or "[]")),
        sort_order=row["sort_order"],
    )


def coding_from_row(row: Row) -> Coding:
    return Coding(
        id=row["id"],
        guid=row["guid"],
        document_id=row["document_id"],
        code_id=row["code_id"],
        start=row["start"],
        end=row["end"],
        coder=row["coder"],
        created_at=row["created_at"],
        memo=row["memo"],
    )


def memo_from_row(row: Row) -> Memo:
    return Memo(
        id=row["id"],
        guid=row["guid"],
        target=row["target"],
        target_id=row["target_id"],
        text=row["text"],
        author=row["author"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def audit_entry_from_row(row: Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        coder=row["coder"],
        action=row["action"],
        summary=row["summary"],
        undoes=row["undoes"],
        undone_by=row["undone_by"],
    )
