"""`qcode views`: a matrix's options saved under a name (`qcode matrix --view NAME`)."""

from __future__ import annotations

from typing import Any

import click

from qcode.cli.matrix_options import matrix_options, spec_from_options
from qcode.cli.support import QcodeGroup, common_options, echo, emit_json, json_option, open_project
from qcode.core.analysis.views import (
    SavedView,
    last_used,
    list_views,
    remove_view,
    save_view,
)
from qcode.core.serialise import saved_view_json


@click.group(cls=QcodeGroup)
def views() -> None:
    """Saved matrix views: rows, columns, nesting, filters and coders under a name."""


@views.command("save")
@common_options
@click.argument("name")
@matrix_options
@click.option("--replace", is_flag=True, help="Replace a saved view of the same name.")
@json_option
def views_save(name: str, replace: bool, as_json: bool, **options: Any) -> None:
    """Save the matrix these options ask for as NAME (audited; qcode undo takes it back).

    \b
    qcode views save makt-per-kontor --rows power --nest --by office
    qcode views save intervjuer --kind interview --coded-by anna --layout list
    qcode matrix --view makt-per-kontor -o matrix.docx
    """
    project = open_project()
    spec, layout = spec_from_options(click.get_current_context(), options)
    view = save_view(project, name, spec, layout, replace=replace)
    if as_json:
        emit_json(saved_view_json(view))
        return
    echo(f"saved view {view.name}: {describe(view)}")


@views.command("list")
@common_options
@json_option
def views_list(as_json: bool) -> None:
    """List the saved views with what each shows (the last one used is marked *)."""
    project = open_project()
    saved = list_views(project)
    last = last_used(project)
    if as_json:
        emit_json([saved_view_json(v, v.name == (last.name if last else None)) for v in saved])
        return
    if not saved:
        echo("no views saved yet: qcode views save NAME [matrix options]")
        return
    width = max(len(v.name) for v in saved)
    for v in saved:
        mark = "*" if last is not None and last.name == v.name else " "
        echo(f"{mark} {v.name:<{width}}  {describe(v)}")


@views.command("remove")
@common_options
@click.argument("name")
def views_remove(name: str) -> None:
    """Remove the saved view NAME (audited; qcode undo brings it back)."""
    project = open_project()
    view = remove_view(project, name)
    echo(f"removed view {view.name}")


def describe(view: SavedView) -> str:
    """What a view shows, in the words of the matrix options."""
    spec = view.spec
    parts = [f"rows {', '.join(spec.rows) if spec.rows else 'coded themes'}"]
    if spec.nest:
        parts[0] += " with categories"
    parts.append(f"by {spec.by}")
    if spec.filters.describe() != "none":
        parts.append(f"filters: {spec.filters.describe()}")
    if spec.include_empty:
        parts.append("empty rows shown")
    parts.append(f"layout {view.layout}")
    return " · ".join(parts)
