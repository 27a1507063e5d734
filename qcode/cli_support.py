"""What every qcode command shares: finding the project, common options, output."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qcode.core.errors import QcodeError
from qcode.core.project.store import Project


class QcodeGroup(click.Group):
    """Turns user errors into click's one-line "Error: ..." and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QcodeError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.OperationalError as exc:
            # The file system, not qcode: a read-only project, a full disk, a lost mount.
            path = settings(ctx).get("project") or "the project file"
            raise click.ClickException(f"{path}: {exc}") from None


def settings(ctx: click.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    return root.obj


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            settings(ctx)[name] = value
        return value

    return callback


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--project and --coder are accepted before or after the command name."""
    func = click.option(
        "--coder",
        expose_value=False,
        callback=_store("coder"),
        is_eager=True,
        help="Who is coding (default: $QCODE_CODER, else the OS user).",
    )(func)
    func = click.option(
        "--project",
        "-p",
        expose_value=False,
        callback=_store("project"),
        is_eager=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Project file (default: $QCODE_PROJECT, else the only *.qcode here).",
    )(func)
    return func


def find_project_path(ctx: click.Context) -> Path:
    chosen = settings(ctx).get("project")
    if chosen:
        return Path(chosen)
    env = os.environ.get("QCODE_PROJECT", "").strip()
    if env:
        return Path(env)
    here = sorted(Path.cwd().glob("*.qcode"))
    if len(here) == 1:
        return here[0]
    if not here:
        raise QcodeError(
            "no project: give --project FILE, set QCODE_PROJECT, or work in a folder with "
            "one .qcode file ('qcode init NAME.qcode' makes one)"
        )
    names = ", ".join(p.name for p in here)
    raise QcodeError(f"several projects here ({names}); choose one with --project")


def open_project(ctx: click.Context) -> Project:
    project = Project.open(find_project_path(ctx), coder=settings(ctx).get("coder"))
    ctx.call_on_close(project.close)
    return project


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
