"""Plain text: decoding, newline normalisation and refusing what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from qcode.core.errors import InputError
from qcode.core.importers import SUPPORTED_EXTENSIONS, ImportedSource, read_source

NORSK = "Blåbærsyltetøy på Ærøy; Øystein sa «hei»."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NORSK.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NORSK.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + NORSK.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + NORSK.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_unicode_encodings_round_trip_norwegian(write, data: bytes, encoding: str) -> None:
    result = read_source(write("notat.txt", data))
    assert result.text == NORSK
    assert result.metadata["encoding"] == encoding
    assert result.notes == []


def test_cp1252_is_decoded_with_a_note(write) -> None:
    result = read_source(write("gammel.txt", "Møte på kontoret: æøå ÆØÅ – €".encode("cp1252")))
    assert result.text == "Møte på kontoret: æøå ÆØÅ – €"
    assert result.metadata["encoding"] == "cp1252"
    assert len(result.notes) == 1
    assert "cp1252" in result.notes[0] and "æøå" in result.notes[0]


def test_utf16_without_bom_is_recognised(write) -> None:
    result = read_source(write("u16.txt", "Hei på deg\nHadet".encode("utf-16-le")))
    assert result.text == "Hei på deg\nHadet"
    assert result.notes


def test_newlines_normalised_and_trailing_blank_lines_stripped(write) -> None:
    result = read_source(write("nl.txt", b"one\r\ntwo\rthree\n  \n\n\n"))
    assert result.text == "one\ntwo\nthree"


def test_trailing_spaces_inside_the_text_stay(write) -> None:
    assert read_source(write("sp.txt", "a  \nb\n")).text == "a  \nb"


def test_markdown_is_text_with_format(write) -> None:
    result = read_source(write("n.md", "# Tittel\n\nTekst"))
    assert isinstance(result, ImportedSource)
    assert result.metadata["format"] == "md"
    assert result.suggested_kind is None


def test_plain_notes_have_no_structure(write) -> None:
    result = read_source(write("n.txt", "Just some notes.\nNothing more to say."))
    assert result.sections == [] and result.turns == []
    assert result.suggested_kind is None


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file(write, content: bytes) -> None:
    with pytest.raises(InputError, match="is empty"):
        read_source(write("tom.txt", content))


def test_binary_with_nul_bytes(write) -> None:
    path = write("bilde.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="is not a text file \\(binary data\\)") as err:
        read_source(path)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_binary_with_control_characters_but_no_nul(write) -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21]) * 20 + b"abc"
    with pytest.raises(InputError, match="binary data"):
        read_source(write("data.txt", data))


def test_unsupported_extension_lists_supported(write) -> None:
    with pytest.raises(InputError, match="unsupported file type '.xyz'; supported: .txt") as err:
        read_source(write("noe.xyz", "tekst"))
    for ext in SUPPORTED_EXTENSIONS:
        assert ext in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_source(tmp_path / "borte.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "mappe.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_source(folder)


def test_extension_is_case_insensitive(write) -> None:
    assert read_source(write("NOTAT.TXT", "hei")).text == "hei"


def test_metadata_is_json_serialisable(write) -> None:
    import json

    result = read_source(write("a.txt", "I: Hei\nR: Hallo\nI: Ja\nR: Nei"))
    assert result.metadata
    assert json.loads(json.dumps(result.metadata)) == result.metadata
