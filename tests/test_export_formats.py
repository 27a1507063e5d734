"""xlsx, csv, Markdown and HTML exports, read back; format inference; failed writes."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import openpyxl
import pytest

from qcode.core.analysis.matrix import Cell, build_matrix
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.export import export_matrix, resolve_format, write_matrix
from qcode.core.export.tabular import XLSX_CELL_LIMIT
from qcode.core.sources.documents import get_document
from tests.builders import matrix_with_cases

THREE = ("power", "conversation-control", "preparation")


def test_xlsx_grid_counts_and_list(coded, tmp_path: Path) -> None:
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="office"))
    out = tmp_path / "m.xlsx"
    export_matrix(m, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Matrix", "Counts", "Excerpts", "About"]
    grid = wb["Matrix"]
    assert [c.value for c in grid[1]] == ["Code", "Nordby", "Sørvik", "(none)"]
    for r, row in enumerate(m.rows):
        assert grid.cell(row=r + 2, column=1).value == row.name
        for k in range(len(m.cases)):
            value = grid.cell(row=r + 2, column=k + 2).value or ""
            for e in m.cells[r][k].excerpts:
                assert f"{e.text}\n[{e.citation}]" in value
    assert grid.cell(row=2, column=2).alignment.wrap_text
    counts = wb["Counts"]
    assert counts["A1"].value == "Segments by code and case"
    assert [c.value for c in counts[5]] == ["Makt og avmakt", 2, 0, 1, 3]
    listing = list(wb["Excerpts"].values)
    assert len(listing) == 1 + m.excerpt_count
    assert listing[1][:4] == ("preparation", "Forberedelse", "Nordby", "obs-nordby-1.txt")


def test_xlsx_cell_stops_before_excel_limit(tmp_path: Path) -> None:
    m = matrix_with_cases(1, text="ord " * 2000)
    excerpt = m.cells[0][0].excerpts[0]
    m = m.__class__(**{**vars(m), "cells": ((Cell((excerpt,) * 30),),)})
    export_matrix(m, tmp_path / "big.xlsx")
    value = openpyxl.load_workbook(tmp_path / "big.xlsx")["Matrix"]["B2"].value
    assert len(value) <= XLSX_CELL_LIMIT
    assert value.endswith("more excerpts: see the Excerpts sheet")


def test_csv_long_form(coded, tmp_path: Path) -> None:
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="office"))
    out = tmp_path / "m.csv"
    export_matrix(m, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == m.excerpt_count
    first = rows[0]
    assert (first["code"], first["case"], first["source"]) == (
        "preparation",
        "Nordby",
        "obs-nordby-1.txt",
    )
    doc_text = get_document(coded, "obs-nordby-1.txt").text
    assert doc_text[int(first["start"]) : int(first["end"])] == first["text"]
    shared = next(r for r in rows if r["text"] == "Du kan ikke forberede deg.")
    assert (shared["speaker"], shared["coder"], shared["line"]) == (
        "Kari Nordmann",
        "anna, bo",
        "4",
    )


def test_markdown(coded, tmp_path: Path) -> None:
    out = tmp_path / "m.md"
    write_matrix(coded, MatrixSpec(rows=THREE, by="office"), out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Excerpt matrix: study\n")
    assert "| Makt og avmakt | 2 (1) | – | 1 (1) | 3 (2) |" in text
    assert "#### Sørvik" in text
    assert "> Hun satt med svarteper \\<igjen\\>." in text
    assert "> — *interview.txt, line 6, Kari Nordmann*" in text


def test_html_is_standalone_and_escaped(coded, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    write_matrix(coded, MatrixSpec(rows=THREE, by="office"), out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "http" not in page  # nothing fetched from elsewhere
    assert "svarteper &lt;igjen&gt;." in page and "<igjen>" not in page
    assert "uanmeldt &amp; sint" not in page  # coded with a category, not asked for
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert any("Ola tok styringen tidlig" in html.unescape(c) for c in cells)
    listed = tmp_path / "list.html"
    write_matrix(coded, MatrixSpec(rows=THREE, by="office"), listed, layout="list")
    assert "<blockquote>Ola tok styringen tidlig<cite>" in listed.read_text(encoding="utf-8")


def test_control_characters_in_every_format(tmp_path: Path) -> None:
    m = matrix_with_cases(2, text="a\x01b & <c>\x0b æøå")
    for suffix in (".xlsx", ".csv", ".md", ".html"):
        export_matrix(m, tmp_path / f"odd{suffix}")
    assert openpyxl.load_workbook(tmp_path / "odd.xlsx")["Excerpts"]["M2"].value == (
        "ab & <c>  æøå 1"  # the vertical tab (a line break) became a space
    )
    assert "\x01" not in (tmp_path / "odd.csv").read_text(encoding="utf-8-sig")
    assert "ab &amp; &lt;c&gt;  æøå 1" in (tmp_path / "odd.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.docx", None, "docx"),
        ("a.XLSX", None, "xlsx"),
        ("a.markdown", None, "md"),
        ("a.htm", None, "html"),
        ("a.txt", "csv", "csv"),
        ("a.docx", "markdown", "md"),
    ],
)
def test_format_from_extension_or_option(name: str, fmt: str | None, expected: str) -> None:
    assert resolve_format(Path(name), fmt) == expected


def test_unknown_format_and_unwritable_path(coded, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match=r"a\.pdf: cannot tell the format"):
        resolve_format(Path("a.pdf"), None)
    with pytest.raises(QcodeError, match="unknown format 'pdf'"):
        resolve_format(Path("a.docx"), "pdf")
    spec = MatrixSpec(rows=THREE)
    with pytest.raises(QcodeError, match="does not exist"):
        write_matrix(coded, spec, tmp_path / "missing" / "m.docx")
    with pytest.raises(QcodeError, match="is a folder"):
        write_matrix(coded, spec, tmp_path)


def test_failed_write_keeps_the_old_file(coded, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "m.docx"
    out.write_bytes(b"the old report")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("qcode.core.export.docx.write_docx", broken)
    with pytest.raises(QcodeError, match="m.docx: cannot write \\(No space left on device\\)"):
        write_matrix(coded, MatrixSpec(rows=THREE), out)
    assert out.read_bytes() == b"the old report"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".m.")]


def test_empty_matrix_is_written_with_a_warning(coded, tmp_path: Path) -> None:
    spec = MatrixSpec(rows=THREE, filters=MatrixFilters(text="no such words"))
    result = write_matrix(coded, spec, tmp_path / "empty.docx")
    assert result.excerpts == 0
    assert result.warnings == [
        f"{tmp_path / 'empty.docx'}: the matrix holds no excerpts (nothing coded matches)"
    ]
