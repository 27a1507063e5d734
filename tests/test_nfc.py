"""Stored text is NFC: a decomposed "é" from a Mac is stored composed, the structure found
in the text moves with it, and search finds "café" however either side was typed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qcode.core.analysis.search import search
from qcode.core.importers import read_source
from qcode.core.importers.normal_form import normalise
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files, list_documents

NFD = unicodedata.normalize("NFD", "café på Løkken, Åse og Ørjan")


def test_an_nfd_text_file_is_stored_composed(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "mac.txt"
    path.write_text(f"Vi drakk {NFD}.\n", encoding="utf-8")
    import_files(project, [path])
    text = project.query("SELECT text FROM documents")[0]["text"]
    assert unicodedata.is_normalized("NFC", text)
    assert "café på Løkken, Åse og Ørjan" in text
    assert len(list_documents(project)) == 1


def test_search_finds_cafe_typed_either_way(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "mac.txt"
    path.write_text(f"Vi drakk {NFD}.\n", encoding="utf-8")
    import_files(project, [path])
    text = project.query("SELECT text FROM documents")[0]["text"]
    for query, found in (
        ("café", "café"),
        (unicodedata.normalize("NFD", "café"), "café"),
        (unicodedata.normalize("NFD", '"café på"'), "café på"),
    ):
        hits = search(project, query)
        assert [text[h.start : h.end] for h in hits] == [found], query
        assert hits[0].start == 9


def test_turns_move_with_the_composed_text(tmp_path: Path) -> None:
    raw = (
        unicodedata.normalize("NFD", "Intervjuer: Fortell om møtet på kontoret.\n\n")
        + unicodedata.normalize("NFD", "Åse: Det var én gang, ja.\n\n")
        + unicodedata.normalize("NFD", "Intervjuer: Og så?\n\n")
        + unicodedata.normalize("NFD", "Åse: Så gikk vi hjem, og Søren ble igjen.\n")
    )
    path = tmp_path / "intervju.txt"
    path.write_text(raw, encoding="utf-8")
    source = read_source(path)
    assert unicodedata.is_normalized("NFC", source.text)
    assert len(source.text) < len(raw)
    assert [t.speaker for t in source.turns] == ["Intervjuer", "Åse", "Intervjuer", "Åse"]
    for turn in source.turns:
        piece = source.text[turn.start : turn.end]
        assert piece.startswith(turn.speaker + ":"), piece
        assert turn.body_start is not None
        assert source.text[turn.body_start - 2 : turn.body_start] == ": "
    assert source.text[source.turns[-1].start : source.turns[-1].end].endswith("igjen.")


def test_sections_move_with_the_composed_text(tmp_path: Path) -> None:
    raw = unicodedata.normalize(
        "NFD", "# Første møte\n\nÅse og Ørjan snakket.\n\n# Andre møte\n\nSøren kom.\n"
    )
    path = tmp_path / "notater.md"
    path.write_text(raw, encoding="utf-8")
    source = read_source(path)
    titles = [s.title for s in source.sections]
    assert [unicodedata.normalize("NFC", t) for t in titles] == ["Første møte", "Andre møte"]
    second = source.sections[1]
    assert source.text[second.start :].startswith("# Andre møte")
    assert (
        source.text[source.sections[0].start : source.sections[0].end].rstrip().endswith("snakket.")
    )


@given(st.text(alphabet="ae\u0301\u0308\r\n\x00 \u1100\u1161\u11a8\u212b\U0001f600o", max_size=40))
def test_the_offset_map_agrees_with_normalising_pieces(raw: str) -> None:
    """Every prefix of the text maps to the length of that prefix normalised (whenever the
    cut falls where normalising cannot join across it)."""
    text, move = normalise(raw)
    expected = unicodedata.normalize(
        "NFC", raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    )
    assert text == expected
    assert move(0) == 0 and move(len(raw)) == len(text)
    for i in range(len(raw)):
        assert move(i) <= move(i + 1)
        if raw[i] in "ao \U0001f600" and (i == 0 or raw[i - 1] != "\r"):
            prefix, _ = normalise(raw[:i])
            assert move(i) == len(prefix)
