"""`qcode summary`: the analyst's summary of one matrix cell (framework charting).

A cell is a code × a case, and a case is a value of the attribute the matrix's columns
come from (`--by`, as `qcode matrix --by`: an attribute, `source`, `kind` or `all`).
"""

from __future__ import annotations

import click

from qcode.cli.support import QcodeGroup, common_options, echo, emit_json, json_option, open_project
from qcode.core.analysis.summaries import (
    CellSummary,
    list_summaries,
    remove_summary,
    set_summary,
)
from qcode.core.serialise import cell_summary_json

by_option = click.option(
    "--by",
    default="source",
    show_default=True,
    metavar="ATTRIBUTE|source|kind|all",
    help="What the case is a value of: the matrix's --by (an attribute such as office, "
    "each source, source kind, or all).",
)


def _cell(summary: CellSummary) -> str:
    case = summary.case if summary.by == "source" else f"{summary.by}={summary.case}"
    return f"{summary.code} × {case}"


@click.group(cls=QcodeGroup)
def summary() -> None:
    """Summaries of matrix cells (a code × a case), shown first in the cell's exports."""


@summary.command("set")
@common_options
@by_option
@click.argument("code")
@click.argument("case")
@click.argument("text")
def summary_set(code: str, case: str, text: str, by: str) -> None:
    """Write the summary of the cell CODE × CASE (replaces the one there).

    CODE is a code's key or name; CASE a value of --by (a source's name by default).

    \b
    qcode summary set power Nordby "Users take over when the counsellor is unprepared" --by office
    """
    project = open_project()
    entry = set_summary(project, code, case, text, by)
    flag = " (no excerpts now)" if entry.orphan else ""
    echo(f"summary of {_cell(entry)}{flag}: {entry.text}")


@summary.command("list")
@common_options
@json_option
@click.option(
    "--by",
    default=None,
    metavar="ATTRIBUTE|source|kind|all",
    help="Only the summaries of cases of this attribute (default: all of them).",
)
def summary_list(as_json: bool, by: str | None) -> None:
    """List cell summaries in codebook order; '(no excerpts now)' marks a summary whose
    cell has no coded text any more."""
    project = open_project()
    entries = list_summaries(project, by)
    if as_json:
        emit_json([cell_summary_json(e) for e in entries])
        return
    if not entries:
        echo("no cell summaries yet: qcode summary set CODE CASE TEXT [--by ATTRIBUTE]")
        return
    for e in entries:
        flag = "  (no excerpts now)" if e.orphan else ""
        echo(f"{_cell(e)}  [{e.code_name}]{flag}")
        for line in e.text.splitlines():
            echo(f"    {line}")


@summary.command("remove")
@common_options
@by_option
@click.argument("code")
@click.argument("case")
def summary_remove(code: str, case: str, by: str) -> None:
    """Delete the summary of the cell CODE × CASE (qcode undo brings it back)."""
    project = open_project()
    entry = remove_summary(project, code, case, by)
    echo(f"removed the summary of {_cell(entry)}")
