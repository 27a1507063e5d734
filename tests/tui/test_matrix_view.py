"""The matrix view: counts as the core computes them, excerpts per cell, jump to the
reader, columns changed in place, export of what is on screen."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, OptionList

from qcode.core.analysis.matrix import Matrix, MatrixSpec, build_matrix
from qcode.core.coding import codings
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.screens.matrix import EXCERPT_PAGE, MatrixScreen
from qcode.tui.widgets.reader import Reader


async def built(app: App[Any], pilot: Pilot[Any]) -> None:
    """Wait for the screen's workers (matrix build, export) and their posted results."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def coded(path: Path) -> Path:
    with Project.open(path, coder="analyst") as project:
        for name, quote, code in (
            (
                "observasjon-nordby-a-1.txt",
                "A2 hadde ingen mulighet til å forberede seg.",
                "preparation",
            ),
            ("observasjon-sorvik-d-1.txt", "Forberedelse", "preparation"),
            ("observasjon-nordby-a-1.txt", "Bruker la brevet hardt på skranken", "power"),
        ):
            doc = documents.get_document(project, name)
            at = doc.text.index(quote)
            codings.add_coding(project, doc.id, at, at + len(quote), code)
    return path


async def test_matrix_counts_excerpts_jump_and_export(example: Path, tmp_path: Path) -> None:
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await built(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        m = screen.matrix
        assert m is not None and m.by == "office"
        assert [c.label for c in m.cases] == ["Nordby", "Sørvik"]
        grid = {
            (r.key, c.label): m.cells[i][j].counts.segments
            for i, r in enumerate(m.rows)
            for j, c in enumerate(m.cases)
        }
        assert grid[("preparation", "Nordby")] == 1 and grid[("preparation", "Sørvik")] == 1
        assert grid[("power", "Nordby")] == 1 and grid[("power", "Sørvik")] == 0
        # enter on the preparation × Nordby cell lists its excerpt; enter opens it
        row = [r.key for r in m.rows].index("preparation")
        screen.query_one(DataTable).move_cursor(row=row, column=1)
        await pilot.press("enter")
        await pilot.pause()
        assert [e.source for e in screen.excerpts] == ["observasjon-nordby-a-1.txt"]
        excerpt = screen.excerpts[0]
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert main is not None and app.screen is main
        assert main.document is not None and main.document.name == excerpt.source
        assert main.query_one(Reader).selection == (excerpt.start, excerpt.end)

        # columns by source kind, then export what is on screen
        await pilot.press("ctrl+t")
        await built(app, pilot)
        again = app.screen
        assert isinstance(again, MatrixScreen)
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChooseDialog)
        labels = [str(label) for label, _ in dialog.choices]
        await pilot.press(*["down"] * labels.index("source kind"), "enter")
        await built(app, pilot)
        assert again.matrix is not None and again.matrix.by == "kind"
        out = tmp_path / "skjerm.docx"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # docx is the first format
        await pilot.pause()
        await pilot.press("ctrl+u", *str(out), "enter")
        await built(app, pilot)  # the export runs in a worker too
    text = "\n".join(
        cell.text for t in docx.Document(str(out)).tables for row in t.rows for cell in row.cells
    )
    assert "A2 hadde ingen mulighet til å forberede seg." in text
    assert "observation" in text


class Gate:
    """`build_matrix` held at a gate, to see what the screen does while a build runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, holds: Callable[[MatrixSpec], bool]):
        self.open = threading.Event()
        self.finished: list[MatrixSpec] = []  # specs whose build returned, in that order
        self.holds = holds
        real = build_matrix

        def build(project: Project, spec: MatrixSpec) -> Matrix:
            if self.holds(spec):
                assert self.open.wait(10), "the test never opened the gate"
            matrix = real(project, spec)
            self.finished.append(spec)
            return matrix

        monkeypatch.setattr("qcode.tui.screens.matrix_build.build_matrix", build)


def status(screen: MatrixScreen) -> str:
    return str(screen.query_one("#matrix-spec", Label).render())


async def test_a_matrix_key_returns_before_the_build_finishes(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch, holds=lambda spec: spec.nest)
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await built(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        before = screen.matrix
        assert before is not None and "building" not in status(screen)
        await pilot.press("n")  # nest: held at the gate
        await pilot.pause()
        assert screen.building and "building…" in status(screen)
        assert any(w.is_running for w in app.workers)
        assert screen.matrix is before  # the old matrix stays on screen meanwhile
        await pilot.press("down")  # the screen still takes keys
        assert screen.query_one(DataTable).cursor_coordinate.row == 1
        gate.open.set()
        await built(app, pilot)
        assert not screen.building and "building" not in status(screen)
        assert screen.matrix is not before and screen.matrix is not None
        assert screen.matrix.spec.nest


async def test_a_slow_older_build_never_replaces_a_newer_one(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch, holds=lambda spec: spec.nest)
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await built(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        await pilot.press("n")  # nest (held) ...
        await pilot.press("n")  # ... and back (not held): this is the one to show
        await built(app, pilot)
        assert screen.matrix is not None and not screen.matrix.spec.nest
        newer = screen.matrix
        gate.open.set()  # now the older build finishes and posts its result
        for _ in range(100):
            if len(gate.finished) == 3:
                break
            await asyncio.sleep(0.01)
        assert [s.nest for s in gate.finished] == [False, False, True]
        await pilot.pause()
        await pilot.pause()
        assert screen.matrix is newer and not screen.building
        assert screen.spec is not None and not screen.spec.nest


async def test_unreadable_filters_say_so_in_one_line(example: Path) -> None:
    """An unclosed quote in the filter prompt raised a QcodeError the screen did not catch."""
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await built(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        await pilot.press("f", "ctrl+u", *'text="sette', "enter")
        await built(app, pilot)
        assert app.screen is screen
        assert isinstance(screen, MatrixScreen) and screen.spec is not None
        assert screen.spec.filters.query() == ""
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Cannot read the filters") for m in messages)


async def test_a_big_cell_lists_its_excerpts_a_page_at_a_time(example: Path) -> None:
    """Wrapping hundreds of excerpts on every cursor move held the UI for a quarter second."""
    with Project.open(example, coder="analyst") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        words = [m.span() for m in re.finditer(r"\w{4,}", doc.text)][: EXCERPT_PAGE + 10]
        for start, end in words:
            codings.add_coding(project, doc.id, start, end, "power")
    app = make_app(example, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await built(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen) and screen.matrix is not None
        row = [r.key for r in screen.matrix.rows].index("power")
        screen.query_one(DataTable).move_cursor(row=row, column=1)
        await pilot.pause()
        options = screen.query_one("#matrix-excerpts", OptionList)
        assert len(screen.excerpts) == len(words)
        assert options.option_count == EXCERPT_PAGE
        await pilot.press("enter", "end")  # into the list, to its last line: the next page
        await pilot.pause()
        assert options.option_count == len(words)
        await pilot.press("end", "enter")  # the very last excerpt opens
        await pilot.pause()
        assert app.screen is not screen
