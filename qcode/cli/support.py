"""What every qcode command shares: finding the project, common options, output.

One place turns user errors (`QcodeError`) into click's one-line "Error: ..." with exit
status 1; nothing here catches anything else, so a real bug still shows its traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qcode.core.errors import QcodeError
from qcode.core.project.failures import storage_message
from qcode.core.safetext import json_visible, visible

if TYPE_CHECKING:
    from qcode.core.project.store import Project

F = TypeVar("F", bound=Callable[..., Any])


class QcodeGroup(click.Group):
    """Turns user errors into click's one-line "Error: ..." and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._translated_invoke(ctx)
        except click.ClickException as exc:
            # an error may quote project text (a code's name, a file's): never raw. Click's
            # own usage errors quote what was typed with repr(), which escapes already.
            if type(exc) is click.ClickException and visible(exc.message) != exc.message:
                raise click.ClickException(visible(exc.message)) from None
            raise

    def _translated_invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QcodeError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A path the file system refuses (too long, a loop of links, no permission)
            # is the user's to fix; an OSError without a file name is a bug and shows.
            if exc.filename is None:
                raise
            raise click.ClickException(f"{exc.filename}: {exc.strerror or exc}") from None
        except sqlite3.OperationalError as exc:
            # The file system, not qcode: a read-only project, a full disk, a lost mount.
            path = settings(ctx).get("project") or "the project file"
            raise click.ClickException(storage_message(exc, path) or f"{path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            # A damaged file met while reading (writes are refused before they start).
            message = storage_message(exc, settings(ctx).get("project") or "the project file")
            if message is None:
                raise
            raise click.ClickException(message) from None


def settings(ctx: click.Context) -> dict[str, Any]:
    """The options given anywhere on the command line (--project, --coder), kept on the
    root context so a subcommand sees what was given before its name."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    settings_: dict[str, Any] = root.obj
    return settings_


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            settings(ctx)[name] = value
        return value

    return callback


def common_options(func: F) -> F:
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
    """--project, else $QCODE_PROJECT, else the one *.qcode file in the working folder."""
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


def coder(ctx: click.Context) -> str | None:
    """The coder given with --coder, if any (the core falls back to $QCODE_CODER)."""
    chosen: str | None = settings(ctx).get("coder")
    return chosen


def open_project(ctx: click.Context | None = None) -> Project:
    """The project this command works on, closed when the command ends."""
    from qcode.core.project.store import Project  # sqlite-utils: not for `qcode --version`

    ctx = ctx or click.get_current_context()
    project = Project.open(find_project_path(ctx), coder=coder(ctx))
    ctx.call_on_close(project.close)
    return project


def emit_json(value: Any) -> None:
    """Print a JSON value for scripts: indented, non-ASCII letters as they are. json.dumps
    escapes C0 controls (ESC too) but writes DEL, C1 and bidi controls raw: those are
    escaped as \\uXXXX as well, which keeps the JSON valid and the data the same."""
    click.echo(json_visible(json.dumps(value, ensure_ascii=False, indent=2)))


def echo(message: Any = None, err: bool = False, nl: bool = True) -> None:
    """`click.echo` for every line a command prints: project text in it (names, document
    text, memos) has its control characters shown as visible escapes (core/safetext.py),
    whether the output goes to a terminal or a pipe that may end in one."""
    click.echo(visible(message) if isinstance(message, str) else message, err=err, nl=nl)


def secho(message: str, err: bool = False, **styles: Any) -> None:
    """`click.secho` with the same escaping, done before the styling is added."""
    click.secho(visible(message), err=err, **styles)


def preview(text: str, width: int) -> str:
    """The text on one line, cut to WIDTH with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


if TYPE_CHECKING:  # click 8.2+ types ParamType as generic; 8.1 cannot subscript it at run time
    _IntParam = click.ParamType[int, Any]
else:
    _IntParam = click.ParamType


class RowId(_IntParam):
    """A row id as the user types it: a whole number SQLite can hold. One type for every
    id argument, so `qcode uncode 99999999999999999999999` is a one-line error, not an
    OverflowError from deep in the store."""

    name = "id"
    largest = 2**63 - 1

    def __init__(self, minimum: int = 1) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a whole number", param, ctx)
        if not self.minimum <= number <= self.largest:
            self.fail(
                f"{value} is out of range (from {self.minimum} to {self.largest})", param, ctx
            )
        return number


ROW_ID = RowId(1)  # ids of codings, memos, suggestions, proposals: 1 and up
OFFSET = RowId(0)  # character offsets into a document: 0 and up

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
