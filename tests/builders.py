"""Plain helpers shared by test modules (fixtures live in conftest.py files).

A small codebook, the saved state of a project for undo checks, a synthetic matrix, the
example study as a project, and helpers for CLI results. Test modules import these from
here and never from one another.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from qcode.core.analysis.matrix import Case, Cell, Excerpt, Matrix, MatrixRow
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.project.store import Project
from tests.paths import CODEBOOKS, EXAMPLE

# -- small data ------------------------------------------------------------------------

BOOK = """
qcode-codebook: 1
name: Test
themes:
  - name: Makt og avmakt
    key: power
    shortcut: m
  - name: Forberedelse
    key: preparation
    shortcut: f
"""


def state(project: Project) -> dict[str, list[dict[str, Any]]]:
    """Every row a change or its undo can touch, to compare before and after."""
    return {
        t: project.query(f"SELECT * FROM {t} ORDER BY id")
        for t in ("codes", "codings", "memos", "suggestions")
    }


def matrix_with_cases(n: int, text: str = "excerpt") -> Matrix:
    """A one-row matrix with `n` cases, one excerpt each, built without a project."""
    cases = tuple(Case(f"case {i + 1}", (f"source-{i + 1}.txt",)) for i in range(n))
    cells = tuple(
        Cell(
            (
                Excerpt(
                    f"source-{k + 1}.txt", "other", 0, 5, f"{text} {k + 1}", 1, 1, None, None,
                    ("tester",), (k + 1,), 2,
                ),
            )
        )
        for k in range(n)
    )  # fmt: skip
    return Matrix(
        "synthetic", "2024-01-01", "source", MatrixSpec(), (MatrixRow("theme", "Theme", 1, 0),),
        cases, (cells,), ("tester",),
    )  # fmt: skip


# -- the example study as a project ----------------------------------------------------


def build_example(path: Path) -> Path:
    """The example study imported as `make demo` does, without codings."""
    from qcode.core.codebook.codes import load_codebook as load_into
    from qcode.core.codebook.format import load_codebook
    from qcode.core.sources import documents

    with Project.create(path, coder="tester") as project:
        load_into(project, load_codebook(CODEBOOKS / "nav-guidance-groups.yaml"), "nav")
        attrs = EXAMPLE / "attributes.csv"
        for kind, pattern in (
            ("observation", "observasjon-*"),
            ("interview", "intervju-*"),
            ("log", "logg-*"),
        ):
            files = sorted(EXAMPLE.glob(pattern))
            documents.import_files(project, files, kind=kind, attributes_csv=attrs)
    return path


def copy_project(source: Path, target: Path) -> Path:
    """A consistent copy of a project file, its write-ahead log included."""
    with Project.open(source) as project:
        project.conn.execute("VACUUM INTO ?", [str(target)])
    return target


FIXED_TIME = "2024-03-01T09:30:00Z"
SNAPSHOT_CODER = "analyst"
SNAPSHOT_SOURCE = "observasjon-nordby-a-1.txt"


def code_snapshot_study(path: Path) -> Path:
    """Three overlapping codings and a memo on the first observation, keyword suggestions
    for `power`, and every creation time set to FIXED_TIME, so nothing on screen depends
    on when or where the test runs."""
    from qcode.core.coding import codings
    from qcode.core.coding.suggest import suggest
    from qcode.core.sources import documents

    with Project.open(path, coder=SNAPSHOT_CODER) as project:
        doc = documents.get_document(project, SNAPSHOT_SOURCE)
        text = doc.text
        a = text.index("A2 hadde ingen mulighet")
        first = codings.add_coding(project, doc, a, a + 140, "preparation")
        b = text.index("Bruker la brevet")
        codings.add_coding(project, doc, b, b + 200, "conversation-control")
        codings.add_coding(project, doc, b + 60, b + 120, "power")
        codings.set_coding_memo(project, first.id, "Typisk: ingen tid til forberedelse.")
        suggest(project, code="power")
        for table in ("codes", "codings", "memos", "suggestions"):
            project.conn.execute(f"UPDATE {table} SET created_at = ?", [FIXED_TIME])
        project.conn.commit()
    return path


# -- command-line results --------------------------------------------------------------

Run = Callable[..., Result]


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path
