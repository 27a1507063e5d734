"""The agreement report as a workbook: the figures as numbers (fractions, formatted as
such) so they can be computed with, the formulas and references on an About sheet.
Every text cell goes through `formulas.append_row`, so no name is taken for a formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qcode.core.analysis.agreement_data import AgreementResult
from qcode.core.export.agreement_content import HEADINGS, MEASURES, REFERENCES, facts, numbers
from qcode.core.export.formulas import append_row
from qcode.core.export.i18n import ENGLISH, Labels

FORMATS = ("0.0%", "0.000", "0.000", "0.000", "0.000") + ("#,##0",) * 6


def write_agreement_xlsx(result: AgreementResult, path: Path, labels: Labels = ENGLISH) -> None:
    """`result` has its names replaced already (`agreement_report.pseudonymised`); every
    label in the language of `labels` (`i18n.translator`)."""
    _ = labels.gettext
    heads = [_(h) for h in HEADINGS]
    wb = Workbook()
    props = wb.properties
    props.title = _("Inter-coder agreement: {a} and {b}").format(
        a=result.coders[0], b=result.coders[1]
    )
    props.creator = props.lastModifiedBy = "qcode"
    props.subject = props.description = props.keywords = props.category = None
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F0")

    sheet = wb.active
    assert sheet is not None
    sheet.title = _("Agreement")
    append_row(sheet, [_("Code"), _("Key"), *heads])
    for entry in result.codes:
        _figures(sheet, [entry.code.name, entry.code.key], numbers(entry.comparison))
    total = _figures(sheet, [_("All codes"), ""], numbers(result.overall))
    for cell in total:
        cell.font = bold
    _head(sheet, head_fill, bold, [32, 18])

    if result.per_document:
        per_doc = wb.create_sheet(_("Per document"))
        append_row(per_doc, [_("Document"), _("Code"), _("Characters"), *heads])
        for d in result.per_document:
            _figures(per_doc, [d.document, d.code.name, d.characters], numbers(d.comparison))
        per_doc.cell(row=1, column=3).number_format = "General"
        _head(per_doc, head_fill, bold, [32, 24, 12])

    about = wb.create_sheet(_("About"))
    append_row(about, [_("Inter-coder agreement")])
    about.cell(row=1, column=1).font = Font(bold=True, size=14)
    for line in facts(result, result.coders, result.project, labels):
        label, _sep, value = line.partition(": ")
        append_row(about, [label, value])
    append_row(about, [_("Documents"), ", ".join(result.documents)])
    append_row(about, [_("Empty figure"), _("undefined: the formula divides by zero (see below)")])
    append_row(about, [])
    append_row(about, [_("Measure"), _("In words"), _("Formula"), _("Source")])
    for cell in about[about.max_row]:
        cell.font, cell.fill = bold, head_fill
    for measure in MEASURES:
        texts = (measure.name, measure.words, measure.formula, measure.source)
        append_row(about, [_(text) if text else "" for text in texts])
    append_row(about, [])
    append_row(about, [_("References")])
    about.cell(row=about.max_row, column=1).font = bold
    for reference in REFERENCES:
        append_row(about, ["", reference])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in about.iter_rows(min_row=2):
        row[0].font = bold
        for cell in row:
            cell.alignment = wrap
    for column, width in zip("ABCD", (22, 70, 60, 30), strict=True):
        about.column_dimensions[column].width = width
    wb.save(str(path))


def _figures(
    sheet: Worksheet, labels: list[str | int], values: list[float | int | None]
) -> list[Cell]:
    cells = append_row(sheet, [*labels, *values])
    for cell, number_format in zip(cells[len(labels) :], FORMATS, strict=True):
        cell.number_format = number_format
    return cells


def _head(sheet: Worksheet, fill: PatternFill, bold: Font, label_widths: list[int]) -> None:
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(label_widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for i in range(len(label_widths) + 1, len(label_widths) + len(HEADINGS) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 12
    sheet.freeze_panes = sheet.cell(row=2, column=len(label_widths) + 1)
