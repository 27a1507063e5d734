"""The workbench settles the garbage collector after start-up and puts it back on exit."""

from __future__ import annotations

import gc
from pathlib import Path

from qcode.tui.app import make_app
from qcode.tui.memory import THRESHOLDS


async def test_start_up_objects_are_frozen_and_restored_on_exit(example: Path) -> None:
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    app = make_app(example, coder="analyst")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.get_freeze_count() > 10_000  # the widgets and styles made at start-up
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
