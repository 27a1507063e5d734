"""`qcode open`: the terminal workbench. Textual is imported only when it is wanted, so
every other command starts without it (the CLI sits above the TUI, never beside it)."""

from __future__ import annotations

from pathlib import Path

import click

from qcode.cli.support import coder, common_options, find_project_path


def run_workbench(path: Path, coder_name: str | None, create: bool = False) -> None:
    """Run the workbench on PATH until the user quits; its exit status becomes ours."""
    from qcode.tui.app import make_app

    app = make_app(path, coder=coder_name, create=create)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command("open")
@common_options
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--create", is_flag=True, help="Create the project without asking if it is new.")
def open_(path: Path | None, create: bool) -> None:
    """Open the terminal workbench on PATH (default: the project found as for every command).

    A PATH that does not exist yet is offered for creation."""
    ctx = click.get_current_context()
    run_workbench(path or find_project_path(ctx), coder(ctx), create)
