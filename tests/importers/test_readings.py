"""`--structure` and the import's notes on files that read two ways or not at all.

An observation sheet whose theme headings look like speaker labels, or a transcript whose
labels look like headings, is the case where the detectors may guess wrong; the analyst
must be told, and must be able to decide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcode.cli.main import cli
from qcode.core.importers import read_source
from qcode.core.importers.readings import ambiguity, no_structure, reread

# Theme labels inline, one of them used twice: read as speaker turns by the shape alone.
SHEET = (
    "Forberedelse: Veilederne hadde lest sakene på forhånd.\n"
    "Samtalestyring: Veileder styrte samtalen tett.\n"
    "Forberedelse: Igjen ble sakene gjennomgått.\n"
)
THEMES = {"forberedelse", "preparation", "samtalestyring", "conversation-control"}

TRANSCRIPT = (
    "Intervjuer: Hvordan var møtet?\nKari: Det gikk fint.\n"
    "Intervjuer: Og etterpå?\nKari: Da ble det stille.\n"
)


def source(tmp_path: Path, text: str, name: str = "fil.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_source(path)


def test_a_sheet_read_as_turns_is_noted_when_its_labels_are_codebook_themes(
    tmp_path: Path,
) -> None:
    read = source(tmp_path, SHEET)
    assert {t.speaker for t in read.turns} == {"Forberedelse", "Samtalestyring"}
    note = ambiguity(read, THEMES)
    assert note is not None
    assert "'Forberedelse:'" in note and "--structure sections" in note
    assert "\n" not in note


def test_sections_reads_the_labels_as_headings_with_their_spans(tmp_path: Path) -> None:
    read = reread(source(tmp_path, SHEET), "sections")
    assert read.turns == []
    assert [(s.title, s.level) for s in read.sections] == [
        ("Forberedelse", 1),
        ("Samtalestyring", 1),
        ("Forberedelse", 1),
    ]
    first = read.sections[0]
    assert read.text[first.start : first.end].startswith("Forberedelse: Veilederne")
    assert read.text[first.start : first.end].endswith("forhånd.")
    assert read.metadata["structure"] == "sections"


def test_turns_made_into_sections_nest_under_the_heading_they_lie_in(tmp_path: Path) -> None:
    text = "# Møte 1\n\n" + TRANSCRIPT
    read = source(tmp_path, text, "m.md")
    assert read.sections and read.turns
    nested = reread(read, "sections")
    assert [(s.title, s.level) for s in nested.sections][:2] == [("Møte 1", 1), ("Intervjuer", 2)]


def test_turns_reads_heading_labels_as_speakers(tmp_path: Path) -> None:
    text = (
        "Møte 1 (17.10.12)\n\nForberedelse:\nDe hadde lest.\n\nSamtalestyring:\nStramt.\n\n"
        "Møte 2 (24.10.12)\n\nForberedelse:\nIkke lest.\n\nSamtalestyring:\nLøst.\n"
    )
    read = source(tmp_path, text)
    assert not read.turns and any(s.title == "Forberedelse" for s in read.sections)
    as_turns = reread(read, "turns")
    assert [t.speaker for t in as_turns.turns] == ["Forberedelse", "Samtalestyring"] * 2
    assert all(s.title != "Forberedelse" for s in as_turns.sections)


def test_none_keeps_the_text_and_drops_every_span(tmp_path: Path) -> None:
    read = source(tmp_path, TRANSCRIPT)
    plain = reread(read, "none")
    assert plain.text == read.text
    assert plain.sections == [] and plain.turns == []
    assert plain.suggested_kind != "interview"


def test_role_labels_read_as_headings_are_noted_and_turns_decides(tmp_path: Path) -> None:
    """Capitals alone on a line look like headings; `INTERVJUER` is a role."""
    text = "INTERVJUER\nHvordan gikk det?\n\nINFORMANT\nDet gikk fint.\n\nINTERVJUER\nSent.\n"
    read = source(tmp_path, text)
    assert not read.turns
    note = ambiguity(read)
    assert note is not None
    assert note.startswith("'INTERVJUER', 'INFORMANT' read as heading(s)")
    assert "--structure turns" in note
    as_turns = reread(read, "turns")
    assert [t.speaker for t in as_turns.turns] == ["INTERVJUER", "INFORMANT", "INTERVJUER"]
    assert [read.text[t.body_start : t.end] for t in as_turns.turns] == [
        "Hvordan gikk det?",
        "Det gikk fint.",
        "Sent.",
    ]
    assert as_turns.sections == []
    assert as_turns.suggested_kind == "interview"


def test_a_real_conversation_is_not_noted(tmp_path: Path) -> None:
    read = source(tmp_path, TRANSCRIPT)
    assert len(read.turns) == 4
    assert ambiguity(read, THEMES) is None
    assert no_structure(read) is None


def test_plain_notes_say_they_have_no_structure(tmp_path: Path) -> None:
    read = source(tmp_path, "Bare noen notater.\nUten overskrifter.\n")
    assert no_structure(read) == "no headings or speaker turns found; imported as plain text"


# --- the command -------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "s.qcode"
    codebook = Path(__file__).parents[2] / "codebooks" / "nav-guidance-groups.yaml"
    result = CliRunner().invoke(cli, ["init", str(path), "--codebook", str(codebook)])
    assert result.exit_code == 0, result.output
    return path


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["--project", str(project), *args])


def show(project: Path, name: str) -> dict:
    result = run(project, "show", name, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_notes_the_second_reading_in_one_line(project: Path, tmp_path: Path) -> None:
    (tmp_path / "ark.txt").write_text(SHEET, encoding="utf-8")
    result = run(project, "import", str(tmp_path / "ark.txt"))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert "ark.txt" in notes[0] and "--structure sections" in notes[0]


def test_import_structure_sections_decides(project: Path, tmp_path: Path) -> None:
    (tmp_path / "ark.txt").write_text(SHEET, encoding="utf-8")
    result = run(project, "import", "--structure", "sections", str(tmp_path / "ark.txt"))
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr
    shown = show(project, "ark.txt")
    assert shown["turns"] == []
    assert [s["title"] for s in shown["sections"]] == ["Forberedelse", "Samtalestyring"] + [
        "Forberedelse"
    ]
    coded = run(project, "autocode", "sections")
    assert coded.exit_code == 0, coded.output
    listed = run(project, "codings", "--json")
    assert {c["code"] for c in json.loads(listed.output)} >= {"preparation"}


def test_import_structure_none_and_the_plain_text_note(project: Path, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "n.txt").write_text("Bare noen notater.\n", encoding="utf-8")
    result = run(project, "import", "--structure", "none", str(tmp_path / "t.txt"))
    assert result.exit_code == 0, result.output
    assert show(project, "t.txt")["turns"] == []
    result = run(project, "import", str(tmp_path / "n.txt"))
    assert "n.txt: no headings or speaker turns found" in result.stderr


def test_reimporting_with_another_structure_says_how(project: Path, tmp_path: Path) -> None:
    (tmp_path / "ark.txt").write_text(SHEET, encoding="utf-8")
    run(project, "import", str(tmp_path / "ark.txt"))
    again = run(project, "import", "--structure", "sections", str(tmp_path / "ark.txt"))
    assert "remove it first to read it again with --structure sections" in again.output


def test_an_unknown_structure_is_one_line_and_changes_nothing(
    project: Path, tmp_path: Path
) -> None:
    (tmp_path / "ark.txt").write_text(SHEET, encoding="utf-8")
    result = run(project, "import", "--structure", "headings", str(tmp_path / "ark.txt"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert json.loads(run(project, "docs", "--json").output) == []
