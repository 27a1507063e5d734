"""Documentation kept true by tests (as sqlite-utils does): every command and subcommand
of the click tree has its own help text, every option says what it does, and README.md
names every command by its full path (`qcode codes rename`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from qcode.cli.main import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def walk(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[str, click.Command]]:
    """Every command below COMMAND (itself included) with its full path."""
    yield " ".join(path), command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(cli, ("qcode",)))


def help_problems(command: click.Command) -> list[str]:
    """What is missing from a command's help: its own text, and a text for each option."""
    problems = []
    text = (command.help or "").strip()
    if not text:
        problems.append("no help text (a docstring)")
    options = [p for p in command.params if isinstance(p, click.Option)]
    for option in options:
        if not (option.help or "").strip():
            problems.append(f"option {option.opts[0]} has no help text")
    return problems


def test_the_tree_is_walked() -> None:
    paths = {path for path, _ in COMMANDS}
    assert {"qcode", "qcode codes", "qcode codes rename", "qcode suggestions accept"} <= paths
    assert len(paths) == len(COMMANDS) > 40


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help(path: str, command: click.Command) -> None:
    assert help_problems(command) == []
    # the first line, shown in the parent's command list, is a sentence of its own
    assert len(command.get_short_help_str(limit=200)) > 15


@pytest.mark.parametrize(("path", "command"), COMMANDS[1:], ids=[p for p, _ in COMMANDS[1:]])
def test_command_is_in_the_readme(path: str, command: click.Command) -> None:
    assert re.search(re.escape(path) + r"(?![\w-])", README), f"README.md does not name {path}"


def test_help_check_catches_a_command_without_docs() -> None:
    """The check above fails for what it is meant to catch, not only passes."""

    @click.command()
    @click.option("--quiet", is_flag=True)
    def bare(quiet: bool) -> None:
        pass

    assert help_problems(bare) == [
        "no help text (a docstring)",
        "option --quiet has no help text",
    ]


def test_readme_check_catches_a_prefix() -> None:
    """`qcode codes` named in the README does not count for `qcode code`, nor `qcode
    suggestions` for `qcode suggest`."""
    assert not re.search(re.escape("qcode code") + r"(?![\w-])", "run qcode codes here")
    assert not re.search(re.escape("qcode suggest") + r"(?![\w-])", "qcode suggestions list")
