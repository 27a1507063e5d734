"""`qcode coders`: who coded this project, how much, and when they last changed it."""

from __future__ import annotations

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project
from qcode.core.coding.coders import CoderSummary, list_coders
from qcode.core.serialise import coder_json


@click.command()
@common_options
@json_option
def coders(as_json: bool) -> None:
    """List every coder: codings made, first and last change, and the active one (*).

    The active coder is the one new codings and undo belong to: --coder, else
    $QCODE_CODER, else the OS user. The mark is how the workbench tells coders apart
    in the reader's margin.
    """
    found = list_coders(open_project())
    if as_json:
        emit_json([coder_json(c) for c in found])
        return
    width = max(len(c.name) for c in found)
    for c in found:
        echo(describe(c, width))


def describe(coder: CoderSummary, width: int) -> str:
    active = "*" if coder.active else " "
    mark = f"[{coder.mark}]" if coder.mark else "   "
    noun = "coding" if coder.codings == 1 else "codings"
    if coder.first_change is None:
        when = "no changes yet"
    else:
        when = f"{coder.first_change} – {coder.last_change}"
    return f"{active} {mark} {coder.name:<{width}}  {coder.codings:>6} {noun:<7}  {when}"
