"""Matrices and summaries that reach every branch of the Word writer, for the test that the
document it writes stays the same when the writing is made faster (test_export_docx_golden).

Fixed values only (no dates, no project file), so the document.xml they give is the same
on every run: awkward text (markup characters, line breaks, leading and doubled spaces,
tabs, control characters, names to replace), nested categories, empty cells, summaries
with and without excerpts, and enough cases for several grid and overview tables.
"""

from __future__ import annotations

from qcode.core.analysis.matrix import Case, Cell, Excerpt, Matrix, MatrixRow
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.analysis.summaries import CellSummary

TEXTS = (
    "Kari sa at saken var <vanskelig> & lang.",
    " Leading space and a\ttab",
    "Two  spaces inside; Ola's turn",
    "Line one\nline two\n\nline after a blank",
    "Control\x0bcharacters\x01 and a form\x0cfeed",
    "Trailing space ",
    "Plain words only",
    "Hans' bok og Karis notat",
)
ROWS = (
    MatrixRow("power", "Makt og avmakt", 1, 0, "Beskrivelse av makt.", "#C0392B"),
    MatrixRow("power-time", "Tidspress", 2, 1, "", "#2980B9"),
    MatrixRow("preparation", "Forberedelse <&>", 1, 0, "Line\nbreak", "#27AE60"),
)
PSEUDONYMS = [("Kari", "Deltaker A"), ("Ola", "Deltaker B"), ("Hans", "Deltaker C")]


def _excerpt(r: int, k: int, n: int) -> Excerpt:
    text = TEXTS[(r * 7 + k * 3 + n) % len(TEXTS)]
    speaker = "Kari" if n % 3 == 0 else None
    section = "Innledning" if n % 3 == 1 else None
    return Excerpt(
        f"kilde-{k + 1:02}.txt", "interview", n * 100, n * 100 + len(text), text,
        n * 4 + 1, n + 1, speaker, section, ("tester",), (r * 1000 + k * 10 + n,),
        len(text.split()),
    )  # fmt: skip


def golden_matrix(cases: int = 8) -> Matrix:
    """Three rows (one nested) × `cases` sources; every fourth cell empty, others 1-3
    excerpts."""
    cells = tuple(
        tuple(Cell(tuple(_excerpt(r, k, n) for n in range((r + k) % 4))) for k in range(cases))
        for r in range(len(ROWS))
    )
    case_list = tuple(
        Case(f"kilde-{k + 1:02}.txt", (f"kilde-{k + 1:02}.txt",)) for k in range(cases)
    )
    spec = MatrixSpec(
        rows=("power", "preparation"),
        by="source",
        nest=True,
        filters=MatrixFilters(("tester",), (), (("office", "Nordby"),), ""),
    )
    return Matrix(
        "Studie om Kari & co", "2024-05-17", "source", spec, ROWS, case_list, cells, ("tester",)
    )


def golden_summaries(matrix: Matrix) -> dict[tuple[str, str], CellSummary]:
    """A summary in a full cell, one in an empty cell (flagged), one naming a person."""
    out = {}
    picks = ((0, 1, "Makt & <avmakt> ved skranken."), (0, 3, "Tomt nå.\nMen viktig."),
             (2, 2, "Kari styrer samtalen"))  # fmt: skip
    for r, k, text in picks:
        if k >= len(matrix.cases):
            continue
        row, case = matrix.rows[r], matrix.cases[k]
        orphan = not matrix.cells[r][k].excerpts
        out[(row.key, case.label)] = CellSummary(
            row.key, row.name, "source", case.label, text, "tester",
            "2024-05-17T10:00:00", "2024-05-17T10:00:00", f"guid-{r}-{k}", orphan,
        )  # fmt: skip
    return out
