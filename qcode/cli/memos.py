"""`qcode memo`: memos on the project, a document, a code or a coding."""

from __future__ import annotations

import click

from qcode.cli.support import (
    ROW_ID,
    QcodeGroup,
    common_options,
    echo,
    emit_json,
    json_option,
    open_project,
)
from qcode.core.coding import codings as codings_core
from qcode.core.serialise import coding_memo_json, memo_json


@click.group(cls=QcodeGroup)
def memo() -> None:
    """Write and read memos on the project, a document, a code or a coding."""


@memo.command("add")
@common_options
@click.argument("text")
@click.option("--doc", help="Attach to this document (name).")
@click.option("--code", "code_ref", help="Attach to this code (key or name).")
@click.option("--coding", "coding_id", type=ROW_ID, help="Set the memo of this coding (id).")
def memo_add(text: str, doc: str | None, code_ref: str | None, coding_id: int | None) -> None:
    """Add a memo TEXT (to the project unless --doc, --code or --coding says where)."""
    project = open_project()
    if coding_id is not None:
        if doc or code_ref:
            raise click.UsageError("give one of --doc, --code or --coding")
        codings_core.set_coding_memo(project, coding_id, text)
        echo(f"memo set on coding {coding_id}")
        return
    created = codings_core.add_memo(project, text, doc, code_ref)
    echo(f"memo {created.id} added")


@memo.command("list")
@common_options
@json_option
def memo_list(as_json: bool) -> None:
    """List all memos (and coding memos)."""
    project = open_project()
    memos = codings_core.list_memos(project)
    coded = codings_core.coding_memos(project)
    if as_json:
        emit_json(
            [memo_json(m, label) for m, label in memos] + [coding_memo_json(v) for v in coded]
        )
        return
    for m, label in memos:
        echo(f"#{m.id} on {label} by {m.author} {m.updated_at}:\n    {m.text}")
    for v in coded:
        echo(f"coding {v.coding.id} ({v.document}, {v.code_key}):\n    {v.coding.memo}")


@memo.command("edit")
@common_options
@click.argument("memo_id", type=ROW_ID)
@click.argument("text")
def memo_edit(memo_id: int, text: str) -> None:
    """Replace the text of memo MEMO_ID."""
    codings_core.edit_memo(open_project(), memo_id, text)
    echo(f"memo {memo_id} updated")


@memo.command("delete")
@common_options
@click.argument("memo_id", type=ROW_ID)
def memo_delete(memo_id: int) -> None:
    """Delete memo MEMO_ID (undo brings it back)."""
    codings_core.delete_memo(open_project(), memo_id)
    echo(f"memo {memo_id} deleted")
