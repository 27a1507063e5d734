"""Things a user ran into in the workbench: what they saw must stay fixed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, OptionList, Static

from qcode.core.coding import codings as codings_core
from qcode.core.coding.review import get_suggestion, list_suggestions
from qcode.core.coding.suggest import suggest
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.import_dialog import ImportDialog
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.review import ReviewScreen
from qcode.tui.widgets.reader import Reader


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


async def test_a_long_question_wraps_instead_of_being_cut_off(example: Path) -> None:
    """At 80x24 "Delete X with its 3 categories and 8 co" ended mid-word."""
    app = make_app(example, coder="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        question = "Delete Forberedelse with its 3 categories and 0 codings? (ctrl+z undoes)"
        app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"))
        await pilot.pause()
        title = app.screen.query_one(".dialog-title", Label)
        assert title.size.height >= 2
        assert title.region.right <= app.screen.query_one(".dialog").region.right


async def test_the_import_report_is_visible_at_80x24(example: Path, tmp_path: Path) -> None:
    """At 80x24 the progress bar showed 100% and the list of skipped files was below the
    dialog's edge, out of reach."""
    for name in ("empty.txt", "tom.txt", "blank.txt", "ingenting.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "note.txt").write_text("Kort notat.", encoding="utf-8")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ImportDialog(example, "tester"))
        await pilot.pause()
        await pilot.click("#paths")
        await pilot.press(*str(tmp_path), "enter")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query_one("#import-report", Static).visual:
                break
        await pilot.pause()
        report = app.screen.query_one("#import-report", Static)
        assert "skipped empty.txt" in str(report.render())
        dialog = app.screen.query_one(".dialog").region
        assert report.region.height >= 5  # the counts and four skipped files
        assert report.region.intersection(dialog) == report.region


async def test_a_categorys_members_are_not_called_uncategorised(example: Path) -> None:
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        codings_core.add_coding(project, doc.id, 0, 60, "power")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        from qcode.tui.screens.categorise import CategoriseScreen

        app.push_screen(CategoriseScreen(app.project, "power"))  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press("1")  # into the first category
        await pilot.pause()
        members = app.screen.query_one("#cat-members", OptionList)
        assert members.option_count == 1
        assert "uncategorised" not in str(members.get_option_at_index(0).prompt)


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
