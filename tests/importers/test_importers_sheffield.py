"""The Sheffield interviews (real transcripts by others) in .txt and .docx.

Counts were checked by hand against the files: every line after the first is labelled
`Researcher 1:` or the participant's first name (`grep -c '^Ana:' Ana.txt` etc.), except
one unlabelled answer in David.txt.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qcode.core.importers import read_source

EXPECTED = {
    "Ana": {"Researcher 1": 123, "Ana": 123},
    "David": {"Researcher 1": 37, "David": 37},
    "Jessica": {"Researcher 1": 72, "Jessica": 75},
}
HEADERS = {
    "Ana": "12-May-2023 - 10:36 - 1h09m31s – Ana",
    "David": "04-May-2023 - 14:05 - 50m39s - Pseudonym",
    "Jessica": "21-Apr-2023 - 10:33 - 43m07s - Pseudonym",
}


def _check_transcript(name: str, result) -> None:
    text = result.text
    assert Counter(t.speaker for t in result.turns) == EXPECTED[name]
    assert result.suggested_kind == "interview"
    # the header line (date, time, duration) is not part of any turn
    assert text.startswith(HEADERS[name])
    assert result.turns[0].start == len(HEADERS[name]) + 1
    assert result.turns[0].speaker == "Researcher 1"
    assert result.turns[1].speaker == name
    for turn in result.turns:
        assert text[turn.start : turn.end].startswith(f"{turn.speaker}:")
        assert turn.body_start is not None
        assert not text[turn.body_start].isspace()
        assert text[turn.start : turn.body_start].rstrip() == f"{turn.speaker}:"
    # one paragraph per turn, except where the transcriber forgot a label: David.txt line
    # 73 ("Absolutely. Let's ...") is David's answer but stays in the question's turn
    multi = [text[t.start : t.end] for t in result.turns if "\n" in text[t.start : t.end]]
    if name == "David":
        assert len(multi) == 1
        assert multi[0].endswith("\nAbsolutely. Let's, let's go for pseudonymation, please.")
    else:
        assert multi == []
    for before, after in zip(result.turns, result.turns[1:], strict=False):
        assert before.end < after.start


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sheffield_txt(sheffield: Path, name: str) -> None:
    result = read_source(sheffield / f"{name}.txt")
    assert result.metadata == {"format": "txt", "encoding": "utf-8"}
    assert result.notes == []
    _check_transcript(name, result)
    assert result.sections == []  # no headings in these transcripts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sheffield_docx(sheffield: Path, name: str) -> None:
    result = read_source(sheffield / f"{name}.docx")
    assert result.metadata["format"] == "docx"
    _check_transcript(name, result)
    # the first paragraph has the Title style: one section over the whole interview
    assert len(result.sections) == 1
    title = result.sections[0]
    assert (title.title, title.start, title.end) == (HEADERS[name], 0, len(result.text))


@pytest.mark.parametrize("name", ["David", "Jessica"])
def test_sheffield_docx_text_matches_txt_export(sheffield: Path, name: str) -> None:
    docx_text = read_source(sheffield / f"{name}.docx").text
    assert docx_text == read_source(sheffield / f"{name}.txt").text


def test_sheffield_ana_docx_keeps_text_in_content_controls(sheffield: Path) -> None:
    # Ana.docx holds words inside Google Docs content controls that the .txt export lost
    docx_text = read_source(sheffield / "Ana.docx").text
    txt_text = read_source(sheffield / "Ana.txt").text
    assert "incorporated into the planning." in docx_text
    assert "incorporated into the ." in txt_text


def test_sheffield_readme_is_not_a_transcript(sheffield: Path) -> None:
    result = read_source(sheffield / "Readme - Interviews.docx")
    assert result.turns == []
    assert result.suggested_kind is None
    assert [(s.title, s.level) for s in result.sections] == [("ReadMe", 1)]
