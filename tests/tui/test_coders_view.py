"""Coders in the workbench: whose coding is whose (a mark per coder in the reader's margin
and in the detail pane), showing all coders' codings, mine or one coder's (f5), and coding
as another coder (f6): the next coding is theirs, and undo takes back only theirs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Label

from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents as documents_core
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.coder_switch import CoderSwitch
from qcode.tui.screens.categorise import CategoriseScreen
from qcode.tui.screens.main import MainScreen
from qcode.tui.widgets.code_tree import CodeTree
from qcode.tui.widgets.detail_pane import DetailPane
from qcode.tui.widgets.reader import Reader
from tests.builders import FIXED_TIME, SNAPSHOT_CODER

SIZE = (120, 36)
SOURCE = "observasjon-nordby-a-1.txt"
ANNA_SAYS = "A2 hadde ingen mulighet"  # anna coded it as preparation
BEN_SAYS = "Bruker la brevet"  # ben coded it as conversation-control


@pytest.fixture
def team(example: Path) -> Path:
    """The example study with one coding by anna and two by ben (one in another source)."""
    with Project.open(example, coder="anna") as project:
        text = documents_core.get_document(project, SOURCE).text
        at = text.index(ANNA_SAYS)
        codings_core.add_coding(project, SOURCE, at, at + 140, "preparation")
    with Project.open(example, coder="ben") as project:
        at = text.index(BEN_SAYS)
        codings_core.add_coding(project, SOURCE, at, at + 200, "conversation-control")
        codings_core.add_coding(project, "observasjon-nordby-a-2.txt", 0, 40, "preparation")
    return example


def codings_by(path: Path) -> list[tuple[str, str]]:
    with Project.open(path) as project:
        return sorted((v.code_key, v.coding.coder) for v in codings_core.list_codings(project))


def rendered(renderable: Any) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


async def open_at(pilot: Pilot[Any], words: str) -> Reader:
    """The source open in the reader with the cursor in the passage starting `words`."""
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    if main.document is None or main.document.name != SOURCE:
        main.open_document(SOURCE)
        await pilot.pause()
    reader = main.query_one(Reader)
    reader.move_cursor(reader.text.index(words) + 3)
    reader.focus()
    await settle(pilot)
    return reader


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def margin_of(pilot: Pilot[Any], reader: Reader, words: str) -> str:
    """The margin cells of the row that shows `words` (the cursor moved there)."""
    reader.move_cursor(reader.text.index(words))
    await settle(pilot)
    for y in range(reader.size.height):
        line = reader.render_line(y).text
        if words in line:
            return line[:4].strip()
    raise AssertionError(f"{words!r} is not on screen")


def status(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#status", Label).render())


async def show_codings_of(pilot: Pilot[Any], label: str) -> None:
    """f5, then the choice whose label starts with `label`."""
    await pilot.press("f5")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ChooseDialog)
    labels = [str(choice[0]) for choice in dialog.choices]
    index = next(i for i, text in enumerate(labels) if text.startswith(label))
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


async def test_each_coders_codings_carry_their_mark(team: Path) -> None:
    app = make_app(team, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_at(pilot, ANNA_SAYS)
        assert await margin_of(pilot, reader, ANNA_SAYS) == "A"
        detail = rendered(app.screen.query_one(DetailPane).content)
        assert "A anna · " in detail and "ben" not in detail
        reader = await open_at(pilot, BEN_SAYS)
        assert await margin_of(pilot, reader, BEN_SAYS) == "B"
        assert "B ben · " in rendered(app.screen.query_one(DetailPane).content)
        assert "coder anna · all coders" in status(pilot)


async def test_one_coder_alone_keeps_the_plain_margin(example: Path) -> None:
    with Project.open(example, coder="anna") as project:
        text = documents_core.get_document(project, SOURCE).text
        at = text.index(ANNA_SAYS)
        codings_core.add_coding(project, SOURCE, at, at + 140, "preparation")
    app = make_app(example, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_at(pilot, ANNA_SAYS)
        assert await margin_of(pilot, reader, ANNA_SAYS) == "▌"


async def test_filter_shows_one_coder_mine_or_all(team: Path) -> None:
    app = make_app(team, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_at(pilot, ANNA_SAYS)
        main = app.main
        preparation = next(c for c in main.codes if c.key == "preparation")
        assert main.counts[preparation.id] == 2  # anna's and ben's

        await show_codings_of(pilot, "B ben")
        assert await margin_of(pilot, reader, ANNA_SAYS) == ""  # anna's coding hidden
        assert await margin_of(pilot, reader, BEN_SAYS) == "B"
        assert {v.coding.coder for v in main.views.values()} == {"ben"}
        assert main.counts[preparation.id] == 1  # the tree counts ben's only
        tree_label = main.query_one(CodeTree).label(preparation, main.counts[preparation.id])
        assert tree_label.plain.endswith(" 1")
        assert "ben only" in status(pilot)
        reader.move_cursor(reader.text.index(ANNA_SAYS) + 3)
        await settle(pilot)
        assert "anna" not in rendered(main.query_one(DetailPane).content)

        await show_codings_of(pilot, "Mine")
        assert (
            await margin_of(pilot, reader, ANNA_SAYS) == "A"
            and await margin_of(pilot, reader, BEN_SAYS) == ""
        )
        assert "mine only" in status(pilot)

        await show_codings_of(pilot, "All coders")
        assert (
            await margin_of(pilot, reader, ANNA_SAYS) == "A"
            and await margin_of(pilot, reader, BEN_SAYS) == "B"
        )
        assert main.counts[preparation.id] == 2
        assert "all coders" in status(pilot)


async def test_switching_coder_codes_and_undoes_as_them(team: Path) -> None:
    app = make_app(team, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "Hun opplevde at bruker fikk overtaket")
        await pilot.press("S", "m")  # anna codes a sentence as power: the newest change
        await settle(pilot)
        assert ("power", "anna") in codings_by(team)

        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, CoderSwitch)
        await pilot.press("down", "enter")  # anna (active), then ben
        await settle(pilot)
        assert app.coder == "ben" and app.project.coder == "ben"
        assert isinstance(app.screen, MainScreen) and app.main is app.screen
        assert app.main.document is not None and app.main.document.name == SOURCE
        assert "coder ben · all coders" in status(pilot)

        await open_at(pilot, "Fasilitator spurte")
        await pilot.press("S", "t")  # t = Tidspress, coded by ben now
        await settle(pilot)
        assert ("time-pressure", "ben") in codings_by(team)

        await pilot.press("ctrl+z")  # ben's coding just made
        await settle(pilot)
        assert ("time-pressure", "ben") not in codings_by(team)
        await pilot.press("ctrl+z")  # ben's earlier change, not anna's newer one
        await settle(pilot)
        assert codings_by(team) == [
            ("conversation-control", "ben"),
            ("power", "anna"),
            ("preparation", "anna"),
        ]


async def test_a_new_coder_by_name_and_a_bad_name_refused(team: Path) -> None:
    app = make_app(team, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("tab", *"carl", "enter")
        await settle(pilot)
        assert app.project.coder == "carl"
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CoderSwitch)
        dialog.dismiss("bad\x1bname")
        await settle(pilot)
        assert app.coder == "carl" and app.project.coder == "carl"
        assert isinstance(app.screen, MainScreen)


async def test_categorising_follows_the_filter_and_says_whose(team: Path) -> None:
    app = make_app(team, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show_codings_of(pilot, "B ben")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("enter")  # the first theme: Forberedelse (preparation)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategoriseScreen)
        assert screen.listing is not None
        assert {s.coder for s in screen.listing.segments} == {"ben"}
        progress = str(screen.query_one("#cat-progress", Label).render())
        assert "0 of 1 segments categorised" in progress and "coded by ben" in progress


# -- snapshots: the snapshot study with a second coder ---------------------------------


@pytest.fixture
def two_coder_snapshot(snapshot_study: Path) -> Path:
    """The snapshot study (three codings by its analyst) with two codings by 'bo', one
    over the analyst's conversation-control passage, at the study's fixed time."""
    with Project.open(snapshot_study, coder="bo") as project:
        text = documents_core.get_document(project, SOURCE).text
        at = text.index(BEN_SAYS)
        codings_core.add_coding(project, SOURCE, at, at + 120, "power")
        at = text.index(ANNA_SAYS)
        codings_core.add_coding(project, SOURCE, at, at + 60, "preparation")
        project.conn.execute("UPDATE codings SET created_at = ?", [FIXED_TIME])
        project.conn.commit()
    return snapshot_study


def at_both_coders(*pressed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_at(pilot, BEN_SAYS)
        reader = pilot.app.screen.query_one(Reader)
        reader.move_cursor(reader.text.index(BEN_SAYS) + 70)
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_marks_per_coder(snap_compare: Any, two_coder_snapshot: Path, size: Any) -> None:
    """Margin marks A (the analyst) and B (bo) in the codes' colours; the detail pane
    names each coding's coder after the same mark."""
    app = make_app(two_coder_snapshot, coder=SNAPSHOT_CODER)
    assert snap_compare(app, terminal_size=size, run_before=at_both_coders())


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_filtered_to_one_coder(
    snap_compare: Any, two_coder_snapshot: Path, size: Any
) -> None:
    """f5 → bo: the analyst's codings gone from the reader, counts and details; the status
    line says so."""
    app = make_app(two_coder_snapshot, coder=SNAPSHOT_CODER)
    keys = ("f5", "down", "down", "down", "enter")  # all, mine, A analyst, B bo
    assert snap_compare(app, terminal_size=size, run_before=at_both_coders(*keys))
