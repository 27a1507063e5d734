"""Snapshots of the main screen at fixed terminal sizes, on the example study.

The data are deterministic: sources from examples/, codings with fixed spans, and the
cursor kept away from codings so no creation time is on screen.
"""

from __future__ import annotations

from pathlib import Path

from qcode.core.coding import codings
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.widgets.reader import Reader


def coded_example(path: Path) -> Path:
    with Project.open(path, coder="analyst") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        text = doc.text
        a = text.index("A2 hadde ingen mulighet")
        codings.add_coding(project, doc.id, a, a + 140, "preparation")
        b = text.index("Bruker la brevet")
        codings.add_coding(project, doc.id, b, b + 200, "conversation-control")
        codings.add_coding(project, doc.id, b + 60, b + 120, "power")
    return path


async def open_first(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.main.open_document("observasjon-nordby-a-1.txt")
    await pilot.pause()
    reader = pilot.app.main.query_one(Reader)
    text = pilot.app.main.document.text
    reader.move_cursor(text.index("Forberedelse:"))
    await pilot.pause()


def test_main_screen_wide(snap_compare, example: Path) -> None:
    app = make_app(coded_example(example), coder="analyst")
    assert snap_compare(app, terminal_size=(120, 36), run_before=open_first)


def test_main_screen_80x24(snap_compare, example: Path) -> None:
    app = make_app(coded_example(example), coder="analyst")
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_first)


def test_code_picker(snap_compare, example: Path) -> None:
    async def pick(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_first(pilot)
        await pilot.press("S", "enter", *"samt")
        await pilot.pause()

    app = make_app(coded_example(example), coder="analyst")
    assert snap_compare(app, terminal_size=(100, 30), run_before=pick)
