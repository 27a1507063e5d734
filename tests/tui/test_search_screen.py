"""The search screen: takes the project like every screen, searches in a worker, and
never lets the hits of an older query replace those of the newer one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Label

from qcode.core.analysis.search import SearchHit, search
from qcode.core.project.store import Project
from qcode.tui.app import make_app
from qcode.tui.screens.search import SearchScreen


async def test_older_hits_never_replace_newer_ones(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    done: list[str] = []

    def held(project: Project, query: str, limit: int = 500) -> list[SearchHit]:
        if query == "makt":
            assert gate.wait(10), "the test never opened the gate"
        hits = search(project, query, limit=limit)
        done.append(query)
        return hits

    monkeypatch.setattr("qcode.tui.screens.search.search", held)
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = SearchScreen(app.project)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press(*"makt")  # "ma", "mak" run; "makt" waits at the gate
        await pilot.press("ctrl+u", *"bruker")  # … while this is typed
        await app.workers.wait_for_complete()
        await pilot.pause()
        # "bruker" finds its forms (bruk, brukte, brukere): every hit is a form of it
        assert screen.hits and all("[bruk" in h.context.lower() for h in screen.hits)
        newer = list(screen.hits)
        gate.set()
        for _ in range(200):
            if "makt" in done:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        assert "makt" in done
        assert screen.hits == newer
        count = str(screen.query_one("#search-count", Label).render())
        assert count.startswith(f"{len(newer)} hits")
