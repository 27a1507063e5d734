"""Command groups of the CLI: `qcode codes`, `codebook`, `memo` and `attributes`."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from qcode.cli_support import QcodeGroup, common_options, emit_json, json_option, open_project
from qcode.core.codebook import codes as codes_core
from qcode.core.codebook.format import dump_codebook, load_codebook
from qcode.core.coding import codings as codings_core
from qcode.core.errors import QcodeError
from qcode.core.sources import documents as documents_core


@click.group(cls=QcodeGroup)
def codebook() -> None:
    """Load, show and export codebooks (YAML; see the README for the format)."""


@codebook.command("load")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
def codebook_load(file: Path) -> None:
    """Merge the codebook FILE into the project: new codes are added, codes with the same
    key are updated, other codes are left alone."""
    book = load_codebook(file)
    project = open_project(click.get_current_context())
    result = codes_core.load_codebook(project, book, str(file))
    click.echo(
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
        from qcode.cli_categories import show_codebook_tree

        show_codebook_tree(open_project(click.get_current_context()), tree, counts, as_json)
        return
    if file is not None:
        book = load_codebook(file)
        counts: dict[str, int] = {}
    else:
        project = open_project(click.get_current_context())
        book = codes_core.codebook_from_project(project)
        by_id = codes_core.coding_counts(project)
        counts = {c.key: by_id.get(c.id, 0) for c in codes_core.list_codes(project)}
    if as_json:
        emit_json(asdict(book))
        return
    click.secho(book.name, bold=True)
    for spec, _parent, level in book.walk():
        indent = "  " * (level - 1)
        shortcut = f" [{spec.shortcut}]" if spec.shortcut else ""
        count = f"  ({counts[spec.key]} codings)" if spec.key in counts else ""
        click.echo(f"{indent}{spec.name} ({spec.key}){shortcut} {spec.colour}{count}")
        if spec.description:
            click.echo(f"{indent}    {spec.description}")
        if spec.keywords:
            click.echo(f"{indent}    keywords: {', '.join(spec.keywords)}")


@codebook.command("export")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", help="Codebook name written in the file (default: the project's).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "docx"]),
    help="yaml, or docx (Word, with counts and examples); default: from FILE's extension.",
)
def codebook_export(file: Path, name: str | None, fmt: str | None) -> None:
    """Write the project's code tree to FILE as a codebook: YAML, or a Word document for a
    report appendix (FILE ending in .docx)."""
    project = open_project(click.get_current_context())
    if fmt == "docx" or (fmt is None and file.suffix.lower() == ".docx"):
        from qcode.cli_categories import export_codebook_docx

        export_codebook_docx(project, file, name)
        return
    book = codes_core.codebook_from_project(project, name)
    try:
        file.write_text(dump_codebook(book), encoding="utf-8")
    except OSError as exc:
        raise QcodeError(f"{file}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {file} ({sum(1 for _ in book.walk())} codes)")


@click.group(cls=QcodeGroup)
def memo() -> None:
    """Write and read memos on the project, a document, a code or a coding."""


@memo.command("add")
@common_options
@click.argument("text")
@click.option("--doc", help="Attach to this document (name).")
@click.option("--code", "code_ref", help="Attach to this code (key or name).")
@click.option("--coding", "coding_id", type=int, help="Set the memo of this coding (id).")
def memo_add(text: str, doc: str | None, code_ref: str | None, coding_id: int | None) -> None:
    """Add a memo TEXT (to the project unless --doc, --code or --coding says where)."""
    project = open_project(click.get_current_context())
    if coding_id is not None:
        if doc or code_ref:
            raise click.UsageError("give one of --doc, --code or --coding")
        codings_core.set_coding_memo(project, coding_id, text)
        click.echo(f"memo set on coding {coding_id}")
        return
    created = codings_core.add_memo(project, text, doc, code_ref)
    click.echo(f"memo {created.id} added")


@memo.command("list")
@common_options
@json_option
def memo_list(as_json: bool) -> None:
    """List all memos (and coding memos)."""
    project = open_project(click.get_current_context())
    memos = codings_core.list_memos(project)
    coded = [v for v in codings_core.list_codings(project) if v.coding.memo]
    if as_json:
        emit_json(
            [{**asdict(m), "on": label} for m, label in memos]
            + [
                {
                    "coding": v.coding.id,
                    "on": f"coding {v.coding.id}",
                    "text": v.coding.memo,
                    "author": v.coding.coder,
                }
                for v in coded
            ]
        )
        return
    for m, label in memos:
        click.echo(f"#{m.id} on {label} by {m.author} {m.updated_at}:\n    {m.text}")
    for v in coded:
        click.echo(f"coding {v.coding.id} ({v.document}, {v.code_key}):\n    {v.coding.memo}")


@memo.command("edit")
@common_options
@click.argument("memo_id", type=int)
@click.argument("text")
def memo_edit(memo_id: int, text: str) -> None:
    """Replace the text of memo MEMO_ID."""
    project = open_project(click.get_current_context())
    codings_core.edit_memo(project, memo_id, text)
    click.echo(f"memo {memo_id} updated")


@memo.command("delete")
@common_options
@click.argument("memo_id", type=int)
def memo_delete(memo_id: int) -> None:
    """Delete memo MEMO_ID (undo brings it back)."""
    project = open_project(click.get_current_context())
    codings_core.delete_memo(project, memo_id)
    click.echo(f"memo {memo_id} deleted")


@click.group(cls=QcodeGroup, invoke_without_command=True)
@common_options
@json_option
@click.pass_context
def codes(ctx: click.Context, as_json: bool) -> None:
    """List the code tree: themes, their categories, shortcuts and coding counts.

    With a subcommand (`codes add`), change the tree instead."""
    if ctx.invoked_subcommand is not None:
        return
    project = open_project(ctx)
    tree = codes_core.list_codes(project)
    counts = codes_core.coding_counts(project)
    keys = {c.id: c.key for c in tree}
    if as_json:
        emit_json(
            [
                {
                    "key": c.key,
                    "name": c.name,
                    "level": c.level,
                    "parent": keys.get(c.parent_id) if c.parent_id else None,
                    "colour": c.colour,
                    "shortcut": c.shortcut,
                    "codings": counts.get(c.id, 0),
                    "description": c.description,
                    "keywords": list(c.keywords),
                    "guid": c.guid,
                }
                for c in tree
            ]
        )
        return
    if not tree:
        click.echo("no codes yet: qcode codebook load FILE")
        return
    for c in tree:
        indent = "  " * (c.level - 1)
        shortcut = f"[{c.shortcut}]" if c.shortcut else "   "
        click.echo(f"{shortcut} {indent}{c.name} ({c.key})  {counts.get(c.id, 0)}")


@codes.command("add")
@common_options
@click.argument("name")
@click.option("--parent", help="Make it a category under this code (key or name).")
@click.option("--key", help="Stable key (default: derived from the name).")
@click.option("--colour", "--color", "colour", help="#rrggbb or a colour name.")
@click.option("--shortcut", help="One key, a-z or 0-9.")
@click.option("--description", default="", help="What the code covers.")
def codes_add(
    name: str,
    parent: str | None,
    key: str | None,
    colour: str | None,
    shortcut: str | None,
    description: str,
) -> None:
    """Create a code NAME: a theme, or with --parent a category under one."""
    project = open_project(click.get_current_context())
    code = codes_core.add_code(project, name, key, parent, colour, shortcut, description)
    where = "theme" if code.level == 1 else f"level-{code.level} category"
    click.echo(f"added {where} {code.name} ({code.key})")


@click.group(cls=QcodeGroup)
def attributes() -> None:
    """Document attributes (office, group, meeting, participant, ...) after import."""


@attributes.command("set")
@common_options
@click.argument("doc")
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
def attributes_set(doc: str, pairs: tuple[str, ...]) -> None:
    """Set attributes of DOC, e.g. office=Nordby group=A; KEY= removes one."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.UsageError(f"'{pair}' is not KEY=VALUE")
        values[key.strip()] = value.strip()
    project = open_project(click.get_current_context())
    changed = documents_core.set_document_attributes(project, doc, values)
    click.echo(f"{changed} attribute value(s) changed")


@attributes.command("load")
@common_options
@click.argument("csv_file", type=click.Path(path_type=Path))
def attributes_load(csv_file: Path) -> None:
    """Apply an attributes CSV (first column the file name) to documents already imported."""
    project = open_project(click.get_current_context())
    changed, unknown = documents_core.load_attributes(project, csv_file)
    for name in unknown:
        click.echo(f"no document named '{name}' (row skipped)", err=True)
    click.echo(f"{changed} attribute value(s) set")


@attributes.command("list")
@common_options
@json_option
def attributes_list(as_json: bool) -> None:
    """Each attribute with the values it takes and how many documents have each."""
    project = open_project(click.get_current_context())
    table: dict[str, dict[str, int]] = {}
    for attrs in documents_core.attributes_by_document(project).values():
        for key, value in attrs.items():
            table.setdefault(key, {}).setdefault(value, 0)
            table[key][value] += 1
    if as_json:
        emit_json(table)
        return
    for key in sorted(table):
        values = ", ".join(f"{v} ({n})" for v, n in sorted(table[key].items()))
        click.echo(f"{key}: {values}")
