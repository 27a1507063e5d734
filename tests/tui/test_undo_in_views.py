"""ctrl+z in a view above the workbench: the view shows the state it undid to, so the
next key acts on what is on screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from qcode.core.coding import codings as codings_core
from qcode.core.coding.review import get_suggestion, list_suggestions
from qcode.core.coding.suggest import suggest
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.screens.review import ReviewScreen


async def test_undo_in_the_review_queue_shows_the_suggestion_it_reopened(example: Path) -> None:
    """After ctrl+z the queue showed the next suggestion while `y` accepted the undone one."""
    with Project.open(example, coder="tester") as project:
        suggest(project, code="power")
        first, second = list_suggestions(project, "power", "open")[:2]
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("n")  # reject the first
        assert screen.item is not None and screen.item.id == second.id
        await pilot.press("ctrl+z")  # the first is open again
        await pilot.pause()
        assert screen.item is not None and screen.item.id == first.id
        assert "0 rejected" in str(screen.query_one("#review-counts", Label).render())
        await pilot.press("y")  # accepts what is on screen
        await pilot.pause()
    with Project.open(example) as project:
        assert get_suggestion(project, first.id).status == "accepted"
        assert get_suggestion(project, second.id).status == "open"


async def test_undo_in_the_matrix_updates_its_counts(example: Path) -> None:
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        codings_core.add_coding(project, doc.id, 0, 60, "power")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        spec = app.screen.query_one("#matrix-spec", Label)
        assert "1 excerpts" in str(spec.render())
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "0 excerpts" in str(spec.render())
