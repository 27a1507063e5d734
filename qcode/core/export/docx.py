"""The matrix as a Word document: what analysts hand to supervisors and paste into reports.

python-docx sets up the document (styles, page, header and footer, title); the body —
title block, tables and excerpts — is written as WordprocessingML text in one pass and
spliced into the saved document.xml (see `_save`). Adding excerpts with
`cell.add_paragraph` costs ten to forty times as much (benchmarks/bench_matrix_docx.py
--naive), which a matrix of thousands of excerpts would feel.

Two layouts: `grid` (a table: header row of cases repeated on every page, one row per code;
landscape when there are more than three cases) and `list` (a heading per code, a
sub-heading per case, the excerpts as quotations with their citation), for long cells.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from qcode.core.analysis.matrix import Matrix
from qcode.core.analysis.summaries import CellSummary
from qcode.core.export.common import (
    ORPHAN_FLAG,
    SUMMARY_LABEL,
    clean,
    counts_label,
    title_lines,
    word_count,
)
from qcode.core.export.docx_excerpts import excerpt_paras, run_xml
from qcode.core.export.i18n import ENGLISH, Labels
from qcode.core.export.page import GREY, frame_pages, set_properties

TWIPS_PER_CM = 567
HEADER_FILL = "DCE6F0"
CATEGORY_FILL = "F4F6F9"
SUMMARY_FILL = "FFF4D6"  # a summary is shaded and ruled off from the quotes below it
SUMMARY_RULE = "C9A227"
SMALL_TEXT = '<w:rPr><w:sz w:val="19"/></w:rPr>'


Summaries = Mapping[tuple[str, str], CellSummary]


def write_docx(
    matrix: Matrix,
    path: Path,
    layout: str,
    pseudonyms: str,
    summaries: Summaries | None = None,
    labels: Labels = ENGLISH,
) -> None:
    """Write the matrix; `summaries` (by row key and case label) go first in their cells;
    every label in the language of `labels` (`i18n.translator`)."""
    _ = labels.gettext
    # python-docx refuses control characters with an exception; the body is escaped as
    # it is built (xml_escape), so only what goes through python-docx is cleaned here
    matrix = replace(matrix, project=clean(matrix.project), made_on=clean(matrix.made_on))
    document = docx.Document()
    styles = _setup_styles(document)
    landscape = layout == "grid" and len(matrix.cases) > 3
    _setup_page(document, matrix, landscape, labels)

    title = _("Excerpt matrix: {project}").format(project=matrix.project)
    document.add_paragraph(title, style="Title")
    set_properties(document, title)
    body: list[str] = [_facts_table(title_lines(matrix, pseudonyms, labels))]
    body.append(_heading(_("Overview"), 1))
    body.append(_para(_("Excerpts (and sources) for each code and case."), styles["note"]))
    width = _text_width_cm(landscape)
    body.append(_overview_table(matrix, width, labels))
    body.append(_heading(_("Excerpts"), 1, page_break=layout == "list"))
    if layout == "grid":
        body.append(_grid_table(matrix, styles, width, summaries or {}, labels))
    else:
        body.append(_excerpt_list(matrix, styles, summaries or {}, labels))
    body.append(_heading(_("Appendix: codebook"), 1, page_break=True))
    body.append(_codebook_table(matrix, width, labels))
    body.append("<w:p/>")  # Word ends a body with a paragraph, not a table
    _save(document, "".join(body), path)


# -- document set-up ---------------------------------------------------------------------


def _setup_styles(document: docx.document.Document) -> dict[str, str]:
    """Styles the body refers to by id; returns the ids."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        styles[name].font.name = "Calibri"
    styles["Title"].font.size = Pt(22)

    excerpt = styles.add_style("Excerpt", WD_STYLE_TYPE.PARAGRAPH)
    excerpt.base_style = normal
    excerpt.font.size = Pt(9.5)
    excerpt.paragraph_format.space_after = Pt(7)
    excerpt.paragraph_format.line_spacing = 1.05

    quote = styles["Quote"]
    quote.font.name = "Calibri"
    quote.font.italic = False
    quote.font.size = Pt(10.5)
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.right_indent = Cm(0.4)
    quote.paragraph_format.space_after = Pt(8)

    cited = styles.add_style("Excerpt Citation", WD_STYLE_TYPE.CHARACTER)
    cited.font.size = Pt(8.5)
    cited.font.italic = True
    cited.font.color.rgb = RGBColor.from_string(GREY)

    note = styles.add_style("Matrix Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor.from_string(GREY)

    cell = styles.add_style("Matrix Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(2)
    return {
        "excerpt": excerpt.style_id,
        "quote": quote.style_id,
        "cite": cited.style_id,
        "note": note.style_id,
        "cell": cell.style_id,
    }


def _setup_page(
    document: docx.document.Document, matrix: Matrix, landscape: bool, labels: Labels
) -> None:
    header = labels.gettext("{project} · excerpt matrix · {date}").format(
        project=matrix.project, date=matrix.made_on
    )
    frame_pages(document, header, landscape, labels=labels)


def _text_width_cm(landscape: bool) -> float:
    return (29.7 if landscape else 21.0) - 4.0


def _save(document: docx.document.Document, body: str, path: Path) -> None:
    """Save the document with `body` (WordprocessingML) put before its section properties.

    The body is spliced into the saved document.xml as text. Handing it to python-docx
    would mean parsing it into elements, moving them into the document (lxml moves a large
    element in time that grows faster than its size: seconds for a 10,000-excerpt table)
    and serialising them again, only to write the same text."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.rindex(b"<w:sectPr")  # the body's own section properties come last
                data = b"".join((data[:at], body.encode("utf-8"), data[at:]))
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


# -- WordprocessingML pieces -------------------------------------------------------------


def _para(text: str, style: str = "", rpr: str = "", ppr: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{run_xml(text, rpr) if text else ''}</w:p>"


def _heading(text: str, level: int, page_break: bool = False) -> str:
    ppr = "<w:pageBreakBefore/>" if page_break else ""
    return _para(text, f"Heading{min(level, 9)}", ppr=ppr)


def _bold(size_half_points: int | None = None, colour: str | None = None) -> str:
    size = f'<w:sz w:val="{size_half_points}"/>' if size_half_points else ""
    col = f'<w:color w:val="{colour}"/>' if colour else ""
    return f"<w:rPr><w:b/>{col}{size}</w:rPr>"


def _small(colour: str = GREY, half_points: int = 16) -> str:
    return f'<w:rPr><w:color w:val="{colour}"/><w:sz w:val="{half_points}"/></w:rPr>'


def _cell(content: str, width_twips: int, fill: str | None = None) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>{shading}</w:tcPr>'
        f"{content or '<w:p/>'}</w:tc>"
    )


def _table(
    widths: list[int],
    rows: list[str],
    header_rows: int = 1,
    keep_rows: bool = False,
    borders: bool = True,
) -> str:
    """A table; `keep_rows` keeps each row on one page (for short rows only: a row of
    excerpts longer than a page must be allowed to break). Word insists on the schema's
    order of the properties, so they are written in that order."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    style = '<w:tblStyle w:val="TableGrid"/>' if borders else ""
    no_borders = (
        ""
        if borders
        else "<w:tblBorders>"
        + "".join(f'<w:{side} w:val="nil"/>' for side in _SIDES)
        + "</w:tblBorders>"
    )
    out = [
        f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{no_borders}'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    keep = "<w:cantSplit/>" if keep_rows else ""
    for i, row in enumerate(rows):
        trpr = f"<w:trPr>{keep}<w:tblHeader/></w:trPr>" if i < header_rows else ""
        if not trpr and keep:
            trpr = f"<w:trPr>{keep}</w:trPr>"
        out.append(f"<w:tr>{trpr}{row}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _widths(total_cm: float, first_cm: float, others: int) -> list[int]:
    total = int(total_cm * TWIPS_PER_CM)
    first = int(first_cm * TWIPS_PER_CM)
    rest = (total - first) // max(others, 1)
    return [first] + [rest] * others


def _facts_table(facts: list[tuple[str, str]]) -> str:
    widths = [int(3.0 * TWIPS_PER_CM), int(14.0 * TWIPS_PER_CM)]
    rows = [
        _cell(_para(label, rpr=_bold(19, GREY)), widths[0])
        + _cell(_para(value, rpr='<w:rPr><w:sz w:val="19"/></w:rPr>'), widths[1])
        for label, value in facts
    ]
    return _table(widths, rows, header_rows=0, borders=False)  # a key-value block


def _code_label(matrix: Matrix, index: int, with_counts: bool, labels: Labels) -> str:
    row = matrix.rows[index]
    indent = f'<w:ind w:left="{240 * row.depth}"/>' if row.depth else ""
    swatch = f'<w:r>{_small(row.colour.lstrip("#"), 19)}<w:t xml:space="preserve">■ </w:t></w:r>'
    name = run_xml(row.name, _bold(19))
    out = f'<w:p><w:pPr><w:spacing w:after="0"/>{indent}</w:pPr>{swatch}{name}</w:p>'
    detail = row.key
    if with_counts:
        c = matrix.row_counts(index)
        detail += f"\n{counts_label(c.segments, c.sources, labels)}\n{word_count(labels, c.words)}"
    return out + f"<w:p><w:pPr>{indent}</w:pPr>{run_xml(detail, _small())}</w:p>"


def _header_row(
    matrix: Matrix, widths: list[int], cases: range, labels: Labels, total: bool = False
) -> str:
    cells = [_cell(_para(labels.gettext("Code"), rpr=_bold(19)), widths[0], HEADER_FILL)]
    for i, k in enumerate(cases):
        label = _para(matrix.cases[k].label, rpr=_bold(19))
        cells.append(_cell(label, widths[i + 1], HEADER_FILL))
    if total:
        cells.append(_cell(_para(labels.gettext("Total"), rpr=_bold(19)), widths[-1], HEADER_FILL))
    return "".join(cells)


def _chunks(n: int, size: int) -> list[range]:
    """Cases split into tables of at most `size` columns, as evenly as possible: twenty
    sources side by side leave each a column two words wide."""
    parts = max(1, -(-n // max(size, 1)))
    bounds = [round(i * n / parts) for i in range(parts + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(parts)]


def _part_heading(matrix: Matrix, cases: range, parts: int, labels: Labels) -> str:
    if parts == 1:
        return ""
    first, last = cases.start + 1, cases.stop
    heading = labels.gettext("Cases {first}–{last} of {count}")
    return _heading(heading.format(first=first, last=last, count=len(matrix.cases)), 2)


def _total(segments: int, sources: int) -> str:
    return _para(f"{segments} ({sources})", ppr='<w:jc w:val="right"/>', rpr=_bold())


OVERVIEW_FIRST_CM = 4.5
OVERVIEW_COLUMN_CM = 2.3


def _overview_table(matrix: Matrix, width_cm: float, labels: Labels) -> str:
    per_table = int((width_cm - OVERVIEW_FIRST_CM) // OVERVIEW_COLUMN_CM) - 1
    chunks = _chunks(len(matrix.cases), per_table)
    out = []
    right = '<w:jc w:val="right"/>'
    for chunk in chunks:
        total = chunk is chunks[-1]
        columns = len(chunk) + (1 if total else 0)
        widths = _widths(
            OVERVIEW_FIRST_CM + OVERVIEW_COLUMN_CM * columns, OVERVIEW_FIRST_CM, columns
        )
        rows = [_header_row(matrix, widths, chunk, labels, total)]
        for r, row in enumerate(matrix.rows):
            indent = f'<w:ind w:left="{240 * row.depth}"/>' if row.depth else ""
            cells = [_cell(_para(row.name, ppr=indent), widths[0])]
            for i, k in enumerate(chunk):
                c = matrix.cells[r][k].counts
                text = f"{c.segments} ({c.sources})" if c.segments else "–"
                cells.append(_cell(_para(text, ppr=right), widths[i + 1]))
            if total:
                t = matrix.row_counts(r)
                cells.append(_cell(_total(t.segments, t.sources), widths[-1]))
            rows.append("".join(cells))
        cells = [_cell(_para(labels.gettext("Total"), rpr=_bold()), widths[0])]
        for i, k in enumerate(chunk):
            t = matrix.case_counts(k)
            cells.append(_cell(_total(t.segments, t.sources), widths[i + 1]))
        if total:
            t = matrix.total_counts()
            cells.append(_cell(_total(t.segments, t.sources), widths[-1]))
        rows.append("".join(cells))
        out.append(_table(widths, rows, keep_rows=True))
        if not total:
            out.append(_para(""))  # two tables in a row would merge into one
    return "".join(out)


def _summary_para(summary: CellSummary, style: str, labels: Labels) -> str:
    """The analyst's summary: shaded, ruled off below, "Summary:" in bold italic and the
    text in italic, so it cannot be taken for a quotation; flagged when the cell is empty."""
    ppr = (
        f'<w:pStyle w:val="{style}"/>'
        f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="2" w:color="{SUMMARY_RULE}"/>'
        "</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{SUMMARY_FILL}"/>'
        '<w:spacing w:after="100"/>'
    )
    label = run_xml(f"{labels.gettext(SUMMARY_LABEL)}: ", "<w:rPr><w:b/><w:i/></w:rPr>")
    text = run_xml(summary.text, "<w:rPr><w:i/></w:rPr>")
    flag = run_xml(f" {labels.gettext(ORPHAN_FLAG)}", _small(GREY, 17)) if summary.orphan else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{label}{text}{flag}</w:p>"


GRID_CASES_PER_TABLE = 6


def _grid_table(
    matrix: Matrix, styles: dict[str, str], width_cm: float, summaries: Summaries, labels: Labels
) -> str:
    chunks = _chunks(len(matrix.cases), GRID_CASES_PER_TABLE)
    excerpt_style, cite_style = styles["excerpt"], styles["cite"]
    empty = _para("–", rpr=_small())
    out = []
    for chunk in chunks:
        widths = _widths(width_cm, 3.6 if len(chunk) > 1 else 4.0, len(chunk))
        rows = [_header_row(matrix, widths, chunk, labels)]
        for r, row in enumerate(matrix.rows):
            fill = CATEGORY_FILL if row.depth else None
            cells = [_cell(_code_label(matrix, r, True, labels), widths[0], fill)]
            for i, k in enumerate(chunk):
                cell = matrix.cells[r][k]
                summary = summaries.get((row.key, matrix.cases[k].label))
                parts = [_summary_para(summary, styles["cell"], labels)] if summary else []
                if cell.excerpts:
                    c = cell.counts
                    counts = counts_label(c.segments, c.sources, labels)
                    parts.append(_para(counts, rpr=_small(GREY, 15)))
                    parts.append(excerpt_paras(cell.excerpts, excerpt_style, cite_style, labels))
                content = "".join(parts) or empty
                cells.append(_cell(content, widths[i + 1], fill))
            rows.append("".join(cells))
        out.append(_part_heading(matrix, chunk, len(chunks), labels))
        out.append(_table(widths, rows))
    return "".join(out)


def _excerpt_list(
    matrix: Matrix, styles: dict[str, str], summaries: Summaries, labels: Labels
) -> str:
    deepest = max((row.depth for row in matrix.rows), default=0)
    case_level = deepest + 3
    out = []
    for r, row in enumerate(matrix.rows):
        out.append(_heading(row.name, row.depth + 2))
        c = matrix.row_counts(r)
        summary = f"{counts_label(c.segments, c.sources, labels)} · {word_count(labels, c.words)}"
        if row.description:
            summary = f"{row.description}\n{summary}"
        out.append(_para(summary, styles["note"]))
        summarised = False
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            cell_summary = summaries.get((row.key, case.label))
            if not cell.excerpts and not cell_summary:
                continue
            out.append(_heading(_case_heading(matrix, case.label), case_level))
            if cell_summary:
                out.append(_summary_para(cell_summary, styles["cell"], labels))
                summarised = True
            quote, cite = styles["quote"], styles["cite"]
            out.append(excerpt_paras(cell.excerpts, quote, cite, labels, quote=True))
        if not matrix.row_counts(r).segments and not summarised:
            out.append(_para(labels.gettext("No excerpts."), styles["note"]))
    return "".join(out)


def _case_heading(matrix: Matrix, label: str) -> str:
    """A heading that says what the case is ("group: A"); a source name says it itself."""
    return label if matrix.by in ("source", "kind", "all") else f"{matrix.by}: {label}"


def _codebook_table(matrix: Matrix, width_cm: float, labels: Labels) -> str:
    widths = [int(c * TWIPS_PER_CM) for c in (4.0, width_cm - 4.0 - 3 * 2.0, 2.0, 2.0, 2.0)]
    _ = labels.gettext
    heads = (_("Code"), _("Description"), _("Excerpts"), _("Sources"), _("Words"))
    right = '<w:jc w:val="right"/>'
    head = (
        _cell(_para(h, rpr=_bold(19), ppr=right if i > 1 else ""), w, HEADER_FILL)
        for i, (h, w) in enumerate(zip(heads, widths, strict=True))
    )
    rows = ["".join(head)]
    for r, row in enumerate(matrix.rows):
        indent = f'<w:ind w:left="{240 * row.depth}"/>' if row.depth else ""
        c = matrix.row_counts(r)
        name = (
            f'<w:p><w:pPr><w:spacing w:after="0"/>{indent}</w:pPr>'
            f"{run_xml(row.name, _bold(19))}</w:p>"
            f"<w:p><w:pPr>{indent}</w:pPr>{run_xml(row.key, _small())}</w:p>"
        )
        rows.append(
            _cell(name, widths[0])
            + _cell(_para(row.description or "–", rpr=SMALL_TEXT), widths[1])
            + "".join(
                _cell(_para(str(n), ppr=right), w)
                for n, w in zip((c.segments, c.sources, c.words), widths[2:], strict=True)
            )
        )
    return _table(widths, rows, keep_rows=True)
