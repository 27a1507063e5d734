"""Issue 13's matrix benchmark keeps working: a quick run of `bench_ui_thread.py --quick`
opens the matrix, switches its columns and applies and removes a filter in the workbench,
each timed until a painted frame shows the counts the core computes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_ui_thread.py"

pytestmark = pytest.mark.slow


def test_a_quick_run_times_each_change_the_issue_names() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    rows = {m.group(1): m for m in re.finditer(r"^(.+?) \(n=(\d+)\) +(\d+) \(", out.stdout, re.M)}
    assert set(rows) == {
        "open (ctrl+t)",
        "switch columns (b … enter)",
        "apply a filter (f … enter)",
        "remove the filter (f, ctrl+u, enter)",
        "worker alone: build (reference)",
        "worker alone, sources kept (reference)",
    }, out.stdout
    assert rows["switch columns (b … enter)"].group(2) == "2"  # to another attribute and back
    assert re.search(r"the matrix \(by \w+\) shows \d+ excerpts, filtered \d+", out.stdout)
