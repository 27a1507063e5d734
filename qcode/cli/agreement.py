"""`qcode agreement`: how far two coders agree, per code and overall, in the terminal, as
JSON, or as a report for a methods appendix (Word, Excel)."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project, secho
from qcode.core.analysis.agreement import Comparison
from qcode.core.analysis.agreement_data import AgreementResult, AgreementSpec
from qcode.core.analysis.agreement_data import agreement as compare_coders
from qcode.core.errors import QcodeError
from qcode.core.export.i18n import export_language
from qcode.core.safetext import visible
from qcode.core.serialise import agreement_json

LABEL_WIDTH = 24
COLUMNS = (
    ("%agree", 7),
    ("Cohen κ", 8),
    ("Kripp α", 8),
    ("BP κ", 7),
    ("u-α", 7),
    ("A only", 9),
    ("B only", 9),
    ("both", 9),
    ("neither", 10),
    ("seg A", 6),
    ("seg B", 6),
)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@click.command()
@common_options
@click.option(
    "--coders",
    required=True,
    metavar="A,B",
    help="The two coders to compare, comma-separated (as `qcode codings` names them).",
)
@click.option(
    "--codes",
    metavar="KEY,...",
    help="Only these codes (keys or names). Default: every code either coder used.",
)
@click.option(
    "--documents",
    metavar="NAME,...",
    help="Only these documents (names or ids). Default: every document both coders coded.",
)
@click.option(
    "--per-document",
    is_flag=True,
    help="Also each code in each document, on that document alone.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the report (table, n, formulas, coders, date) to FILE.docx or FILE.xlsx.",
)
@click.option(
    "--lang",
    metavar="nb|nn|en",
    help="Language of the report's labels (headings, facts, table heads, the measures in "
    "words). Default: the project language (qcode config language) if there is a catalogue "
    "for it, else LANG.",
)
@json_option
def agreement(
    coders: str,
    codes: str | None,
    documents: str | None,
    per_document: bool,
    output: Path | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Inter-coder agreement of two coders, per code and overall, on characters.

    Percentage agreement, Cohen's kappa, Krippendorff's alpha (nominal),
    Brennan-Prediger kappa and Krippendorff's unitized alpha (which judges where
    segments begin and end), with the characters each coder coded alone, both and
    neither, over the documents both coders coded. Formulas and sources: README.

    \b
    qcode agreement --coders kari,ola
    qcode agreement --coders kari,ola --codes power,preparation --json
    qcode agreement --coders kari,ola -o agreement.docx      (or .xlsx)
    qcode agreement --coders kari,ola --lang nb -o samsvar.docx
    """
    project = open_project()
    if output is not None:  # python-docx and openpyxl only for a report
        from qcode.core.export.agreement_report import report_format

        report_format(output)  # a wrong extension is refused before anything is computed
        language = export_language(project, lang)
    elif lang:
        raise QcodeError("--lang needs -o FILE to write to")
    spec = AgreementSpec(_split(coders), _split(codes), _split(documents), per_document)
    result = compare_coders(project, spec)
    if output is not None:
        from qcode.core.export.agreement_report import write_agreement_report
        from qcode.core.export.pseudonyms import Pseudonymiser

        written = write_agreement_report(
            result, output, Pseudonymiser.for_project(project), lang=language
        )
        message = (
            f"wrote {written.path} ({written.format}): {written.codes} code"
            f"{'s' * (written.codes != 1)}, {written.documents} document"
            f"{'s' * (written.documents != 1)}"
        )
        if as_json:
            emit_json({**agreement_json(result), "written": written.path})
        else:
            echo(message)
        for name in written.leaked:
            echo(f"warning: {written.path}: a real name is still in the report: {name}", err=True)
        return
    if as_json:
        emit_json(agreement_json(result))
        return
    _print_table(result)


def _cell(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.1f}" if percent else f"{value:.3f}"


def _row(label: str, comparison: Comparison) -> str:
    t = comparison.table
    values = [
        _cell(t.percent, percent=True),
        _cell(t.kappa),
        _cell(t.alpha),
        _cell(t.bp_kappa),
        _cell(comparison.u_alpha),
        f"{t.a_only:,}",
        f"{t.b_only:,}",
        f"{t.both:,}",
        f"{t.neither:,}",
        f"{comparison.segments_a:,}",
        f"{comparison.segments_b:,}",
    ]
    label = visible(label)  # escaped before it is measured, so the columns stay aligned
    clipped = label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"
    cells = "".join(v.rjust(w) for v, (_, w) in zip(values, COLUMNS, strict=True))
    return f"{clipped:<{LABEL_WIDTH}}{cells}"


def _print_table(result: AgreementResult) -> None:
    a, b = result.coders
    secho(
        f"agreement of A = {a} and B = {b}: {result.characters:,} characters in "
        f"{len(result.documents)} document{'s' * (len(result.documents) != 1)} both coded "
        "(unit: character)",
        bold=True,
    )
    heads = "".join(h.rjust(w) for h, w in COLUMNS)
    echo(f"{'code':<{LABEL_WIDTH}}{heads}")
    for entry in result.codes:
        echo(_row(entry.code.name, entry.comparison))
    echo(_row("overall", result.overall))
    if result.per_document:
        echo("")
        secho("per document", bold=True)
        for d in result.per_document:
            echo(_row(f"{d.document} · {d.code.name}", d.comparison))
    every = [result.overall, *(c.comparison for c in result.codes)]
    every += [d.comparison for d in result.per_document]
    if any(None in (c.table.kappa, c.table.alpha, c.u_alpha, c.table.percent) for c in every):
        echo(
            "—: undefined. κ when both coders coded all or none of the text (Pe = 1); "
            "α when every unit has the same value; u-α when neither coder coded the code."
        )
    if not result.codes:
        echo("no codes to compare: neither coder coded these documents with a code asked for")
