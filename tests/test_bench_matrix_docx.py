"""The 10,000-excerpt Word benchmark keeps working: its quick mode (300 excerpts) runs the
export issue 13 asks measured (a summary in every cell, labels in Norwegian, pseudonyms
and the read-back) beside the reference, and says what it measured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_measures_summaries_in_norwegian() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_matrix_docx.py"), "--quick"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "300 excerpts" in out
    assert "qcode export: 12 cell summaries, labels in 'nb'" in out
    assert "names left: none" in out  # the summaries naming people were pseudonymised
    assert "ratio export / reference" in out
