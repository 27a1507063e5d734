"""The root `qcode` command: finds the project, names every command, and without a
command opens the workbench.

Each command module defines its commands on its own; only this module knows them all, so
no command module imports another (and none imports this one). It knows them by name
only (`lazy.py`): a command's module is imported when that command runs, so `qcode
--version` and `qcode status` do not pay for Textual, python-docx, openpyxl, the stemmers
or the importers (`tests/test_cli_startup.py` keeps it so; `benchmarks/bench_cli_startup.py`
times it).
"""

from __future__ import annotations

import click

import qcode
from qcode.cli.lazy import LazyGroup
from qcode.cli.support import coder, common_options, find_project_path
from qcode.core.errors import QcodeError

# Every top-level command: its name → "module:attribute" of its click command.
LAZY_COMMANDS: dict[str, str] = {
    "open": "qcode.cli.workbench:open_",
    "init": "qcode.cli.project:init",
    "import": "qcode.cli.sources:import_",
    "docs": "qcode.cli.sources:docs",
    "show": "qcode.cli.sources:show",
    "code": "qcode.cli.coding:code",
    "uncode": "qcode.cli.coding:uncode",
    "remove": "qcode.cli.sources:remove",
    "codings": "qcode.cli.coding:codings",
    "undo": "qcode.cli.history:undo",
    "redo": "qcode.cli.history:redo",
    "log": "qcode.cli.history:log",
    "search": "qcode.cli.search:search",
    "status": "qcode.cli.project:status",
    "attributes": "qcode.cli.attributes:attributes",
    "codebook": "qcode.cli.codebook:codebook",
    "codes": "qcode.cli.codes:codes",
    "memo": "qcode.cli.memos:memo",
    "matrix": "qcode.cli.matrix:matrix",
    "views": "qcode.cli.views:views",
    "summary": "qcode.cli.summary:summary",
    "agreement": "qcode.cli.agreement:agreement",
    "pseudonyms": "qcode.cli.pseudonyms:pseudonyms",
    "autocode": "qcode.cli.autocode:autocode",
    "suggest": "qcode.cli.suggestions:suggest",
    "suggestions": "qcode.cli.suggestions:suggestions",
    "categories": "qcode.cli.categories:categories",
    "doctor": "qcode.cli.doctor:doctor",
    "backup": "qcode.cli.backup:backup",
    "config": "qcode.cli.config:config",
    "merge": "qcode.cli.merge:merge",
    "coders": "qcode.cli.coders:coders",
    "import-project": "qcode.cli.exchange_import:import_project",
    "export-project": "qcode.cli.exchange:export_project",
}


@click.group(
    cls=LazyGroup,
    lazy=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@common_options
@click.version_option(qcode.__version__, package_name="qcode")  # no importlib.metadata
@click.pass_context
def cli(ctx: click.Context) -> None:
    """qcode: qualitative coding of observation notes and interview transcripts.

    Import sources, load a codebook of themes, code text, and see how the analysis was
    made. Every command works on one project file (*.qcode). Without a command, qcode
    opens the project found here in the terminal workbench (`qcode open`).
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        path = find_project_path(ctx)
    except QcodeError:
        click.echo(ctx.get_help())
        return
    from qcode.cli.workbench import run_workbench  # the TUI: only when it opens

    run_workbench(path, coder(ctx))


def main() -> None:
    """The `qcode` console script."""
    cli(prog_name="qcode")
