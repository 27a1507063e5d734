"""A click group that imports a command's module only when that command is used.

Importing every command module costs more than the command a script runs: the modules
pull in the codebook reader (YAML), search (stemmers, lemmas), suggestions (rapidfuzz), and
the exports and importers below them. So the root `qcode` group knows its commands by
name and "module:attribute" (click's "Lazily Loading Subcommands"): `qcode status` imports
`qcode.cli.project` alone, `qcode --version` no command module at all.

`qcode --help` lists every command with the first sentence of its help. It reads those
sentences from the docstrings in the modules' source instead of importing them, and
imports a module only when its command's help cannot be read that way; click shortens
the text exactly as it would the imported command's (`tests/test_cli_startup.py` compares
the two listings).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import MutableMapping
from gettext import gettext as _
from pathlib import Path
from typing import Any

import click

from qcode.cli.support import QcodeGroup


def load_command(target: str) -> click.Command:
    """The click command at "module:attribute", importing its module."""
    module_name, attribute = target.split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


def _docstring_pattern(function: str) -> re.Pattern[str]:
    """A module-level `def FUNCTION(...)` (its signature may span lines, but holds no
    other definition) followed by its docstring."""
    return re.compile(
        rf"^def {re.escape(function)}\((?:(?!\n(?:def |class |@)).)*?\)(?: -> [^\n]+)?:\n"
        r"[ \t]+[rR]?(?P<quote>\"\"\"|''')(?P<doc>.*?)(?P=quote)",
        re.DOTALL | re.MULTILINE,
    )


def help_from_source(target: str) -> str | None:
    """The first paragraph of the docstring of the function behind "module:attribute", as
    its source holds it: all of the command's help that its short help is made from
    (click takes `__doc__` and shortens its first paragraph). None when it cannot be read
    without importing: no such function, no docstring, or an escape in that paragraph."""
    module_name, attribute = target.split(":")
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        return None
    try:
        source = Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return None
    match = _docstring_pattern(attribute).search(source)
    if match is None:
        return None
    first_paragraph = match["doc"].partition("\n\n")[0]
    if "\\" in first_paragraph:
        return None
    decorators = source[source.rfind("\n\n", 0, match.start()) : match.start()]
    if _SETS_HELP.search(decorators):
        return None
    return first_paragraph


# a decorator that gives the command its help, or hides it, other than by its docstring
_SETS_HELP = re.compile(r"short_help=|hidden=|deprecated=|(?:command|group)\([^)]*\bhelp=")


class LazyGroup(QcodeGroup):
    """A group whose commands are imported when asked for. Parsing a command line asks
    `get_command` for one name; `--help` reads the listed commands' help from their
    source. `commands`, the full mapping every click group has, imports every module, so
    code that walks the tree (the docs and fuzz tests) sees the same commands as before."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        self._lazy: dict[str, str] = dict(lazy or {})
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in list(self._lazy):
            self.get_command(None, name)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._loaded = dict(value)

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted(set(self._lazy) | set(self._loaded))

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._loaded and cmd_name in self._lazy:
            self._loaded[cmd_name] = load_command(self._lazy.pop(cmd_name))
        return self._loaded.get(cmd_name)

    def listed_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command as `--help` lists it: the loaded one if it is loaded, else a
        stand-in carrying the help read from source (only its short help is used)."""
        if name in self._loaded:
            return self._loaded[name]
        target = self._lazy.get(name)
        help_text = help_from_source(target) if target is not None else None
        if help_text is None:
            return self.get_command(ctx, name)
        return click.Command(name, help=help_text)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's `Group.format_commands`, listing stand-ins for commands not loaded."""
        commands = []
        for name in self.list_commands(ctx):
            command = self.listed_command(ctx, name)
            if command is None or command.hidden:
                continue
            commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)
