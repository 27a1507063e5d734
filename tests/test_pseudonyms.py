"""Pseudonyms: the table (tracked, undoable), replacing names, and the check for leaks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.errors import InputError, NotFound, QcodeError
from qcode.core.export import write_matrix
from qcode.core.export.pseudonyms import (
    Pseudonymiser,
    add_pseudonym,
    import_pseudonyms,
    list_pseudonyms,
    remove_pseudonym,
)
from qcode.core.project.store import Project
from qcode.core.project.undo import undo

PAIRS = [("Kari", "Deltaker A"), ("Kari Nordmann", "Deltaker B"), ("Hans", "Deltaker C")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kari sa nei.", "Deltaker A sa nei."),
        ("Karis sak", "Deltaker As sak"),  # Norwegian genitive
        ("Kari's sak", "Deltaker A's sak"),
        ("Kari’s sak", "Deltaker A’s sak"),
        ("Hans' sak", "Deltaker Cs sak"),  # a name in -s takes the alias's genitive
        ("«Kari'»", "«Deltaker A'»"),  # a quote mark after a name is not a genitive
        ("kari og KARI", "Deltaker A og DELTAKER A"),
        ("Kari Nordmann kom", "Deltaker B kom"),  # the longer name wins
        ("Kari  Nordmanns sak", "Deltaker Bs sak"),
        ("Karianne og Makari", "Karianne og Makari"),  # whole words only
        ("Kari-saken", "Deltaker A-saken"),
        ("Æsa, Kari.", "Æsa, Deltaker A."),
    ],
)
def test_apply(text: str, expected: str) -> None:
    assert Pseudonymiser(PAIRS).apply(text) == expected


def test_find_reports_whole_word_names() -> None:
    table = Pseudonymiser(PAIRS)
    assert table.find("Karianne møtte Hans' søster og KARIS mor") == ["Hans", "Kari"]
    assert table.find("ingen her") == []


def test_table_changes_are_undoable(coded) -> None:
    add_pseudonym(coded, "Kari", "Deltaker A")
    _, new = add_pseudonym(coded, "kari", "Deltaker Z")  # same name, any case: an update
    assert not new
    assert [(p.real, p.alias) for p in list_pseudonyms(coded)] == [("kari", "Deltaker Z")]
    undo(coded)
    assert [(p.real, p.alias) for p in list_pseudonyms(coded)] == [("Kari", "Deltaker A")]
    remove_pseudonym(coded, "KARI")
    assert list_pseudonyms(coded) == []
    undo(coded)
    assert len(list_pseudonyms(coded)) == 1
    with pytest.raises(NotFound, match="no pseudonym for 'Ola'"):
        remove_pseudonym(coded, "Ola")
    with pytest.raises(QcodeError, match="no alias for 'Ola'"):
        add_pseudonym(coded, "Ola", "  ")


def test_import_csv(coded, tmp_path: Path) -> None:
    good = tmp_path / "names.csv"
    good.write_text("real,alias\nKari Nordmann,Deltaker B\nOla,Deltaker C,extra\n", "utf-8")
    with pytest.raises(InputError, match=r"names.csv:3: expected 2 columns"):
        import_pseudonyms(coded, good)
    good.write_text("real,alias\nKari Nordmann,Deltaker B\nØyvind,Deltaker Ø\n", "utf-8")
    result = import_pseudonyms(coded, good)
    assert (result.added, result.updated) == (2, 0)
    good.write_text("Kari Nordmann,Deltaker X\nØyvind,Deltaker Ø\n", "utf-8")
    result = import_pseudonyms(coded, good)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    undo(coded)
    assert {p.alias for p in list_pseudonyms(coded)} == {"Deltaker B", "Deltaker Ø"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "Kari,Deltaker A\nkari,Deltaker B\n",
            r"bad.csv:2: 'kari' appears twice \(first at line 1\)",
        ),
        ("Kari,\n", r"bad.csv:1: no alias for 'Kari'"),
        ("--,Deltaker A\n", r"bad.csv:1: a real name needs at least one letter"),
        ("", r"bad.csv: has no rows"),
    ],
)
def test_import_errors_name_file_and_line(coded, tmp_path: Path, content, message) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        import_pseudonyms(coded, bad)
    assert list_pseudonyms(coded) == []


def test_export_replaces_names_in_excerpts_sources_and_speakers(coded, tmp_path: Path) -> None:
    add_pseudonym(coded, "Kari", "Deltaker A")
    add_pseudonym(coded, "Kari Nordmann", "Informant B")
    add_pseudonym(coded, "interview", "samtale")  # a name in a source's file name
    out = tmp_path / "m.docx"
    result = write_matrix(coded, MatrixSpec(rows=("power", "preparation"), by="source"), out)
    assert result.leaked == [] and result.warnings == []
    text = "\n".join(
        cell.text for table in docx.Document(str(out)).tables for row in table.rows
        for cell in row.cells
    )  # fmt: skip
    assert "Deltaker As opplevelse var" in text
    assert "Deltaker A hadde ingen mulighet" in text
    assert "samtale.txt, line 6, Informant B" in text
    assert "Kari" not in text and "interview.txt" not in text


def test_export_replaces_coders_and_warns_about_names_left(coded, tmp_path: Path) -> None:
    add_pseudonym(coded, "anna", "Koder 1")  # a coder's name is replaced like any other
    add_pseudonym(coded, "Kari", "Ola")  # an alias that is another real name
    add_pseudonym(coded, "Ola", "Deltaker O")
    out = tmp_path / "m.csv"
    result = write_matrix(coded, MatrixSpec(rows=("preparation",)), out)
    assert "Koder 1" in out.read_text("utf-8-sig") and "anna" not in out.read_text("utf-8-sig")
    assert result.leaked == ["Ola"]  # where Kari was
    out = tmp_path / "m.md"
    result = write_matrix(coded, MatrixSpec(rows=("preparation",)), out)
    assert result.leaked == ["Ola"]
    assert "real names still in the export: Ola (where: Ola in text («" in result.warnings[0]
    off = write_matrix(coded, MatrixSpec(rows=("preparation",)), out, pseudonyms=False)
    assert off.leaked == ["anna", "Kari"] and "pseudonyms off" in off.warnings[0]


def test_speaker_codes_named_after_people_are_pseudonymised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`autocode speakers` names codes after the people speaking; an export must not."""
    from qcode.core.analysis.matrix_spec import MatrixSpec
    from qcode.core.codebook.codes import add_code
    from qcode.core.coding import codings
    from qcode.core.export import write_matrix
    from qcode.core.export.pseudonyms import add_pseudonym
    from qcode.core.sources import documents

    path = tmp_path / "p.qcode"
    with Project.create(path, coder="t") as project:
        src = tmp_path / "intervju.txt"
        src.write_text("Kari: Jeg forbereder meg godt.\n", encoding="utf-8")
        documents.import_files(project, [src])
        add_code(project, "Kari", key="speaker-kari", description="Turns by Kari")
        codings.add_coding(project, "intervju.txt", 6, 30, "speaker-kari")
        add_pseudonym(project, "Kari", "Deltaker A")
        out = tmp_path / "m.md"
        result = write_matrix(project, MatrixSpec(rows=("speaker-kari",), by="source"), out)
    text = out.read_text(encoding="utf-8")
    assert "Kari" not in text and "Deltaker A" in text
    assert result.leaked == []


UNICODE_PAIRS = [("Åse", "Deltaker B"), ("Kari Nordmann", "Deltaker N"), ("Strauß", "Deltaker S")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A\u030ase kom", "Deltaker B kom"),  # NFD in the text, NFC in the table
        ("ÅSE kom", "DELTAKER B kom"),
        ("åse kom", "Deltaker B kom"),
        ("Å\u00adse kom", "Deltaker B kom"),  # a soft hyphen inside the name
        ("Å\u200bse, Å\u200cse, Å\u200dse, Å\u2060se, Å\ufeffse", ", ".join(["Deltaker B"] * 5)),
        ("intervju_Åse_2013.txt", "intervju_Deltaker B_2013.txt"),  # _ and digits separate
        ("Åse2013", "Deltaker B2013"),
        ("Kari_Nordmann.docx", "Deltaker N.docx"),
        ("kari.nordmann@kommune.no", "Deltaker N@kommune.no"),
        ("Kari\nNordmann", "Deltaker N"),
        ("STRAUSS og strauss", "DELTAKER S og Deltaker S"),  # ß folds to ss
        ("Ｋari Nordmann", "Deltaker N"),  # a full-width letter
        ("Åsen og Tåse", "Åsen og Tåse"),  # still whole words only
        ("Å\u00adses hus", "Deltaker Bs hus"),  # with a genitive after the soft hyphen
    ],
)
def test_apply_is_unicode_aware(text: str, expected: str) -> None:
    assert Pseudonymiser(UNICODE_PAIRS).apply(text) == expected


def test_table_in_nfd_matches_text_in_nfc() -> None:
    table = Pseudonymiser([("A\u030ase", "Deltaker B")])
    assert table.apply("Åse sa") == "Deltaker B sa"
    assert table.find("hos ÅSE") == ["A\u030ase"]


def test_matches_give_the_span_as_written() -> None:
    text = "Så sa Å\u00adse det."
    [(real, start, end)] = list(Pseudonymiser(UNICODE_PAIRS).matches(text))
    assert (real, text[start:end]) == ("Åse", "Å\u00adse")
