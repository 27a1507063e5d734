"""The derived codebook as a Word document, read back with python-docx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from qcode.core.categories import derive as cat
from qcode.core.export.codebook_docx import write_codebook_docx
from qcode.core.export.pseudonyms import add_pseudonym
from qcode.core.project.store import Project
from tests.builders import Run
from tests.category_study import build


@pytest.fixture
def sorted_study(project: Project, tmp_path: Path) -> Project:
    ids = build(project, tmp_path)
    cat.add_category(project, "complexity", "Tidspress", description="For lite tid per bruker.")
    cat.add_category(project, "tidspress", "Mandager")
    for coding_id in (ids["observasjon-a.txt"][0], ids["intervju-1.txt"][1]):
        cat.assign(project, coding_id, "tidspress")
    cat.assign(project, ids["intervju-1.txt"][1], "mandager")
    return project


def test_word_codebook_has_headings_tables_counts_and_examples(
    sorted_study: Project, tmp_path: Path
) -> None:
    out = tmp_path / "kodebok.docx"
    result = write_codebook_docx(sorted_study, out, name="Kodebok for NAV-studien")
    assert (result.themes, result.categories) == (2, 2)
    document = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Codebook: Kodebok for NAV-studien")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Rollens kompleksitet", "Relasjonelle utfordringer"]
    assert ("Heading 2", "Categories of Rollens kompleksitet") in paragraphs
    assert ("Normal", "Hva som gjør veilederrollen sammensatt.") in paragraphs
    counts = next(t for s, t in paragraphs if t.startswith("10 codings"))
    assert counts == ("10 codings in 4 documents; with its categories 13 codings in 4 documents.")
    quotes = [t for s, t in paragraphs if s == "Quote"]
    assert len(quotes) == 2 and all("(" in q for q in quotes)
    assert ("Codebook Note", "No categories yet.") in paragraphs  # the second theme

    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Category", "Description", "Codings (docs)", "Example"]
    assert rows[1][:2] == ["Tidspress", "For lite tid per bruker."]
    assert rows[1][2].startswith("2 (2)\nwith sub-categories 3 (2)")
    assert rows[1][3].startswith("«") and "tidspresset" in rows[1][3]
    assert rows[2][0] == "– Mandager" and rows[2][3].startswith("«Tidspresset er verst på mandager")
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer


def test_word_codebook_applies_pseudonyms(sorted_study: Project, tmp_path: Path) -> None:
    add_pseudonym(sorted_study, "Gosys", "System X")  # stands in for a real name here
    cat.add_category(sorted_study, "complexity", "Systemer")
    segment = next(
        s for s in cat.segments(sorted_study, "complexity").segments if "Gosys må" in s.text
    )
    cat.assign(sorted_study, segment.coding_id, "systemer")
    out = tmp_path / "kodebok.docx"
    result = write_codebook_docx(sorted_study, out)
    text = "\n".join(c.text for row in docx.Document(str(out)).tables[0].rows for c in row.cells)
    assert "System X" in text and "Gosys" not in text and result.leaked == []


def test_cli_export_chooses_word_by_extension_or_format(
    run: Run, project_path: Path, tmp_path: Path
) -> None:
    with Project.open(project_path, coder="tester") as project:
        build(project, tmp_path)
    out = tmp_path / "bok.docx"
    assert "wrote" in run("codebook", "export", str(out)).output
    assert docx.Document(str(out)).paragraphs[0].text.startswith("Codebook: ")
    other = tmp_path / "bok.appendix"
    run("codebook", "export", str(other), "--format", "docx")
    assert docx.Document(str(other)).paragraphs[0].style.name == "Title"
    yaml_out = tmp_path / "bok.yaml"
    run("codebook", "export", str(yaml_out))
    assert yaml_out.read_text(encoding="utf-8").startswith("# qcode codebook")
    bad = run("codebook", "export", str(tmp_path / "nope" / "bok.docx"), ok=False)
    assert bad.exit_code == 1 and "does not exist" in bad.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_word_codebook_renders_in_libreoffice(sorted_study: Project, tmp_path: Path) -> None:
    out = tmp_path / "kodebok.docx"
    write_codebook_docx(sorted_study, out)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "kodebok.pdf").stat().st_size > 5000
