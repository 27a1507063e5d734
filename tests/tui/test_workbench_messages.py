"""The workbench's spine: widgets post typed messages that the screen handles, the app
talks to the workbench only in messages, the panes reload in a worker (the newest
refresh wins), and the TUI reads the project only through the core (no SQL)."""

from __future__ import annotations

import ast
import contextlib
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.message import Message
from textual.worker import WorkerCancelled

import qcode.tui
from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.dialogs.code_editor import CodeEditor
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.messages import OpenExcerpt, ProjectChanged
from qcode.tui.screens import main as main_module
from qcode.tui.screens import workbench_state
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.workbench_state import WorkbenchState
from qcode.tui.widgets.code_tree import CodeTree
from qcode.tui.widgets.reader import Reader

SIZE = (120, 36)
TUI = Path(qcode.tui.__file__).parent


async def test_code_tree_keys_post_requests_with_the_code_under_the_cursor(
    example: Path,
) -> None:
    posted: list[Message] = []
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await pilot.press("f4")  # the tree, cursor on the first theme
        tree = app.main.query_one(CodeTree)
        first = tree.current_code
        assert first is not None
        requests = [CodeTree.AddRequested, CodeTree.EditRequested]
        for key, dialog in (("A", CodeEditor), ("a", CodeEditor), ("e", CodeEditor)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)  # the screen handled the request
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")
    kinds = (*requests, CodeTree.MoveRequested, CodeTree.DeleteRequested)
    # the hook sees a message at each node it bubbles through: count each once
    found = list({id(m): m for m in posted if isinstance(m, kinds)}.values())
    assert [type(m).__name__ for m in found] == [
        "AddRequested", "AddRequested", "EditRequested", "DeleteRequested", "MoveRequested"
    ]  # fmt: skip
    add_theme, add_category, edit, delete, move = found
    assert isinstance(add_theme, CodeTree.AddRequested) and add_theme.under is None
    assert isinstance(add_category, CodeTree.AddRequested) and add_category.under == first
    for message in (edit, delete, move):
        assert getattr(message, "code", None) == first


async def test_open_excerpt_posted_to_the_app_opens_the_source_selected(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(OpenExcerpt("logg-deltaker-c.txt", 10, 30))
        await pilot.pause()
        await pilot.pause()
        main = app.main
        assert main.document is not None and main.document.name == "logg-deltaker-c.txt"
        assert main.query_one(Reader).selection == (10, 30)


async def test_project_changed_posted_to_the_app_reloads_the_workbench(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        main.open_document("logg-deltaker-b.txt")
        await pilot.pause()
        with Project.open(example, coder="script") as other:
            doc = documents.get_document(other, "logg-deltaker-b.txt")
            codings_core.add_coding(other, doc.id, 0, 20, "power")
        app.post_message(ProjectChanged("Kodet av et skript"))
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        assert [h.code_key for h in main.query_one(Reader).highlights_at(5)] == ["power"]
        assert any(n.message == "Kodet av et skript" for n in app._notifications)


async def settle(app: App[None]) -> None:
    """Wait for the workers still running; one that a newer one replaced was cancelled."""
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


async def test_coding_reloads_the_panes_in_a_worker(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def read_state(project: Project, document_id: int | None, *shown: Any) -> WorkbenchState:
        threads.append(threading.current_thread().name)
        return workbench_state.read_state(project, document_id, *shown)

    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        main.open_document("logg-deltaker-a.txt")
        await pilot.pause()
        monkeypatch.setattr(main_module, "read_state", read_state)
        reader = main.query_one(Reader)
        reader.select(0, 25)
        await pilot.press("m")  # Makt og avmakt's shortcut
        await settle(app)
        await pilot.pause()
        assert threads and threading.main_thread().name not in threads
        assert [h.code_key for h in reader.highlights_at(5)] == ["power"]
        power = next(c for c in main.codes if c.key == "power")
        assert main.counts[power.id] == 1


async def test_an_older_refresh_never_overwrites_a_newer_one(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        shown = len(main.codes)
        main.refresh_all()
        main.refresh_all()
        await settle(app)
        await pilot.pause()
        stale = WorkbenchState(summaries=[], codes=[], counts={}, open_source=None)
        main.show_refresh(main.refreshes - 1, stale)  # a slow earlier worker arriving late
        assert len(main.codes) == shown
        assert main.query_one("SourceList").summaries  # type: ignore[attr-defined]


async def test_a_change_by_another_process_is_noticed_through_last_change(
    example: Path,
) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        seen = main.seen_change
        main.watch_project()  # nothing changed: no refresh
        assert not list(app.workers)
        with Project.open(example, coder="script") as other:
            doc = documents.get_document(other, "logg-deltaker-a.txt")
            codings_core.add_coding(other, doc.id, 0, 20, "power")
        main.watch_project()
        assert main.seen_change is not None and main.seen_change != seen
        await settle(app)
        await pilot.pause()
        summary = next(
            s
            for s in main.query_one("SourceList").summaries  # type: ignore[attr-defined]
            if s.document.name == "logg-deltaker-a.txt"
        )
        assert summary.codings == 1


SQL = re.compile(
    r"\bSELECT\s|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\.execute(many)?\(|\.executescript\(|\.conn\b|\.db\.|project\.query\("
)


def test_no_sql_in_the_tui() -> None:
    """The TUI asks the core; only the core knows the tables."""
    offenders = [
        f"{path.relative_to(TUI)}:{number}: {line.strip()}"
        for path in sorted(TUI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert offenders == []


def test_the_sql_check_finds_sql() -> None:
    for line in (
        'project.conn.execute("SELECT coalesce(max(id), 0) FROM audit")',
        'rows = project.query("SELECT * FROM codes")',
        'db.execute("DELETE FROM codings WHERE id = ?")',
    ):
        assert SQL.search(line), line
    assert not SQL.search("ALLOW_SELECT = False")
    assert not SQL.search("spec.filters.query()")


def test_the_app_calls_no_method_of_the_workbench() -> None:
    """The app posts messages to the workbench; it calls none of its methods."""
    tree = ast.parse((TUI / "app.py").read_text(encoding="utf-8"))
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr in ("main", "_main")
    ]
    assert calls and set(calls) == {"post_message"}
    workbench_methods = {name for name in vars(MainScreen) if not name.startswith("__")} - {
        "post_message"
    }
    assert not workbench_methods & set(calls)


def test_widgets_bind_their_own_actions() -> None:
    """No widget binds a key to its screen's action by a string ("screen.add_code")."""
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in sorted(TUI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"Binding\([^)]*[\"'](screen|app)\.", line)
    ]
    assert found == []
