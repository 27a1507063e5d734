"""`qcode import-project`: a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA,
QualCoder, or qcode) brought into this project by the merge rules."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project

OFFSETS_HELP = (
    "How the file counts selection offsets: auto (decide per source: the unit under which "
    "selections fall on word boundaries inside the text), codepoints (the standard) or "
    "utf16 (NVivo)."
)


@click.command("import-project")
@common_options
@click.argument("qdpx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--offsets",
    type=click.Choice(["auto", "codepoints", "utf16"]),
    default="auto",
    show_default=True,
    help=OFFSETS_HELP,
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Report what the import would add and conflict on; change nothing.",
)
@json_option
def import_project(qdpx: Path, offsets: str, dry_run: bool, as_json: bool) -> None:
    """Import QDPX (a REFI-QDA project, or a loose .qde) into this project.

    Sources, codes, codings with their coders, memos and case variables come in by the
    rules of `qcode merge`: documents match by text, codes by GUID, key, then name, and a
    coding already here is not added again. What cannot be used (a missing text, a
    selection outside its text, a bad GUID or colour) is left out or mended and listed as
    a warning. One step: `qcode undo` takes it back.
    """
    from qcode.core.exchange.refi_import import import_refi, report_lines
    from qcode.core.serialise import to_json

    project = open_project()
    report = import_refi(project, qdpx, offsets=offsets, dry_run=dry_run)
    if as_json:
        emit_json(to_json(report))
        return
    out, warnings = report_lines(report)
    for line in out:
        echo(line)
    for line in warnings:
        echo(line, err=True)
