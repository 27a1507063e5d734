"""The qcode command line: a thin layer over `qcode.core`.

Each command finds the project, calls one core function and prints the result, as text
for people or as JSON (`--json`) for scripts. User mistakes arrive as `QcodeError` and
leave as one line on stderr with exit status 1; nothing here catches anything else, so a
real bug still shows its traceback.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from qcode.cli_support import (
    QcodeGroup,
    common_options,
    emit_json,
    find_project_path,
    json_option,
    open_project,
    settings,
)
from qcode.core.analysis.search import search as search_core
from qcode.core.codebook import codes as codes_core
from qcode.core.coding import codings as codings_core
from qcode.core.errors import QcodeError
from qcode.core.model import KINDS
from qcode.core.project import undo as undo_core
from qcode.core.project.status import project_status
from qcode.core.project.store import Project
from qcode.core.serialise import section_json, turn_json
from qcode.core.sources import documents as documents_core


@click.group(
    cls=QcodeGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@common_options
@click.version_option(package_name="qcode")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """qcode: qualitative coding of observation notes and interview transcripts.

    Import sources, load a codebook of themes, code text, and see how the analysis was
    made. Every command works on one project file (*.qcode). Without a command, qcode
    opens the project found here in the terminal workbench (`qcode open`).
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        path = find_project_path(ctx)
    except QcodeError:
        click.echo(ctx.get_help())
        return
    _run_app(path, settings(ctx).get("coder"))


def _run_app(path: Path, coder: str | None, create: bool = False) -> None:
    from qcode.tui.app import make_app  # Textual only when the app is wanted

    app = make_app(path, coder=coder, create=create)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@cli.command("open")
@common_options
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--create", is_flag=True, help="Create the project without asking if it is new.")
def open_(path: Path | None, create: bool) -> None:
    """Open the terminal workbench on PATH (default: the project found as for every command).

    A PATH that does not exist yet is offered for creation."""
    ctx = click.get_current_context()
    _run_app(path or find_project_path(ctx), settings(ctx).get("coder"), create)


@cli.command()
@common_options
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--codebook",
    "codebook_file",
    type=click.Path(path_type=Path),
    help="Load this codebook into the new project.",
)
def init(path: Path, codebook_file: Path | None) -> None:
    """Create a new, empty project file PATH (e.g. study.qcode)."""
    from qcode.core.codebook.format import load_codebook

    ctx = click.get_current_context()
    book = load_codebook(codebook_file) if codebook_file else None
    with Project.create(path, coder=settings(ctx).get("coder")) as project:
        if book is not None:
            codes_core.load_codebook(project, book, str(codebook_file))
    click.echo(f"created {path}" + (f" with codebook '{book.name}'" if book else ""))


@cli.command("import")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="Source kind for all files (default: a 'kind' column in the CSV, "
    "else guessed: interview when speaker turns are found, else other).",
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
@json_option
def import_(
    files: tuple[Path, ...],
    kind: str | None,
    attributes_csv: Path | None,
    skip_errors: bool,
    as_json: bool,
) -> None:
    """Import source files (.txt .md .docx .odt .rtf .pdf .vtt .srt).

    The whole batch is one step: if a file is bad, nothing is imported (unless
    --skip-errors). A file identical to one already imported is skipped.
    """
    project = open_project(click.get_current_context())
    result = documents_core.import_files(project, list(files), kind, attributes_csv, skip_errors)
    if as_json:
        emit_json(asdict(result))
        return
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for name in result.imported:
        click.echo(f"imported {name}")
    for path, why in result.skipped:
        click.echo(f"skipped {path}: {why}")
    click.echo(
        f"{len(result.imported)} imported, {len(result.skipped)} skipped, "
        f"{result.attributes_set} attribute value(s) set"
    )


def _doc_json(summary: documents_core.DocumentSummary) -> dict[str, Any]:
    d = summary.document
    return {
        "name": d.name,
        "kind": d.kind,
        "attributes": d.attributes,
        "chars": summary.chars,
        "codings": summary.codings,
        "guid": d.guid,
        "imported_at": d.imported_at,
        "original_path": d.original_path,
    }


@cli.command()
@common_options
@click.option("--kind", type=click.Choice(KINDS), help="Only documents of this kind.")
@json_option
def docs(kind: str | None, as_json: bool) -> None:
    """List the project's documents with kind, size, codings and attributes."""
    project = open_project(click.get_current_context())
    summaries = [
        s for s in documents_core.list_documents(project) if kind is None or s.document.kind == kind
    ]
    if as_json:
        emit_json([_doc_json(s) for s in summaries])
        return
    if not summaries:
        click.echo("no documents yet: qcode import FILE...")
        return
    width = max(len(s.document.name) for s in summaries)
    for s in summaries:
        attrs = " ".join(f"{k}={v}" for k, v in s.document.attributes.items())
        click.echo(
            f"{s.document.name:<{width}}  {s.document.kind:<11} {s.chars:>7} chars "
            f"{s.codings:>4} codings  {attrs}".rstrip()
        )


@cli.command()
@common_options
@click.argument("doc")
@click.option("--no-text", is_flag=True, help="Leave out the text; show structure and codings.")
@json_option
def show(doc: str, no_text: bool, as_json: bool) -> None:
    """Show one document (by name): text with line numbers, sections, turns, codings."""
    project = open_project(click.get_current_context())
    document = documents_core.get_document(project, doc)
    sections = document.sections
    turns = document.turns
    codings = codings_core.list_codings(project, document_id=document.id)
    if as_json:
        emit_json(
            {
                "name": document.name,
                "kind": document.kind,
                "text": document.text,
                "attributes": document.attributes,
                "guid": document.guid,
                "metadata": document.metadata,
                "sections": [section_json(s) for s in sections],
                "turns": [turn_json(t) for t in turns],
                "codings": [
                    {
                        "id": c.coding.id,
                        "code": c.code_key,
                        "start": c.coding.start,
                        "end": c.coding.end,
                        "coder": c.coding.coder,
                        "memo": c.coding.memo,
                        "text": document.text[c.coding.start : c.coding.end],
                    }
                    for c in codings
                ],
            }
        )
        return
    click.secho(f"{document.name}  ({document.kind}, {len(document.text)} chars)", bold=True)
    for key, value in document.attributes.items():
        click.echo(f"  {key}: {value}")
    if not no_text:
        click.echo()
        for number, line in enumerate(document.text.split("\n"), start=1):
            click.echo(f"{number:>5}  {line}")
    click.echo()
    click.echo(f"sections ({len(sections)}):" + ("" if sections else " none"))
    for s in sections:
        line = document.text.count("\n", 0, s.start) + 1
        click.echo(f"  {'  ' * (s.level - 1)}{s.title}  (line {line}, {s.start}-{s.end})")
    speakers: dict[str, int] = {}
    for t in turns:
        speakers[t.speaker] = speakers.get(t.speaker, 0) + 1
    click.echo(
        f"turns ({len(turns)}): "
        + (", ".join(f"{k} ×{v}" for k, v in speakers.items()) if turns else "none")
    )
    click.echo(f"codings ({len(codings)}):" + ("" if codings else " none"))
    for c in codings:
        excerpt = " ".join(document.text[c.coding.start : c.coding.end].split())
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "..."
        click.echo(
            f"  #{c.coding.id} {c.code_key} [{c.coding.start}-{c.coding.end}] "
            f"{c.coding.coder}: {excerpt}"
        )


@cli.command()
@common_options
@click.argument("doc")
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("code")
@click.option("--memo", default="", help="A memo on this coding.")
@json_option
def code(doc: str, start: int, end: int, code: str, memo: str, as_json: bool) -> None:
    """Code characters START to END (code points, end exclusive) of DOC with CODE (key or name)."""
    project = open_project(click.get_current_context())
    coding = codings_core.add_coding(project, doc, start, end, code, memo)
    if as_json:
        emit_json(asdict(coding))
        return
    click.echo(f"coding {coding.id}: {doc} {start}-{end} as {code}")


@cli.command()
@common_options
@click.argument("coding_id", type=int)
def uncode(coding_id: int) -> None:
    """Remove the coding CODING_ID (see `qcode codings` or `qcode show DOC`)."""
    project = open_project(click.get_current_context())
    codings_core.remove_coding(project, coding_id)
    click.echo(f"removed coding {coding_id}")


@cli.command()
@common_options
@click.argument("doc")
@click.option("--yes", is_flag=True, help="Do not ask, even when the document has codings.")
def remove(doc: str, yes: bool) -> None:
    """Remove document DOC with its codings, attributes and memos (undo brings it back)."""
    project = open_project(click.get_current_context())
    document = documents_core.get_document(project, doc)
    count = len(codings_core.list_codings(project, document_id=document.id))
    if count and not yes:
        click.confirm(f"{document.name} has {count} coding(s); remove it with them?", abort=True)
    _, removed = documents_core.remove_document(project, document.id)
    click.echo(f"removed {document.name} and {removed} coding(s); 'qcode undo' brings them back")


@cli.command()
@common_options
@click.argument("doc", required=False)
@click.option("--code", "code_ref", help="Only codings of this code (key or name).")
@json_option
def codings(doc: str | None, code_ref: str | None, as_json: bool) -> None:
    """List codings, of one document DOC and/or one code."""
    project = open_project(click.get_current_context())
    doc_id = documents_core.get_document(project, doc).id if doc else None
    code_id = codes_core.resolve_code(project, code_ref).id if code_ref else None
    views = codings_core.list_codings(project, doc_id, code_id)
    if as_json:
        emit_json(
            [
                {
                    "id": v.coding.id,
                    "document": v.document,
                    "code": v.code_key,
                    "start": v.coding.start,
                    "end": v.coding.end,
                    "coder": v.coding.coder,
                    "created_at": v.coding.created_at,
                    "memo": v.coding.memo,
                }
                for v in views
            ]
        )
        return
    for v in views:
        click.echo(
            f"#{v.coding.id} {v.document} [{v.coding.start}-{v.coding.end}] "
            f"{v.code_key} by {v.coding.coder} {v.coding.created_at}"
        )


@cli.command()
@common_options
@click.option(
    "--steps",
    "-n",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="How many changes to undo.",
)
def undo(steps: int) -> None:
    """Undo your last change (repeat, or --steps N, to go further back)."""
    project = open_project(click.get_current_context())
    for _ in range(steps):
        entry = undo_core.undo(project)
        click.echo(f"undone #{entry.id}: {entry.summary or entry.action}")


@cli.command()
@common_options
def redo() -> None:
    """Redo the change you undid last."""
    project = open_project(click.get_current_context())
    entry = undo_core.redo(project)
    click.echo(f"redone #{entry.id}: {entry.summary or entry.action}")


@cli.command()
@common_options
@click.option("--limit", "-n", default=30, show_default=True, help="How many entries.")
@click.option("--verbose", "-v", is_flag=True, help="Also list the rows each change touched.")
@json_option
def log(limit: int, verbose: bool, as_json: bool) -> None:
    """Show the audit log: who changed what, when (newest first)."""
    project = open_project(click.get_current_context())
    entries = undo_core.history(project, limit)
    if as_json:
        emit_json(
            [
                {**asdict(e), "changes": undo_core.changes_of(project, e.id)}
                if verbose
                else asdict(e)
                for e in entries
            ]
        )
        return
    for e in entries:
        state = f"  (undone by #{e.undone_by})" if e.undone_by else ""
        click.echo(f"#{e.id} {e.at} {e.coder} {e.action}: {e.summary}{state}")
        if verbose:
            grouped: dict[tuple[str, str], list[int]] = {}
            for change in undo_core.changes_of(project, e.id):
                grouped.setdefault((change["op"], change["table"]), []).append(change["row_id"])
            for (op, table), ids in grouped.items():
                shown = ", ".join(map(str, ids[:8])) + (", ..." if len(ids) > 8 else "")
                click.echo(f"      {op} {len(ids)} {table}: {shown}")


@cli.command()
@common_options
@click.argument("query")
@click.option("--limit", default=200, show_default=True, help="At most this many hits.")
@json_option
def search(query: str, limit: int, as_json: bool) -> None:
    """Search all documents. Words match as prefixes; "quoted words" as a phrase."""
    project = open_project(click.get_current_context())
    hits = search_core(project, query, limit)
    if as_json:
        emit_json([asdict(h) for h in hits])
        return
    for h in hits:
        click.echo(f"{h.document}:{h.line} [{h.start}-{h.end}]  {h.context}")
    click.echo(f"{len(hits)} hit(s)")


@cli.command()
@common_options
@json_option
def status(as_json: bool) -> None:
    """Summarise the project: documents, structure, codes, codings, changes."""
    project = open_project(click.get_current_context())
    st = project_status(project)
    if as_json:
        emit_json(asdict(st))
        return
    kinds = ", ".join(f"{n} {k}" for k, n in st.documents_by_kind.items()) or "none"
    click.echo(f"project    {st.path} (schema {st.schema_version}, created {st.created_at})")
    click.echo(
        f"documents  {sum(st.documents_by_kind.values())} ({kinds}), {st.characters} characters"
    )
    click.echo(
        f"structure  {st.sections} sections, {st.turns} speaker turns, "
        f"{st.attributes} attribute values"
    )
    click.echo(f"codes      {st.themes} themes, {st.categories} categories")
    click.echo(f"codings    {st.codings}" + (f" by {', '.join(st.coders)}" if st.coders else ""))
    click.echo(f"memos      {st.memos}")
    click.echo(f"changes    {st.changes}" + (f"; last: {st.last_change}" if st.last_change else ""))


from qcode.cli_autocode import autocode, suggest, suggestions  # noqa: E402
from qcode.cli_categories import categories  # noqa: E402
from qcode.cli_groups import attributes, codebook, codes, memo  # noqa: E402
from qcode.cli_matrix import matrix, pseudonyms  # noqa: E402

for group in (attributes, codebook, codes, memo, matrix, pseudonyms):
    cli.add_command(group)
for group in (autocode, suggest, suggestions, categories):
    cli.add_command(group)


def main() -> None:
    cli(prog_name="qcode")
