"""Keyword suggestions: `qcode suggest` proposes passages for each theme from its
keywords; `qcode suggestions` reviews them (list, accept, reject). A suggestion is not a
coding until accepted."""

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
)
from qcode.core.coding import review as review_core
from qcode.core.coding.keywords import DEFAULT_THRESHOLD
from qcode.core.coding.suggest import DEFAULT_UNIT, UNITS
from qcode.core.coding.suggest import suggest as suggest_core
from qcode.core.errors import QcodeError
from qcode.core.safetext import visible
from qcode.core.serialise import keyword_suggestions_json
from qcode.core.sources.documents import get_document


@click.command("suggest")
@common_options
@click.option("--code", "code_ref", help="Only this code's keywords (key or name).")
@click.option(
    "--threshold",
    type=float,
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Fuzzy score (1-100) a word must reach to count as a keyword.",
)
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default=DEFAULT_UNIT,
    show_default=True,
    help="What a suggestion covers.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Keywords found all over the corpus (>5% of units) do not count on their own, only "
    "beside another keyword or a word of the theme's description: fewer, more precise "
    "suggestions.",
)
@click.option("--include-questions", is_flag=True, help="Also look in the interviewer's turns.")
@click.option("--doc", "docs", multiple=True, help="Only this document (repeat for more).")
@click.option("--dry-run", is_flag=True, help="Show what would be suggested; change nothing.")
@json_option
def suggest(
    code_ref: str | None,
    threshold: float,
    unit: str,
    strict: bool,
    include_questions: bool,
    docs: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Suggest passages for each theme from its keywords (review them with
    `qcode suggestions`). Suggestions are not codings until you accept them."""
    project = open_project()
    doc_ids = [get_document(project, d).id for d in docs] or None
    result = suggest_core(
        project, code_ref, threshold, unit, include_questions, doc_ids, dry_run, strict
    )
    if as_json:
        emit_json(keyword_suggestions_json(result))
        return
    for key, n in result.by_code().items():
        echo(f"{key:<24} {n:>4} {'would be ' if dry_run else ''}suggested")
    echo(
        f"{len(result.proposals)} new suggestion(s); skipped {result.already_open} already "
        f"suggested, {result.skipped_coded} already coded, "
        f"{result.skipped_rejected} rejected before"
    )
    if not dry_run and result.proposals:
        echo("review them: qcode suggestions list | accept ID... | reject ID...")


@click.group(cls=QcodeGroup)
def suggestions() -> None:
    """Review keyword suggestions: list, accept, reject."""


@suggestions.command("list")
@common_options
@click.option("--code", "code_ref", help="Only this code (key or name).")
@click.option(
    "--status",
    type=click.Choice(["open", "accepted", "rejected", "all"]),
    default="open",
    show_default=True,
    help="Which suggestions.",
)
@click.option("--doc", "doc", help="Only this document.")
@json_option
def suggestions_list(code_ref: str | None, status: str, doc: str | None, as_json: bool) -> None:
    """List suggestions with their context; the matched words are in [brackets]."""
    views = review_core.list_suggestions(
        open_project(), code_ref, None if status == "all" else status, doc
    )
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    for v in views:
        echo(
            f"#{v.id} {v.document} [{v.start}-{v.end}] {v.code} "
            f"({v.keyword}, {v.score:g}) {v.status}"
        )
        click.echo(f"    {_marked(v)}")  # styled: _marked escapes the text itself
    echo(f"{len(views)} suggestion(s)")


def _marked(v: review_core.SuggestionView) -> str:
    """The passage with matched words in [brackets], with some context dimmed around; its
    text escaped (`visible`) before the dimming is added, so the style's own codes stay."""
    parts: list[str] = []
    pos = v.start
    for s, e in v.matches:
        parts.append(v.text[pos - v.start : s - v.start])
        parts.append("[" + v.text[s - v.start : e - v.start] + "]")
        pos = e
    parts.append(v.text[pos - v.start :])
    body = visible(" ".join("".join(parts).split()))
    before = visible(" ".join(v.before.split())[-40:])
    after = visible(" ".join(v.after.split())[:40])
    return (
        (click.style(f"...{before} ", dim=True) if before else "")
        + body
        + (click.style(f" {after}...", dim=True) if after else "")
    )


def _decide(verdict: str, ids: tuple[int, ...], all_: bool, code_ref: str | None) -> None:
    project = open_project()
    if all_:
        if not code_ref:
            raise QcodeError(f"--all needs --code KEY (which code's suggestions to {verdict})")
        if ids:
            raise QcodeError("give suggestion ids or --all --code KEY, not both")
        result = review_core.decide_all(project, code_ref, verdict)
    else:
        if not ids:
            raise QcodeError(f"give the suggestion ids to {verdict} (or --all --code KEY)")
        result = review_core.decide(project, list(ids), verdict)
    done = result.accepted if verdict == "accept" else result.rejected
    echo(
        f"{verdict}ed {len(done)} suggestion(s)"
        + (f", made {len(result.codings)} coding(s)" if verdict == "accept" else "")
    )
    if result.unchanged:
        echo(f"already decided, left as they were: {', '.join(map(str, result.unchanged))}")


@suggestions.command("accept")
@common_options
@click.argument("ids", nargs=-1, type=ROW_ID)
@click.option("--all", "all_", is_flag=True, help="Every open suggestion of --code.")
@click.option("--code", "code_ref", help="With --all: the code (key or name).")
def suggestions_accept(ids: tuple[int, ...], all_: bool, code_ref: str | None) -> None:
    """Accept suggestions: each becomes a coding (same span, its code, you as coder)."""
    _decide("accept", ids, all_, code_ref)


@suggestions.command("reject")
@common_options
@click.argument("ids", nargs=-1, type=ROW_ID)
@click.option("--all", "all_", is_flag=True, help="Every open suggestion of --code.")
@click.option("--code", "code_ref", help="With --all: the code (key or name).")
def suggestions_reject(ids: tuple[int, ...], all_: bool, code_ref: str | None) -> None:
    """Reject suggestions: they are remembered and not suggested again."""
    _decide("reject", ids, all_, code_ref)
