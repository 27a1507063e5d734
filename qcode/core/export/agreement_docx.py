"""The agreement report as a Word document: landscape A4, since the table has twelve
columns; the formulas and references follow the tables, so the pages can go into a
methods appendix as they are."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell, _Row

from qcode.core.analysis.agreement_data import AgreementResult
from qcode.core.export.agreement_content import MEASURES, REFERENCES, facts, figures
from qcode.core.export.i18n import ENGLISH, N_, Labels
from qcode.core.export.page import GREY, W, frame_pages, set_properties

HEADER_FILL = "DCE6F0"
OVERALL_FILL = "F2F2F2"
GROUP_FILL = "EEF3F8"
# The five statistics, the four character counts, the two segment counts (cm): the
# widest word of each column's head fits, beside the cell margins.
FIGURE_CM = (2.2,) * 5 + (1.75,) * 4 + (1.95,) * 2
# The column heads broken by hand: Word and LibreOffice break a long word mid-letter.
DOCX_HEADINGS = (
    N_("%\nagreement"),
    N_("Cohen's\nκ"),
    N_("Krippen-\ndorff's α"),
    N_("Brennan–\nPrediger κ"),
    N_("unitized\nα"),
    N_("A only"),
    N_("B only"),
    N_("both"),
    N_("neither"),
    N_("segments\nA"),
    N_("segments\nB"),
)
PAGE_CM = 29.7 - 2 * 1.5  # landscape A4 within 1.5 cm margins
LABEL_CM = PAGE_CM - sum(FIGURE_CM)  # the label column(s): the rest of the page
DOCUMENTS_LISTED = 40  # more than this are counted, not named


def write_agreement_docx(result: AgreementResult, path: Path, labels: Labels = ENGLISH) -> None:
    """`result` has its names replaced already (`agreement_report.pseudonymised`); every
    label in the language of `labels` (`i18n.translator`)."""
    _ = labels.gettext
    a, b = result.coders
    document = docx.Document()
    _setup(document, _("Inter-coder agreement · {a} and {b}").format(a=a, b=b), labels)
    set_properties(document, _("Inter-coder agreement: {a} and {b}").format(a=a, b=b))
    document.add_paragraph(_("Inter-coder agreement"), style="Title")
    for line in facts(result, result.coders, result.project, labels):
        document.add_paragraph(line, style="Agreement Note")
    if len(result.documents) <= DOCUMENTS_LISTED:
        listed = ", ".join(result.documents)
    else:
        more = _("{listed} and {n} more").format(
            listed=", ".join(result.documents[:DOCUMENTS_LISTED]),
            n=len(result.documents) - DOCUMENTS_LISTED,
        )
        listed = more
    document.add_paragraph(_("Documents: {names}").format(names=listed), style="Agreement Note")

    document.add_heading(_("Agreement per code"), level=1)
    rows: list[tuple[list[str], list[str] | None]]
    rows = [([c.code.name], figures(c.comparison, labels)) for c in result.codes]
    rows.append(([_("All codes")], figures(result.overall, labels)))
    _table(document, [_("Code")], [LABEL_CM], rows, labels)
    document.add_paragraph(
        _(
            "Percentages of characters; κ and α from −1 to 1 (1: full agreement, 0: as by "
            "chance); — : undefined (see the formulas). Counts are characters and segments."
        ),
        style="Agreement Note",
    )

    if result.per_document:
        document.add_heading(_("Agreement per document"), level=1)
        per_doc: list[tuple[list[str], list[str] | None]] = []
        for entry in result.codes:  # a row naming the code, then its documents
            mine = [d for d in result.per_document if d.code.id == entry.code.id]
            if mine:
                per_doc.append(([entry.code.name], None))
                per_doc += [([d.document], figures(d.comparison, labels)) for d in mine]
        _table(document, [_("Code / document")], [LABEL_CM], per_doc, labels, False)
        document.add_paragraph(
            _(
                "Each code in each document where either coder coded it, on that document's "
                "characters alone."
            ),
            style="Agreement Note",
        )

    document.add_heading(_("How the figures are computed"), level=1)
    for measure in MEASURES:
        para = document.add_paragraph(style="Agreement Measure")
        para.paragraph_format.keep_with_next = True  # a measure stays with its formula
        para.add_run(f"{_(measure.name)}. ").bold = True
        para.add_run(_(measure.words))
        if measure.source:
            source = _("Source: {source}.").format(source=_(measure.source))
            para.add_run(f" {source}").italic = True
        document.add_paragraph(_(measure.formula), style="Agreement Formula")
    document.add_heading(_("References"), level=1)
    for reference in REFERENCES:
        document.add_paragraph(reference, style="Agreement Reference")
    document.save(str(path))


def _setup(document: docx.document.Document, header: str, labels: Labels) -> None:
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    for style in ("Title", "Heading 1"):
        styles[style].font.name = "Calibri"
    styles["Title"].font.size = Pt(20)
    styles["Heading 1"].font.size = Pt(13)
    note = styles.add_style("Agreement Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor.from_string(GREY)
    cell = styles.add_style("Agreement Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(8.5)
    cell.paragraph_format.space_after = Pt(0)
    measure = styles.add_style("Agreement Measure", WD_STYLE_TYPE.PARAGRAPH)
    measure.base_style = styles["Normal"]
    measure.paragraph_format.space_before = Pt(6)
    measure.paragraph_format.space_after = Pt(2)
    measure.paragraph_format.keep_with_next = True
    formula = styles.add_style("Agreement Formula", WD_STYLE_TYPE.PARAGRAPH)
    formula.base_style = styles["Normal"]
    formula.font.name = "Cambria Math"
    formula.font.size = Pt(9.5)
    formula.paragraph_format.left_indent = Cm(0.8)
    reference = styles.add_style("Agreement Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = styles["Normal"]
    reference.font.size = Pt(9)
    reference.paragraph_format.left_indent = Cm(0.8)
    reference.paragraph_format.first_line_indent = Cm(-0.8)
    frame_pages(document, header, landscape=True, side_margin=1.5, labels=labels)


def _table(
    document: docx.document.Document,
    label_heads: list[str],
    label_cm: list[float],
    rows: list[tuple[list[str], list[str] | None]],
    labels: Labels,
    last_is_total: bool = True,
) -> None:
    widths = [*label_cm, *FIGURE_CM]
    grid = document.add_table(rows=1, cols=len(widths))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    heads = [*label_heads, *(labels.gettext(h) for h in DOCX_HEADINGS)]
    for i, (cell, label) in enumerate(zip(grid.rows[0].cells, heads, strict=True)):
        _text(cell, label, bold=True, right=i >= len(label_heads), size=7.5)
        _shade(cell, HEADER_FILL)
    _row_props(grid.rows[0], "tblHeader")
    for index, (names, values) in enumerate(rows):
        row = grid.add_row()
        _row_props(row, "cantSplit")
        if values is None:  # a group's heading across the table
            merged = row.cells[0].merge(row.cells[-1])
            _text(merged, names[0], bold=True)
            _shade(merged, GROUP_FILL)
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # with its rows
            continue
        total = last_is_total and index == len(rows) - 1
        for cell, text in zip(row.cells, names, strict=False):
            _text(cell, text, bold=total)
        for cell, text in zip(row.cells[len(names) :], values, strict=True):
            _text(cell, text, bold=total, right=True)
        if total:
            for cell in row.cells:
                _shade(cell, OVERALL_FILL)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _text(
    cell: _Cell, text: str, bold: bool = False, right: bool = False, size: float | None = None
) -> None:
    para = cell.paragraphs[0]
    para.style = "Agreement Cell"
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    props.append(parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _row_props(row: _Row, tag: str) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(parse_xml(f"<w:{tag} {W}/>"))
