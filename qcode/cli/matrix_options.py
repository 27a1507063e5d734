"""The matrix's options, shared by `qcode matrix` and `qcode views save`.

One decorator declares them, so a view saves exactly what `qcode matrix` takes; one
function turns them into a `MatrixSpec` on top of a saved view, so an option given on the
command line overrides the view's value and an option not given keeps it (click tells the
two apart by where a value came from, not by comparing it with the default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.analysis.views import LAYOUTS, SavedView
from qcode.core.model import KINDS

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--rows",
        metavar="KEY,KEY,...",
        help="Codes for the rows (keys or names, comma-separated), or 'themes' or "
        "'categories'. Default: every theme that has codings.",
    ),
    click.option(
        "--nest/--no-nest", default=False, help="Put each row code's categories beneath it."
    ),
    click.option(
        "--by",
        default="source",
        show_default=True,
        metavar="ATTRIBUTE|source|kind|all",
        help="Columns: an attribute (office, group, ...), each source, source kind, or all "
        "together. Sources lacking the attribute form the case '(none)'.",
    ),
    click.option(
        "--layout",
        type=click.Choice(LAYOUTS),
        default="grid",
        show_default=True,
        help="grid: a table of codes × cases; list: a heading per code and case (long cells).",
    ),
    click.option("--coded-by", multiple=True, metavar="CODER", help="Only codings by this coder."),
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(KINDS),
        help="Only sources of this kind.",
    ),
    click.option(
        "--where",
        multiple=True,
        metavar="KEY=VALUE",
        help="Only sources with this attribute value (repeat; same key = either value).",
    ),
    click.option("--text", default="", help="Only excerpts containing this text (any case)."),
    click.option(
        "--include-empty/--skip-empty",
        default=False,
        help="Also show codes without excerpts (left out by default; the title block says "
        "how many).",
    ),
)


def matrix_options(func: F) -> F:
    """The options that make a matrix spec (rows, columns, nesting, filters, layout)."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def split_rows(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def spec_from_options(
    ctx: click.Context, params: dict[str, Any], view: SavedView | None = None
) -> tuple[MatrixSpec, str]:
    """The spec and layout the options ask for: the view's, with each option given on the
    command line in place of the view's value (`--where` replaces the view's attribute
    filters, `--coded-by` its coders, and so on)."""
    base = view.spec if view else MatrixSpec()
    layout = view.layout if view else "grid"
    filters = base.filters
    given = {name for name in params if _given(ctx, name)}
    if view is None:
        given |= {"rows", "nest", "by", "include_empty"}  # no view: the options as they are
    if given & {"coded_by", "kinds", "where", "text"}:
        from_cli = MatrixFilters.from_options(
            params["coded_by"], params["kinds"], params["where"], params["text"]
        )
        filters = MatrixFilters(
            from_cli.coders if "coded_by" in given or view is None else filters.coders,
            from_cli.kinds if "kinds" in given or view is None else filters.kinds,
            from_cli.attributes if "where" in given or view is None else filters.attributes,
            from_cli.text if "text" in given or view is None else filters.text,
        )
    spec = MatrixSpec(
        rows=split_rows(params["rows"]) if "rows" in given else base.rows,
        nest=params["nest"] if "nest" in given else base.nest,
        by=params["by"].strip() if "by" in given else base.by,
        filters=filters,
        include_empty=params["include_empty"] if "include_empty" in given else base.include_empty,
    )
    if "layout" in given:
        layout = params["layout"]
    return spec, layout
