"""The source list: typing filters it, and its keys never reach the reader's."""

from __future__ import annotations

from pathlib import Path

from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.screens.main import MainScreen
from qcode.tui.widgets.reader import Reader


async def test_backspace_past_an_empty_source_filter_removes_no_coding(example: Path) -> None:
    """Clearing the source filter with one backspace too many removed a coding in the reader."""
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "logg-deltaker-b.txt")
        codings_core.add_coding(project, doc.id, 0, 40, "power")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        main.open_document("logg-deltaker-b.txt")
        await pilot.pause()
        await pilot.press("f2", "n", "o", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert [h.code_key for h in main.query_one(Reader).highlights_at(5)] == ["power"]
    with Project.open(example) as project:
        assert len(codings_core.list_codings(project)) == 1
