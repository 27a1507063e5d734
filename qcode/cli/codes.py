"""`qcode codes`: the code tree, listed, and every change to it (add, rename, merge, move,
promote, demote) in one place."""

from __future__ import annotations

import click

from qcode.cli.support import QcodeGroup, common_options, echo, emit_json, json_option, open_project
from qcode.core.categories import reshape as category_reshape
from qcode.core.codebook import codes as codes_core
from qcode.core.serialise import code_tree_json


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
    if as_json:
        emit_json(code_tree_json(tree, counts))
        return
    if not tree:
        echo("no codes yet: qcode codebook load FILE")
        return
    for c in tree:
        indent = "  " * (c.level - 1)
        shortcut = f"[{c.shortcut}]" if c.shortcut else "   "
        echo(f"{shortcut} {indent}{c.name} ({c.key})  {counts.get(c.id, 0)}")


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
    code = codes_core.add_code(open_project(), name, key, parent, colour, shortcut, description)
    where = "theme" if code.level == 1 else f"level-{code.level} category"
    echo(f"added {where} {code.name} ({code.key})")


@codes.command("rename")
@common_options
@click.argument("code")
@click.argument("new_name")
def codes_rename(code: str, new_name: str) -> None:
    """Give CODE (key or name) the name NEW_NAME; its key stays."""
    renamed = codes_core.update_code(open_project(), code, name=new_name)
    echo(f"renamed {code} to {renamed.name} ({renamed.key})")


@codes.command("merge")
@common_options
@click.argument("source")
@click.argument("target")
def codes_merge(source: str, target: str) -> None:
    """Fold SOURCE into TARGET: its codings and categories move to TARGET (codings TARGET
    already has are dropped, not doubled) and SOURCE is deleted."""
    r = category_reshape.merge(open_project(), source, target)
    echo(
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
    moved = codes_core.update_code(open_project(), code, parent=new_parent)
    echo(f"moved {moved.name} ({moved.key}) under {new_parent} (level {moved.level})")


@codes.command("promote")
@common_options
@click.argument("code")
def codes_promote(code: str) -> None:
    """Make the category CODE a theme of its own (its categories come along)."""
    promoted = category_reshape.promote(open_project(), code)
    echo(f"{promoted.name} ({promoted.key}) is now a theme")


@codes.command("demote")
@common_options
@click.argument("code")
@click.argument("under")
def codes_demote(code: str, under: str) -> None:
    """Make the theme CODE a category under the theme UNDER."""
    demoted = category_reshape.demote(open_project(), code, under)
    echo(f"{demoted.name} ({demoted.key}) is now a category under {under}")
