"""The matrix as a new analyst meets it (issue 13): a sentence coded inside its already
coded section is shown once, codes without excerpts do not fill pages, the workbench cites
an excerpt as Word does, and `-o matrix.pdf` writes a PDF (through LibreOffice)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.coding.codings import add_coding
from qcode.core.export import write_matrix
from qcode.core.export.pdf import office_command
from qcode.core.project.store import Project
from qcode.core.sources.documents import get_document
from qcode.tui.screens.matrix_grid import excerpt_label
from tests.coded_study import study_copy

SOURCE = "obs-nordby-1.txt"


def _section_and_sentence(project: Project) -> tuple[int, int, int, int]:
    """A stretch of two sentences in SOURCE, and the second sentence inside it."""
    text = get_document(project, SOURCE).text
    start = text.index("Karis opplevelse")
    end = text.index(".", text.index("svarteper")) + 1
    inner = text.index("Hun satt")
    return start, end, inner, end


def _nested(project: Project) -> tuple[int, int, int, int]:
    """The study codes each sentence as power; the analyst codes the stretch around them."""
    start, end, inner_start, inner_end = _section_and_sentence(project)
    add_coding(project, SOURCE, start, end, "power")
    return start, end, inner_start, inner_end


# -- a sentence coded inside its coded section ---------------------------------------------


def test_a_sentence_coded_inside_its_section_is_shown_once(coded: Project) -> None:
    start, end, inner_start, inner_end = _nested(coded)
    m = build_matrix(coded, MatrixSpec(rows=("power",), by="source"))
    excerpts = m.cell("power", SOURCE).excerpts
    sentence = "Hun satt med svarteper <igjen>."
    assert sum(sentence in e.text for e in excerpts) == 1  # was 2
    (outer,) = [e for e in excerpts if sentence in e.text]
    assert (outer.start, outer.end) == (start, end)
    assert (inner_start, inner_end) in outer.nested
    assert sentence in outer.nested_texts
    # the folded codings stay reachable (jump to, counted coders)
    assert len(outer.coding_ids) == 3 and len(outer.nested) == 2


def test_every_export_prints_the_nested_sentence_once(coded: Project, tmp_path: Path) -> None:
    _nested(coded)
    spec = MatrixSpec(rows=("power",), by="source")
    sentence = "Hun satt med svarteper"
    for suffix in (".md", ".html", ".csv", ".docx", ".xlsx"):
        out = tmp_path / f"m{suffix}"
        write_matrix(coded, spec, out)
        if suffix == ".docx":
            texts = ["\n".join(p.text for p in _docx_paragraphs(out))]
        elif suffix == ".xlsx":  # the matrix sheet and the excerpt list: once in each
            book = openpyxl.load_workbook(out, read_only=True)
            texts = [
                "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
                for sheet in book.worksheets
            ]
            texts = [t for t in texts if sentence in t]
            assert len(texts) == 2
        else:
            texts = [out.read_text(encoding="utf-8")]
        assert [t.count(sentence) for t in texts] == [1] * len(texts), suffix


def _docx_paragraphs(path: Path) -> list:
    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


def test_overlapping_codings_are_not_folded(coded: Project) -> None:
    """Only a span inside another is folded; two that overlap are both shown."""
    text = get_document(coded, SOURCE).text
    a = text.index("Karis opplevelse")
    b = text.index("Hun satt")
    add_coding(coded, SOURCE, a, b + 8, "power")  # the study has b to the full stop too
    m = build_matrix(coded, MatrixSpec(rows=("power",), by="source"))
    spans = [(e.start, e.end) for e in m.cell("power", SOURCE).excerpts]
    assert any(s == a for s, _ in spans) and any(s == b for s, _ in spans)


# -- codes without excerpts ------------------------------------------------------------------


def test_codes_without_excerpts_are_left_out_unless_asked(coded: Project) -> None:
    spec = MatrixSpec(rows=("themes",), by="office")
    m = build_matrix(coded, spec)
    assert m.rows and all(any(c.excerpts for c in row) for row in m.cells)
    assert m.left_out > 0
    every = build_matrix(coded, MatrixSpec(rows=("themes",), by="office", include_empty=True))
    assert len(every.rows) == len(m.rows) + m.left_out and every.left_out == 0


def test_a_theme_stays_above_its_category_with_excerpts(coded: Project) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation",), nest=True, by="all"))
    keys = [r.key for r in m.rows]
    assert keys[0] == "preparation" and len(keys) > 1  # categories with excerpts beneath


def test_the_title_block_says_how_many_were_left_out(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.md"
    write_matrix(coded, MatrixSpec(rows=("themes",), by="office"), out)
    left = build_matrix(coded, MatrixSpec(rows=("themes",), by="office")).left_out
    assert f"{left} codes without excerpts left out" in out.read_text(encoding="utf-8")
    assert "0 excerpts" not in out.read_text(encoding="utf-8")


def test_include_empty_from_the_command_line(qcode) -> None:
    plain = json.loads(qcode("matrix", "--rows", "themes", "--json").stdout)
    every = json.loads(qcode("matrix", "--rows", "themes", "--include-empty", "--json").stdout)
    assert plain["left_out"] > 0 and every["left_out"] == 0
    assert len(every["rows"]) == len(plain["rows"]) + plain["left_out"]
    grid = qcode("matrix", "--rows", "themes").stdout
    assert f"{plain['left_out']} codes without excerpts left out" in grid.splitlines()[0]


# -- one citation ---------------------------------------------------------------------------


def test_the_workbench_cites_as_word_does(coded: Project, tmp_path: Path) -> None:
    """An observation sheet has sections, not speakers: Word cited the section, the
    workbench left it out."""
    m = build_matrix(coded, MatrixSpec(rows=("power",), by="source"))
    (excerpt, *_) = m.cell("power", SOURCE).excerpts
    assert excerpt.section and not excerpt.speaker
    heading = excerpt_label(excerpt).plain.splitlines()[0]
    assert heading == excerpt.citation and excerpt.section in heading
    out = tmp_path / "m.docx"
    write_matrix(coded, MatrixSpec(rows=("power",), by="source"), out)
    assert any(excerpt.citation in p.text for p in _docx_paragraphs(out))


# -- PDF ------------------------------------------------------------------------------------


@pytest.fixture
def qcode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QCODE_CODER", "tester")
    project = study_copy(tmp_path)

    def invoke(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--project", str(project), *args])
        assert result.exit_code == code, f"{args}: {result.output}{result.exception!r}"
        return result

    return invoke


def test_pdf_without_libreoffice_is_one_line(qcode, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "m.pdf"
    result = qcode("matrix", "-o", str(out), code=1)
    assert "needs LibreOffice" in result.stderr and "m.docx" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


needs_office = pytest.mark.skipif(office_command() is None, reason="LibreOffice not installed")


@needs_office
def test_pdf_is_written_through_libreoffice(qcode, tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    result = qcode("matrix", "--rows", "power", "--by", "office", "-o", str(out))
    assert result.stdout.startswith(f"wrote {out} (pdf, grid)")
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Makt og avmakt" in text and "svarteper" in text


@needs_office
def test_pdf_refuses_a_real_name_with_strict_pseudonyms(qcode, tmp_path: Path) -> None:
    qcode("pseudonyms", "add", "anna", "Koder A")
    qcode("pseudonyms", "add", "Koder A", "Koder B")  # an alias holding a real name leaks
    out = tmp_path / "m.pdf"
    result = qcode("matrix", "-o", str(out), "--strict-pseudonyms", code=1)
    assert "not written, real names would remain" in result.stderr
    assert not out.exists()
    warned = qcode("matrix", "-o", str(out))
    assert "real names still in the export: Koder A" in warned.stderr and str(out) in warned.stderr
