"""The Word export, read back with python-docx and rendered with LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.export import export_matrix, write_matrix
from tests.builders import matrix_with_cases

THREE = ("power", "conversation-control", "preparation")


def grid_tables(document):
    """The excerpt tables: after the "Excerpts" heading, before the appendix."""
    body = document.element.body
    tables, inside = [], False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "Heading1":
                inside = text == "Excerpts"
        elif child.tag == qn("w:tbl") and inside:
            tables.append(docx.table.Table(child, document))
    return tables


def test_grid_puts_every_excerpt_in_its_cell(coded, tmp_path: Path) -> None:
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="office"))
    out = tmp_path / "matrix.docx"
    export_matrix(m, out)
    document = docx.Document(str(out))
    (table,) = grid_tables(document)
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Code", "Nordby", "Sørvik", "(none)"]
    for r, row in enumerate(m.rows):
        cells = table.rows[r + 1].cells
        assert cells[0].text.splitlines()[0] == f"■ {row.name}"
        for k in range(len(m.cases)):
            shown = " ".join(cells[k + 1].text.split())
            mine = [" ".join(e.text.split()) for e in m.cells[r][k].excerpts]
            others = [
                " ".join(e.text.split())
                for rr, cells_row in enumerate(m.cells)
                for kk, cell in enumerate(cells_row)
                if (rr, kk) != (r, k)
                for e in cell.excerpts
            ]
            for text in mine:
                assert text in shown
            for text in others:
                if text not in mine:
                    assert text not in shown
    # escaped XML survives: & and <...> in the excerpts
    assert "svarteper <igjen>." in table.rows[3].cells[1].text
    assert "uanmeldt & sint" not in table.rows[1].cells[1].text  # a category, not a row here


def test_header_row_repeats_and_page_numbers(coded, tmp_path: Path) -> None:
    out = tmp_path / "matrix.docx"
    write_matrix(coded, MatrixSpec(rows=THREE, by="office"), out)
    document = docx.Document(str(out))
    for table in grid_tables(document):
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert table.rows[1]._tr.trPr is None
    footer = document.sections[0].footer._element.xml
    assert re.search(r'w:instr="\s*PAGE\s*"', footer)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT  # three cases fit upright


def test_wide_matrix_is_landscape_and_split(coded, tmp_path: Path) -> None:
    out = tmp_path / "wide.docx"
    write_matrix(coded, MatrixSpec(rows=THREE, by="source"), out)
    section = docx.Document(str(out)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height

    many = matrix_with_cases(14)
    export_matrix(many, tmp_path / "many.docx")
    tables = grid_tables(docx.Document(str(tmp_path / "many.docx")))
    assert [len(t.columns) for t in tables] == [1 + 5, 1 + 4, 1 + 5]
    assert [t.rows[0].cells[1].text for t in tables] == ["case 1", "case 6", "case 10"]


def test_title_block_headings_and_codebook(coded, tmp_path: Path) -> None:
    out = tmp_path / "matrix.docx"
    write_matrix(coded, MatrixSpec(rows=THREE, by="office"), out)
    document = docx.Document(str(out))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Overview"),
        ("Heading 1", "Excerpts"),
        ("Heading 1", "Appendix: codebook"),
    ]
    assert document.paragraphs[0].style.name == "Title"
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Coders"] == "anna, bo"
    assert facts["Columns"] == "office (3 cases)"
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells][:3] == ["Code", "Description", "Excerpts"]
    assert appendix.rows[1].cells[0].text.startswith("Forberedelse")
    assert "forbereder seg" in appendix.rows[1].cells[1].text
    assert appendix.rows[1].cells[2].text == "4"


def test_list_layout_quotes_with_citations(coded, tmp_path: Path) -> None:
    out = tmp_path / "list.docx"
    write_matrix(
        coded, MatrixSpec(rows=("preparation",), nest=True, by="office"), out, layout="list"
    )
    document = docx.Document(str(out))
    outline = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Quote"
    ]
    names = [text for style, text in outline if style == "Heading 2"]
    assert names == ["Forberedelse"]
    assert ("Heading 3", "Uforberedt til samtaler") in outline
    assert ("Heading 4", "office: Nordby") in outline
    quotes = [text for style, text in outline if style == "Quote"]
    assert "«Du kan ikke forberede deg.»\ninterview.txt, line 4, Kari Nordmann" in quotes
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_control_characters_and_markup_are_escaped(tmp_path: Path) -> None:
    m = matrix_with_cases(1, text="a\x01b & <c> \x0b\ud800 \"q\" 'æøå'\tend")
    out = tmp_path / "odd.docx"
    export_matrix(m, out)
    (table,) = grid_tables(docx.Document(str(out)))
    assert "ab & <c>   \"q\" 'æøå'\tend" in table.rows[1].cells[1].text  # \x0b: a space


# -- rendering -------------------------------------------------------------------------


def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("soffice is missing under CI: .ci/run installs libreoffice-writer-nogui")
    pytest.skip("soffice not installed (apt-get install libreoffice-writer-nogui); CI renders")


def test_docx_renders_in_libreoffice(coded, tmp_path: Path) -> None:
    soffice = soffice_or_skip()
    out = tmp_path / "matrix.docx"
    write_matrix(coded, MatrixSpec(rows=THREE, by="source"), out)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = PdfReader(str(tmp_path / "matrix.pdf"))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for heading in ("Excerpt matrix: study", "Overview", "Excerpts", "Appendix: codebook"):
        assert heading in text
    for excerpt in ("Ola tok styringen tidlig", "svarteper <igjen>", "uforberedt", "Page 1 of"):
        assert excerpt in text
    assert len(pdf.pages) >= 2
    assert pdf.pages[1].mediabox.width > pdf.pages[1].mediabox.height  # landscape
