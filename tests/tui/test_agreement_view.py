"""The agreement view (f7): two coders' figures per code, a code's disagreement regions
side by side, each resolved as the consensus coder (a/b/k/n) and undone with ctrl+z,
a region opened in the reader, and the coders chosen with c."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents as documents_core
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.screens.agreement import AgreementScreen
from qcode.tui.screens.help import KEYS
from qcode.tui.screens.main import MainScreen
from qcode.tui.widgets.reader import Reader

SIZE = (120, 36)
SOURCE = "observasjon-nordby-a-1.txt"
PREPARED = "A2 hadde ingen mulighet"
BROUGHT = "Bruker la brevet"


@pytest.fixture
def team(example: Path) -> Path:
    """anna and ben: preparation overlapping with other boundaries, a preparation only ben
    coded, power alike; a third coder with one coding (not among the two shown)."""
    with Project.open(example, coder="anna") as project:
        text = documents_core.get_document(project, SOURCE).text
        prepared, brought = text.index(PREPARED), text.index(BROUGHT)
        codings_core.add_coding(project, SOURCE, prepared, prepared + 140, "preparation")
        codings_core.add_coding(project, SOURCE, brought, brought + 100, "power")
        codings_core.add_coding(project, SOURCE, 0, 30, "power")
    with Project.open(example, coder="ben") as project:
        codings_core.add_coding(project, SOURCE, prepared + 20, prepared + 180, "preparation")
        codings_core.add_coding(project, SOURCE, brought, brought + 100, "power")
        codings_core.add_coding(project, SOURCE, brought + 150, brought + 220, "preparation")
    with Project.open(example, coder="cato") as project:
        codings_core.add_coding(project, SOURCE, 0, 20, "power")
    return example


def consensus_codings(path: Path) -> list[tuple[str, int, int]]:
    with Project.open(path) as project:
        return sorted(
            (v.code_key, v.coding.start, v.coding.end)
            for v in codings_core.list_codings(project)
            if v.coding.coder == "consensus"
        )


def plain(renderable: Any) -> str:
    console = Console(width=300, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[plain(cell).strip() for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_view(pilot: Pilot[Any]) -> AgreementScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen)
    return screen


async def choose_code(pilot: Pilot[Any], screen: AgreementScreen, key: str) -> None:
    codes = screen.query_one("#agreement-codes", DataTable)
    index = next(i for i, c in enumerate(screen.result.codes) if c.code.key == key)  # type: ignore[union-attr]
    codes.move_cursor(row=index)
    await pilot.press("enter")
    await settle(pilot)


async def test_figures_regions_resolve_and_undo(team: Path) -> None:
    app = make_app(team, coder="lead")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        title = plain(screen.query_one("#agreement-title", Label).content)
        assert "A = anna, B = ben" in title  # the two with most codings, not cato
        table = rows(screen.query_one("#agreement-codes", DataTable))
        by_name = {row[0]: row for row in table}
        assert set(by_name) == {"Forberedelse", "Makt og avmakt", "overall"}
        # power: anna 30 characters more than ben (0-30 alone), 100 both
        assert by_name["Makt og avmakt"][5:8] == ["30", "0", "100"]
        assert by_name["Forberedelse"][5:8] == ["20", "110", "120"]

        await choose_code(pilot, screen, "preparation")
        regions = screen.query_one("#agreement-regions", DataTable)
        assert regions.has_focus
        shown = rows(regions)
        assert [r[2] for r in shown] == ["both", "B only"]
        assert shown[0][3].startswith("A2 hadde") and shown[1][3] == "—"
        assert all(r[5] == "" for r in shown)

        await pilot.press("a")  # keep anna's segment as the consensus
        await settle(pilot)
        prepared = screen.regions[0].a_spans
        assert consensus_codings(team) == [("preparation", *prepared[0])]
        shown = rows(screen.query_one("#agreement-regions", DataTable))
        assert shown[0][5] == "✓ A" and shown[1][5] == ""
        assert "1 resolved" in plain(screen.query_one("#agreement-code", Label).content)

        await pilot.press("ctrl+z")  # the app's undo takes it back
        await settle(pilot)
        assert consensus_codings(team) == []
        assert rows(screen.query_one("#agreement-regions", DataTable))[0][5] == ""

        # the second region (ben only): keep neither, then both on the first
        regions = screen.query_one("#agreement-regions", DataTable)
        regions.move_cursor(row=1)
        await pilot.press("n")
        await settle(pilot)
        assert consensus_codings(team) == []
        assert rows(screen.query_one("#agreement-regions", DataTable))[1][5] == "✓ none"
        regions.move_cursor(row=0)
        await pilot.press("k")
        await settle(pilot)
        start = screen.regions[0].start
        assert consensus_codings(team) == [("preparation", start, screen.regions[0].end)]
        assert rows(screen.query_one("#agreement-regions", DataTable))[0][5] == "✓ both"


async def test_agreed_segments_copied_with_g(team: Path) -> None:
    app = make_app(team, coder="lead")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await choose_code(pilot, screen, "power")
        assert len(screen.regions) == 1  # anna's 0-30 alone; the other segment agrees
        await pilot.press("g")
        await settle(pilot)
        with Project.open(team) as project:
            text = documents_core.get_document(project, SOURCE).text
        at = text.index(BROUGHT)
        assert consensus_codings(team) == [("power", at, at + 100)]


async def test_open_region_in_the_reader_and_come_back(team: Path) -> None:
    app = make_app(team, coder="lead")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await choose_code(pilot, screen, "preparation")
        region = screen.regions[1]
        screen.query_one("#agreement-regions", DataTable).move_cursor(row=1)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        reader = pilot.app.screen.query_one(Reader)
        assert reader.selection == (region.start, region.end)
        # f7 again comes back to the same code's regions, ready for a key
        screen = await open_view(pilot)
        assert screen.code is not None and screen.code.key == "preparation"
        assert len(screen.regions) == 2
        await pilot.press("b")
        await settle(pilot)
        assert consensus_codings(team) == [("preparation", region.start, region.end)]


async def test_choose_other_coders_and_escape_back(team: Path) -> None:
    app = make_app(team, coder="lead")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChooseDialog)
        # coders listed by name: anna, ben, cato; A = cato, then B = anna
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen  # type: ignore[comparison-overlap]
        assert screen.result is not None and screen.result.coders == ("cato", "anna")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)


async def test_one_coder_says_so(example: Path) -> None:
    with Project.open(example, coder="anna") as project:
        codings_core.add_coding(project, SOURCE, 0, 30, "power")
    app = make_app(example, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        assert "needs two coders" in plain(screen.query_one("#agreement-title", Label).content)
        await pilot.press("a")  # nothing to resolve: a warning, no change
        await settle(pilot)
        assert consensus_codings(example) == []


def test_help_names_the_view_and_its_keys() -> None:
    rows_ = {key: what for _, group in KEYS for key, what in group}
    words = set(rows_["f7"].replace(",", " ").replace(":", " ").split())
    for binding in AgreementScreen.BINDINGS:
        if binding.action != "back":  # type: ignore[union-attr]
            assert binding.key in words, binding  # type: ignore[union-attr]
