"""The matrix for spreadsheets and scripts: xlsx (grid, counts, long list) and long-form CSV.

Every text cell goes through `formulas`, so no text from the project is ever taken for a
formula (see there).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qcode.core.analysis.matrix import Matrix
from qcode.core.export.common import clean, plural, title_lines
from qcode.core.export.formulas import append_row, csv_field

# Excel refuses cells longer than this; a fuller cell says how many excerpts it leaves out.
XLSX_CELL_LIMIT = 32_767
LONG_COLUMNS = (
    "code",
    "code_name",
    "case",
    "source",
    "kind",
    "start",
    "end",
    "line",
    "speaker",
    "section",
    "coder",
    "words",
    "text",
)


def long_rows(matrix: Matrix) -> list[list[str | int]]:
    """One row per excerpt in matrix order: what the CSV and the xlsx list sheet hold."""
    out: list[list[str | int]] = []
    for r, row in enumerate(matrix.rows):
        for k, case in enumerate(matrix.cases):
            for e in matrix.cells[r][k].excerpts:
                out.append(
                    [
                        row.key,
                        row.name,
                        case.label,
                        e.source,
                        e.kind,
                        e.start,
                        e.end,
                        e.line,
                        e.speaker or "",
                        e.section or "",
                        ", ".join(e.coders),
                        e.words,
                        e.text,
                    ]
                )
    return out


def write_csv(matrix: Matrix, path: Path) -> None:
    # UTF-8 with a BOM: Excel (as set up in Norway) then reads æøå right.
    # Every text field quoted, so a separator inside one cannot start a new cell.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(LONG_COLUMNS)
        for values in long_rows(matrix):
            writer.writerow([csv_field(clean(v)) if isinstance(v, str) else v for v in values])


def write_xlsx(matrix: Matrix, path: Path, pseudonyms: str) -> None:
    wb = Workbook()
    _set_properties(wb, f"Excerpt matrix: {matrix.project}")
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")

    grid = wb.active
    assert grid is not None
    grid.title = "Matrix"
    append_row(grid, ["Code", *[clean(c.label) for c in matrix.cases]])
    for r, row in enumerate(matrix.rows):
        values = ["  " * row.depth + row.name]
        for k in range(len(matrix.cases)):
            values.append(_cell_text(matrix, r, k))
        append_row(grid, [clean(v) for v in values])
    for cell in grid[1]:
        cell.font, cell.fill = bold, head_fill
    for cells in grid.iter_rows(min_row=2):
        cells[0].font = bold
        for cell in cells:
            cell.alignment = wrap
    grid.column_dimensions["A"].width = 28
    for k in range(len(matrix.cases)):
        grid.column_dimensions[get_column_letter(k + 2)].width = 60
    grid.freeze_panes = "B2"

    counts = wb.create_sheet("Counts")
    for measure in ("segments", "sources", "words"):
        append_row(counts, [f"{measure.capitalize()} by code and case"])
        counts.cell(row=counts.max_row, column=1).font = bold
        append_row(counts, ["Code", *[clean(c.label) for c in matrix.cases], "Total"])
        for cell in counts[counts.max_row]:
            cell.font, cell.fill = bold, head_fill
        for r, row in enumerate(matrix.rows):
            values = [getattr(matrix.cells[r][k].counts, measure) for k in range(len(matrix.cases))]
            total = getattr(matrix.row_counts(r), measure)
            append_row(counts, [clean("  " * row.depth + row.name), *values, total])
        totals = [getattr(matrix.case_counts(k), measure) for k in range(len(matrix.cases))]
        append_row(counts, ["Total", *totals, getattr(matrix.total_counts(), measure)])
        counts.cell(row=counts.max_row, column=1).font = bold
        counts.append([])
    counts.column_dimensions["A"].width = 32

    listing = wb.create_sheet("Excerpts")
    append_row(listing, list(LONG_COLUMNS))
    for cell in listing[1]:
        cell.font, cell.fill = bold, head_fill
    for excerpt_row in long_rows(matrix):
        append_row(listing, [clean(v) if isinstance(v, str) else v for v in excerpt_row])
    listing.column_dimensions[get_column_letter(len(LONG_COLUMNS))].width = 80
    listing.freeze_panes = "A2"
    listing.auto_filter.ref = listing.dimensions

    about = wb.create_sheet("About")
    for label, value in title_lines(matrix, pseudonyms):
        append_row(about, [label, clean(value)])
        about.cell(row=about.max_row, column=1).font = bold
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 80
    wb.save(str(path))


def _set_properties(wb: Workbook, title: str) -> None:
    """Document properties set on purpose: openpyxl's defaults name the library, and a
    property left to a later editor could carry a user's real name."""
    props = wb.properties
    props.title = clean(title)
    props.creator = props.lastModifiedBy = "qcode"
    props.subject = props.description = props.keywords = props.category = None
    props.identifier = props.language = props.contentStatus = props.version = None


def _cell_text(matrix: Matrix, r: int, k: int) -> str:
    excerpts = matrix.cells[r][k].excerpts
    parts: list[str] = []
    size = 0
    for i, e in enumerate(excerpts):
        part = f"{e.text}\n[{e.citation}]"
        more = len(excerpts) - i
        note = f"… {plural(more, 'more excerpt')}: see the Excerpts sheet"
        if size + len(part) + 2 + len(note) + 2 > XLSX_CELL_LIMIT:
            parts.append(note)
            break
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)
