"""`qcode merge`: another analyst's copy of the project brought into this one."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project


@click.command()
@common_options
@click.argument("other", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Report what the merge would add and conflict on; change nothing.",
)
@json_option
def merge(other: Path, dry_run: bool, as_json: bool) -> None:
    """Merge OTHER.qcode (a colleague's copy of this project) into this one.

    Documents match by their text, codes by GUID, key, then name; codings already here
    (same document, span, code and coder) are not added again, so merging twice adds
    nothing. Conflicts are listed with the rule applied (ours is kept). One step: `qcode
    undo` takes the whole merge back; a backup is taken first.
    """
    from qcode.core.exchange.from_project import read_project
    from qcode.core.exchange.merge import merge_bundle
    from qcode.core.serialise import to_json

    project = open_project()
    bundle = read_project(other, into=project)
    report = merge_bundle(project, bundle, dry_run=dry_run)
    if as_json:
        emit_json(to_json(report))
        return
    verb = "would add" if dry_run else "added"
    echo(f"{'dry run: ' if dry_run else ''}merge of {other}")
    echo(f"  documents  {verb} {report.documents_added}, already here {report.documents_matched}")
    echo(f"  codes      {verb} {report.codes_added}, matched {report.codes_matched}")
    echo(f"  codings    {verb} {report.codings_added}, already here {report.codings_already_there}")
    echo(
        f"  also       {verb} {report.memos_added} memo(s), {report.attributes_added} "
        f"attribute value(s), {report.pseudonyms_added} pseudonym(s), "
        f"{report.decisions_added} suggestion decision(s)"
    )
    for c in report.conflicts:
        echo(f"conflict: {c.kind} {c.subject!r}: ours {c.ours!r}, theirs {c.theirs!r}; {c.rule}")
    for warning in report.warnings:
        echo(f"warning: {warning}", err=True)
    if dry_run:
        echo("nothing was changed (dry run)")
    elif report.added == 0:
        echo("nothing to add: everything in it is here already")
    elif report.backup:
        echo(f"backup of the project before the merge: {report.backup}")
