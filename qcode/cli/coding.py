"""Coding by hand: `qcode code`, `qcode uncode` and `qcode codings`, one coding at a time or
a batch of JSON lines from a script.

The core modules are imported inside each command, not here: the root command loads this
module to list or run any one of its commands, and `qcode code --batch` is what a script
calls, so this module's own import stays small.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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

F = TypeVar("F", bound=Callable[..., Any])

BATCH_HELP = (
    "Read codings from FILE (- for standard input), one JSON object a line: "
    '{"document", "start", "end", "code", "coder"?, "memo"?}; all are made in one step, '
    "or none if a line is bad."
)


def _batch_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--batch",
        "batch",
        metavar="FILE|-",
        type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str),
        help=help_text,
    )


def _read_batch(batch: str) -> tuple[bytes, str]:
    """The bytes of a batch and the name its errors give: the file, or <stdin>."""
    if batch == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    return Path(batch).read_bytes(), batch


def _batch_only(given: dict[str, object], batch: str | None) -> None:
    """A single coding's arguments and --batch exclude each other; without --batch every
    argument is needed (they are optional to click only so that --batch can stand alone)."""
    named = [name for name, value in given.items() if value is not None]
    if batch is not None and named:
        raise click.UsageError(f"give {named[0].upper()} and the rest, or --batch, not both")
    if batch is None:
        missing = [name for name, value in given.items() if value is None]
        if missing:
            raise click.UsageError(
                f"Missing argument '{missing[0].upper()}' (or give --batch FILE)."
            )


@click.command()
@common_options
@click.argument("doc", required=False)
@click.argument("start", type=OFFSET, required=False)
@click.argument("end", type=OFFSET, required=False)
@click.argument("code", required=False)
@click.option("--memo", default=None, help="A memo on this coding.")
@_batch_option(BATCH_HELP)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="With --batch: pass over lines whose coding is already made, instead of refusing.",
)
@json_option
def code(
    doc: str | None,
    start: int | None,
    end: int | None,
    code: str | None,
    memo: str | None,
    batch: str | None,
    skip_existing: bool,
    as_json: bool,
) -> None:
    """Code characters START to END (code points, end exclusive) of DOC with CODE (key or name).

    With --batch FILE, make many codings from JSON lines instead (see the README, "Coding
    from scripts"): one transaction, one entry in the log, one `qcode undo`.
    """
    _batch_only({"doc": doc, "start": start, "end": end, "code": code}, batch)
    if batch is not None:
        if memo is not None:
            raise click.UsageError('--memo is for one coding; in a batch give each line a "memo"')
        from qcode.core.coding.batch import code_batch

        data, source = _read_batch(batch)
        result = code_batch(open_project(), data, source, skip_existing=skip_existing)
        if as_json:
            emit_json({"added": result.added, "skipped": result.skipped, "audit": result.audit_id})
            return
        skipped = f", skipped {result.skipped} already made" if result.skipped else ""
        echo(f"coded {result.added} span(s) from {source}{skipped}")
        return
    if skip_existing:
        raise click.UsageError("--skip-existing goes with --batch")
    from qcode.core.coding import codings as codings_core
    from qcode.core.serialise import coding_json

    assert doc is not None and start is not None and end is not None and code is not None
    coding = codings_core.add_coding(open_project(), doc, start, end, code, memo or "")
    if as_json:
        emit_json(coding_json(coding))
        return
    echo(f"coding {coding.id}: {doc} {start}-{end} as {code}")


@click.command()
@common_options
@click.argument("coding_id", type=ROW_ID, required=False)
@_batch_option(
    "Remove the codings named in FILE (- for standard input), one JSON object a line: "
    '{"document", "start", "end", "code", "coder"?}; all in one step, or none if a line '
    "matches no coding."
)
def uncode(coding_id: int | None, batch: str | None) -> None:
    """Remove the coding CODING_ID (see `qcode codings` or `qcode show DOC`).

    With --batch FILE, remove the codings its JSON lines name instead, as one step.
    """
    _batch_only({"coding_id": coding_id}, batch)
    if batch is not None:
        from qcode.core.coding.batch import uncode_batch

        data, source = _read_batch(batch)
        result = uncode_batch(open_project(), data, source)
        echo(f"removed {result.removed} coding(s) named in {source}")
        return
    from qcode.core.coding import codings as codings_core

    assert coding_id is not None
    codings_core.remove_coding(open_project(), coding_id)
    echo(f"removed coding {coding_id}")


@click.command()
@common_options
@click.argument("doc", required=False)
@click.option("--code", "code_ref", help="Only codings of this code (key or name).")
@json_option
def codings(doc: str | None, code_ref: str | None, as_json: bool) -> None:
    """List codings, of one document DOC and/or one code."""
    from qcode.core.codebook import codes as codes_core
    from qcode.core.coding import codings as codings_core
    from qcode.core.serialise import coding_view_json
    from qcode.core.sources import documents as documents_core

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
