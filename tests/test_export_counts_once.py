"""Exports cost in proportion to what they write: counts are made once per matrix.

A grid of many cases is written as several tables, and each asked the matrix for its rows'
counts again, so the Word export of 2,000 sources counted every excerpt 334 times. The spy
here counts the calls to the counting function; speed itself is measured in
benchmarks/bench_export_scale.py, whose quick mode is run here so it keeps working.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from qcode.core.analysis import matrix_model as matrix_module
from qcode.core.analysis.matrix import Case, Cell, Counts, Excerpt, Matrix, MatrixRow
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.export import export_matrix

ROOT = Path(__file__).resolve().parents[1]
ROWS, CASES = 3, 13  # 13 cases: three Word grid tables (6 + 6 + 1 cases, evened out)


def _excerpt(r: int, k: int, n: int) -> Excerpt:
    return Excerpt(
        f"source-{k + 1}.txt", "interview", n * 10, n * 10 + 9, f"row {r} case {k} excerpt {n}",
        n + 1, 1, None, None, ("tester",), (r * 1000 + k * 10 + n,), 5,
    )  # fmt: skip


def grid_matrix() -> Matrix:
    """ROWS codes × CASES sources, two excerpts in every cell but the first row's last."""
    cells = tuple(
        tuple(
            Cell(() if (r, k) == (0, CASES - 1) else (_excerpt(r, k, 0), _excerpt(r, k, 1)))
            for k in range(CASES)
        )
        for r in range(ROWS)
    )
    rows = tuple(MatrixRow(f"code-{r}", f"Code {r}", 1, 0) for r in range(ROWS))
    cases = tuple(Case(f"source-{k + 1}.txt", (f"source-{k + 1}.txt",)) for k in range(CASES))
    return Matrix("grid", "2024-01-01", "source", MatrixSpec(), rows, cases, cells, ("tester",))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the excerpt lists handed to the counting function, one per call."""
    calls: list[int] = []
    real = matrix_module._counts

    def spy(excerpts: Iterable[Excerpt]) -> Counts:
        listed = list(excerpts)
        calls.append(len(listed))
        return real(listed)

    monkeypatch.setattr(matrix_module, "_counts", spy)
    return calls


@pytest.mark.parametrize(
    ("fmt", "layout"),
    [("docx", "grid"), ("docx", "list"), ("xlsx", "grid"), ("md", "grid"), ("html", "grid"),
     ("html", "list"), ("csv", "grid")],
)  # fmt: skip
def test_every_excerpt_is_counted_a_fixed_number_of_times(
    counted: list[int], tmp_path: Path, fmt: str, layout: str
) -> None:
    """Each cell once, then each row, each case and the whole once: an excerpt is counted
    at most four times, however many tables the grid is split into."""
    matrix = grid_matrix()
    export_matrix(matrix, tmp_path / f"m.{fmt}", fmt, layout)
    excerpts = matrix.excerpt_count
    assert len(counted) <= ROWS * CASES + ROWS + CASES + 1
    assert sum(counted) <= 4 * excerpts


def test_counts_asked_again_are_not_counted_again(counted: list[int]) -> None:
    matrix = grid_matrix()
    first = [matrix.row_counts(r) for r in range(ROWS)]
    calls = len(counted)
    for _ in range(5):
        assert [matrix.row_counts(r) for r in range(ROWS)] == first
        assert matrix.case_counts(0) == Counts(6, 1, 30)
        assert matrix.total_counts() == Counts(2 * (ROWS * CASES - 1), CASES, 10 * 38)
        assert matrix.cells[1][2].counts == Counts(2, 1, 10)
    assert len(counted) == calls + 1  # only the one cell not asked before
    assert first[0] == Counts(2 * (CASES - 1), CASES - 1, 10 * (CASES - 1))


def test_a_matrix_without_rows_still_has_case_counts() -> None:
    matrix = Matrix("empty", "2024-01-01", "source", MatrixSpec(), (), (Case("a", ("a",)),), (), ())
    assert matrix.case_counts(0) == Counts()
    assert matrix.total_counts() == Counts()


def test_the_export_scale_benchmark_runs_in_its_quick_mode(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_export_scale.py"), "--quick"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    formats = ("docx-grid", "docx-list", "xlsx", "html-grid", "html-list", "md", "csv")
    assert [line.split()[3] for line in lines] == list(formats)
    assert all("ratio" in line and "peak RSS" in line for line in lines)
