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

from qcode.core.analysis.matrix import Matrix, build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.analysis.summaries import set_summary
from qcode.core.codebook.codes import add_code
from qcode.core.coding import codings
from qcode.core.project.settings import set_language
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.screens.matrix import EXCERPT_PAGE, MatrixScreen
from qcode.tui.widgets.reader import Reader


async def built(app: App[Any], pilot: Pilot[Any]) -> None:
    """Wait for the screen's workers (matrix build, export) and their posted results.

    A key's handler may start its build a message later than the key: on a loaded machine
    the workers were found idle before it began, so wait until the screen says it is done.
    """
    await pilot.pause()
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not getattr(app.screen, "building", False):
            return
        await asyncio.sleep(0.01)


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
        with Project.open(app.project.path, coder="analyst") as own:  # written meanwhile
            set_summary(own, "preparation", "observation", "Lite tid til forberedelse.", "kind")
            set_language(own, "nb")  # the study's language: the export's labels follow it
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
    assert "Lite tid til forberedelse." in text  # the cell's summary goes with it
    paragraphs = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Utdragsmatrise" in paragraphs and "Excerpt matrix" not in paragraphs


class Gate:
    """`build_matrix` held at a gate, to see what the screen does while a build runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, holds: Callable[[MatrixSpec], bool]):
        self.open = threading.Event()
        self.finished: list[MatrixSpec] = []  # specs whose build returned, in that order
        self.holds = holds
        real = build_matrix

        def build(project: Project, spec: MatrixSpec, prepared: Any = None) -> Matrix:
            if self.holds(spec):
                assert self.open.wait(10), "the test never opened the gate"
            matrix = real(project, spec, prepared)
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


# -- issue 13: friction, summaries, saved views ---------------------------------------------


async def opened(app: App[Any], pilot: Pilot[Any]) -> MatrixScreen:
    await pilot.press("ctrl+t")
    await built(app, pilot)
    screen = app.screen
    assert isinstance(screen, MatrixScreen) and screen.matrix is not None
    return screen


def to_cell(screen: MatrixScreen, code: str, case: str) -> None:
    m = screen.matrix
    assert m is not None
    row = [r.key for r in m.rows].index(code)
    column = [c.label for c in m.cases].index(case) + 1
    screen.query_one(DataTable).move_cursor(row=row, column=column)


def table_lines(screen: MatrixScreen) -> list[str]:
    """The table as the terminal shows it, line by line."""
    table = screen.query_one(DataTable)
    return [
        "".join(segment.text for segment in table.render_line(y)) for y in range(table.size.height)
    ]


async def test_an_empty_filter_prompt_removes_the_filters_and_escape_keeps_them(
    example: Path,
) -> None:
    """Empty was treated as cancel: once set, a filter could not be removed."""
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("f", "ctrl+u", *"office=Nordby", "enter")
        await built(app, pilot)
        assert screen.spec is not None and screen.spec.filters.query() == "office=Nordby"
        await pilot.press("f", "ctrl+u", "escape")  # escape: the filters stay
        await built(app, pilot)
        assert app.screen is screen and screen.spec.filters.query() == "office=Nordby"
        await pilot.press("f", "ctrl+u", "enter")  # empty: no filters
        await built(app, pilot)
        assert screen.spec.filters.query() == ""
        assert screen.matrix is not None and [c.label for c in screen.matrix.cases] == [
            "Nordby",
            "Sørvik",
        ]
        assert "filter none" in status(screen)


async def test_settings_stay_when_an_excerpt_is_opened_and_the_view_reopened(
    example: Path,
) -> None:
    """Rows, columns, nesting, filters and coders reset to the default every time."""
    path = coded(example)
    app = make_app(path, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        screen.change(by="kind", nest=True, rows=("preparation", "power"))
        await built(app, pilot)
        await pilot.press("f", "ctrl+u", *"coder=analyst office=Nordby", "enter")
        await built(app, pilot)
        chosen = screen.spec
        assert chosen is not None and chosen.filters.coders == ("analyst",)
        to_cell(screen, "preparation", "observation")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # opens the excerpt in the reader: the view closes
        await pilot.pause()
        assert app.screen is app.main
        again = await opened(app, pilot)  # back: as it was
        assert again is not screen and again.spec == chosen
        await pilot.press("escape")  # closed and reopened
        await pilot.pause()
        third = await opened(app, pilot)
        assert third.spec == chosen
    app = make_app(path, coder="analyst")  # the next session opens on it too
    async with app.run_test(size=(120, 36)) as pilot:
        assert (await opened(app, pilot)).spec == chosen


async def test_at_80_columns_counts_are_whole_and_the_filter_shows(example: Path) -> None:
    """At 80 columns a long code name pushed the counts off the screen (`4` for 40) and
    the status line was cut before the filters."""
    path = coded(example)
    with Project.open(path, coder="analyst") as project:
        add_code(
            project,
            "Veldig lang kode om forberedelse før samtaler med brukere i publikumsmottaket",
            key="long",
        )
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        at = doc.text.index("Bruker la brevet")
        codings.add_coding(project, doc.id, at, at + 20, "long")
    app = make_app(path, coder="analyst")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        screen.change(by="kind", rows=("long", "preparation", "power", "conversation-control"))
        await built(app, pilot)
        await pilot.press("f", "ctrl+u", *"office=Nordby", "enter")
        await built(app, pilot)
        for _ in range(500):  # the table repaints a frame after the build is posted
            rows = [line for line in table_lines(screen) if "Veldig lang" in line]
            if rows:
                break
            await pilot.pause(0.01)
        assert rows, table_lines(screen)
        row = rows[0]
        assert "…" in row and "1 (1)" in row  # the name gives way, the count is whole
        assert len(row.rstrip()) <= 80
        line = status(screen)
        assert "filter office=Nordby" in line and "by kind" in line
        assert len(line) <= 80


async def test_long_source_names_break_at_separators_in_the_headers(example: Path) -> None:
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        screen.change(by="source")
        await built(app, pilot)
        m = screen.matrix
        assert m is not None
        table = screen.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()][1:]
        assert table.header_height == 2
        for label, case in zip(labels, m.cases, strict=False):
            lines = label.split("\n")
            assert "".join(lines) == case.label or "…" in label
            for first in lines[:-1]:  # a break only after a separator
                assert first[-1] in "-_. ", label


async def test_the_excerpt_list_cites_as_the_exports_do(example: Path) -> None:
    """The workbench said `source, line N`; Word added the sheet's section."""
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        to_cell(screen, "power", "Nordby")
        await pilot.pause()
        excerpt = screen.excerpts[0]
        assert excerpt.section  # an observation sheet's section, no speaker
        shown = str(screen.query_one("#matrix-excerpts", OptionList).get_option_at_index(0).prompt)
        assert shown.splitlines()[0] == excerpt.citation
        assert excerpt.section in shown.splitlines()[0]


async def test_a_cell_summary_is_written_beside_its_excerpts_marked_and_undone(
    example: Path,
) -> None:
    from qcode.core.analysis.summaries import list_summaries
    from qcode.tui.dialogs.confirm import ConfirmDialog
    from qcode.tui.dialogs.summary_editor import SummaryEditor

    path = coded(example)
    app = make_app(path, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        to_cell(screen, "preparation", "Nordby")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, SummaryEditor)
        assert "A2 hadde ingen mulighet" in str(editor.query_one("#summary-excerpts").query_one(
            "Static").render())  # fmt: skip
        await pilot.press(*"Uforberedt i mottaket", "ctrl+s")
        await built(app, pilot)
        assert app.screen is screen
        with Project.open(path) as project:
            saved = list_summaries(project, by="office")
        assert [(s.code, s.case, s.text) for s in saved] == [
            ("preparation", "Nordby", "Uforberedt i mottaket")
        ]
        row = next(line for line in table_lines(screen) if "Forberedelse" in line)
        assert "1 (1) ✎" in row
        pane = screen.query_one("#matrix-summary")
        assert pane.display and "Uforberedt i mottaket" in str(pane.render())

        await pilot.press("ctrl+z")  # the app's undo takes it back
        await built(app, pilot)
        with Project.open(path) as project:
            assert list_summaries(project) == []
        row = next(line for line in table_lines(screen) if "Forberedelse" in line)
        assert "✎" not in row and not screen.query_one("#matrix-summary").display

        await pilot.press("ctrl+y")  # redo, then remove it by saving it empty
        await built(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        area = app.screen.query_one("#summary-text")
        area.clear()  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await built(app, pilot)
        with Project.open(path) as project:
            assert list_summaries(project) == []


async def test_views_are_saved_loaded_and_named_and_the_last_one_opens(example: Path) -> None:
    from qcode.core.analysis import views

    path = coded(example)
    app = make_app(path, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        screen.change(by="kind", nest=True)
        await built(app, pilot)
        await pilot.press("v", "ctrl+u", *"per-kind", "enter")
        await built(app, pilot)
        with Project.open(path) as project:
            (saved,) = views.list_views(project)
        assert saved.name == "per-kind" and saved.spec == screen.spec
        assert "view per-kind" in status(screen) and "(changed)" not in status(screen)
        screen.change(by="office", nest=False)
        await built(app, pilot)
        assert "view per-kind (changed)" in status(screen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ChooseDialog)
        await pilot.press("enter")
        await built(app, pilot)
        assert screen.spec == saved.spec and screen.view == "per-kind"
        assert "(changed)" not in status(screen)
    app = make_app(path, coder="analyst")  # the next session opens on the view by name
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(app, pilot)
        assert screen.view == "per-kind" and screen.spec == saved.spec
        assert "view per-kind" in status(screen)
