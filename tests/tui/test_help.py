"""The help screen (`?`) names every key a user can press: each binding of the app and the
workbench by its key, and the keys of the matrix, review and categorising screens in the
line that says how to open them. Read from the rendered screen, as a user reads it."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Static

from qcode.tui.app import QcodeApp, make_app
from qcode.tui.screens.categorise import CategoriseScreen
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.matrix import MatrixScreen
from qcode.tui.screens.review import ReviewScreen
from qcode.tui.widgets.code_tree import CodeTree
from qcode.tui.widgets.reader import Reader

# Textual's names for keys whose help spelling is the character typed
TYPED = {
    "question_mark": "?",
    "slash": "/",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "escape": "esc",
}
LEAVING = {"back", "close", "cancel"}  # esc/q leave any screen; the help says so once


def bindings(owner: type) -> list[Binding]:
    found: list[BindingType] = list(getattr(owner, "BINDINGS", []))
    return [b for b in found if isinstance(b, Binding)]


def keys_of(binding: Binding) -> list[str]:
    return [TYPED.get(k.strip(), k.strip()) for k in binding.key.split(",")]


async def help_rows(app: App[None]) -> list[tuple[str, str]]:
    """(keys, what they do) for every row of the help screen, as rendered."""
    rows = []
    console = Console(width=300, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for static in app.screen.query(Static):
        console.print(static.content)
    for line in console.export_text().splitlines():
        keys, sep, what = line.strip().partition("  ")
        if sep and what.strip():
            rows.append((keys.strip(), what.strip()))
    return rows


def listed(key: str, keys_column: list[str]) -> bool:
    """`key` is one of the keys a row names ("ctrl+z / ctrl+y", "W S P T E", "f2 f3 f4");
    a lone "/" between alternatives separates them and is not the slash key."""
    for column in keys_column:
        words = column.split()
        if key == "/" and words[:1] == ["/"]:
            return True
        if key != "/" and key in {part for word in words for part in word.split("/")}:
            return True
    return False


async def test_help_names_every_key_of_the_app_and_the_workbench(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = await help_rows(app)
    assert len(rows) > 20
    key_column = [keys for keys, _ in rows]
    missing = []
    for owner in (QcodeApp, MainScreen, CodeTree, Reader):
        for binding in bindings(owner):
            if owner is Reader and not binding.show:
                continue  # cursor movement: "arrows, pgup/pgdn, home/end" in one row
            if not any(listed(key, key_column) for key in keys_of(binding)):
                missing.append(f"{owner.__name__}: {binding.key} ({binding.description})")
    assert not missing, "keys the help does not name:\n" + "\n".join(missing)


async def test_help_names_the_keys_of_each_screen_where_it_says_how_to_open_it(
    example: Path,
) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = dict(await help_rows(app))
    missing = []
    for opener, screen in (
        ("ctrl+t", MatrixScreen),
        ("ctrl+r", ReviewScreen),
        ("ctrl+g", CategoriseScreen),
    ):
        words = set(re.split(r"[\s,:;/]+", rows[opener]))
        for binding in bindings(screen):
            if not binding.show or binding.action in LEAVING:
                continue
            if not any(key in words for key in keys_of(binding)):
                missing.append(f"{opener} ({screen.__name__}): {binding.key} {binding.description}")
    assert not missing, "keys the help does not name:\n" + "\n".join(missing)
