"""Keys in the matrix view that act on the cell under the cursor."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app


async def test_enter_right_after_opening_the_matrix_lists_excerpts(example: Path) -> None:
    """The cursor started on the code names, where enter did nothing."""
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        codings_core.add_coding(project, doc.id, 0, 60, "preparation")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#matrix-excerpts", OptionList).option_count == 1
        await pilot.press("shift+tab", "n")  # nesting rebuilds the grid: still on a count
        await pilot.pause()
        assert app.screen.query_one("DataTable").cursor_coordinate.column == 1
