"""`qcode categories` (level-2 categories from coded segments) and the tree-reshaping
subcommands of `qcode codes` (rename, merge, move, promote, demote)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from qcode.cli_groups import codes
from qcode.cli_support import QcodeGroup, common_options, emit_json, json_option, open_project
from qcode.core.analysis.codebook_report import codebook_report
from qcode.core.categories import derive as core
from qcode.core.categories import provenance as category_provenance
from qcode.core.categories import reshape as category_reshape
from qcode.core.categories import suggest as category_suggest
from qcode.core.codebook.codes import update_code
from qcode.core.project.store import Project

PREVIEW = 110


def _preview(text: str, width: int = PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


@click.group(cls=QcodeGroup)
def categories() -> None:
    """Level-2 categories: sort a theme's coded segments into categories derived from them.

    A segment is a coding of the theme; assigning it to a category codes the same span
    with the category and remembers which coding it came from."""


@categories.command("add")
@common_options
@click.argument("theme")
@click.argument("name")
@click.option("--key", help="Stable key (default: derived from the name).")
@click.option("--description", default="", help="What the category covers.")
def categories_add(theme: str, name: str, key: str | None, description: str) -> None:
    """Create the category NAME under THEME (key or name)."""
    project = open_project(click.get_current_context())
    code = core.add_category(project, theme, name, key=key, description=description)
    click.echo(f"added category {code.name} ({code.key}) under {theme}")


@categories.command("assign")
@common_options
@click.argument("coding_id", type=int)
@click.argument("category")
@click.option(
    "--move", is_flag=True, help="Take the segment out of its other categories of the same theme."
)
def categories_assign(coding_id: int, category: str, move: bool) -> None:
    """Put the segment CODING_ID (a coding of a theme) into CATEGORY, a category under
    that theme. `qcode categories list THEME` shows the coding ids."""
    project = open_project(click.get_current_context())
    coding = core.assign(project, coding_id, category, replace=move)
    click.echo(
        f"coding {coding_id} {'moved' if move else 'assigned'} to {category} (coding {coding.id})"
    )


@categories.command("unassign")
@common_options
@click.argument("coding_id", type=int)
@click.argument("category")
def categories_unassign(coding_id: int, category: str) -> None:
    """Take the segment CODING_ID out of CATEGORY."""
    project = open_project(click.get_current_context())
    core.unassign(project, coding_id, category)
    click.echo(f"coding {coding_id} taken out of {category}")


@categories.command("list")
@common_options
@click.argument("theme")
@json_option
def categories_list(theme: str, as_json: bool) -> None:
    """The segments of THEME with the categories they are in (uncategorised first), its
    categories, and how far categorising has come."""
    project = open_project(click.get_current_context())
    listing = core.segments(project, theme)
    counts: dict[int, int] = {}
    for segment in listing.segments:
        for assigned in segment.categories:
            counts[assigned.code_id] = counts.get(assigned.code_id, 0) + 1
    if as_json:
        emit_json(
            {
                "theme": {"key": listing.theme.key, "name": listing.theme.name},
                "categorised": listing.categorised,
                "total": listing.total,
                "categories": [
                    {
                        "key": c.key,
                        "name": c.name,
                        "level": c.level,
                        "segments": counts.get(c.id, 0),
                    }
                    for c in listing.categories
                ],
                "segments": [asdict(s) for s in listing.segments],
            }
        )
        return
    t = listing.theme
    click.secho(
        f"{t.name} ({t.key}): {listing.categorised} of {listing.total} segments categorised",
        bold=True,
    )
    for c in listing.categories:
        indent = "  " * (c.level - t.level)
        click.echo(f"{indent}{c.name} ({c.key})  {counts.get(c.id, 0)}")
    if listing.categories:
        click.echo()
    for s in listing.segments:
        where = ", ".join(a.name for a in s.categories) or "-"
        click.echo(f"{s.coding_id:>6}  {s.document} {s.start}-{s.end}  [{where}]")
        click.echo(f"        {_preview(s.text)}")


@categories.command("suggest")
@common_options
@click.argument("theme")
@click.option(
    "--accept", "accept", type=int, metavar="N", help="Create proposal N and assign its segments."
)
@click.option("--name", help="With --accept: the category's name (default: the proposed one).")
@click.option(
    "--threshold",
    type=click.FloatRange(0.01, 1.0),
    default=category_suggest.DEFAULT_THRESHOLD,
    show_default=True,
    help="How alike segments must be to be grouped (cosine similarity, 0-1).",
)
@click.option(
    "--min-size",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Smallest group worth proposing.",
)
@json_option
def categories_suggest(
    theme: str,
    accept: int | None,
    name: str | None,
    threshold: float,
    min_size: int,
    as_json: bool,
) -> None:
    """Propose categories for THEME's uncategorised segments, grouped by the words they
    share; each proposal is named by its most telling words."""
    project = open_project(click.get_current_context())
    if accept is not None:
        code, made = category_suggest.accept_proposal(
            project, theme, accept, name, threshold, min_size
        )
        if as_json:
            emit_json({"key": code.key, "name": code.name, "codings": [c.id for c in made]})
            return
        click.echo(f"added category {code.name} ({code.key}) with {len(made)} segment(s)")
        return
    result = category_suggest.suggest_categories(project, theme, threshold, min_size)
    if as_json:
        emit_json(
            {
                "theme": result.theme.key,
                "uncategorised": result.uncategorised,
                "left_over": result.left_over,
                "proposals": [{**asdict(p), "size": p.size} for p in result.proposals],
            }
        )
        return
    t = result.theme
    if not result.proposals:
        click.echo(f"{t.name}: no proposals ({result.uncategorised} uncategorised segment(s))")
        return
    click.secho(
        f"{t.name}: {len(result.proposals)} proposal(s) for {result.uncategorised} "
        f"uncategorised segment(s); {result.left_over} left over",
        bold=True,
    )
    for p in result.proposals:
        click.echo(
            f"\n{p.number}. {p.name}  ({p.size} segments: {', '.join(map(str, p.coding_ids))})"
        )
        for text in p.texts[:3]:
            click.echo(f"     {_preview(text, 100)}")
        if p.size > 3:
            click.echo(f"     … and {p.size - 3} more")
    click.echo(f"\naccept one with: qcode categories suggest {t.key} --accept N [--name NAME]")


@categories.command("split")
@common_options
@click.argument("category")
@click.argument("new_name")
@click.argument("coding_ids", nargs=-1, required=True, type=int)
def categories_split(category: str, new_name: str, coding_ids: tuple[int, ...]) -> None:
    """Move the segments CODING_IDS of CATEGORY to a new sibling category NEW_NAME."""
    project = open_project(click.get_current_context())
    code = category_reshape.split(project, category, list(coding_ids), new_name)
    click.echo(f"split {len(coding_ids)} segment(s) into new category {code.name} ({code.key})")


@categories.command("provenance")
@common_options
@click.argument("category")
@json_option
def categories_provenance(category: str, as_json: bool) -> None:
    """Where CATEGORY came from: the level-1 codings its segments were derived from, who
    assigned them and when, and the category's history."""
    project = open_project(click.get_current_context())
    prov = category_provenance.provenance(project, category)
    if as_json:
        emit_json(asdict(prov))
        return
    c = prov.category
    click.secho(f"{' > '.join(prov.path)} ({c.key})", bold=True)
    click.echo(f"created {prov.created_at} by {prov.created_by}")
    origin = ", ".join(f"{k} ({n})" for k, n in sorted(prov.from_codes.items()))
    click.echo(
        f"{len(prov.sources)} segment(s); derived from: {origin or '-'}"
        + (f"; coded directly: {prov.direct}" if prov.direct else "")
    )
    click.echo(
        "assigned by: " + (", ".join(f"{k} ({n})" for k, n in sorted(prov.coders.items())) or "-")
    )
    for s in prov.sources:
        if s.derived_from is not None:
            gone = ", since removed" if s.source_removed else ""
            origin = f"from coding {s.derived_from} ({s.source_code}, {s.source_coder}{gone})"
        elif s.source_code:
            origin = f"coded directly; span also coded {s.source_code}"
        else:
            origin = "coded directly"
        click.echo(f"\n{s.coding_id:>6}  {s.document} {s.start}-{s.end}  {origin}")
        click.echo(f"        assigned by {s.assigned_by} {s.assigned_at}")
        click.echo(f"        {_preview(s.text)}")
    if prov.history:
        click.echo("\nhistory:")
        for e in prov.history:
            state = f"  (undone by #{e.undone_by})" if e.undone_by else ""
            click.echo(f"  #{e.id} {e.at} {e.coder} {e.action}: {e.summary}{state}")


# -- reshaping the tree: subcommands of `qcode codes` ---------------------------------------


@codes.command("rename")
@common_options
@click.argument("code")
@click.argument("new_name")
def codes_rename(code: str, new_name: str) -> None:
    """Give CODE (key or name) the name NEW_NAME; its key stays."""
    project = open_project(click.get_current_context())
    renamed = update_code(project, code, name=new_name)
    click.echo(f"renamed {code} to {renamed.name} ({renamed.key})")


@codes.command("merge")
@common_options
@click.argument("source")
@click.argument("target")
def codes_merge(source: str, target: str) -> None:
    """Fold SOURCE into TARGET: its codings and categories move to TARGET (codings TARGET
    already has are dropped, not doubled) and SOURCE is deleted."""
    project = open_project(click.get_current_context())
    r = category_reshape.merge(project, source, target)
    click.echo(
        f"merged {r.source.name} into {r.target.name}: {r.moved} coding(s) moved, "
        f"{r.dropped} duplicate(s) dropped, {r.categories} categor"
        f"{'y' if r.categories == 1 else 'ies'} moved"
    )


@codes.command("move")
@common_options
@click.argument("code")
@click.argument("new_parent")
def codes_move(code: str, new_parent: str) -> None:
    """Move CODE (with its categories) under NEW_PARENT."""
    project = open_project(click.get_current_context())
    moved = update_code(project, code, parent=new_parent)
    click.echo(f"moved {moved.name} ({moved.key}) under {new_parent} (level {moved.level})")


@codes.command("promote")
@common_options
@click.argument("code")
def codes_promote(code: str) -> None:
    """Make the category CODE a theme of its own (its categories come along)."""
    project = open_project(click.get_current_context())
    promoted = category_reshape.promote(project, code)
    click.echo(f"{promoted.name} ({promoted.key}) is now a theme")


@codes.command("demote")
@common_options
@click.argument("code")
@click.argument("under")
def codes_demote(code: str, under: str) -> None:
    """Make the theme CODE a category under the theme UNDER."""
    project = open_project(click.get_current_context())
    demoted = category_reshape.demote(project, code, under)
    click.echo(f"{demoted.name} ({demoted.key}) is now a category under {under}")


# -- the derived codebook (called by `qcode codebook show` and `codebook export`) ------------


def show_codebook_tree(project: Project, tree: bool, counts: bool, as_json: bool) -> None:
    """The code tree with codings and documents per code; a theme's count with its
    categories is shown apart from its own."""
    report = codebook_report(project, examples=False)
    if as_json:
        emit_json(
            [
                {
                    "key": e.code.key,
                    "name": e.code.name,
                    "level": e.code.level,
                    "codings": e.codings,
                    "documents": e.documents,
                    "total_codings": e.total_codings,
                    "total_documents": e.total_documents,
                }
                for e in report
            ]
        )
        return
    if not report:
        click.echo("no codes yet: qcode codebook load FILE")
        return
    labels = [
        "  " * e.depth
        + f"{e.code.name} ({e.code.key})"
        + (f" [{e.code.shortcut}]" if e.code.shortcut else "")
        for e in report
    ]
    width = min(max(len(label) for label in labels), 70)
    click.secho(project.path.stem, bold=True)
    if counts:
        click.echo(f"{'':<{width}}  codings  documents")
    for e, label in zip(report, labels, strict=True):
        line = label if not counts else f"{label:<{width}}  {e.codings:>7}  {e.documents:>9}"
        if counts and e.has_categories:
            line += f"   with categories: {e.total_codings} in {e.total_documents}"
        click.echo(line)
        if not tree and e.code.description:
            click.echo("  " * e.depth + f"    {_preview(e.code.description, 100)}")


def export_codebook_docx(project: Project, file: Path, name: str | None) -> None:
    from qcode.core.export.codebook_docx import write_codebook_docx

    result = write_codebook_docx(project, file, name)
    click.echo(
        f"wrote {result.path} ({result.themes} themes, {result.categories} categories, "
        f"{result.codings} codings)"
    )
    if result.leaked:
        click.echo(f"{file}: real names still in the export: {', '.join(result.leaked)}", err=True)
