"""Text a spreadsheet must not take for a formula.

A spreadsheet program reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and
a formula can fetch a URL with the sheet's contents (`=HYPERLINK(...)`, `=WEBSERVICE(...)`)
or, in old Excel, start a program (`=cmd|'/c calc'!A1`). Text in a project comes from
outside (interviews, spreadsheets, file names someone else chose), so every string an
export writes to a sheet is made inert the way OWASP's "CSV Injection" page recommends:

- In CSV, a field that starts with one of those characters, or with a tab or carriage
  return, gets a single quote in front (`'=1+1`), which spreadsheets take as "this is
  text" and show without it; every text field is quoted (so a separator inside a field
  cannot start a new cell), and quotes inside are doubled. Leading white space before a
  trigger counts too (some programs trim it on import), and so do the full-width forms
  (`＝`) that an East Asian input method types. The quote is ours: a script reading the
  CSV that needs the raw value strips one leading `'` from a field where `needs_quote`
  holds for the rest.
- In .xlsx, a string is stored as a string: openpyxl would otherwise store a str that
  starts with `=` as a formula. A cell whose text starts with a trigger also gets Excel's
  quotePrefix style, so editing the cell in Excel does not turn it into a formula either.
  The text itself is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | None

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def needs_quote(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    return text.startswith(TRIGGERS) or text.lstrip(" \n\t\r\u00a0\u3000").startswith(TRIGGERS)


def csv_field(value: str | int) -> str | int:
    """A CSV field as OWASP recommends (the writer quotes every text field)."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def text_cells(sheet: Worksheet | WriteOnlyWorksheet, values: Sequence[CellValue]) -> list[Cell]:
    """One cell per value for `sheet`, every str a string cell, never a formula (openpyxl
    would store a str that starts with `=` as one), with quotePrefix where a spreadsheet
    could read it as one. The cells are not in the sheet yet: a write-only sheet writes a
    row when it is appended, so its styles are set on these cells before."""
    return [_text_cell(sheet, column, value) for column, value in enumerate(values, 1)]


def safe_values(
    sheet: Worksheet | WriteOnlyWorksheet, values: Sequence[CellValue]
) -> list[Cell | CellValue]:
    """`values` for an unstyled row: each as it is, but a str a spreadsheet could read as a
    formula as a `text_cells` cell. openpyxl stores any other str as a string, and a plain
    value costs a write-only sheet no cell object of its own (one per excerpt field)."""
    return [
        _text_cell(sheet, column, value) if isinstance(value, str) and needs_quote(value) else value
        for column, value in enumerate(values, 1)
    ]


def _text_cell(sheet: Worksheet | WriteOnlyWorksheet, column: int, value: CellValue) -> Cell:
    # The row and column are placeholders that `append` sets; a write-only sheet names a
    # cell (its coordinate) when it takes it, which fails without them.
    cell = Cell(sheet, row=1, column=column, value=value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if needs_quote(cell.value):
            cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Sequence[CellValue]) -> list[Cell]:
    """Append `values` to `sheet` as `text_cells`; returns the row's cells. The cells are
    made here and handed to `append`, not looked up after it: `sheet[sheet.max_row]` scans
    every cell of the sheet to find the last row, which made a sheet of 50,000 excerpts cost
    its rows squared."""
    cells = text_cells(sheet, values)
    sheet.append(cells)
    return cells
