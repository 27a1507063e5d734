"""Where the tests' data live: the checkout, the example study, the shipped codebooks,
and the real-world files shared beside the checkout (tests skip when those are missing)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nav-study"
CODEBOOKS = ROOT / "codebooks"
SHARED_TESTDATA = ROOT.parent / "shared" / "testdata"
