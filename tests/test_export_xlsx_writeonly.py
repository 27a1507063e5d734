"""The matrix workbook, written row by row (openpyxl's write-only mode), keeps the look a
reader of it sees: column widths, frozen headings, the filter on the excerpt list, bold
headings on pale blue, wrapped grid cells, and the used range a reader sizes a sheet by."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.export import export_matrix

THREE = ("power", "conversation-control", "preparation")


def _export(coded, tmp_path: Path):  # type: ignore[no-untyped-def]
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="office"))
    out = tmp_path / "m.xlsx"
    export_matrix(m, out)
    return m, out


def test_sheets_keep_widths_panes_and_filter(coded, tmp_path: Path) -> None:
    m, out = _export(coded, tmp_path)
    wb = openpyxl.load_workbook(out)
    grid, counts, listing, about = (wb[n] for n in ("Matrix", "Counts", "Excerpts", "About"))
    assert grid.freeze_panes == "B2" and listing.freeze_panes == "A2"
    assert counts.freeze_panes is None and about.freeze_panes is None
    assert grid.column_dimensions["A"].width == 28
    assert [grid.column_dimensions[c].width for c in "BCD"] == [60, 60, 60]
    assert counts.column_dimensions["A"].width == 32
    assert listing.column_dimensions["M"].width == 80
    assert (about.column_dimensions["A"].width, about.column_dimensions["B"].width) == (14, 80)
    assert listing.auto_filter.ref == f"A1:N{m.excerpt_count + 1}"  # N: type
    assert grid.auto_filter.ref is None


def test_headings_bold_on_blue_and_grid_wrapped(coded, tmp_path: Path) -> None:
    m, out = _export(coded, tmp_path)
    wb = openpyxl.load_workbook(out)
    grid, counts, listing, about = (wb[n] for n in ("Matrix", "Counts", "Excerpts", "About"))
    for cell in [*grid[1], *listing[1], *counts[2]]:
        assert cell.font.b and cell.fill.fgColor.rgb == "00DCE6F0", cell.coordinate
    for row in grid.iter_rows(min_row=2):
        assert row[0].font.b and not row[1].font.b
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in row)
    assert counts["A1"].font.b and counts["A1"].fill.fgColor.rgb != "00DCE6F0"
    assert not listing["A2"].font.b and not listing["M2"].alignment.wrap_text
    assert all(row[0].font.b and not row[1].font.b for row in about.iter_rows())
    # Each measure: a title, the headings, one row per code, the totals, a blank row.
    titles = [c.value for c in counts["A"] if c.value and c.value.endswith("by code and case")]
    assert titles == [f"{m} by code and case" for m in ("Segments", "Sources", "Words")]
    assert counts.cell(row=len(m.rows) + 3, column=1).value == "Total"
    assert counts.cell(row=len(m.rows) + 4, column=1).value is None
    assert counts.cell(row=len(m.rows) + 5, column=1).value == "Sources by code and case"


def test_used_range_is_declared(coded, tmp_path: Path) -> None:
    """A reader that sizes a sheet by its declared range (openpyxl's read-only mode, and
    pandas through it) sees every row and column."""
    m, out = _export(coded, tmp_path)
    wb = openpyxl.load_workbook(out, read_only=True)
    sizes = {ws.title: (ws.max_row, ws.max_column) for ws in wb.worksheets}
    assert sizes["Matrix"] == (len(m.rows) + 1, len(m.cases) + 1)
    assert sizes["Counts"] == (3 * (len(m.rows) + 4) - 1, len(m.cases) + 2)
    assert sizes["Excerpts"] == (m.excerpt_count + 1, 14)  # text, then type
    full = openpyxl.load_workbook(out)
    for ws in full.worksheets:
        assert sizes[ws.title] == (ws.max_row, ws.max_column), ws.title
