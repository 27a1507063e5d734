"""The root `qcode` command: finds the project, gathers every command group, and without a
command opens the workbench.

Each command module defines its commands on its own; only this module knows them all, so
no command module imports another (and none imports this one).
"""

from __future__ import annotations

import click

import qcode.cli.attributes as attributes
import qcode.cli.autocode as autocode
import qcode.cli.backup as backup
import qcode.cli.categories as categories
import qcode.cli.codebook as codebook
import qcode.cli.codes as codes
import qcode.cli.coding as coding
import qcode.cli.config as config
import qcode.cli.doctor as doctor
import qcode.cli.history as history
import qcode.cli.matrix as matrix
import qcode.cli.memos as memos
import qcode.cli.project as project
import qcode.cli.pseudonyms as pseudonyms
import qcode.cli.search as search
import qcode.cli.sources as sources
import qcode.cli.suggestions as suggestions
import qcode.cli.workbench as workbench
from qcode.cli.support import QcodeGroup, coder, common_options, find_project_path
from qcode.core.errors import QcodeError


@click.group(
    cls=QcodeGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@common_options
@click.version_option(package_name="qcode")
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
    workbench.run_workbench(path, coder(ctx))


COMMANDS: tuple[click.Command, ...] = (
    workbench.open_,
    project.init,
    sources.import_,
    sources.docs,
    sources.show,
    coding.code,
    coding.uncode,
    sources.remove,
    coding.codings,
    history.undo,
    history.redo,
    history.log,
    search.search,
    project.status,
    attributes.attributes,
    codebook.codebook,
    codes.codes,
    memos.memo,
    matrix.matrix,
    pseudonyms.pseudonyms,
    autocode.autocode,
    suggestions.suggest,
    suggestions.suggestions,
    categories.categories,
    doctor.doctor,
    backup.backup,
    config.config,
)
for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    """The `qcode` console script."""
    cli(prog_name="qcode")
