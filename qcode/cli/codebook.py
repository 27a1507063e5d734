"""`qcode codebook`: load a codebook file into the project, show one, export the project's.

`show --tree/--counts` prints the derived codebook (codings and documents per code, a
theme's count with its categories apart from its own); `export` writes YAML, or Word for a
report appendix.
"""

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
    preview,
    secho,
)
from qcode.core.analysis.codebook_report import codebook_report
from qcode.core.codebook import codes as codes_core
from qcode.core.codebook.format import Codebook, load_codebook
from qcode.core.export.i18n import export_language
from qcode.core.export.leaks import Leak, describe_leaks
from qcode.core.project.store import Project
from qcode.core.serialise import code_report_json, to_json


@click.group(cls=QcodeGroup)
def codebook() -> None:
    """Load, show and export codebooks (YAML; see the README for the format)."""


@codebook.command("load")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
def codebook_load(file: Path) -> None:
    """Merge the codebook FILE into the project: new codes are added, codes with the same
    key are updated, other codes are left alone. FILE is YAML, or REFI-QDA when it ends in
    .qdc (a code with a GUID the project knows updates that code)."""
    if file.suffix.lower() == ".qdc":  # REFI-QDA (NVivo, ATLAS.ti, MAXQDA, Taguette)
        from qcode.core.exchange.refi_codebook import read_qdc

        project = open_project()
        book = read_qdc(file, codes_core.list_codes(project))
        result = codes_core.load_codebook(project, book, str(file))
    else:
        book = load_codebook(file)
        result = codes_core.load_codebook(open_project(), book, str(file))
    echo(
        f"codebook '{book.name}': {len(result.added)} added, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged"
    )


@codebook.command("show")
@common_options
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path),
    help="Show a codebook file (checking it) instead of the project's codes.",
)
@click.option("--tree", is_flag=True, help="Only the tree: names and keys, no descriptions.")
@click.option(
    "--counts", is_flag=True, help="Codings and documents per code (themes: also with categories)."
)
@json_option
def codebook_show(file: Path | None, tree: bool, counts: bool, as_json: bool) -> None:
    """Show the project's codebook (or a codebook file) with descriptions and keywords."""
    if file is None and (tree or counts):
        _show_report(open_project(), tree, counts, as_json)
        return
    coding_counts: dict[str, int] = {}
    if file is not None:
        book = load_codebook(file)
    else:
        project = open_project()
        book = codes_core.codebook_from_project(project)
        coding_counts = codes_core.coding_counts_by_key(project)
    if as_json:
        emit_json(to_json(book))
        return
    _print_codebook(book, coding_counts)


def _print_codebook(book: Codebook, coding_counts: dict[str, int]) -> None:
    secho(book.name, bold=True)
    for spec, _parent, level in book.walk():
        indent = "  " * (level - 1)
        shortcut = f" [{spec.shortcut}]" if spec.shortcut else ""
        count = f"  ({coding_counts[spec.key]} codings)" if spec.key in coding_counts else ""
        echo(f"{indent}{spec.name} ({spec.key}){shortcut} {spec.colour}{count}")
        if spec.description:
            echo(f"{indent}    {spec.description}")
        if spec.keywords:
            echo(f"{indent}    keywords: {', '.join(spec.keywords)}")


def _show_report(project: Project, tree: bool, counts: bool, as_json: bool) -> None:
    """The code tree with codings and documents per code; a theme's count with its
    categories is shown apart from its own."""
    report = codebook_report(project, examples=False)
    if as_json:
        emit_json([code_report_json(e) for e in report])
        return
    if not report:
        echo("no codes yet: qcode codebook load FILE")
        return
    labels = [
        "  " * e.depth
        + f"{e.code.name} ({e.code.key})"
        + (f" [{e.code.shortcut}]" if e.code.shortcut else "")
        for e in report
    ]
    width = min(max(len(label) for label in labels), 70)
    secho(project.path.stem, bold=True)
    if counts:
        echo(f"{'':<{width}}  codings  documents")
    for e, label in zip(report, labels, strict=True):
        line = label if not counts else f"{label:<{width}}  {e.codings:>7}  {e.documents:>9}"
        if counts and e.has_categories:
            line += f"   with categories: {e.total_codings} in {e.total_documents}"
        echo(line)
        if not tree and e.code.description:
            echo("  " * e.depth + f"    {preview(e.code.description, 100)}")


@codebook.command("export")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", help="Codebook name written in the file (default: the project's).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "docx", "qdc"]),
    help="yaml, docx (Word, with counts and examples) or qdc (REFI-QDA, for NVivo, ATLAS.ti, "
    "MAXQDA); default: from FILE's extension.",
)
@click.option(
    "--no-pseudonyms",
    is_flag=True,
    help="Write real names (pseudonyms are applied by default; keys too, so use this to "
    "load the codebook back into the same project).",
)
@click.option(
    "--strict-pseudonyms",
    is_flag=True,
    help="If a real name is still in the written file, write nothing and fail.",
)
@click.option(
    "--lang",
    metavar="nb|nn|en",
    help="Language of the Word codebook's labels (YAML and .qdc have none). Default: "
    "the project language (qcode config language) if there is a catalogue for it, else LANG.",
)
def codebook_export(
    file: Path,
    name: str | None,
    fmt: str | None,
    no_pseudonyms: bool,
    strict_pseudonyms: bool,
    lang: str | None,
) -> None:
    """Write the project's code tree to FILE as a codebook: YAML, a Word document for a
    report appendix (FILE ending in .docx), or REFI-QDA (FILE ending in .qdc). Real names
    are replaced by their pseudonyms."""
    project = open_project()
    pseudonyms = not no_pseudonyms
    language = export_language(project, lang)  # checked for every format: a typo is said
    if fmt == "docx" or (fmt is None and file.suffix.lower() == ".docx"):
        _export_docx(project, file, name, pseudonyms, strict_pseudonyms, language)
        return
    if fmt == "qdc" or (fmt is None and file.suffix.lower() == ".qdc"):
        from qcode.core.exchange.refi_codebook import write_codebook_qdc

        qdc = write_codebook_qdc(project, file, name, pseudonyms, strict_pseudonyms)
        echo(f"wrote {qdc.path} ({qdc.codes} codes)")
        _warn_leaks(file, qdc.leaks, pseudonyms)
        return
    from qcode.core.export.codebook_yaml import write_codebook_yaml

    result = write_codebook_yaml(project, file, name, pseudonyms, strict_pseudonyms)
    echo(f"wrote {result.path} ({result.codes} codes)")
    _warn_leaks(file, result.leaks, pseudonyms)


def _export_docx(
    project: Project, file: Path, name: str | None, pseudonyms: bool, strict: bool, lang: str
) -> None:
    from qcode.core.export.codebook_docx import write_codebook_docx  # python-docx on demand

    result = write_codebook_docx(project, file, name, pseudonyms, strict, lang)
    echo(
        f"wrote {result.path} ({result.themes} themes, {result.categories} categories, "
        f"{result.codings} codings)"
    )
    _warn_leaks(file, result.leaks, pseudonyms)


def _warn_leaks(file: Path, leaks: tuple[Leak, ...], pseudonyms: bool) -> None:
    if not leaks:
        return
    names = ", ".join(sorted({leak.name for leak in leaks}, key=str.casefold))
    if pseudonyms:
        where = describe_leaks(list(leaks))
        echo(f"{file}: real names still in the export: {names} (where: {where})", err=True)
    else:
        echo(f"{file}: pseudonyms off; real names written: {names}", err=True)
