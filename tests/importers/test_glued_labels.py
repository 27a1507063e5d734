"""Speaker labels with no space after the colon (issue 11).

Transcribers glue the speech to the label: `O:Hvor` (a capital, always a label),
`David:…so`, `Jessica:..what`, `David:just`, `I:ja`. A colon glued to a lowercase word or
an ellipsis is also how prose and configuration are written (`key:value`, `name :type`),
so such a label is weak: it counts only for a speaker the transcript also labels plainly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.core.importers.turns import find_turns

SHEFFIELD_SPEAKERS = {"Ana": "Ana", "David": "David", "Jessica": "Jessica"}


def _glued(text: str, name: str) -> str:
    """The transcript with every space after a label's colon removed."""
    return re.sub(rf"(?m)^((?:Researcher 1|{name}):)[ \t]+", r"\1", text)


def _label_positions(text: str, turns: list) -> set[tuple[str, int]]:
    """(speaker, line number of the label): comparable between a text and its glued copy,
    whose offsets differ by the removed spaces."""
    return {(t.speaker, text.count("\n", 0, t.start)) for t in turns}


@pytest.mark.parametrize("name", sorted(SHEFFIELD_SPEAKERS))
def test_sheffield_with_glued_labels_gives_the_same_turns(sheffield: Path, name: str) -> None:
    original = (sheffield / f"{name}.txt").read_text(encoding="utf-8")
    glued = _glued(original, name)
    # the copy really glues labels to lowercase words and ellipses (David.txt gave 62 of
    # 74 turns before glued labels were recognised)
    assert re.search(rf"(?m)^{name}:[…a-z.]", glued)
    expected = _label_positions(original, find_turns(original))
    found_turns = find_turns(glued)
    found = _label_positions(glued, found_turns)
    assert len(expected) >= 74
    hits = len(found & expected)
    precision = hits / len(found)
    recall = hits / len(expected)
    assert (precision, recall) == (1.0, 1.0)
    for turn in found_turns:  # the speech starts right after the colon
        assert glued[turn.body_start - 1] == ":"
        assert glued[turn.start : turn.body_start] == f"{turn.speaker}:"


def test_glued_labels_in_a_short_transcript() -> None:
    text = (
        "Intervjuer: Hva gjorde dere?\n"
        "David:…så vi planla det.\n"
        "Intervjuer:og etterpå?\n"
        "David: Vi møttes igjen.\n"
        "Intervjuer:...\n"
        "David:just that.\n"
        "Intervjuer: Takk.\n"
    )
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Intervjuer", "David"] * 3 + ["Intervjuer"]
    assert [text[t.body_start : t.end] for t in turns][1:3] == ["…så vi planla det.", "og etterpå?"]


def test_glued_only_labels_are_no_conversation_alone() -> None:
    """A file whose every label is glued to a lowercase word reads like `key:value`
    configuration, so it is not taken for a transcript (the weak rule)."""
    assert find_turns("I:ja\nK:nei\nI:javel\nK:ja\n") == []


def test_prose_inside_a_transcript_stays_speech() -> None:
    """`Note:this` and `path:here` at a line start, in a real conversation, are no turns:
    no one is called Note."""
    text = (
        "I: Hva skrev du?\n"
        "K: Jeg skrev dette:\n"
        "Note:this is what I wrote\n"
        "Merk:dette også\n"
        "I: Takk.\n"
        "K: Bare hyggelig.\n"
    )
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["I", "K", "I", "K"]
    assert text[turns[1].start : turns[1].end].endswith("Merk:dette også")


PROSE = [
    "key:value\nname:qcode\nkey:other\nname:again\nlanguage:nb",
    "- GUID  :guid\n- Name  :text\n- Color  :RGB\n- GUID  :guid\n- Name  :text",
    "De sa følgende:…\nfølgende:alle var enige\nFigur:ingen\nfølgende:«ja»\nFigur:‘nei’",
    "Se:https://example.org\nSe:www.example.org\nLes:mer her\nSe:…\nLes:'sitat'",
    "Tid:kl 10\nSted:kontor\nTid:kl 11\nSted:hjemme\nMerk:ingen",
    'A:"x"\nB:"y"\nA:"z"\nB:"w"\nA:...',
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_with_glued_colons_gives_no_turns(text: str) -> None:
    assert find_turns(text) == []


words = st.sampled_from(
    ["Kari", "Ola Nordmann", "I", "K", "Researcher 1", "key", "Name", "følgende", "Figur 2"]
)
glue = st.sampled_from(["…", "...", "..", "‘", "“", "«", '"', "'", "ja", "value", "så", "é"])
rest = st.sampled_from(["", "so", " we met", "sort of…", "x y z", "10:30"])
spaces = st.sampled_from(["", " ", "  "])
prose_lines = st.tuples(spaces, words, spaces, st.sampled_from([":", ";"]), glue, rest).map("".join)
plain_prose = st.sampled_from(["Det var alt.", "", "og så videre", "Kari sa ja."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(prose_lines, plain_prose), max_size=20).map("\n".join))
def test_lines_with_only_glued_colons_give_no_turns(text: str) -> None:
    """However often names recur, a colon glued to a lowercase word, a quote or an
    ellipsis never makes a conversation by itself."""
    assert find_turns(text) == []
