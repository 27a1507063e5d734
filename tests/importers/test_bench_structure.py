"""The structure benchmark keeps working: a quick run finds every turn of its corpus (the
script asserts it, and that its reference regex finds every label) and prints the rate
and the ratio that README "Speed" reports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_structure.py"


def test_a_quick_run_reports_rate_and_ratio() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert re.search(r"detect_structure: +\d+\.\d{3} s +[\d,]+\.\d MB/s", out.stdout), out.stdout
    assert re.search(r"ratio detection/reference: \d+\.\d\d", out.stdout), out.stdout
