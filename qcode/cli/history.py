"""`qcode log`, `qcode undo`, `qcode redo`: the audit log and moving back and forth in it."""

from __future__ import annotations

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project
from qcode.core.project import undo as undo_core
from qcode.core.serialise import audit_entry_json


@click.command()
@common_options
@click.option(
    "--steps",
    "-n",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="How many changes to undo.",
)
def undo(steps: int) -> None:
    """Undo your last change (repeat, or --steps N, to go further back).

    With --steps N and fewer changes left, undoes those and says so (exit status 0): the
    project ends where the user was heading. With none left it is an error."""
    project = open_project()
    for done in range(steps):
        try:
            entry = undo_core.undo(project)
        except undo_core.NothingToRevert:
            if done == 0:
                raise
            echo(f"undid {done} of {steps} change(s): there is nothing more to undo")
            return
        echo(f"undone #{entry.id}: {entry.summary or entry.action}")


@click.command()
@common_options
def redo() -> None:
    """Redo the change you undid last."""
    entry = undo_core.redo(open_project())
    echo(f"redone #{entry.id}: {entry.summary or entry.action}")


@click.command()
@common_options
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(1, 2**63 - 1),
    default=30,
    show_default=True,
    help="How many entries.",
)
@click.option("--verbose", "-v", is_flag=True, help="Also list the rows each change touched.")
@json_option
def log(limit: int, verbose: bool, as_json: bool) -> None:
    """Show the audit log: who changed what, when (newest first)."""
    project = open_project()
    entries = undo_core.history(project, limit)
    if as_json:
        emit_json(
            [
                audit_entry_json(e, undo_core.changes_of(project, e.id) if verbose else None)
                for e in entries
            ]
        )
        return
    for e in entries:
        state = f"  (undone by #{e.undone_by})" if e.undone_by else ""
        echo(f"#{e.id} {e.at} {e.coder} {e.action}: {e.summary}{state}")
        if verbose:
            for (op, table), ids in undo_core.grouped_changes(project, e.id).items():
                shown = ", ".join(map(str, ids[:8])) + (", ..." if len(ids) > 8 else "")
                echo(f"      {op} {len(ids)} {table}: {shown}")
