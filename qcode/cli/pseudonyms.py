"""`qcode pseudonyms`: real names and the aliases every export writes instead."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import (
    QcodeGroup,
    common_options,
    echo,
    emit_json,
    json_option,
    open_project,
)
from qcode.core.export.pseudonyms import (
    add_pseudonym,
    import_pseudonyms,
    list_pseudonyms,
    remove_pseudonym,
)
from qcode.core.serialise import to_json


@click.group(cls=QcodeGroup)
def pseudonyms() -> None:
    """Real names and the aliases every export writes instead (see the README)."""


@pseudonyms.command("add")
@common_options
@click.argument("real")
@click.argument("alias")
def pseudonyms_add(real: str, alias: str) -> None:
    """Replace REAL by ALIAS in exports (changes the alias if REAL is already listed)."""
    project = open_project()
    entry, new = add_pseudonym(project, real, alias)
    echo(f"{'added' if new else 'changed'}: {entry.real} → {entry.alias}")


@pseudonyms.command("list")
@common_options
@json_option
def pseudonyms_list(as_json: bool) -> None:
    """List real names and their aliases."""
    project = open_project()
    entries = list_pseudonyms(project)
    if as_json:
        emit_json(to_json(entries))
        return
    if not entries:
        echo("no pseudonyms yet: qcode pseudonyms add REAL ALIAS")
        return
    width = max(len(e.real) for e in entries)
    for e in entries:
        echo(f"{e.real:<{width}}  →  {e.alias}")


@pseudonyms.command("remove")
@common_options
@click.argument("real")
def pseudonyms_remove(real: str) -> None:
    """Stop replacing REAL."""
    project = open_project()
    entry = remove_pseudonym(project, real)
    echo(f"removed: {entry.real} → {entry.alias}")


@pseudonyms.command("import")
@common_options
@click.argument("csv_file", metavar="CSV", type=click.Path(path_type=Path))
def pseudonyms_import(csv_file: Path) -> None:
    """Add or update pseudonyms from a CSV of real,alias rows (header optional)."""
    project = open_project()
    result = import_pseudonyms(project, csv_file)
    echo(
        f"pseudonyms from {csv_file}: {result.added} added, {result.updated} changed, "
        f"{result.unchanged} unchanged"
    )
