"""Coding by hand: `qcode code`, `qcode uncode` and `qcode codings`."""

from __future__ import annotations

import click

from qcode.cli.support import (
    OFFSET,
    ROW_ID,
    common_options,
    echo,
    emit_json,
    json_option,
    open_project,
)
from qcode.core.codebook import codes as codes_core
from qcode.core.coding import codings as codings_core
from qcode.core.serialise import coding_json, coding_view_json
from qcode.core.sources import documents as documents_core


@click.command()
@common_options
@click.argument("doc")
@click.argument("start", type=OFFSET)
@click.argument("end", type=OFFSET)
@click.argument("code")
@click.option("--memo", default="", help="A memo on this coding.")
@json_option
def code(doc: str, start: int, end: int, code: str, memo: str, as_json: bool) -> None:
    """Code characters START to END (code points, end exclusive) of DOC with CODE (key or name)."""
    coding = codings_core.add_coding(open_project(), doc, start, end, code, memo)
    if as_json:
        emit_json(coding_json(coding))
        return
    echo(f"coding {coding.id}: {doc} {start}-{end} as {code}")


@click.command()
@common_options
@click.argument("coding_id", type=ROW_ID)
def uncode(coding_id: int) -> None:
    """Remove the coding CODING_ID (see `qcode codings` or `qcode show DOC`)."""
    codings_core.remove_coding(open_project(), coding_id)
    echo(f"removed coding {coding_id}")


@click.command()
@common_options
@click.argument("doc", required=False)
@click.option("--code", "code_ref", help="Only codings of this code (key or name).")
@json_option
def codings(doc: str | None, code_ref: str | None, as_json: bool) -> None:
    """List codings, of one document DOC and/or one code."""
    project = open_project()
    doc_id = documents_core.get_document(project, doc).id if doc else None
    code_id = codes_core.resolve_code(project, code_ref).id if code_ref else None
    views = codings_core.list_codings(project, doc_id, code_id)
    if as_json:
        emit_json([coding_view_json(v) for v in views])
        return
    for v in views:
        echo(
            f"#{v.coding.id} {v.document} [{v.coding.start}-{v.coding.end}] "
            f"{v.code_key} by {v.coding.coder} {v.coding.created_at}"
        )
