"""`qcode export-project`: the whole project as a REFI-QDA 1.5 file (.qdpx) for NVivo,
ATLAS.ti, MAXQDA, QualCoder and qc.

The import half (`qcode import-project`, `qcode init --from`) is `exchange_import.py`.
"""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, open_project


@click.command("export-project")
@common_options
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Replace real names by their pseudonyms in document names, texts, memos, codes and "
    "coder names (off by default: an exchange file is for continuing the analysis).",
)
@click.option(
    "--strict-pseudonyms",
    is_flag=True,
    help="With --pseudonymise: if a real name is still in the written file, write nothing "
    "and fail.",
)
def export_project(out: Path, pseudonymise: bool, strict_pseudonyms: bool) -> None:
    """Write the whole project to OUT.qdpx (REFI-QDA 1.5): coders, the code tree, the
    documents' texts, codings with their coder and time, attributes as case variables,
    memos as notes, sections and speaker turns as codes under "qcode structure"."""
    from qcode.core.exchange.refi_write import export_project as write_qdpx

    if out.suffix.lower() != ".qdpx":
        raise click.UsageError(f"{out}: a REFI-QDA project file ends in .qdpx")
    result = write_qdpx(open_project(), out, pseudonymise, strict_pseudonyms)
    echo(
        f"wrote {result.path} ({result.documents} documents, {result.codes} codes, "
        f"{result.codings} codings, {result.users} users, {result.notes} notes)"
    )
    if result.leaked:
        names = ", ".join(result.leaked)
        if result.pseudonymised:
            echo(f"{out}: real names still in the export: {names}", err=True)
        else:
            echo(f"{out}: pseudonyms off; real names written: {names}", err=True)
