"""The sources of a study: `qcode import`, `docs`, `show` and `remove`."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project, secho
from qcode.core.coding import codings as codings_core
from qcode.core.importers.readings import STRUCTURES
from qcode.core.model import KINDS
from qcode.core.serialise import document_json, document_summary_json, to_json
from qcode.core.sources import documents as documents_core
from qcode.core.sources.attributes_csv import UnmatchedRow, describe_unmatched


@click.command("import")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="Source kind for all files (default: a 'kind' column in the CSV, else guessed: "
    "observation or log by the form's title or fields, interview when speaker turns are "
    "found, else other).",
)
@click.option(
    "--attributes",
    "attributes_csv",
    type=click.Path(path_type=Path),
    help="CSV of attributes: first column the file name, then one column each.",
)
@click.option(
    "--skip-errors",
    is_flag=True,
    help="Import the good files and list the bad ones, instead of importing none.",
)
@click.option(
    "--structure",
    type=click.Choice(STRUCTURES),
    default="auto",
    show_default=True,
    help="How labels such as 'Forberedelse:' are read: as headings (sections), as speaker "
    "labels (turns), not at all (none), or as the file's shape suggests (auto, which "
    "notes a file that could be read either way).",
)
@json_option
def import_(
    files: tuple[Path, ...],
    kind: str | None,
    attributes_csv: Path | None,
    skip_errors: bool,
    structure: str,
    as_json: bool,
) -> None:
    """Import source files (.txt .md .docx .odt .rtf .pdf .vtt .srt).

    The whole batch is one step: if a file is bad, nothing is imported (unless
    --skip-errors). A file identical to one already imported is skipped.
    """
    project = open_project()
    result = documents_core.import_files(
        project, list(files), kind, attributes_csv, skip_errors, structure=structure
    )
    if as_json:
        emit_json(to_json(result))
        return
    for note in result.notes:
        echo(f"note: {note}", err=True)
    for name in result.imported:
        echo(f"imported {name}")
    for path, why in result.skipped:
        echo(f"skipped {path}: {why}")
    _report_unmatched(attributes_csv, result.unmatched_rows)
    echo(
        f"{len(result.imported)} imported, {len(result.skipped)} skipped, "
        f"{result.attributes_set} attribute value(s) set"
    )


# Rows listed one a line up to this many; a CSV for another study would otherwise flood.
UNMATCHED_SHOWN = 10


def _report_unmatched(csv_path: Path | None, rows: list[UnmatchedRow]) -> None:
    """Rows of the attributes CSV that set nothing, each with the files it may have meant:
    otherwise a typo in a file name loses that document's attributes without a word."""
    if csv_path is None or not rows:
        return
    for row in rows[:UNMATCHED_SHOWN]:
        echo(f"{csv_path.name}: {describe_unmatched(row)}", err=True)
    if len(rows) > UNMATCHED_SHOWN:
        echo(
            f"{csv_path.name}: and {len(rows) - UNMATCHED_SHOWN} more row(s) set nothing", err=True
        )


@click.command()
@common_options
@click.option("--kind", type=click.Choice(KINDS), help="Only documents of this kind.")
@json_option
def docs(kind: str | None, as_json: bool) -> None:
    """List the project's documents with kind, size, codings and attributes."""
    summaries = [
        s
        for s in documents_core.list_documents(open_project())
        if kind is None or s.document.kind == kind
    ]
    if as_json:
        emit_json([document_summary_json(s) for s in summaries])
        return
    if not summaries:
        echo("no documents yet: qcode import FILE...")
        return
    width = max(len(s.document.name) for s in summaries)
    for s in summaries:
        attrs = " ".join(f"{k}={v}" for k, v in s.document.attributes.items())
        echo(
            f"{s.document.name:<{width}}  {s.document.kind:<11} {s.chars:>7} chars "
            f"{s.codings:>4} codings  {attrs}".rstrip()
        )


@click.command()
@common_options
@click.argument("doc")
@click.option("--no-text", is_flag=True, help="Leave out the text; show structure and codings.")
@json_option
def show(doc: str, no_text: bool, as_json: bool) -> None:
    """Show one document (by name): text with line numbers, sections, turns, codings."""
    project = open_project()
    document = documents_core.get_document(project, doc)
    codings = codings_core.list_codings(project, document_id=document.id)
    if as_json:
        emit_json(document_json(document, codings))
        return
    sections, turns, text = document.sections, document.turns, document.text
    secho(f"{document.name}  ({document.kind}, {len(text)} chars)", bold=True)
    for key, value in document.attributes.items():
        echo(f"  {key}: {value}")
    if not no_text:
        echo()
        for number, line in enumerate(text.split("\n"), start=1):
            echo(f"{number:>5}  {line}")
    echo()
    echo(f"sections ({len(sections)}):" + ("" if sections else " none"))
    for s in sections:
        at_line = text.count("\n", 0, s.start) + 1
        echo(f"  {'  ' * (s.level - 1)}{s.title}  (line {at_line}, {s.start}-{s.end})")
    speakers = documents_core.speaker_turns(document)
    echo(
        f"turns ({len(turns)}): "
        + (", ".join(f"{k} ×{v}" for k, v in speakers.items()) if turns else "none")
    )
    echo(f"codings ({len(codings)}):" + ("" if codings else " none"))
    for c in codings:
        excerpt = " ".join(text[c.coding.start : c.coding.end].split())
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "..."
        echo(
            f"  #{c.coding.id} {c.code_key} [{c.coding.start}-{c.coding.end}] "
            f"{c.coding.coder}: {excerpt}"
        )


@click.command()
@common_options
@click.argument("doc")
@click.option("--yes", is_flag=True, help="Do not ask, even when the document has codings.")
def remove(doc: str, yes: bool) -> None:
    """Remove document DOC with its codings, attributes and memos (undo brings it back)."""
    project = open_project()
    document = documents_core.get_document(project, doc)
    count = len(codings_core.list_codings(project, document_id=document.id))
    if count and not yes:
        click.confirm(f"{document.name} has {count} coding(s); remove it with them?", abort=True)
    _, removed = documents_core.remove_document(project, document.id)
    echo(f"removed {document.name} and {removed} coding(s); 'qcode undo' brings them back")
