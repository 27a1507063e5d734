"""`qcode search`: full-text search over every document."""

from __future__ import annotations

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project
from qcode.core.analysis.search import search as search_core
from qcode.core.serialise import to_json


@click.command()
@common_options
@click.argument("query")
@click.option("--limit", default=200, show_default=True, help="At most this many hits.")
@json_option
def search(query: str, limit: int, as_json: bool) -> None:
    """Search all documents. Words match as prefixes; "quoted words" as a phrase."""
    hits = search_core(open_project(), query, limit)
    if as_json:
        emit_json(to_json(hits))
        return
    for h in hits:
        echo(f"{h.document}:{h.line} [{h.start}-{h.end}]  {h.context}")
    echo(f"{len(hits)} hit(s)")
