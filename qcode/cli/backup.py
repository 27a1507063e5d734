"""`qcode backup`: a consistent copy of the project, and the list of those qcode keeps."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import common_options, echo, emit_json, json_option, open_project
from qcode.core.project import backup as backup_core


@click.command()
@common_options
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--list", "list_", is_flag=True, help="List the backups in the project's backup folder."
)
@json_option
def backup(file: Path | None, list_: bool, as_json: bool) -> None:
    """Copy the project to FILE (default: a timestamped file in NAME.qcode-backups/ beside
    it), consistent even while others write. qcode also takes one before remove, codes
    merge/delete and codebook load (the newest 5 are kept)."""
    project = open_project()
    if list_:
        found = backup_core.list_backups(project.path)
        if as_json:
            emit_json(
                [
                    {"path": str(b.path), "size": b.size, "made_at": b.made_at,
                     "before": b.action or None}
                    for b in found
                ]
            )  # fmt: skip
            return
        if not found:
            echo(f"no backups in {backup_core.backup_folder(project.path)}")
        for b in found:
            why = f"before {b.action}" if b.action else "on request"
            echo(f"{b.made_at}  {b.size / 1e6:8.1f} MB  {why:<24} {b.path}")
        return
    path = backup_core.backup_now(project, file)
    if as_json:
        emit_json({"path": str(path), "size": path.stat().st_size})
        return
    echo(f"backed up {project.path} to {path}")
