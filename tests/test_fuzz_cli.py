"""Every qcode command and subcommand, run with hostile arguments: huge and negative ids,
control characters and terminal escapes, empty strings, paths that do not exist, a folder
where a file is expected, a very long name. None may end in a traceback; an error exits
non-zero.

The commands are found by walking the click tree from `qcode.cli.main.cli`, so a new
command is fuzzed without anyone adding it here. `HOSTILE_ARGUMENTS` × `SHAPES` × the
commands walked is the figure the README quotes for hostile command lines
(`test_the_walk_finds_every_command` pins the number of commands).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from qcode.cli.main import cli
from tests.coded_study import study_copy

HOSTILE_ARGUMENTS: dict[str, str] = {
    "huge id": "99999999999999999999999",
    "negative id": "-5",
    "control characters": "Kari\x1b[2J\x1b]0;owned\x07\r\x08\x7f\u202e",
    "empty string": "",
    "path that does not exist": "/nonexistent/qcode-fuzz/file.txt",
    "folder where a file is expected": "{folder}",
    "10,000 characters": "ø" * 10_000,
}
# arguments only (options left at their defaults), or every option given the value too
SHAPES = ("arguments", "arguments and options")
# Commands that hand the terminal to the workbench: not for a CliRunner.
SKIP = {("open",)}


def walk(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from walk(command, path)
        elif path not in SKIP:
            yield path


COMMANDS = list(walk(cli))


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def argv(path: tuple[str, ...], value: str, shape: str) -> list[str]:
    """The command line: options first, then `--` and the positional arguments, so a value
    like `-5` is read as an argument, as a user quoting it would mean."""
    command = command_at(path)
    options: list[str] = []
    arguments: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            arguments.extend([value] * max(param.nargs, 1))
        elif isinstance(param, click.Option):
            if param.is_flag or param.count or param.is_eager or not param.opts:
                continue
            if param.required or shape == "arguments and options":
                options.extend([param.opts[0], *([value] * max(param.nargs, 1))])
    return [*path, *options, "--", *arguments]


def test_the_walk_finds_every_command() -> None:
    assert len(COMMANDS) >= 50, COMMANDS
    assert ("uncode",) in COMMANDS and ("codes", "merge") in COMMANDS


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study_copy(tmp_path_factory.mktemp("template"))


# Found by this test in files this work does not own; each names the bug, and is reported.
KNOWN_BUGS: dict[tuple[tuple[str, ...], str], str] = {}


def _cases() -> list[object]:
    cases: list[object] = []
    for path in COMMANDS:
        for label in HOSTILE_ARGUMENTS:
            reason = KNOWN_BUGS.get((path, label))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            cases.append(pytest.param(path, label, marks=marks, id=f"{' '.join(path)}-{label}"))
    return cases


@pytest.mark.parametrize(("path", "label"), _cases())
def test_hostile_arguments_never_give_a_traceback(
    path: tuple[str, ...],
    label: str,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = tmp_path / "study.qcode"
    shutil.copy(template, project)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)  # anything a command writes lands here
    monkeypatch.setenv("QCODE_CODER", "fuzz")
    monkeypatch.setenv("QCODE_PROJECT", str(project))
    value = HOSTILE_ARGUMENTS[label].replace("{folder}", str(folder))
    problems: list[str] = []
    for shape in SHAPES:
        result = CliRunner().invoke(cli, argv(path, value, shape), input="")
        where = f"qcode {' '.join(path)} [{shape}]"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append(f"{where}: {type(result.exception).__name__}: {result.exception}")
        elif "Traceback" in result.output:
            problems.append(f"{where}: traceback in the output")
        elif "Error" in result.output and result.exit_code == 0:
            problems.append(f"{where}: printed an error but exited 0")
    assert not problems, "\n".join(p[:300] for p in problems)
