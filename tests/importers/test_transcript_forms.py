"""Transcripts as transcribers write them: each form (built in `transcript_forms`), in
Norwegian, Danish, Swedish and English, with the turns a reader would mark, measured on the
plain text as turn precision and recall: a turn is right when its speaker and its start agree.
Targets (issue 11): precision >= 0.995 and recall >= 0.99 on every form. The same forms as
.docx and .pdf files are measured in test_transcript_forms_formats.py.
"""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest

from qcode.core.importers import find_turns, read_source
from tests.importers.transcript_forms import (
    FORMS,
    LANGS,
    PRECISION,
    RECALL,
    SPEECH,
    Builder,
    form_key_at_top,
    form_stamp_then_speech,
    form_timestamp_lines,
    precision_recall,
    wrap,
)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_precision_recall(form: str) -> None:
    """Per form, over the four languages together and each language alone."""
    all_found: list[tuple[str, int]] = []
    all_expected: list[tuple[str, int]] = []
    for lang in LANGS:
        built = FORMS[form](lang)
        turns = find_turns(built.text)
        p, r = precision_recall(turns, built.expected)
        assert (p, r) == (1.0, 1.0), (lang, [(t.speaker, t.start) for t in turns], built.expected)
        all_found += [(f"{lang}:{t.speaker}", t.start) for t in turns]
        all_expected += [(f"{lang}:{s}", at) for s, at in built.expected]
    hits = len(set(all_found) & set(all_expected))
    assert hits / len(all_found) >= PRECISION
    assert hits / len(all_expected) >= RECALL


@pytest.mark.parametrize("lang", LANGS)
def test_timestamp_lines_stay_out_of_turns(lang: str) -> None:
    """`0:02:05.6` on its own line is the next turn's time: no turn ends with it, and
    offsets stay exact (the turn's text is the text's own slice)."""
    built = form_timestamp_lines(lang)
    text = built.text
    for turn in find_turns(text):
        assert text[turn.start : turn.end].count("\n") == 0
        assert text[turn.start : turn.end].split(": ", 1)[1] in SPEECH[lang]


def test_speech_on_next_line_is_the_body() -> None:
    built = form_stamp_then_speech("nb")
    turns = find_turns(built.text)
    assert turns[0].body_start is not None
    assert built.text[turns[0].body_start :].startswith(SPEECH["nb"][0])


def test_key_lines_are_not_turns_but_the_conversation_is() -> None:
    built = form_key_at_top("da")
    turns = find_turns(built.text)
    assert turns[0].start == built.expected[0][1]
    assert "Informant, 45" not in "".join(built.text[t.start : t.end] for t in turns)


def test_a_short_conversation_without_a_gap_is_no_key() -> None:
    text = "I: Hei\nK: Hei hei\nI: Hvordan går det med deg?\nK: Bra, takk."
    assert [t.speaker for t in find_turns(text)] == ["I", "K", "I", "K"]


@pytest.mark.parametrize(
    "text",
    [
        # lowercase words with a colon in prose: once each, never a conversation
        "merk: dette er et notat.\nså: vi gikk videre.\nog: til slutt.\nMen det var alt.",
        # a semicolon in prose is no label when no one is labelled with a colon
        "Men; det var ikke slik.\nOg; da gikk vi.\nMen; hun kom tilbake.\nOg; alt var bra.",
        # a form of numbers stays a form
        "Antall: 12\nAlder: 45\nAntall: 3\nAlder: 51\nAntall: 7",
        # a report: lowercase words before a colon recur, figure captions, a reference
        "De sa følgende: «Vi har en instruks.»\nfølgende: Gruppen er aktiv.\n"
        "Figur 1: Bakgrunn\nfølgende: Alle var enige.\nFigur 2: Tilfredshet\n"
        "Bergen: Fagbokforlaget Vigemostad & Bjørke AS.\nBergen: Fagbokforlaget.",
        # configuration written in a text file
        "description: Themes\nlanguage: nb\nkey: preparation\ndescription: x\nkey: power",
        # a data model listing: `name :type`, no space after the colon
        "- GUID  :guid\n- Name  :text\n- Color  :RGB\n- GUID  :guid\n- Name  :text",
    ],
)
def test_no_turns_where_no_one_talks(text: str) -> None:
    assert find_turns(text) == []


def test_label_after_a_soft_line_break_in_word(tmp_path: Path) -> None:
    """A Word paragraph holding two turns, the second after Shift+Enter."""
    document = python_docx.Document()
    for lang in LANGS:
        speech = SPEECH[lang]
        for i in range(0, len(speech), 2):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(f"I: {speech[i]}")
            run.add_break()
            paragraph.add_run(f"R: {speech[i + 1]}")
    path = tmp_path / "soft.docx"
    document.save(path)
    result = read_source(path)
    expected = []
    for lang in LANGS:
        for i, words in enumerate(SPEECH[lang]):
            expected.append(("IR"[i % 2], words))
    assert [(t.speaker, result.text[t.body_start : t.end]) for t in result.turns] == expected


def test_hard_wrapped_interview_with_numbered_lowercase_labels() -> None:
    """The issue's case: 86 turns labelled `admin-1:` / `participant-7:`, wrapped at a
    fixed width, all found (0 before)."""
    b = Builder()
    speech = SPEECH["en"]
    for i in range(86):
        name = ("admin-1", "participant-7")[i % 2]
        first, *rest = wrap(" ".join(speech[i % 8 : i % 8 + 3]), width=50)
        b.line(f"{name}: {first}", name)
        for continuation in rest:
            b.line(continuation)
    turns = find_turns(b.text)
    assert precision_recall(turns, b.expected) == (1.0, 1.0)
    assert len(turns) == 86
