"""A matrix with more cases than the table holds: by source on a large project put
10,000 columns in the DataTable, 14 s to fill on the UI thread and 1 s per cursor move."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Label

from qcode.tui.app import make_app
from qcode.tui.screens.matrix import MatrixScreen


async def test_a_wide_matrix_puts_its_first_cases_in_the_table_and_says_so(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qcode.tui.screens.matrix_grid.MAX_COLUMNS", 2)
    app = make_app(example, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        screen.change(by="source")
        await app.workers.wait_for_complete()
        await pilot.pause()
        m = screen.matrix
        assert m is not None and m.by == "source" and len(m.cases) > 2
        table = screen.query_one(DataTable)
        # (a long label is broken over two header lines at a separator: nothing is lost)
        labels = [str(c.label).replace("\n", "") for c in table.columns.values()]
        assert labels == ["Code", m.cases[0].label, m.cases[1].label]
        status = str(screen.query_one("#matrix-spec", Label).render())
        assert f"(the first 2 of {len(m.cases)}; x exports all)" in status
        await pilot.press("right", "right", "right")  # stops at the table's last column
        await pilot.pause()
        assert table.cursor_coordinate.column == 2
        assert m.cases[1].label in str(screen.query_one("#matrix-cell", Label).render())
