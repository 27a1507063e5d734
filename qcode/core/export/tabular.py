"""The matrix for spreadsheets and scripts: xlsx (grid, counts, long list) and long-form CSV.

Every text cell goes through `formulas`, so no text from the project is ever taken for a
formula (see there).

A cell's summary (`core/analysis/summaries.py`) comes first in its grid cell, in bold
italic "Summary:" and italics, ruled off from the excerpts; in the CSV and the Excerpts
sheet it is a row of `type` `summary` before its cell's excerpts (`summary (no excerpts
now)` when the cell has none), with the text in `text` and its author in `coder`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qcode.core.analysis.matrix import Matrix
from qcode.core.analysis.summaries import CellSummary
from qcode.core.export.common import ORPHAN_FLAG, SUMMARY_LABEL, citation, clean, title_lines
from qcode.core.export.formulas import csv_field, safe_values, text_cells
from qcode.core.export.i18n import ENGLISH, N_, Labels

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
    "type",
)
Summaries = Mapping[tuple[str, str], CellSummary]
SUMMARY_RULE = "─" * 24


def long_rows(matrix: Matrix, summaries: Summaries | None = None) -> Iterator[list[str | int]]:
    """One row per excerpt in matrix order (a cell's summary first): what the CSV and the
    xlsx list sheet hold. Made one at a time, so a file of 50,000 excerpts never holds them
    all as rows."""
    summaries = summaries or {}
    for r, row in enumerate(matrix.rows):
        for k, case in enumerate(matrix.cases):
            summary = summaries.get((row.key, case.label))
            if summary:
                kind = f"summary {ORPHAN_FLAG}" if summary.orphan else "summary"
                words = len(summary.text.split())
                blank: list[str | int] = ["", "", "", "", "", "", ""]  # source … section
                yield [
                    row.key,
                    row.name,
                    case.label,
                    *blank,
                    summary.author,
                    words,
                    summary.text,
                    kind,
                ]
            for e in matrix.cells[r][k].excerpts:
                yield [
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
                    "excerpt",
                ]


def write_csv(matrix: Matrix, path: Path, summaries: Summaries | None = None) -> None:
    # UTF-8 with a BOM: Excel (as set up in Norway) then reads æøå right.
    # Every text field quoted, so a separator inside one cannot start a new cell.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(LONG_COLUMNS)
        for values in long_rows(matrix, summaries):
            writer.writerow([csv_field(clean(v)) if isinstance(v, str) else v for v in values])


def write_xlsx(
    matrix: Matrix,
    path: Path,
    pseudonyms: str,
    summaries: Summaries | None = None,
    labels: Labels = ENGLISH,
) -> None:
    """The workbook in openpyxl's write-only mode: each row goes to the file as it is
    appended, where the normal mode held every cell of every sheet until the save (1.1 GB
    for 50,000 excerpts over 2,000 sources). So each sheet's column widths and frozen panes
    are set before its first row, and each cell's style before its row is appended.
    Labels and sheet names are in the language of `labels`; the Excerpts sheet's column
    names are the CSV's, which scripts read by name."""
    _ = labels.gettext
    wb = Workbook(write_only=True)
    summaries = summaries or {}
    _set_properties(wb, _("Excerpt matrix: {project}").format(project=matrix.project))
    styles = _Styles()
    cases = [clean(c.label) for c in matrix.cases]

    grid = wb.create_sheet(_("Matrix"))
    grid.column_dimensions["A"].width = 28
    for k in range(len(matrix.cases)):
        grid.column_dimensions[get_column_letter(k + 2)].width = GRID_WIDTH
    grid.freeze_panes = "B2"
    _known_size(grid, len(matrix.cases) + 1, len(matrix.rows) + 1)
    grid.append(styles.heading(text_cells(grid, [_("Code"), *cases])))
    for r, row in enumerate(matrix.rows):
        values = ["  " * row.depth + row.name]
        values += [_cell_text(matrix, r, k, labels) for k in range(len(matrix.cases))]
        cells = text_cells(grid, [clean(v) for v in values])
        for k, case in enumerate(matrix.cases):
            summary = summaries.get((row.key, case.label))
            if summary:
                cells[k + 1].value = _summary_first(summary, values[k + 1], labels)
                values[k + 1] = str(cells[k + 1].value)
        grid.row_dimensions[r + 2].height = _row_height(values[1:])
        for cell in cells:
            cell.alignment = styles.wrap
        cells[0].font = styles.bold
        grid.append(cells)

    counts = wb.create_sheet(_("Counts"))
    counts.column_dimensions["A"].width = 32
    _known_size(counts, len(matrix.cases) + 2, 3 * (len(matrix.rows) + 4) - 1)
    for measure, title in _MEASURES:
        counts.append(styles.first_bold(text_cells(counts, [_(title)])))
        counts.append(styles.heading(text_cells(counts, [_("Code"), *cases, _("Total")])))
        for r, row in enumerate(matrix.rows):
            values = [getattr(matrix.cells[r][k].counts, measure) for k in range(len(matrix.cases))]
            total = getattr(matrix.row_counts(r), measure)
            counts.append(safe_values(counts, [clean("  " * row.depth + row.name), *values, total]))
        totals = [getattr(matrix.case_counts(k), measure) for k in range(len(matrix.cases))]
        last = [_("Total"), *totals, getattr(matrix.total_counts(), measure)]
        counts.append(styles.first_bold(text_cells(counts, last)))
        counts.append([])

    listing = wb.create_sheet(_("Excerpts"))
    listing.column_dimensions[get_column_letter(LONG_COLUMNS.index("text") + 1)].width = 80
    listing.freeze_panes = "A2"
    shown = sum(1 for r in matrix.rows for c in matrix.cases if (r.key, c.label) in summaries)
    _known_size(listing, len(LONG_COLUMNS), matrix.excerpt_count + shown + 1)
    listing.append(styles.heading(text_cells(listing, list(LONG_COLUMNS))))
    rows = 1
    for excerpt_row in long_rows(matrix, summaries):
        listing.append(
            safe_values(listing, [clean(v) if isinstance(v, str) else v for v in excerpt_row])
        )
        rows += 1
    listing.auto_filter.ref = f"A1:{get_column_letter(len(LONG_COLUMNS))}{rows}"

    about = wb.create_sheet(_("About"))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 80
    about_lines = title_lines(matrix, pseudonyms, labels)
    _known_size(about, 2, len(about_lines))
    for label, value in about_lines:
        about.append(styles.first_bold(text_cells(about, [label, clean(value)])))
    wb.save(str(path))


_MEASURES = (
    ("segments", N_("Segments by code and case")),
    ("sources", N_("Sources by code and case")),
    ("words", N_("Words by code and case")),
)


def _known_size(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """Give a write-only sheet the `<dimension>` (its used range) a normal sheet writes: a
    reader may size the sheet by it (openpyxl's read-only mode does). openpyxl writes it
    from `calculate_dimension` when the sheet has one, before the first row, so only a
    size known before writing can be given; these sheets' sizes are."""
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    setattr(sheet, "calculate_dimension", lambda: ref)  # noqa: B010  # an instance's own


class _Styles:
    """The workbook's few styles, made once and set on cells before their row is written."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.head_fill = PatternFill("solid", fgColor="DCE6F0")
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def heading(self, cells: list[Cell]) -> list[Cell]:
        """A row of column headings: bold on a pale blue."""
        for cell in cells:
            cell.font, cell.fill = self.bold, self.head_fill
        return cells

    def first_bold(self, cells: list[Cell]) -> list[Cell]:
        """A row whose first cell is its label, in bold."""
        cells[0].font = self.bold
        return cells


def _set_properties(wb: Workbook, title: str) -> None:
    """Document properties set on purpose: openpyxl's defaults name the library, and a
    property left to a later editor could carry a user's real name."""
    props = wb.properties
    props.title = clean(title)
    props.creator = props.lastModifiedBy = "qcode"
    props.subject = props.description = props.keywords = props.category = None
    props.identifier = props.language = props.contentStatus = props.version = None


def _summary_first(summary: CellSummary, excerpts: str, labels: Labels) -> CellRichText:
    """A grid cell with the summary first: "Summary:" in bold italic, the text in italic,
    a rule, then the excerpts (or, for an orphan, the flag in place of them)."""
    bold = InlineFont("Calibri", sz=11, b=True, i=True)
    label = TextBlock(bold, f"{labels.gettext(SUMMARY_LABEL)}: ")
    text = TextBlock(InlineFont("Calibri", sz=11, i=True), clean(summary.text))
    orphan = labels.gettext(ORPHAN_FLAG)
    rest = f" {orphan}" if summary.orphan else f"\n{SUMMARY_RULE}\n{clean(excerpts)}"
    room = XLSX_CELL_LIMIT - len(label.text) - len(text.text)
    if len(rest) > room:  # Excel refuses a longer cell; the Excerpts sheet has them all
        rest = rest[: max(room - 60, 0)] + "\n" + labels.gettext("… more: see the Excerpts sheet")
    return CellRichText(label, text, TextBlock(InlineFont("Calibri", sz=11), rest))


GRID_WIDTH = 60  # a case column's width in characters
LINE_POINTS = 15  # one line of 11-point text
MAX_ROW_POINTS = 409  # Excel's tallest row


def _row_height(texts: list[str]) -> float:
    """The height a grid row needs to show its tallest cell, in points. A spreadsheet does
    not size rows from wrapped text when it opens a file (LibreOffice cut a cell of five
    lines to two), so the height is set: each line wrapped at the column's width."""
    lines = max(
        (sum(max(1, -(-len(line) // GRID_WIDTH)) for line in t.split("\n")) for t in texts),
        default=1,
    )
    return float(min(MAX_ROW_POINTS, LINE_POINTS * max(lines, 1) + 3))


def _cell_text(matrix: Matrix, r: int, k: int, labels: Labels = ENGLISH) -> str:
    excerpts = matrix.cells[r][k].excerpts
    parts: list[str] = []
    size = 0
    for i, e in enumerate(excerpts):
        part = f"{e.text}\n[{citation(e, labels)}]"
        more = len(excerpts) - i
        note = labels.ngettext(
            "… {n} more excerpt: see the Excerpts sheet",
            "… {n} more excerpts: see the Excerpts sheet",
            more,
        ).format(n=more)
        if size + len(part) + 2 + len(note) + 2 > XLSX_CELL_LIMIT:
            parts.append(note)
            break
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)
