"""`qcode init` and `qcode status`: making a project file and summarising one."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import coder, common_options, echo, emit_json, json_option, open_project
from qcode.core.project.status import project_status


@click.command()
@common_options
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--codebook",
    "codebook_file",
    type=click.Path(path_type=Path),
    help="Load this codebook into the new project.",
)
@click.option(
    "--from",
    "from_qdpx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Build the project from this REFI-QDA project (.qdpx or .qde); see import-project.",
)
@click.option(
    "--offsets",
    type=click.Choice(["auto", "codepoints", "utf16"]),
    default="auto",
    show_default=True,
    help="With --from: how the file counts selection offsets (auto, codepoints, utf16).",
)
@json_option
def init(
    path: Path, codebook_file: Path | None, from_qdpx: Path | None, offsets: str, as_json: bool
) -> None:
    """Create a new, empty project file PATH (e.g. study.qcode), or with --from one built
    from a REFI-QDA project (.qdpx)."""
    if from_qdpx is not None:
        _init_from(path, from_qdpx, codebook_file, offsets, as_json)
        return
    # the codebook reader (YAML) only here: `qcode status` starts without it
    from qcode.core.codebook import codes as codes_core
    from qcode.core.codebook.format import load_codebook
    from qcode.core.project.store import Project

    book = load_codebook(codebook_file) if codebook_file else None
    with Project.create(path, coder=coder(click.get_current_context())) as project:
        if book is not None:
            codes_core.load_codebook(project, book, str(codebook_file))
    if as_json:
        emit_json({"created": str(path), "codebook": book.name if book else None})
        return
    echo(f"created {path}" + (f" with codebook '{book.name}'" if book else ""))


def _init_from(
    path: Path, source: Path, codebook_file: Path | None, offsets: str, as_json: bool
) -> None:
    """`init --from`: the project read from a .qdpx, through the merge rules."""
    from qcode.core.errors import QcodeError
    from qcode.core.exchange.refi_import import init_from_refi, report_lines

    if codebook_file is not None:
        raise QcodeError("--codebook and --from cannot be combined; load the codebook after")
    report = init_from_refi(path, source, coder(click.get_current_context()), offsets=offsets)
    if as_json:
        from qcode.core.serialise import to_json

        emit_json(to_json(report))
        return
    out, warnings = report_lines(report)
    echo(f"created {path} from {source}")
    for line in out[1:]:
        echo(line)
    for line in warnings:
        echo(line, err=True)


@click.command()
@common_options
@json_option
def status(as_json: bool) -> None:
    """Summarise the project: documents, structure, codes, codings, changes."""
    st = project_status(open_project())
    if as_json:
        from qcode.core.serialise import to_json  # the model's JSON shapes: only for --json

        emit_json(to_json(st))
        return
    kinds = ", ".join(f"{n} {k}" for k, n in st.documents_by_kind.items()) or "none"
    echo(f"project    {st.path} (schema {st.schema_version}, created {st.created_at})")
    echo(f"documents  {sum(st.documents_by_kind.values())} ({kinds}), {st.characters} characters")
    echo(
        f"structure  {st.sections} sections, {st.turns} speaker turns, "
        f"{st.attributes} attribute values"
    )
    echo(f"codes      {st.themes} themes, {st.categories} categories")
    echo(f"codings    {st.codings}" + (f" by {', '.join(st.coders)}" if st.coders else ""))
    echo(f"memos      {st.memos}")
    echo(f"changes    {st.changes}" + (f"; last: {st.last_change}" if st.last_change else ""))
