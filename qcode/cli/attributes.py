"""`qcode attributes`: the key/value attributes of documents (office, group, meeting,
participant, ...), set by hand or from a CSV, and the values they take."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import QcodeGroup, common_options, echo, emit_json, json_option, open_project
from qcode.core.sources import documents as documents_core


@click.group(cls=QcodeGroup)
def attributes() -> None:
    """Document attributes (office, group, meeting, participant, ...) after import."""


def _pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.UsageError(f"'{pair}' is not KEY=VALUE")
        values[key.strip()] = value.strip()
    return values


@attributes.command("set")
@common_options
@click.argument("doc")
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
def attributes_set(doc: str, pairs: tuple[str, ...]) -> None:
    """Set attributes of DOC, e.g. office=Nordby group=A; KEY= removes one."""
    values = _pairs(pairs)
    changed = documents_core.set_document_attributes(open_project(), doc, values)
    echo(f"{changed} attribute value(s) changed")


@attributes.command("load")
@common_options
@click.argument("csv_file", type=click.Path(path_type=Path))
def attributes_load(csv_file: Path) -> None:
    """Apply an attributes CSV (first column the file name) to documents already imported."""
    changed, unknown = documents_core.load_attributes(open_project(), csv_file)
    for name in unknown:
        echo(f"no document named '{name}' (row skipped)", err=True)
    echo(f"{changed} attribute value(s) set")


@attributes.command("list")
@common_options
@json_option
def attributes_list(as_json: bool) -> None:
    """Each attribute with the values it takes and how many documents have each."""
    table = documents_core.attribute_values(open_project())
    if as_json:
        emit_json(table)
        return
    for key in sorted(table):
        values = ", ".join(f"{v} ({n})" for v, n in sorted(table[key].items()))
        echo(f"{key}: {values}")
