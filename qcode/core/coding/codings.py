"""Codings (a code applied to a span of a document) and memos.

Spans are `[start, end)` in code points of the stored text. They are checked against the
document here, in the core, so that the CLI, the TUI and scripts all get the same refusal
for a span that runs past the end or repeats an existing coding.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcode.core.codebook.codes import resolve_code
from qcode.core.errors import NotFound, QcodeError
from qcode.core.model import Code, Coding, Document, Memo
from qcode.core.project.store import Project, new_guid, now
from qcode.core.rows import coding_from_row, memo_from_row
from qcode.core.sources.documents import get_document


def add_coding(
    project: Project,
    document: Document | str | int,
    start: int,
    end: int,
    code: Code | str,
    memo: str = "",
) -> Coding:
    """Code [start, end) of a document. A caller that already holds the `Document` (with
    its text) and the `Code` passes them, and nothing is looked up again: the workbench
    codes on every keypress, and a long transcript is megabytes to re-read."""
    doc = document if isinstance(document, Document) else get_document(project, document)
    target = code if isinstance(code, Code) else resolve_code(project, code)
    if not 0 <= start < end <= len(doc.text):
        raise QcodeError(
            f"span {start}-{end} is not inside '{doc.name}' (0-{len(doc.text)}; start < end)"
        )
    excerpt = doc.text[start:end]
    if not excerpt.strip():
        raise QcodeError(f"span {start}-{end} of '{doc.name}' holds only white space")
    preview = " ".join(excerpt.split())
    preview = preview if len(preview) <= 40 else preview[:37] + "..."
    with project.change(
        "code",
        f"coded '{preview}' in {doc.name} as {target.key}",
        {"document": doc.name, "start": start, "end": end, "code": target.key},
    ) as ch:
        same = project.query(
            "SELECT id FROM codings "
            'WHERE document_id = ? AND code_id = ? AND start = ? AND "end" = ? AND coder = ?',
            [doc.id, target.id, start, end, project.coder],
        )
        if same:
            raise QcodeError(
                f"{doc.name} {start}-{end} is already coded as {target.key} by {project.coder} "
                f"(coding {same[0]['id']})"
            )
        row = {
            "guid": new_guid(),
            "document_id": doc.id,
            "code_id": target.id,
            "start": start,
            "end": end,
            "coder": project.coder,
            "created_at": now(),
            "memo": memo,
        }
        coding_id = ch.insert("codings", row)
    return coding_from_row({**row, "id": coding_id})


def get_coding(project: Project, coding_id: int) -> Coding:
    row = project.row("codings", coding_id)
    if row is None:
        raise NotFound(f"no coding with id {coding_id}")
    return coding_from_row(row)


def remove_coding(project: Project, coding_id: int) -> Coding:
    coding = get_coding(project, coding_id)
    with project.change("uncode", f"removed coding {coding_id}", {"coding": coding_id}) as ch:
        ch.delete("codings", coding_id)
    return coding


def set_coding_memo(project: Project, coding_id: int, text: str) -> Coding:
    get_coding(project, coding_id)
    with project.change("memo", f"memo on coding {coding_id}", {"coding": coding_id}) as ch:
        ch.update("codings", coding_id, {"memo": text})
    return get_coding(project, coding_id)


@dataclass(frozen=True)
class CodingView:
    """A coding with the names a person or script needs to read it."""

    coding: Coding
    document: str
    code_key: str
    code_name: str


def list_codings(
    project: Project, document_id: int | None = None, code_id: int | None = None
) -> list[CodingView]:
    sql = (
        "SELECT c.*, d.name AS document, k.key AS code_key, k.name AS code_name "
        "FROM codings c JOIN documents d ON d.id = c.document_id "
        "JOIN codes k ON k.id = c.code_id"
    )
    where, params = [], []
    if document_id is not None:
        where.append("c.document_id = ?")
        params.append(document_id)
    if code_id is not None:
        where.append("c.code_id = ?")
        params.append(code_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY d.name, c.start, c.id"
    return [
        CodingView(coding_from_row(r), r["document"], r["code_key"], r["code_name"])
        for r in project.query(sql, params)
    ]


def coding_memos(project: Project) -> list[CodingView]:
    """The codings that carry a memo (memos on codings live on the coding, not in the
    memos table), in the order of `list_codings`."""
    return [v for v in list_codings(project) if v.coding.memo]


# -- memos -----------------------------------------------------------------------------


def add_memo(
    project: Project, text: str, document: str | None = None, code: str | None = None
) -> Memo:
    """A memo on the project, or on one document or code."""
    if not text.strip():
        raise QcodeError("a memo needs some text")
    if document and code:
        raise QcodeError("a memo belongs to one thing: give --doc or --code, not both")
    target, target_id, label = "project", None, "the project"
    if document:
        doc = get_document(project, document)
        target, target_id, label = "document", doc.id, doc.name
    elif code:
        c = resolve_code(project, code)
        target, target_id, label = "code", c.id, c.key
    stamp = now()
    with project.change("memo", f"memo on {label}", {"target": target, "id": target_id}) as ch:
        memo_id = ch.insert(
            "memos",
            {
                "guid": new_guid(),
                "target": target,
                "target_id": target_id,
                "text": text,
                "author": project.coder,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
    return memo_from_row(project.row("memos", memo_id) or {})


def edit_memo(project: Project, memo_id: int, text: str) -> Memo:
    if project.row("memos", memo_id) is None:
        raise NotFound(f"no memo with id {memo_id}")
    with project.change("memo edit", f"edited memo {memo_id}", {"memo": memo_id}) as ch:
        ch.update("memos", memo_id, {"text": text, "updated_at": now()})
    return memo_from_row(project.row("memos", memo_id) or {})


def delete_memo(project: Project, memo_id: int) -> None:
    if project.row("memos", memo_id) is None:
        raise NotFound(f"no memo with id {memo_id}")
    with project.change("memo delete", f"deleted memo {memo_id}", {"memo": memo_id}) as ch:
        ch.delete("memos", memo_id)


def list_memos(project: Project) -> list[tuple[Memo, str]]:
    """Every memo with a label for what it is attached to."""
    out = []
    for row in project.query(
        "SELECT m.*, d.name AS document_name, c.key AS code_key FROM memos m "
        "LEFT JOIN documents d ON m.target = 'document' AND d.id = m.target_id "
        "LEFT JOIN codes c ON m.target = 'code' AND c.id = m.target_id ORDER BY m.id"
    ):
        memo = memo_from_row(row)
        label = "project"
        if memo.target == "document":
            name = row["document_name"]
            label = f"document {name}" if name is not None else "document (removed)"
        elif memo.target == "code":
            key = row["code_key"]
            label = f"code {key}" if key is not None else "code (removed)"
        out.append((memo, label))
    return out


def memos_on(project: Project, target: str, target_id: int) -> list[Memo]:
    """The memos on one document or code; the workbench asks on every cursor move, so this
    reads only those rows."""
    rows = project.query(
        "SELECT * FROM memos WHERE target = ? AND target_id = ? ORDER BY id", [target, target_id]
    )
    return [memo_from_row(r) for r in rows]
