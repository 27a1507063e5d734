"""Terminal injection in the workbench: no raw control character reaches the screen.

Textual draws a widget's text as it is given: ESC, C1 controls, DEL and bidi overrides
pass into the segments it writes to the terminal (it drops only BEL and CR). A project
planted with terminal escapes (document name and text, speaker, attribute value, code name
and description, memo, coder) is opened, and each view that shows project text is
rendered to a screenshot (`export_screenshot`: every segment on the screen, toasts and
modals included), which may hold no control character; the planted text is still there,
as visible escapes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.app import App
from textual.screen import Screen
from textual.widgets import TextArea

from qcode.cli.main import cli
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.codebook.codes import list_codes
from qcode.core.project.store import Project
from qcode.core.sources.documents import ImportResult
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_editor import CodeEditor
from qcode.tui.dialogs.code_picker import CodePicker
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.import_dialog import ImportDialog
from qcode.tui.dialogs.memo_editor import MemoEditor
from qcode.tui.dialogs.rows_dialog import RowsDialog
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.screens.categorise import CategoriseScreen
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.matrix import MatrixScreen
from qcode.tui.screens.review import ReviewScreen
from qcode.tui.screens.search import SearchScreen

P = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BOOK = """
qcode-codebook: 1
name: Terminal
themes:
  - name: Forberedelse
    key: preparation
    shortcut: f
    keywords: [forberedt]
"""


def planted(folder: Path) -> tuple[Path, str]:
    """A project with `P` in every kind of project string; returns it and the document."""
    project = folder / "planted.qcode"

    def run(*args: str) -> None:
        result = CliRunner().invoke(cli, ["--project", str(project), "--coder", "anna", *args])
        assert result.exit_code == 0, result.output

    run("init", str(project))
    marker = "¤" * len(P)  # the text importer refuses controls: put in below, same length
    source = folder / f"intervju{P}.txt"
    source.write_text(
        f"Forberedelse{marker}:\nKari{marker}: hun var forberedt{marker} i dag.\n"
        f"Intervjuer: og så {marker}?\nKari{marker}: forberedt{marker}, ja.\n",
        encoding="utf-8",
    )
    run("import", str(source))
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    run("codebook", "load", str(folder / "book.yaml"))
    doc = source.name
    run("attributes", "set", doc, f"office=Nordby{P}")
    run("code", doc, "0", "30", "preparation", "--memo", f"memo{P}")
    run("memo", "add", f"om dokumentet{P}", "--doc", doc)
    run("categories", "add", "preparation", "Inner", "--key", "inner")
    run("categories", "assign", "1", "inner")
    run("suggest")
    with Project.open(project, coder="anna") as opened, opened.conn:
        opened.conn.execute("UPDATE codes SET name = name || ?, description = ?", [P, f"d{P}"])
        opened.conn.execute(
            "UPDATE documents SET text = replace(text, ?, ?), metadata = replace(metadata, ?, ?)",
            [marker, P, marker, json.dumps(P)[1:-1]],
        )
        for table, column in (("codings", "coder"), ("audit", "coder"), ("memos", "author")):
            opened.conn.execute(f"UPDATE {table} SET {column} = 'anna' || ?", [P])
    return project, doc


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, str]:
    return planted(tmp_path)


async def settle(app: App[None], pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def assert_safe(app: App[None], what: str, expect: str = "pwned") -> None:
    """Nothing raw on the screen, and the planted text shown (escaped), not dropped."""
    shot = app.export_screenshot()
    assert RAW.findall(shot) == [], f"{what}: {sorted(set(RAW.findall(shot)))}"
    assert expect in shot, f"{what}: the planted text is not shown"


async def test_main_screen_and_its_dialogs(project: tuple[Path, str]) -> None:
    path, doc = project
    app = make_app(path, coder="anna")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert_safe(app, "source list and code tree")  # names in the list and the tree
        main = app.screen
        assert isinstance(main, MainScreen)
        main.open_document(doc)
        await settle(app, pilot)
        assert_safe(app, "document title, reader and detail pane")
        main.after_change(f"Coded as Forberedelse{P}")
        await settle(app, pilot)
        assert_safe(app, "notification")

        codes = list_codes(main.project)
        dialogs: list[tuple[str, Screen[object]]] = [
            ("choose", ChooseDialog(f"Which {P}", [(f"pwned {P}", 1), (f"b{P}", 2)])),
            ("confirm", ConfirmDialog(f"Delete pwned{P}?")),
            ("text prompt", TextPrompt(f"Rename pwned{P}", value=f"x{P}")),
            ("code editor", CodeEditor(f"Edit pwned{P}", codes[0])),
            ("memo editor", MemoEditor(f"Memo on pwned{P}", f"first{P}\nsecond")),
            ("code picker", CodePicker(codes, title=f"Code pwned{P}")),
            ("rows", RowsDialog(codes, [c.key for c in codes])),
        ]
        for name, dialog in dialogs:
            app.push_screen(dialog)
            await settle(app, pilot)
            assert_safe(app, name, "pwned" if name != "rows" else "Forberedelse")
            app.pop_screen()
            await settle(app, pilot)

        importer = ImportDialog(main.project)
        app.push_screen(importer)
        await settle(app, pilot)
        importer.show_result(
            ImportResult([doc], [(f"/x/pwned{P}.txt", f"bad{P}")], [f"note{P}"], 1)
        )
        await settle(app, pilot)
        assert_safe(app, "import report")


async def test_the_memo_editor_keeps_a_memo_saved_unchanged(project: tuple[Path, str]) -> None:
    path, _ = project
    app = make_app(path, coder="anna")
    saved: list[str | None] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.push_screen(MemoEditor("Memo", f"a{P}b"), saved.append)
        await settle(app, pilot)
        assert "\x1b" not in app.screen.query_one(TextArea).text  # shown escaped
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert saved == [f"a{P}b"]  # the memo as it was, not its escaped form


async def test_search_review_and_categorise(project: tuple[Path, str]) -> None:
    path, _ = project
    app = make_app(path, coder="anna")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        for name, screen in (
            ("search", SearchScreen(main.project, "forberedt")),
            ("review", ReviewScreen(main.project)),
            ("categorise", CategoriseScreen(main.project, "preparation")),
        ):
            app.push_screen(screen)
            await settle(app, pilot)
            await pilot.pause(0.2)
            await settle(app, pilot)
            assert_safe(app, name)
            app.pop_screen()
            await settle(app, pilot)


async def test_the_matrix_view(project: tuple[Path, str]) -> None:
    path, _ = project
    app = make_app(path, coder="anna")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        # by office: the planted attribute value is a column, the code name a row label,
        # and the cell under the cursor lists the planted document and text
        app.push_screen(MatrixScreen(main.project, MatrixSpec(by="office")))
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert isinstance(app.screen, MatrixScreen)
        assert app.screen.matrix is not None and app.screen.matrix.cases
        await pilot.press("right")
        await settle(app, pilot)
        assert_safe(app, "matrix")
