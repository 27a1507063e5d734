"""OpenDocument, RTF and PDF: text, structure and the ways these files go wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, P, S, Span

from qcode.core.errors import InputError
from qcode.core.importers import read_source


@pytest.fixture
def odt_file(tmp_path: Path) -> Path:
    doc = OpenDocumentText()
    body = doc.text
    body.addElement(H(outlinelevel=1, text="Tema 1: Makt"))
    body.addElement(P(text="Intervjuer: Hva skjedde på møtet?"))
    p = P(text="Kari: Vi snakket om ")
    p.addElement(Span(text="avmakt"))
    p.addElement(S(c=3))
    p.addText("og æøå.")
    body.addElement(p)
    body.addElement(H(outlinelevel=2, text="Underpunkt"))
    body.addElement(P(text="Intervjuer: Og så?"))
    table = Table(name="Skjema")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for values in (["Tid", "10:00"], ["Sted", "Kontor A"]):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    body.addElement(table)
    last = P(text="Kari: Ferdig.")
    last.addElement(LineBreak())
    last.addText("Ny linje.")
    body.addElement(last)
    body.addElement(H(outlinelevel=1, text="Tema 2"))
    body.addElement(P(text="Notat."))
    path = tmp_path / "notat.odt"
    doc.save(str(path))
    return path


def test_odt_text_tables_and_sections(odt_file: Path) -> None:
    result = read_source(odt_file)
    assert result.metadata["format"] == "odt"
    assert result.text.split("\n") == [
        "Tema 1: Makt",
        "Intervjuer: Hva skjedde på møtet?",
        "Kari: Vi snakket om avmakt   og æøå.",
        "Underpunkt",
        "Intervjuer: Og så?",
        "Tid | 10:00",
        "Sted | Kontor A",
        "Kari: Ferdig.",
        "Ny linje.",
        "Tema 2",
        "Notat.",
    ]
    text = result.text
    assert [(s.title, s.level) for s in result.sections] == [
        ("Tema 1: Makt", 1),
        ("Underpunkt", 2),
        ("Tema 2", 1),
    ]
    for s in result.sections:
        assert text[s.start : s.end].startswith(s.title)
    tema1, under, tema2 = result.sections
    assert under.end == tema1.end == text.index("\nTema 2")
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari", "Intervjuer", "Kari"]
    # a heading ends the turn before it
    assert (
        text[result.turns[1].start : result.turns[1].end] == "Kari: Vi snakket om avmakt   og æøå."
    )
    assert text[result.turns[3].start : result.turns[3].end] == "Kari: Ferdig.\nNy linje."


def test_truncated_odt(odt_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "halv.odt"
    broken.write_bytes(odt_file.read_bytes()[:300])
    with pytest.raises(InputError, match=r"not a valid \.odt \(damaged or truncated\)"):
        read_source(broken)


def test_odt_with_entities_is_refused(odt_file: Path, rewrite_zip) -> None:
    rewrite_zip(
        odt_file,
        "content.xml",
        lambda xml: xml.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1),
    )
    with pytest.raises(InputError, match="declares XML entities"):
        read_source(odt_file)


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"
    "\n"
    r"{\b Intervjuer:} Hva gj\'f8r du p\'e5 jobb?\par "
    r"Kari: Jeg er veileder i \'c6r\'f8y.\par "
    r"Intervjuer: Og \u229? s\u229??\par "
    r"Kari: Det vet jeg ikke.\par }"
)


def test_rtf_text_and_turns(write) -> None:
    result = read_source(write("intervju.rtf", RTF.encode("ascii")))
    assert result.metadata["format"] == "rtf"
    assert result.text.split("\n") == [
        "Intervjuer: Hva gjør du på jobb?",
        "Kari: Jeg er veileder i Ærøy.",
        "Intervjuer: Og å så?",
        "Kari: Det vet jeg ikke.",
    ]
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari", "Intervjuer", "Kari"]
    assert result.suggested_kind == "interview"


def test_rtf_headings_found_as_plain_text(write) -> None:
    rtf = r"{\rtf1\ansi OBSERVASJON\par Tekst her.\par Sitater:\par Noe sagt.\par}"
    result = read_source(write("obs.rtf", rtf))
    assert [(s.title, s.level) for s in result.sections] == [
        ("OBSERVASJON", 1),
        ("Sitater", 1),
    ]


def test_not_an_rtf(write) -> None:
    with pytest.raises(InputError, match=r"not a valid \.rtf"):
        read_source(write("x.rtf", "bare tekst"))


def test_pdf_text_layer_pages_and_turns(write, pdf_bytes) -> None:
    pages = [
        ["Intervjuer: Hva gjor du?", "Kari: Jeg jobber pa NAV."],
        ["Intervjuer: Og (etterpa)?", "Kari: Hjem."],
    ]
    result = read_source(write("intervju.pdf", pdf_bytes(pages)))
    assert result.metadata["format"] == "pdf"
    assert result.text.split("\n") == [line for page in pages for line in page]
    page1, page2 = result.metadata["pages"]
    assert page1["page"] == 1 and page2["page"] == 2
    assert result.text[page1["start"] : page1["end"]] == "\n".join(pages[0])
    assert result.text[page2["start"] : page2["end"]] == "\n".join(pages[1])
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari", "Intervjuer", "Kari"]


def test_pdf_without_text_layer(write, pdf_bytes) -> None:
    with pytest.raises(InputError, match=r"has no text layer \(scanned PDF\?\); run OCR first"):
        read_source(write("skannet.pdf", pdf_bytes([[], []])))


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("hemmelig", algorithm="RC4-128")
    path = tmp_path / "laast.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError, match="is encrypted"):
        read_source(path)


def test_truncated_pdf(write, pdf_bytes) -> None:
    data = pdf_bytes([["Hei"]])
    with pytest.raises(InputError, match=r"\.pdf"):
        read_source(write("halv.pdf", data[:40]))


def test_garbage_pdf(write) -> None:
    with pytest.raises(InputError, match=r"not a valid \.pdf"):
        read_source(write("x.pdf", b"not a pdf at all"))


def test_pdf_with_empty_user_password_is_opened(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="", owner_password="eier", algorithm="RC4-128")
    path = tmp_path / "utskriftssperret.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    # decrypted fine; the blank page then has no text
    with pytest.raises(InputError, match="has no text layer"):
        read_source(path)


def test_pdf_words_hyphenated_at_a_line_end_are_joined(write, pdf_bytes) -> None:
    pages = [
        [
            "The groups were self-",
            "organized, and the organi-",
            "zation of each meeting was left to them. The organization",
            "held. Ask QDA-",
            "XML and 4A82-",
            "a279 stay as laid out.",
        ]
    ]
    text = read_source(write("rapport.pdf", pdf_bytes(pages))).text
    assert text.split("\n") == [
        "The groups were self-organized, and the organization of each meeting was left to "
        "them. The organization",
        "held. Ask QDA-",
        "XML and 4A82-",
        "a279 stay as laid out.",
    ]


def test_pdf_sentence_over_a_page_break_loses_the_blank_lines(write, pdf_bytes) -> None:
    pages = [
        ["Intervjuer: Hvordan var", "det i gruppa, og var den"],
        [" ", " ", "nyttig for deg?", "Kari: Ja. Veldig."],
        [" ", "Intervjuer: Takk.", "Det var alt for i dag, og sam-"],
        ["arbeidet tar vi neste gang. Samarbeidet er viktig."],
    ]
    result = read_source(write("intervju.pdf", pdf_bytes(pages)))
    assert result.text.split("\n") == [
        "Intervjuer: Hvordan var",
        "det i gruppa, og var den",
        "nyttig for deg?",
        "Kari: Ja. Veldig.",
        " ",  # a page after a finished sentence keeps what its text layer has
        "Intervjuer: Takk.",
        "Det var alt for i dag, og samarbeidet tar vi neste gang. Samarbeidet er viktig.",
    ]
    spans = [result.text[p["start"] : p["end"]] for p in result.metadata["pages"]]
    assert spans[0].endswith("og var den") and spans[1].startswith("nyttig for deg?")
    assert spans[2].endswith("i dag, og ")
    assert spans[3] == "samarbeidet tar vi neste gang. Samarbeidet er viktig."
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari", "Intervjuer"]
