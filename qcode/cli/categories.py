"""`qcode categories`: level-2 categories sorted out of a theme's coded segments (add,
assign, unassign, list, suggest, split, provenance)."""

from __future__ import annotations

import click

from qcode.cli.support import (
    ROW_ID,
    QcodeGroup,
    common_options,
    echo,
    emit_json,
    json_option,
    open_project,
    preview,
    secho,
)
from qcode.core.categories import derive as core
from qcode.core.categories import provenance as category_provenance
from qcode.core.categories import reshape as category_reshape
from qcode.core.categories import suggest as category_suggest
from qcode.core.serialise import (
    accepted_category_json,
    category_suggestions_json,
    segment_list_json,
    to_json,
)

PREVIEW = 110


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
    code = core.add_category(open_project(), theme, name, key=key, description=description)
    echo(f"added category {code.name} ({code.key}) under {theme}")


@categories.command("assign")
@common_options
@click.argument("coding_id", type=ROW_ID)
@click.argument("category")
@click.option(
    "--move", is_flag=True, help="Take the segment out of its other categories of the same theme."
)
def categories_assign(coding_id: int, category: str, move: bool) -> None:
    """Put the segment CODING_ID (a coding of a theme) into CATEGORY, a category under
    that theme. `qcode categories list THEME` shows the coding ids."""
    coding = core.assign(open_project(), coding_id, category, replace=move)
    echo(f"coding {coding_id} {'moved' if move else 'assigned'} to {category} (coding {coding.id})")


@categories.command("unassign")
@common_options
@click.argument("coding_id", type=ROW_ID)
@click.argument("category")
def categories_unassign(coding_id: int, category: str) -> None:
    """Take the segment CODING_ID out of CATEGORY."""
    core.unassign(open_project(), coding_id, category)
    echo(f"coding {coding_id} taken out of {category}")


@categories.command("list")
@common_options
@click.argument("theme")
@click.option(
    "--coded-by",
    multiple=True,
    metavar="CODER",
    help="Only segments coded by this coder (repeat for several; as qcode matrix --coded-by).",
)
@json_option
def categories_list(theme: str, coded_by: tuple[str, ...], as_json: bool) -> None:
    """The segments of THEME with the categories they are in (uncategorised first), its
    categories, and how far categorising has come.

    With --coded-by, only the segments those coders coded, and the heading says whose."""
    listing = core.segments(open_project(), theme, coders=coded_by)
    if as_json:
        emit_json(segment_list_json(listing))
        return
    counts = listing.segments_per_category()
    t = listing.theme
    whose = f" (coded by {', '.join(dict.fromkeys(coded_by))})" if coded_by else ""
    secho(
        f"{t.name} ({t.key}): {listing.categorised} of {listing.total} segments categorised"
        + whose,
        bold=True,
    )
    for c in listing.categories:
        indent = "  " * (c.level - t.level)
        echo(f"{indent}{c.name} ({c.key})  {counts.get(c.id, 0)}")
    if listing.categories:
        echo()
    for s in listing.segments:
        where = ", ".join(a.name for a in s.categories) or "-"
        echo(f"{s.coding_id:>6}  {s.document} {s.start}-{s.end}  [{where}]")
        echo(f"        {preview(s.text, PREVIEW)}")


@categories.command("suggest")
@common_options
@click.argument("theme")
@click.option(
    "--accept",
    "accept",
    type=ROW_ID,
    metavar="N",
    help="Create proposal N and assign its segments.",
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
    project = open_project()
    if accept is not None:
        code, made = category_suggest.accept_proposal(
            project, theme, accept, name, threshold, min_size
        )
        if as_json:
            emit_json(accepted_category_json(code, made))
            return
        echo(f"added category {code.name} ({code.key}) with {len(made)} segment(s)")
        return
    result = category_suggest.suggest_categories(project, theme, threshold, min_size)
    if as_json:
        emit_json(category_suggestions_json(result))
        return
    _print_proposals(result)


def _print_proposals(result: category_suggest.SuggestResult) -> None:
    t = result.theme
    if not result.proposals:
        echo(f"{t.name}: no proposals ({result.uncategorised} uncategorised segment(s))")
        return
    secho(
        f"{t.name}: {len(result.proposals)} proposal(s) for {result.uncategorised} "
        f"uncategorised segment(s); {result.left_over} left over",
        bold=True,
    )
    for p in result.proposals:
        echo(f"\n{p.number}. {p.name}  ({p.size} segments: {', '.join(map(str, p.coding_ids))})")
        for text in p.texts[:3]:
            echo(f"     {preview(text, 100)}")
        if p.size > 3:
            echo(f"     … and {p.size - 3} more")
    echo(f"\naccept one with: qcode categories suggest {t.key} --accept N [--name NAME]")


@categories.command("split")
@common_options
@click.argument("category")
@click.argument("new_name")
@click.argument("coding_ids", nargs=-1, required=True, type=ROW_ID)
def categories_split(category: str, new_name: str, coding_ids: tuple[int, ...]) -> None:
    """Move the segments CODING_IDS of CATEGORY to a new sibling category NEW_NAME."""
    code = category_reshape.split(open_project(), category, list(coding_ids), new_name)
    echo(f"split {len(coding_ids)} segment(s) into new category {code.name} ({code.key})")


@categories.command("provenance")
@common_options
@click.argument("category")
@json_option
def categories_provenance(category: str, as_json: bool) -> None:
    """Where CATEGORY came from: the level-1 codings its segments were derived from, who
    assigned them and when, and the category's history."""
    prov = category_provenance.provenance(open_project(), category)
    if as_json:
        emit_json(to_json(prov))
        return
    c = prov.category
    secho(f"{' > '.join(prov.path)} ({c.key})", bold=True)
    echo(f"created {prov.created_at} by {prov.created_by}")
    origin = ", ".join(f"{k} ({n})" for k, n in sorted(prov.from_codes.items()))
    echo(
        f"{len(prov.sources)} segment(s); derived from: {origin or '-'}"
        + (f"; coded directly: {prov.direct}" if prov.direct else "")
    )
    echo("assigned by: " + (", ".join(f"{k} ({n})" for k, n in sorted(prov.coders.items())) or "-"))
    for s in prov.sources:
        if s.derived_from is not None:
            gone = ", since removed" if s.source_removed else ""
            origin = f"from coding {s.derived_from} ({s.source_code}, {s.source_coder}{gone})"
        elif s.source_code:
            origin = f"coded directly; span also coded {s.source_code}"
        else:
            origin = "coded directly"
        echo(f"\n{s.coding_id:>6}  {s.document} {s.start}-{s.end}  {origin}")
        echo(f"        assigned by {s.assigned_by} {s.assigned_at}")
        echo(f"        {preview(s.text, PREVIEW)}")
    if prov.history:
        echo("\nhistory:")
        for e in prov.history:
            state = f"  (undone by #{e.undone_by})" if e.undone_by else ""
            echo(f"  #{e.id} {e.at} {e.coder} {e.action}: {e.summary}{state}")
