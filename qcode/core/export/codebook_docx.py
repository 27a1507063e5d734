"""The derived codebook as a Word document, fit for a thesis appendix.

One Heading 1 per theme (so Word's navigation pane and a table of contents find them),
its description, inclusion and exclusion notes, counts and an example excerpt, then a
table of the categories developed under it: name, description, counts and one example
each. Real names are replaced by their pseudonyms in every string, as in every export:
code names, keys, descriptions and notes (speaker codes are named after people),
examples and their document names, the title, the page header and the document
properties; the written file is then read back for names left (`leaks`). A codebook is a
few pages, so python-docx builds it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell, _Row

from qcode.core.analysis.codebook_report import CodeReport, codebook_report
from qcode.core.errors import QcodeError
from qcode.core.export import _check_writable
from qcode.core.export.common import clean, cleaned
from qcode.core.export.i18n import SOURCE_LANGUAGE, Labels, translator
from qcode.core.export.leaks import Leak
from qcode.core.export.page import GREY, W, frame_pages, set_properties
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked
from qcode.core.project.store import Project

HEADER_FILL = "DCE6F0"
COLUMNS_CM = (3.8, 4.8, 1.9, 6.0)  # category, description, counts, example: 16.5 cm


@dataclass(frozen=True)
class CodebookExport:
    path: str
    themes: int
    categories: int
    codings: int
    leaked: list[str]
    leaks: tuple[Leak, ...] = ()  # each name left, with where it is


def write_codebook_docx(
    project: Project,
    path: str | Path,
    name: str | None = None,
    pseudonyms: bool = True,
    strict: bool = False,
    lang: str = SOURCE_LANGUAGE,
) -> CodebookExport:
    """Write the codebook as Word, its labels in `lang` (`i18n.languages()`)."""
    path = Path(path)
    labels = translator(lang)
    _ = labels.gettext
    _check_writable(path)
    if strict and not pseudonyms:
        raise QcodeError("--strict-pseudonyms and --no-pseudonyms contradict each other")
    report = codebook_report(project)
    if not report:
        raise QcodeError("the project has no codes yet (qcode codebook load FILE)")
    names = Pseudonymiser.for_project(project)  # what the read-back looks for
    table = names if pseudonyms else Pseudonymiser([])  # what is replaced
    report = [cleaned(_pseudonymised(entry, table)) for entry in report]
    title = clean(table.apply(name or project.path.stem))
    document = docx.Document()
    _setup(document, title, labels)
    set_properties(document, _("Codebook: {title}").format(title=title))
    _title_block(document, project, title, report, table, labels)
    for index, entry in enumerate(report):
        if entry.depth == 0:
            categories = _categories_of(report, index)
            _theme(document, entry, categories, labels)
    leaks = write_checked(path, "docx", lambda tmp: document.save(str(tmp)), names, strict)
    return CodebookExport(
        str(path),
        sum(1 for e in report if e.depth == 0),
        sum(1 for e in report if e.depth > 0),
        sum(e.codings for e in report),
        sorted({leak.name for leak in leaks}, key=str.casefold),
        tuple(leaks),
    )


def _pseudonymised(entry: CodeReport, table: Pseudonymiser) -> CodeReport:
    if not table:
        return entry
    example = entry.example
    if example is not None:
        example = replace(
            example, text=table.apply(example.text), document=table.apply(example.document)
        )
    return replace(entry, code=table.code(entry.code), example=example)


def _categories_of(report: list[CodeReport], index: int) -> list[CodeReport]:
    out = []
    for entry in report[index + 1 :]:
        if entry.depth == 0:
            break
        out.append(entry)
    return out


# -- set-up ------------------------------------------------------------------------------


def _setup(document: docx.document.Document, title: str, labels: Labels) -> None:
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    for style in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[style].font.name = "Calibri"
    styles["Title"].font.size = Pt(22)
    quote = styles["Quote"]
    quote.font.name = "Calibri"
    quote.font.size = Pt(10)
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.space_after = Pt(8)
    note = styles.add_style("Codebook Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor.from_string(GREY)
    cell = styles.add_style("Codebook Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(2)

    header = labels.gettext("{title} · codebook").format(title=title)
    frame_pages(document, header, side_margin=2.25, labels=labels)


def _title_block(
    document: docx.document.Document,
    project: Project,
    title: str,
    report: list[CodeReport],
    table: Pseudonymiser,
    labels: Labels,
) -> None:
    _ = labels.gettext
    document.add_paragraph(_("Codebook: {title}").format(title=title), style="Title")
    themes = sum(1 for e in report if e.depth == 0)
    categories = len(report) - themes
    codings = sum(e.codings for e in report)
    (docs,) = project.conn.execute("SELECT count(DISTINCT document_id) FROM codings").fetchone()
    facts = " ".join(
        (
            labels.ngettext("{n} theme", "{n} themes", themes).format(n=themes),
            labels.ngettext("and {n} category;", "and {n} categories;", categories).format(
                n=categories
            ),
            _coded(labels, codings, docs) + ".",
            _("Project {name}, exported {date}.").format(
                name=table.apply(project.path.name), date=date.today().isoformat()
            ),
        )
    )
    document.add_paragraph(facts, style="Codebook Note")
    document.add_paragraph(
        _(
            "Each theme (level 1) is followed by the categories (level 2 and below) developed "
            "from the text coded with it. Counts are codings and the documents they are in; a "
            "theme's count with its categories counts each coding once."
        ),
        style="Codebook Note",
    )


# -- body --------------------------------------------------------------------------------


def _coded(labels: Labels, codings: int, documents: int) -> str:
    """`3 codings in 2 documents`, each noun in its own plural form."""
    return labels.ngettext(
        "{codings} in {n} document", "{codings} in {n} documents", documents
    ).format(
        codings=labels.ngettext("{n} coding", "{n} codings", codings).format(n=codings), n=documents
    )


def _counts(entry: CodeReport, labels: Labels) -> str:
    own = _coded(labels, entry.codings, entry.documents)
    if entry.has_categories:
        whole = _coded(labels, entry.total_codings, entry.total_documents)
        own += "; " + labels.gettext("with its categories {counts}").format(counts=whole)
    return own


def _theme(
    document: docx.document.Document,
    theme: CodeReport,
    categories: list[CodeReport],
    labels: Labels,
) -> None:
    """A theme and its categories; names in the report are already replaced."""
    _ = labels.gettext
    code = theme.code
    start = len(document.paragraphs)
    document.add_heading(code.name, level=1)
    if code.description:
        document.add_paragraph(code.description)
    for label, text in ((_("Include"), code.include_note), (_("Exclude"), code.exclude_note)):
        if text:
            para = document.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(text)
    counts = _counts(theme, labels)
    document.add_paragraph(counts[:1].upper() + counts[1:] + ".", style="Codebook Note")
    if theme.example:
        quote = document.add_paragraph(theme.example.text, style="Quote")
        cite = quote.add_run(f"  ({theme.example.document})")
        cite.font.size = Pt(8.5)
        cite.font.color.rgb = RGBColor.from_string(GREY)
    if not categories:
        document.add_paragraph(_("No categories yet."), style="Codebook Note")
        return
    for para in document.paragraphs[start:]:
        para.paragraph_format.keep_with_next = True  # a theme's introduction stays with its table
    document.add_heading(_("Categories of {name}").format(name=code.name), level=2)
    grid = document.add_table(rows=1, cols=len(COLUMNS_CM))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    heads = (_("Category"), _("Description"), _("Codings (docs)"), _("Example"))
    for cell, label in zip(grid.rows[0].cells, heads, strict=True):
        _cell_text(cell, label, bold=True)
        _shade(cell, HEADER_FILL)
    _repeat_header(grid.rows[0])
    for entry in categories:
        row = grid.add_row()
        indent = "– " * (entry.depth - 1)
        _cell_text(row.cells[0], indent + entry.code.name, bold=entry.depth == 1)
        _cell_text(row.cells[1], entry.code.description)
        counts = f"{entry.codings} ({entry.documents})"
        if entry.has_categories:
            more = _("with sub-categories {codings} ({documents})").format(
                codings=entry.total_codings, documents=entry.total_documents
            )
            counts += f"\n{more}"
        _cell_text(row.cells[2], counts)
        example = entry.example
        if example:
            _cell_text(row.cells[3], f"«{example.text}»")
            run = row.cells[3].paragraphs[0].add_run(f" ({example.document})")
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor.from_string(GREY)
        else:
            _cell_text(row.cells[3], "—")
    for column, width in zip(grid.columns, COLUMNS_CM, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
    for row in grid.rows:
        for cell, width in zip(row.cells, COLUMNS_CM, strict=True):
            cell.width = Cm(width)
        _cant_split(row)


def _cell_text(cell: _Cell, text: str, bold: bool = False) -> None:
    para = cell.paragraphs[0]
    para.style = "Codebook Cell"
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = bold
        if i < len(lines) - 1:
            run.add_break()


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    props.append(parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _repeat_header(row: _Row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(parse_xml(f"<w:tblHeader {W}/>"))


def _cant_split(row: _Row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(parse_xml(f"<w:cantSplit {W}/>"))
