"""Dialogs on their own: the fuzzy code ranking, the import dialog, find in a source."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label, Select, Static

from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.sources.documents import get_document
from qcode.tui.app import make_app
from qcode.tui.dialogs.code_picker import rank_codes
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.import_dialog import ImportDialog, parse_paths
from qcode.tui.widgets.reader import Reader
from tests.paths import EXAMPLE


def code(key: str, name: str, aliases: tuple[str, ...] = (), order: int = 0) -> Code:
    return Code(
        id=order,
        guid=key,
        key=key,
        name=name,
        parent_id=None,
        level=1,
        colour="#808080",
        aliases=aliases,
        sort_order=order,
    )


CODES = [
    code("preparation", "Forberedelse", ("Forberedelse til samtaler",), 1),
    code("conversation-control", "Samtalestyring", ("Samtalestyring / grensesetting",), 2),
    code("power", "Makt og avmakt", (), 3),
    code("emotional-strain", "Emosjonell belastning", (), 4),
    code("user-meeting", "Brukerens møte med NAV", (), 5),
    code("attitudes", "Holdninger til NAV", (), 6),
]


def test_picker_ranks_prefixes_and_norwegian_letters_first() -> None:
    assert rank_codes(CODES, "samt")[0].key == "conversation-control"
    assert rank_codes(CODES, "makt")[0].key == "power"
    assert rank_codes(CODES, "møte")[0].key == "user-meeting"
    assert rank_codes(CODES, "forb")[0].key == "preparation"
    assert rank_codes(CODES, "emosj")[0].key == "emotional-strain"
    assert rank_codes(CODES, "")[:2] == CODES[:2]  # no query: codebook order
    assert rank_codes(CODES, "xqzv") == []


def test_parse_paths_expands_globs_and_quotes(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.txt").write_text("y", encoding="utf-8")
    found = parse_paths(f'"{tmp_path}/a b.txt" {tmp_path}/c*')
    assert [p.name for p in found] == ["a b.txt", "c.txt"]


async def test_import_dialog_imports_a_folder_with_progress_and_lists_skips(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ny.qcode"
    Project.create(path).close()
    folder = tmp_path / "kilder"
    folder.mkdir()
    for name in ("logg-deltaker-a.txt", "logg-deltaker-b.txt"):
        (folder / name).write_text((EXAMPLE / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "tom.txt").write_text("", encoding="utf-8")
    app = make_app(path, coder="tester")
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        await pilot.press(*str(folder))
        await pilot.press("tab", "tab", "tab")  # past the kind and the labels choices
        await pilot.press(*str(EXAMPLE / "attributes.csv"), "enter")
        for _ in range(40):
            await pilot.pause(0.05)
            if dialog.result is not None:
                break
        result = dialog.result
        assert result is not None
        assert result.imported == ["logg-deltaker-a.txt", "logg-deltaker-b.txt"]
        assert [Path(p).name for p, _ in result.skipped] == ["tom.txt"]
        report = str(dialog.query_one("#import-report").render())
        assert "skipped tom.txt" in report and "is empty" in report
        await pilot.press("escape")
        await pilot.pause()
        names = [s.document.name for s in app.main.query_one("SourceList").summaries]
        assert names == ["logg-deltaker-a.txt", "logg-deltaker-b.txt"]


async def test_find_in_source_selects_each_match_in_turn(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=(120, 36)) as pilot:
        app.main.open_document("observasjon-nordby-a-1.txt")
        await pilot.pause()
        text = app.main.document.text
        await pilot.press("ctrl+f", *"bruker", "enter")
        reader = app.main.query_one(Reader)
        first = text.lower().index("bruker")
        assert reader.selection == (first, first + 6)
        await pilot.press("enter")
        second = text.lower().index("bruker", first + 6)
        assert reader.selection == (second, second + 6)
        await pilot.press("escape")
        assert not app.main.query_one("#find").display


async def test_find_keeps_offsets_after_letters_that_casefold_longer(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    source = tmp_path / "notat.txt"
    source.write_text("Straße und Maße. Bruker kom igjen.\n", encoding="utf-8")
    with Project.create(path, coder="t") as project:
        from qcode.core.sources.documents import import_files

        import_files(project, [source])
    app = make_app(path, coder="t")
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.open_document("notat.txt")
        await pilot.pause()
        await pilot.press("ctrl+f", *"BRUKER", "enter")
        text = app.main.document.text
        at = text.index("Bruker")
        assert app.main.query_one(Reader).selection == (at, at + 6)


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
        app.push_screen(ImportDialog(app.project))
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


async def test_the_import_dialog_reads_labels_as_the_analyst_chooses(
    example: Path, tmp_path: Path
) -> None:
    """A sheet whose theme labels read as speakers is imported with them as headings."""
    sheet = tmp_path / "ark.txt"
    sheet.write_text(
        "Forberedelse: De hadde lest sakene.\nSamtalestyring: Stramt.\nForberedelse: Igjen.\n",
        encoding="utf-8",
    )
    app = make_app(example, coder="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ImportDialog(app.project)
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one("#paths", Input).value = str(sheet)
        dialog.query_one("#structure", Select).value = "sections"
        await pilot.click("#import")
        for _ in range(50):
            await pilot.pause(0.05)
            if dialog.result is not None:
                break
        assert dialog.result is not None and dialog.result.imported == ["ark.txt"]
    document = get_document(Project.open(example), "ark.txt")
    assert document.turns == ()
    assert [s.title for s in document.sections] == ["Forberedelse", "Samtalestyring"] + [
        "Forberedelse"
    ]
