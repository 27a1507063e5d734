"""`qcode matrix`: the theme × case excerpt matrix, as counts in the terminal or as
excerpts in a file (Word, Excel, CSV, Markdown, HTML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qcode.cli.matrix_options import matrix_options, spec_from_options
from qcode.cli.support import common_options, echo, emit_json, json_option, open_project, secho
from qcode.core.analysis.matrix import Matrix, build_matrix
from qcode.core.analysis.summaries import summaries_for
from qcode.core.analysis.views import load_saved, mark_used
from qcode.core.errors import QcodeError
from qcode.core.export import FORMATS, write_matrix
from qcode.core.export.i18n import export_language
from qcode.core.serialise import matrix_summaries_json, matrix_to_dict, to_json

LABEL_WIDTH = 18


@click.command()
@common_options
@click.option(
    "--view",
    "view_name",
    metavar="NAME",
    help="Start from the saved view NAME (qcode views list); options given here override its own.",
)
@matrix_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "markdown", "pdf"]),
    help="File format (default: from the -o extension). pdf is the Word file converted by "
    "LibreOffice.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the matrix to this file."
)
@click.option(
    "--no-pseudonyms", is_flag=True, help="Write real names (pseudonyms are applied by default)."
)
@click.option(
    "--strict-pseudonyms",
    is_flag=True,
    help="With -o: if a real name is still in the written file, write nothing and fail.",
)
@click.option(
    "--lang",
    metavar="nb|nn|en",
    help="Language of the file's labels (titles, headings, counts, page numbers). Default: "
    "the project language (qcode config language) if there is a catalogue for it, else LANG.",
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
    view_name: str | None,
    fmt: str | None,
    output: Path | None,
    no_pseudonyms: bool,
    strict_pseudonyms: bool,
    lang: str | None,
    count: str,
    as_json: bool,
    **options: Any,
) -> None:
    """The theme × case excerpt matrix: counts in the terminal, or excerpts in a file.

    \b
    qcode matrix --rows power,conversation-control,preparation --by office
    qcode matrix --rows power --nest --by group -o matrix.docx
    qcode matrix --by participant --layout list -o matrix.docx
    qcode matrix --kind interview -o excerpts.xlsx     (also .csv .md .html .pdf)
    qcode matrix --view makt-per-kontor --where group=A -o matrix.docx
    qcode matrix --by office --lang nb -o matrise.docx     (labels in Norwegian)
    """
    ctx = click.get_current_context()
    project = open_project()
    view = load_saved(project, view_name) if view_name is not None else None
    spec, layout = spec_from_options(ctx, options, view)
    if view is not None:
        mark_used(project, view.name)
    if output is None:
        if fmt:
            raise QcodeError("--format needs -o FILE to write to")
        if strict_pseudonyms:
            raise QcodeError("--strict-pseudonyms needs -o FILE to write to")
        if lang:
            raise QcodeError("--lang needs -o FILE to write to")
        built = build_matrix(project, spec)
        if as_json:
            found = summaries_for(project, built)
            ordered = [found[key] for key in sorted(found, key=_cell_order(built))]
            emit_json({**matrix_to_dict(built), "summaries": matrix_summaries_json(ordered)})
        else:
            _print_grid(built, count)
        return
    language = export_language(project, lang)
    if fmt == "pdf" or (fmt is None and output.suffix.lower() == ".pdf"):
        from qcode.core.export.pdf import write_matrix_pdf

        if strict_pseudonyms and no_pseudonyms:
            raise QcodeError("--strict-pseudonyms and --no-pseudonyms contradict each other")
        result = write_matrix_pdf(
            project,
            spec,
            output,
            layout,
            pseudonyms=not no_pseudonyms,
            strict=strict_pseudonyms,
            lang=language,
        )
    else:
        result = write_matrix(
            project,
            spec,
            output,
            fmt,
            layout,
            pseudonyms=not no_pseudonyms,
            strict=strict_pseudonyms,
            lang=language,
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


def _cell_order(built: Matrix) -> Callable[[tuple[str, str]], tuple[int, int]]:
    """Sorts (row key, case label) as the matrix shows its cells: by row, then by case."""
    rows = {r.key: i for i, r in enumerate(built.rows)}
    cases = {c.label: k for k, c in enumerate(built.cases)}
    return lambda key: (rows[key[0]], cases[key[1]])


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
    filters = built.spec.filters.describe()
    notes = [f"filters: {filters}"] if filters != "none" else []
    if built.left_out:
        codes = "code" if built.left_out == 1 else "codes"
        notes.append(f"{built.left_out} {codes} without excerpts left out: --include-empty")
    secho(
        f"{count} per code × {built.by_label}" + (f"  ({'; '.join(notes)})" if notes else ""),
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
