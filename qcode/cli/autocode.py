"""`qcode autocode`: level-1 coding by structure (sheet sections, interview-guide
questions, speakers). Each run is one undoable step and makes no duplicates."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import (
    F,
    QcodeGroup,
    common_options,
    echo,
    emit_json,
    json_option,
    open_project,
)
from qcode.core.coding import autocode as autocode_core
from qcode.core.model import KINDS
from qcode.core.project.store import Project
from qcode.core.serialise import autocode_json
from qcode.core.sources.documents import document_texts


def _filters(func: F) -> F:
    """--kind, --doc and --dry-run, shared by every auto-coding command."""
    func = click.option("--kind", type=click.Choice(KINDS), help="Only documents of this kind.")(
        func
    )
    func = click.option(
        "--doc", "docs", multiple=True, help="Only this document (repeat for more)."
    )(func)
    func = click.option(
        "--dry-run", is_flag=True, help="Show what would be coded; change nothing."
    )(func)
    return func


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _report(
    project: Project, result: autocode_core.AutocodeResult, dry_run: bool, as_json: bool
) -> None:
    if as_json:
        emit_json(autocode_json(result, dry_run))
        return
    texts = document_texts(project, (p.document_id for p in result.planned))
    verb = "would code" if dry_run else "coded"
    for p in result.planned:
        echo(
            f"{verb} {p.document} [{p.start}-{p.end}] as {p.code}  ({p.label}): "
            f"{_excerpt(texts.get(p.document_id, '')[p.start : p.end])}"
        )
    for doc, what in result.unmatched:
        echo(f"not coded: {doc}: {what}")
    echo(
        f"{len(result.planned)} coding(s) {'to make' if dry_run else 'made'}, "
        f"{result.already} already there, {len(result.unmatched)} not matched"
        + (f"; new codes: {', '.join(result.new_codes)}" if result.new_codes else "")
    )


@click.group(cls=QcodeGroup)
def autocode() -> None:
    """Code by structure: sheet sections, interview-guide questions, speakers.

    Each run is one undoable step; running it again makes no duplicate codings."""


@autocode.command("sections")
@common_options
@_filters
@json_option
def autocode_sections(
    docs: tuple[str, ...], kind: str | None, dry_run: bool, as_json: bool
) -> None:
    """Code each section's text with the theme its heading names (fuzzy match on the
    theme's name, key and aliases). Headings that name no theme are listed, not guessed."""
    project = open_project()
    result = autocode_core.autocode_sections(project, docs, kind, dry_run)
    _report(project, result, dry_run, as_json)


@autocode.command("questions")
@common_options
@click.argument("guide", type=click.Path(path_type=Path))
@_filters
@json_option
def autocode_questions(
    guide: Path, docs: tuple[str, ...], kind: str | None, dry_run: bool, as_json: bool
) -> None:
    """Code interview answers with the GUIDE question they answer.

    GUIDE is a text file, one question per line or numbered (1. 2. ...), with optional
    follow-up lines starting with '-'. Codes are made under "Questions" (q1-..., q2-...)."""
    project = open_project()
    result = autocode_core.autocode_questions(project, guide, docs, kind, dry_run)
    _report(project, result, dry_run, as_json)


@autocode.command("speakers")
@common_options
@_filters
@json_option
def autocode_speakers(
    docs: tuple[str, ...], kind: str | None, dry_run: bool, as_json: bool
) -> None:
    """Code each speaker turn with its speaker (codes under "Speakers")."""
    project = open_project()
    result = autocode_core.autocode_speakers(project, docs, kind, dry_run)
    _report(project, result, dry_run, as_json)
