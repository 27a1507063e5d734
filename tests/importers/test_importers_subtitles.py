"""WebVTT and SRT: cue text in the document, timestamps only in metadata."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qcode.core.errors import InputError
from qcode.core.importers import read_source

TIMESTAMP = re.compile(r"\d{2}:\d{2}[.,]\d{3}|-->")


def _check_cues(result) -> None:
    assert not TIMESTAMP.search(result.text)
    cues = result.metadata["cues"]
    lines = result.text.split("\n")
    assert len(cues) == len(lines)
    for cue, line in zip(cues, lines, strict=True):
        assert result.text[cue["start"] : cue["end"]] == line
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", cue["begin"])
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", cue["until"])
    json.dumps(result.metadata)


def test_vtt_with_header_and_uuid_cue_ids(subtitles_dir: Path) -> None:
    result = read_source(subtitles_dir / "Example_subtitles_1.vtt")
    _check_cues(result)
    assert result.metadata["format"] == "vtt"
    assert "WEBVTT" not in result.text and "Kind:" not in result.text
    assert len(result.metadata["cues"]) == 4
    first = result.metadata["cues"][0]
    assert first["id"] == "6fbb1fca-421a-4ee9-942b-cee0dc425f8a"
    assert (first["begin"], first["until"]) == ("00:00:00.760", "00:00:08.640")
    # a two-line cue becomes one line of text
    assert result.text.split("\n")[0] == (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Duis sed tempus nisi. Sed"
    )
    assert result.turns == []
    assert result.suggested_kind is None


def test_srt_saved_as_txt_is_recognised(subtitles_dir: Path) -> None:
    result = read_source(subtitles_dir / "Example_subtitles_2.txt")
    _check_cues(result)
    assert result.metadata["format"] == "srt"
    assert any("SRT" in note for note in result.notes)
    cues = result.metadata["cues"]
    assert [c["id"] for c in cues] == ["1", "2", "3", "4", "5"]
    assert (cues[0]["begin"], cues[0]["until"]) == ("00:00:04.898", "00:00:10.898")
    assert result.text.startswith("Lorem ipsum dolor sit amet")


def test_vtt_style_and_note_blocks_skipped(subtitles_dir: Path) -> None:
    result = read_source(subtitles_dir / "taguette-test.vtt")
    _check_cues(result)
    assert result.text == "Hi there\nThis is an example of a subtitle file in SRT format"
    cues = result.metadata["cues"]
    assert cues[0]["id"] == "1" and "id" not in cues[1]
    assert (cues[1]["begin"], cues[1]["until"]) == ("00:01:04.843", "00:01:05.428")


VOICES = """WEBVTT

NOTE Intervju 3, opptak fra Teams

REGION
id:fred
width:40%

1
00:00:01.000 --> 00:00:04.200 align:start
<v Intervjuer>Hva gjør du på <b>jobb</b>?</v>

2
00:00:04.500 --> 00:00:09.000
<v.loud Kari Nordmann>Jeg er veileder &amp; rådgiver.
Det er <i>travelt</i>.

3
00:00:09.000 --> 00:00:12.000
<v Kari Nordmann><c.yellow>Veldig</c> travelt.

00:12.500 --> 00:14.000
<v Intervjuer>Takk.
"""


def test_vtt_voice_tags_make_turns_and_tags_are_stripped(write) -> None:
    result = read_source(write("teams.vtt", VOICES))
    _check_cues(result)
    assert result.text.split("\n") == [
        "Hva gjør du på jobb?",
        "Jeg er veileder & rådgiver. Det er travelt.",
        "Veldig travelt.",
        "Takk.",
    ]
    # consecutive cues by Kari Nordmann are merged into one turn
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari Nordmann", "Intervjuer"]
    kari = result.turns[1]
    assert result.text[kari.start : kari.end] == (
        "Jeg er veileder & rådgiver. Det er travelt.\nVeldig travelt."
    )
    assert kari.body_start == kari.start
    assert result.metadata["cues"][3]["begin"] == "00:00:12.500"
    assert result.suggested_kind == "interview"


SRT_NAMES = """1
00:00:01,000 --> 00:00:03,000
Intervjuer: Hei, Kari.

2
00:00:03,000 --> 00:00:06,000
Kari: Hei!

3
00:00:06,000 --> 00:00:08,000
Kari: Skal vi starte?

4
00:00:08,000 --> 00:00:10,000
{\\an8}Intervjuer: Ja.
"""


def test_srt_name_colon_cues_make_turns(write) -> None:
    result = read_source(write("zoom.srt", SRT_NAMES.encode("cp1252")))
    _check_cues(result)
    assert result.metadata["encoding"] == "utf-8"  # plain ASCII here
    assert [t.speaker for t in result.turns] == ["Intervjuer", "Kari", "Intervjuer"]
    kari = result.turns[1]
    assert result.text[kari.start : kari.end] == "Kari: Hei!\nKari: Skal vi starte?"
    assert result.text[kari.body_start :].startswith("Hei!")


def test_srt_in_cp1252(write) -> None:
    srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nBlåbærsyltetøy\r\n"
    result = read_source(write("gammel.srt", srt.encode("cp1252")))
    assert result.text == "Blåbærsyltetøy"
    assert result.metadata["encoding"] == "cp1252"
    assert result.notes


def test_subtitles_without_cues(write) -> None:
    with pytest.raises(InputError, match="has no subtitle cues"):
        read_source(write("tom.vtt", "WEBVTT\n\nNOTE bare en kommentar\n"))


def test_bad_timing_line_names_the_line(write) -> None:
    with pytest.raises(InputError, match=r"tull\.srt:6: bad cue timing"):
        read_source(
            write("tull.srt", "1\n00:00:01,000 --> 00:00:02,000\nHei\n\n2\nxx --> yy\nHa\n")
        )
