"""`qcode matrix`: the theme × case excerpt matrix, as counts in the terminal or as
excerpts in a file (Word, Excel, CSV, Markdown, HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project, secho
from qcode.core.analysis.matrix import (
    Matrix,
    MatrixFilters,
    MatrixSpec,
    build_matrix,
    matrix_to_dict,
)
from qcode.core.errors import QcodeError
from qcode.core.export import FORMATS, LAYOUTS, write_matrix
from qcode.core.model import KINDS
from qcode.core.serialise import to_json

LABEL_WIDTH = 18


def _split_rows(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@click.command()
@common_options
@click.option(
    "--rows",
    metavar="KEY,KEY,...",
    help="Codes for the rows (keys or names, comma-separated), or 'themes' or "
    "'categories'. Default: every theme that has codings.",
)
@click.option("--nest", is_flag=True, help="Put each row code's categories beneath it.")
@click.option(
    "--by",
    default="source",
    show_default=True,
    metavar="ATTRIBUTE|source|kind|all",
    help="Columns: an attribute (office, group, ...), each source, source kind, or all "
    "together. Sources lacking the attribute form the case '(none)'.",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="grid",
    show_default=True,
    help="grid: a table of codes × cases; list: a heading per code and case (long cells).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "markdown"]),
    help="File format (default: from the -o extension).",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the matrix to this file."
)
@click.option("--coded-by", multiple=True, metavar="CODER", help="Only codings by this coder.")
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only sources of this kind."
)
@click.option(
    "--where",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only sources with this attribute value (repeat; same key = either value).",
)
@click.option("--text", default="", help="Only excerpts containing this text (any case).")
@click.option(
    "--no-pseudonyms", is_flag=True, help="Write real names (pseudonyms are applied by default)."
)
@click.option(
    "--strict-pseudonyms",
    is_flag=True,
    help="With -o: if a real name is still in the written file, write nothing and fail.",
)
@click.option(
    "--count",
    type=click.Choice(["segments", "sources", "words"]),
    default="segments",
    show_default=True,
    help="What the terminal grid counts.",
)
@json_option
def matrix(
    rows: str | None,
    nest: bool,
    by: str,
    layout: str,
    fmt: str | None,
    output: Path | None,
    coded_by: tuple[str, ...],
    kinds: tuple[str, ...],
    where: tuple[str, ...],
    text: str,
    no_pseudonyms: bool,
    strict_pseudonyms: bool,
    count: str,
    as_json: bool,
) -> None:
    """The theme × case excerpt matrix: counts in the terminal, or excerpts in a file.

    \b
    qcode matrix --rows power,conversation-control,preparation --by office
    qcode matrix --rows power --nest --by group -o matrix.docx
    qcode matrix --by participant --layout list -o matrix.docx
    qcode matrix --kind interview -o excerpts.xlsx     (also .csv .md .html)
    """
    project = open_project()
    spec = MatrixSpec(
        rows=_split_rows(rows),
        nest=nest,
        by=by.strip(),
        filters=MatrixFilters.from_options(coded_by, kinds, where, text),
    )
    if output is None:
        if fmt:
            raise QcodeError("--format needs -o FILE to write to")
        if strict_pseudonyms:
            raise QcodeError("--strict-pseudonyms needs -o FILE to write to")
        built = build_matrix(project, spec)
        if as_json:
            emit_json(matrix_to_dict(built))
        else:
            _print_grid(built, count)
        return
    result = write_matrix(
        project,
        spec,
        output,
        fmt,
        layout,
        pseudonyms=not no_pseudonyms,
        strict=strict_pseudonyms,
    )
    if as_json:
        emit_json(to_json(result))
    else:
        echo(
            f"wrote {result.path} ({result.format}, {result.layout}): {result.rows} codes × "
            f"{result.cases} cases, {result.excerpts} excerpts; pseudonyms {result.pseudonyms}"
        )
    for warning in result.warnings:
        echo(f"warning: {warning}", err=True)


def _clip(label: str, width: int = LABEL_WIDTH) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _print_grid(built: Matrix, count: str) -> None:
    heads = [_clip(c.label) for c in built.cases] + ["Total"]
    names = ["  " * r.depth + r.name for r in built.rows] + ["Total"]
    first = max(len(n) for n in names)
    table: list[list[int]] = []
    for r in range(len(built.rows)):
        values = [getattr(cell.counts, count) for cell in built.cells[r]]
        table.append([*values, getattr(built.row_counts(r), count)])
    totals = [getattr(built.case_counts(k), count) for k in range(len(built.cases))]
    table.append([*totals, getattr(built.total_counts(), count)])
    widths = [max(len(h), *(len(str(row[i])) for row in table)) for i, h in enumerate(heads)]
    secho(
        f"{count} per code × {built.by_label}"
        + (
            f"  (filters: {built.spec.filters.describe()})"
            if built.spec.filters.describe() != "none"
            else ""
        ),
        bold=True,
    )
    echo(" " * first + "  " + "  ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True)))
    for name, row in zip(names, table, strict=True):
        cells = "  ".join(str(v if v else "·").rjust(w) for v, w in zip(row, widths, strict=True))
        echo(f"{name:<{first}}  {cells}")
    if built.excerpt_count == 0 and built.spec.filters.describe() != "none":
        echo(f"no excerpts match the filters ({built.spec.filters.describe()})")
    elif built.excerpt_count == 0:
        echo("no excerpts: code some text first (qcode code, or auto-coding)")
