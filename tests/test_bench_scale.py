"""The size benchmark (`make bench`'s table by study size) keeps working: a 200-document
run of every step, each a fresh process, gives a time and a peak memory per step."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_scale.py"

pytestmark = pytest.mark.slow


def test_a_quick_run_fills_every_step_of_the_table() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if line.startswith("| ")]
    assert rows[0] == "| step | 200 documents |"
    cells = {row.split(" | ")[0][2:]: row.split(" | ")[1] for row in rows[1:]}
    assert set(cells) == {
        "import", "code, batch", "code, per call", "search", "export, grid", "export, list",
        "workbench",
    }  # fmt: skip
    for step, cell in cells.items():
        assert re.match(r"\d+\.\d\d s, \d+ MB", cell), (step, cell, out.stderr)
