"""Speaker turns in plain text: every label form, and no turns where there is no talk."""

from __future__ import annotations

import pytest

from qcode.core.importers import find_turns, read_source


def _check(text: str, expected: list[tuple[str, str, str]]) -> None:
    """expected: (speaker, what the turn starts with, what the body starts with)."""
    turns = find_turns(text)
    assert [t.speaker for t in turns] == [e[0] for e in expected]
    for turn, (_, label, body) in zip(turns, expected, strict=True):
        assert text[turn.start : turn.end].startswith(label)
        assert turn.body_start is not None
        assert text[turn.body_start :].startswith(body)
        assert not text[turn.start : turn.end].endswith(("\n", " "))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("I", "R"),
        ("Q", "A"),
        ("Intervjuer", "Informant"),
        ("Interviewer", "Informant 2"),
        ("Researcher 1", "Respondent"),
        ("Intervjuer", "Deltaker B"),
        ("Ana", "Kari Nordmann"),
    ],
)
def test_colon_labels(first: str, second: str) -> None:
    text = (
        f"{first}: Hva gjør du på jobb?\n"
        f"{second}: Jeg jobber på NAV.\n"
        f"{first}: Og hvordan går det?\n"
        f"{second}: Bra, takk."
    )
    _check(
        text,
        [
            (first, f"{first}: Hva", "Hva gjør"),
            (second, f"{second}: Jeg", "Jeg jobber"),
            (first, f"{first}: Og", "Og hvordan"),
            (second, f"{second}: Bra", "Bra, takk"),
        ],
    )


def test_markdown_bold_labels_both_forms() -> None:
    text = "**Kari:** Hei.\n**Ola**: Hallo.\n**Kari:** Hvordan går det?\n**Ola**: Fint."
    _check(
        text,
        [
            ("Kari", "**Kari:** Hei", "Hei."),
            ("Ola", "**Ola**: Hallo", "Hallo."),
            ("Kari", "**Kari:**", "Hvordan"),
            ("Ola", "**Ola**:", "Fint."),
        ],
    )


def test_bracket_labels() -> None:
    text = "[Kari] Hei.\n[Ola] Hallo.\n[Kari] Ja vel."
    _check(text, [("Kari", "[Kari]", "Hei."), ("Ola", "[Ola]", "Hallo."), ("Kari", "[Kari]", "Ja")])


@pytest.mark.parametrize(
    "fmt",
    ["{name} 00:01:2{n}", "{name} (00:01:2{n}):", "[00:01:2{n}] {name}:", "00:01:2{n} {name}:"],
)
def test_labels_with_timestamps(fmt: str) -> None:
    speakers = ["Kari", "Ola Nordmann", "Kari"]
    lines = [f"{fmt.format(name=s, n=i)} Tekst nummer {i}." for i, s in enumerate(speakers)]
    text = "\n".join(lines)
    turns = find_turns(text)
    assert [t.speaker for t in turns] == speakers
    for i, turn in enumerate(turns):
        assert text[turn.start :].startswith(lines[i][:4])
        assert text[turn.body_start :].startswith(f"Tekst nummer {i}.")


def test_timestamp_label_alone_on_its_line_body_on_next() -> None:
    text = "Kari 00:00:05\nHei alle sammen.\n\nOla 00:00:09\nHei.\n\nKari 00:00:12\nGreit."
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Kari", "Ola", "Kari"]
    assert text[turns[0].body_start :].startswith("Hei alle sammen.")
    assert text[turns[0].start : turns[0].end] == "Kari 00:00:05\nHei alle sammen."


def test_label_alone_on_line_and_following_paragraphs_belong_to_turn() -> None:
    text = "I:\nFørste spørsmål.\n\nR:\nFørste svar.\n\nOg et avsnitt til.\n\nI: Takk."
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["I", "R", "I"]
    assert text[turns[1].start : turns[1].end] == "R:\nFørste svar.\n\nOg et avsnitt til."
    assert text[turns[1].body_start :].startswith("Første svar.")


def test_text_before_first_label_is_not_in_a_turn() -> None:
    text = "Intervju 3, 12.03.2013\n\nI: Hei.\nR: Hei.\nI: Start."
    turns = find_turns(text)
    assert turns[0].start == text.index("I: Hei")


def test_one_off_interjection_inside_conversation_is_a_turn() -> None:
    text = "I: Hei.\nR: Hei.\nI: Hvem er det?\nKari: Bare meg.\nR: Ok.\nI: Videre."
    assert [t.speaker for t in find_turns(text)] == ["I", "R", "I", "Kari", "R", "I"]


def test_observation_sheet_fields_are_not_turns(write) -> None:
    sheet = (
        "Observasjonsskjema, gruppe 2\n"
        "Tid: 10:00\n"
        "Dato: 12.03.2013\n"
        "Sted: kontor A\n"
        "Deltakere: 5\n\n"
        "TEMA 1: SAMTALESTYRING\n"
        "Veileder ledet samtalen stramt. Det var lite rom for spørsmål.\n\n"
        "Merk: en deltaker kom for sent.\n"
    )
    assert find_turns(sheet) == []
    result = read_source(write("obs.txt", sheet))
    assert result.turns == []
    assert result.suggested_kind == "observation"  # by its title, not by turns


def test_single_use_field_labels_do_not_make_a_transcript() -> None:
    text = "Referat\nEmne: budsjett\nAnsvarlig: Kari\nStatus: ferdig\nOppfølging: ingen"
    assert find_turns(text) == []


def test_one_speaker_is_not_a_conversation() -> None:
    assert find_turns("Kari: a\nKari: b\nKari: c") == []


def test_two_labelled_lines_are_too_few() -> None:
    assert find_turns("I: Hei.\nR: Hei.") == []


@pytest.mark.parametrize(
    "line",
    [
        "He said: we are done.",
        "Note that: this is a sentence.",
        "Dette er en veldig lang setning som ikke er en etikett: nei",
        "http://example.org is a link",
        "12-May-2023 - 10:36 - 1h09m31s – Ana",
    ],
)
def test_sentences_are_not_labels(line: str) -> None:
    text = "\n".join([line, "I: a", line, "R: b", line, "I: c"])
    assert [t.speaker for t in find_turns(text)] == ["I", "R", "I"]


def test_transcript_is_suggested_as_interview(write) -> None:
    text = "Intervjuer: Hei.\nInformant: Hei på deg.\nIntervjuer: Fortell.\nInformant: Jo, altså."
    result = read_source(write("intervju.txt", text))
    assert result.suggested_kind == "interview"
    assert len(result.turns) == 4


def test_numeric_answers_after_role_labels_are_turns() -> None:
    text = "I: Hvor mange år har du jobbet her?\nR: 12\nI: Og før det?\nR: 3,5"
    assert [t.speaker for t in find_turns(text)] == ["I", "R", "I", "R"]


def test_turns_are_the_same_objects_the_dataclass_makes() -> None:
    """`turns_from_labels` fills each `Turn`'s fields directly, not through the frozen
    dataclass's `__init__` (a transcript makes one per line): the turns must still be
    equal to, hash like, print like and stay as frozen as the ones `Turn(...)` makes."""
    import dataclasses

    from qcode.core.model import Turn

    text = "Intervjuer: Hei.\nInformant:   Hallo.\n\nIntervjuer: Ja\nInformant:\n"
    turns = find_turns(text)
    made = [Turn(t.speaker, t.start, t.end, t.body_start) for t in turns]
    assert turns == made
    assert [hash(t) for t in turns] == [hash(t) for t in made]
    assert [repr(t) for t in turns] == [repr(t) for t in made]
    assert [dataclasses.astuple(t) for t in turns] == [
        ("Intervjuer", 0, 16, 12),
        ("Informant", 17, 36, 30),
        ("Intervjuer", 38, 52, 50),
        ("Informant", 53, 63, 63),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        turns[0].start = 1  # type: ignore[misc]
