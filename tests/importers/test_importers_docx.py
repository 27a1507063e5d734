"""Word .docx: body order with tables, Heading styles, bold speaker labels, bad files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qcode.core.errors import InputError
from qcode.core.importers import read_source


def _bold_label(document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


@pytest.fixture
def interview_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Intervju med Kari", level=0)  # style "Title"
    d.add_heading("Bakgrunn", level=1)
    _bold_label(d, "Intervjuer:", " Hva gjør du på NAV-kontoret?")
    _bold_label(d, "Kari", " Jeg er veileder på Ærøy.")
    d.add_paragraph("Hun fortsatte i et nytt avsnitt.")
    d.add_heading("Forberedelse", level=2)
    _bold_label(d, "Intervjuer:", " Hvordan forbereder du deg?")
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([["Tema", "Antall", "Merknad"], ["Makt", "3", "æøå"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    _bold_label(d, "Kari", ": Det varierer.")
    d.add_heading("Avslutning", level=1)
    _bold_label(d, "Intervjuer:", " Takk.")
    path = tmp_path / "intervju.docx"
    d.save(str(path))
    return path


def test_docx_text_order_tables_and_sections(interview_docx: Path) -> None:
    result = read_source(interview_docx)
    assert result.metadata["format"] == "docx"
    lines = result.text.split("\n")
    assert lines == [
        "Intervju med Kari",
        "Bakgrunn",
        "Intervjuer: Hva gjør du på NAV-kontoret?",
        "Kari Jeg er veileder på Ærøy.",
        "Hun fortsatte i et nytt avsnitt.",
        "Forberedelse",
        "Intervjuer: Hvordan forbereder du deg?",
        "Tema | Antall | Merknad",
        "Makt | 3 | æøå",
        "Kari: Det varierer.",
        "Avslutning",
        "Intervjuer: Takk.",
    ]


def test_docx_nested_heading_sections(interview_docx: Path) -> None:
    result = read_source(interview_docx)
    text = result.text
    got = [(s.title, s.level) for s in result.sections]
    assert got == [
        ("Intervju med Kari", 1),
        ("Bakgrunn", 1),
        ("Forberedelse", 2),
        ("Avslutning", 1),
    ]
    title, bakgrunn, forberedelse, avslutning = result.sections
    for s in result.sections:
        assert text[s.start : s.end].startswith(s.title)
    # Title is level 1, so it ends where "Bakgrunn" (also level 1) begins
    assert title.end <= bakgrunn.start
    # the level-2 section ends at the next level-1 heading; the level-1 one contains it
    assert text[forberedelse.start : forberedelse.end].endswith("Kari: Det varierer.")
    assert bakgrunn.start < forberedelse.start < forberedelse.end <= bakgrunn.end
    assert bakgrunn.end <= avslutning.start
    assert avslutning.end == len(text)


def test_docx_bold_speaker_runs_are_turns(interview_docx: Path) -> None:
    result = read_source(interview_docx)
    text = result.text
    assert [t.speaker for t in result.turns] == [
        "Intervjuer",
        "Kari",
        "Intervjuer",
        "Kari",
        "Intervjuer",
    ]
    kari = result.turns[1]
    assert (
        text[kari.start : kari.end]
        == "Kari Jeg er veileder på Ærøy.\nHun fortsatte i et nytt avsnitt."
    )
    assert text[kari.body_start :].startswith("Jeg er veileder")
    second_kari = result.turns[3]
    assert text[second_kari.start :].startswith("Kari: Det")
    assert text[second_kari.body_start :].startswith("Det varierer.")
    # headings are not swallowed as labels, but turns run on across them
    assert all(text[t.start : t.end].startswith(t.speaker) for t in result.turns)


def test_docx_bold_that_is_not_a_label(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Viktig").bold = True
    p.add_run(" er dette.")
    d.add_paragraph().add_run("Helt fet linje uten kolon").bold = True
    d.add_paragraph("Vanlig tekst.")
    path = tmp_path / "notat.docx"
    d.save(str(path))
    result = read_source(path)
    assert result.turns == []
    assert result.suggested_kind is None


def test_truncated_docx(interview_docx: Path, tmp_path: Path) -> None:
    data = interview_docx.read_bytes()
    broken = tmp_path / "halv.docx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"not a valid \.docx \(damaged or truncated\)") as err:
        read_source(broken)
    assert str(broken) in str(err.value)


def test_not_a_zip_docx(tmp_path: Path) -> None:
    path = tmp_path / "tekst.docx"
    path.write_text("Dette er bare tekst med feil endelse.")
    with pytest.raises(InputError, match=r"not a valid \.docx"):
        read_source(path)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "annet.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hei")
    with pytest.raises(InputError, match=r"not a valid \.docx"):
        read_source(path)


def test_docx_with_entity_declaration_is_refused(interview_docx: Path, rewrite_zip) -> None:
    def add_entities(xml: bytes) -> bytes:
        head, sep, rest = xml.partition(b"?>")
        bomb = b'<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        return head + sep + bomb + rest

    rewrite_zip(interview_docx, "word/document.xml", add_entities)
    with pytest.raises(InputError, match="declares XML entities; refusing") as err:
        read_source(interview_docx)
    assert "possible XML bomb" in str(err.value)


def test_docx_with_damaged_document_xml(interview_docx: Path, rewrite_zip) -> None:
    rewrite_zip(interview_docx, "word/document.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(InputError, match=r"not a valid \.docx"):
        read_source(interview_docx)


def test_empty_docx_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        read_source(path)


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    d = docx.Document()
    d.add_paragraph("   ")
    d.save(str(path))
    with pytest.raises(InputError, match="is empty"):
        read_source(path)
