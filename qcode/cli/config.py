"""`qcode config`: project settings (today the language search works in)."""

from __future__ import annotations

import click

from qcode.cli.support import QcodeGroup, common_options, echo, emit_json, json_option, open_project
from qcode.core.project.settings import (
    LANGUAGE_NAMES,
    LANGUAGES,
    language_setting,
    set_language,
)


def _language_line(language: str, source: str) -> str:
    return f"language: {language} ({LANGUAGE_NAMES[language]}; {source})"


@click.group(cls=QcodeGroup, invoke_without_command=True)
@common_options
@json_option
@click.pass_context
def config(ctx: click.Context, as_json: bool) -> None:
    """Show the project's settings, or change one (`qcode config language sv`)."""
    if ctx.invoked_subcommand is not None:
        return
    language, source = language_setting(open_project())
    if as_json:
        emit_json({"language": language, "language_source": source})
        return
    echo(_language_line(language, source))


@config.command("language")
@common_options
@click.argument("code", required=False, type=click.Choice(LANGUAGES, case_sensitive=False))
def config_language(code: str | None) -> None:
    """Set the language search finds word forms in (nb, nn, da, sv, en), or show it."""
    project = open_project()
    if code is not None:
        set_language(project, code)
    echo(_language_line(*language_setting(project)))
