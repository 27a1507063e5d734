"""The suggestion benchmark keeps working: a quick run over a small generated corpus
prints every line, and the default and `--strict` suggestions it times are real ones."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_suggest.py"

pytestmark = pytest.mark.slow


def test_a_quick_run_prints_every_figure() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--mb", "0.2"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for label in ("exact regex scan:", "fuzzy suggestions:", "--strict (theme words):"):
        assert re.search(re.escape(label) + r"\s+\d+\.\d\d s", text), (label, text)
    fuzzy = int(re.search(r"(\d+) sentence suggestions\n", text).group(1))  # type: ignore[union-attr]
    strict = int(re.search(r"(\d+) sentence suggestions;", text).group(1))  # type: ignore[union-attr]
    assert 0 < strict <= fuzzy, text
    assert re.search(r"ratio fuzzy / regex:\s+\d+\.\d\d", text), text
