"""The import benchmark keeps working: a quick run (enough files for worker processes)
imports every document, checks the reference indexed every one, and prints the wall-time
ratio and the CPU-time ratios README "Speed" reports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_import.py"


def test_a_quick_run_reports_wall_and_cpu_ratios() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert "corpus: 60 documents" in out.stdout, out.stdout
    assert re.search(r"ratio qcode/reference: \d+\.\d\d", out.stdout), out.stdout
    assert re.search(
        r"importing process \d+\.\d{3} s \(ratio \d+\.\d\d\), all processes \d+\.\d{3} s "
        r"\(ratio \d+\.\d\d\)",
        out.stdout,
    ), out.stdout
