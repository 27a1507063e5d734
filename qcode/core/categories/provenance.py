"""Where a category came from: the level-1 codings it was derived from, who sorted them in,
when, and the history of the category itself.

A reader of the analysis (a supervisor, an examiner) asks how "time pressure" came to be a
category of "complexity of the counsellor role". The answer is in the project: each coding
of the category names the coding it was derived from (`derived_from`), and the audit log
holds when the category was created, renamed, merged or split. A source coding removed
since is still named, from its last image in the audit log.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qcode.core.categories.derive import code_path
from qcode.core.codebook.codes import resolve_code
from qcode.core.excerpts import excerpt_span, natural_key
from qcode.core.model import AuditEntry, Code
from qcode.core.project.store import Project
from qcode.core.rows import audit_entry_from_row
from qcode.core.sources.documents import document_texts


@dataclass(frozen=True)
class Source:
    """One coding of the category and the segment it was derived from."""

    coding_id: int
    document: str
    start: int
    end: int
    text: str
    assigned_by: str
    assigned_at: str
    derived_from: int | None  # the source coding's id, if it was derived
    source_code: str | None  # key of the source coding's code
    source_name: str | None
    source_coder: str | None
    source_created_at: str | None
    source_removed: bool = False  # the source coding no longer exists (read from the log)


@dataclass(frozen=True)
class Provenance:
    category: Code
    path: list[str]  # names from the theme down to the category
    created_at: str
    created_by: str
    sources: list[Source]
    from_codes: dict[str, int]  # source code key -> segments derived from it
    direct: int  # codings made with the category directly, not derived from a segment
    coders: dict[str, int]  # who assigned how many
    history: list[AuditEntry] = field(default_factory=list)


def _removed_image(project: Project, coding_id: int) -> dict[str, Any] | None:
    """The last image the audit log holds of a coding that no longer exists."""
    rows = project.query(
        "SELECT before, after FROM changes WHERE \"table\" = 'codings' AND row_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [coding_id],
    )
    if not rows:
        return None
    image = rows[0]["before"] or rows[0]["after"]
    return json.loads(image) if image else None


def provenance(project: Project, category: str) -> Provenance:
    code = resolve_code(project, category)
    path = code_path(project, code)
    row = project.row("codes", code.id) or {}
    codes = {r["id"]: r for r in project.query("SELECT id, key, name FROM codes")}
    ancestors = [c.id for c in path[:-1]]
    rows = project.query(
        "SELECT c.*, d.name AS document FROM codings c "
        "JOIN documents d ON d.id = c.document_id WHERE c.code_id = ?",
        [code.id],
    )
    texts = document_texts(project, [r["document_id"] for r in rows])
    sources = []
    for r in rows:
        src = _source_row(project, r, ancestors)
        removed = src is not None and src.get("_removed", False)
        src_code = codes.get(src["code_id"]) if src else None
        text = texts[r["document_id"]]
        start, end = excerpt_span(text, r["start"], r["end"])
        sources.append(
            Source(
                coding_id=r["id"],
                document=r["document"],
                start=r["start"],
                end=r["end"],
                text=text[start:end],
                assigned_by=r["coder"],
                assigned_at=r["created_at"],
                derived_from=r.get("derived_from"),
                source_code=src_code["key"] if src_code else None,
                source_name=src_code["name"] if src_code else None,
                source_coder=src["coder"] if src else None,
                source_created_at=src["created_at"] if src else None,
                source_removed=bool(removed),
            )
        )
    sources.sort(key=lambda s: (natural_key(s.document), s.start, s.end, s.coding_id))
    return Provenance(
        category=code,
        path=[c.name for c in path],
        created_at=row.get("created_at", ""),
        created_by=row.get("created_by", ""),
        sources=sources,
        from_codes=dict(Counter(s.source_code for s in sources if s.source_code)),
        direct=sum(1 for s in sources if s.derived_from is None),
        coders=dict(Counter(s.assigned_by for s in sources)),
        history=category_history(project, code),
    )


def _source_row(
    project: Project, coding: dict[str, Any], ancestors: list[int]
) -> dict[str, Any] | None:
    """The coding this one came from: its `derived_from`, else (for codings made before
    categories recorded it) a coding of an ancestor code on the same span."""
    if coding.get("derived_from") is not None:
        found = project.row("codings", coding["derived_from"])
        if found is not None:
            return found
        image = _removed_image(project, coding["derived_from"])
        return {**image, "_removed": True} if image else None
    if not ancestors:
        return None
    rows = project.query(
        'SELECT * FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
        f"AND code_id IN ({','.join('?' * len(ancestors))}) ORDER BY id LIMIT 1",
        [coding["document_id"], coding["start"], coding["end"], *ancestors],
    )
    return rows[0] if rows else None


def category_history(project: Project, code: Code) -> list[AuditEntry]:
    """Audit entries that touched the code itself or its codings, oldest first."""
    rows = project.query(
        "SELECT DISTINCT a.* FROM audit a JOIN changes c ON c.audit_id = a.id "
        "WHERE (c.\"table\" = 'codes' AND c.row_id = ?) "
        "OR (c.\"table\" = 'codings' AND (json_extract(c.after, '$.code_id') = ? "
        "OR json_extract(c.before, '$.code_id') = ?)) ORDER BY a.id",
        [code.id, code.id, code.id],
    )
    return [audit_entry_from_row(r) for r in rows]
