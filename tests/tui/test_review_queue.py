"""The suggestion review screen: the queue is read in a worker, decisions advance in
memory (no re-read of thousands of suggestions per key), `o` asks for the excerpt."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Label

from qcode.core.coding.review import get_suggestion, list_suggestions, open_in_order
from qcode.core.coding.suggest import suggest
from qcode.core.project.store import Project
from qcode.tui.app import make_app
from qcode.tui.messages import OpenExcerpt
from qcode.tui.screens.review import QueueState, ReviewScreen, load_state, pick


def suggested(path: Path) -> list[int]:
    with Project.open(path, coder="tester") as project:
        suggest(project, code="power")
        return [s.id for s in list_suggestions(project, "power", "open")]


def counts_line(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-counts", Label).render())


def test_pick_takes_the_first_not_skipped_then_goes_round_again() -> None:
    assert pick([], []) is None
    assert pick([5, 6, 7], [5]) == 6
    assert pick([5, 6], [5, 6]) == 5


async def test_the_queue_loads_in_a_worker_and_says_so(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = suggested(example)
    gate = threading.Event()

    def held(project: Project, code: str | None) -> QueueState:
        assert gate.wait(10), "the test never opened the gate"
        return load_state(project, code)

    monkeypatch.setattr("qcode.tui.screens.review.load_state", held)
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.reading and "loading…" in counts_line(screen)
        assert screen.item is None
        await pilot.press("y")  # nothing on screen yet: nothing is accepted
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.reading and "loading" not in counts_line(screen)
        assert screen.item is not None and screen.item.id == ids[0]
        assert f"{len(ids)} open" in counts_line(screen)
    with Project.open(example) as project:
        assert get_suggestion(project, ids[0]).status == "open"


async def test_deciding_does_not_read_the_whole_queue_again(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = suggested(example)
    reads: list[str | None] = []

    def counted(project: Project, code: str | None = None) -> list[int]:
        reads.append(code)
        return open_in_order(project, code)

    monkeypatch.setattr("qcode.core.coding.review.open_in_order", counted)
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(reads) == 1
        await pilot.press("y", "n", "s")
        assert screen.item is not None and screen.item.id == ids[3]
        assert len(reads) == 1  # the queue advanced in memory
        line = counts_line(screen)
        assert f"{len(ids) - 2} open · 1 accepted · 1 rejected · 1 skipped" in line
    with Project.open(example) as project:
        statuses = [get_suggestion(project, i).status for i in ids[:3]]
    assert statuses == ["accepted", "rejected", "open"]


async def test_open_in_the_reader_asks_for_the_excerpt_and_closes(example: Path) -> None:
    ids = suggested(example)
    seen: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, OpenExcerpt):
            seen.append(message)

    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
    with Project.open(example) as project:
        first = get_suggestion(project, ids[0])
    asked = {(m.document, m.start, m.end) for m in seen if isinstance(m, OpenExcerpt)}
    assert asked == {(first.document, first.start, first.end)}  # (the app passes it on)
