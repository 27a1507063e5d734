"""Headings in plain text: Markdown, `Heading:` lines and CAPITALS."""

from __future__ import annotations

from qcode.core.importers import find_sections, read_source


def _titles(text: str) -> list[tuple[str, int]]:
    return [(s.title, s.level) for s in find_sections(text)]


def test_markdown_levels_and_spans() -> None:
    text = "# Intro\nTekst.\n## Detalj\nMer.\n### Dypere\nEnda mer.\n# Neste\nSlutt."
    sections = find_sections(text)
    assert [(s.title, s.level) for s in sections] == [
        ("Intro", 1),
        ("Detalj", 2),
        ("Dypere", 3),
        ("Neste", 1),
    ]
    intro, detalj, dypere, neste = sections
    assert text[intro.start : intro.end] == text[: text.index("\n# Neste")]
    assert text[detalj.start : detalj.end] == "## Detalj\nMer.\n### Dypere\nEnda mer."
    assert text[dypere.start : dypere.end] == "### Dypere\nEnda mer."
    assert text[neste.start : neste.end] == "# Neste\nSlutt."


def test_markdown_six_levels_and_not_hashtags() -> None:
    text = "###### Seks\ntekst\n#hashtag er ikke en overskrift\n####### sju er for mange"
    assert _titles(text) == [("Seks", 6)]


def test_colon_heading_needs_a_body() -> None:
    text = "Observasjoner:\nGruppa var aktiv.\n\nRefleksjoner:\n\nTekst.\nTomt:\nSlutt:"
    sections = find_sections(text)
    assert [s.title for s in sections] == ["Observasjoner", "Refleksjoner"]
    assert text[sections[1].start : sections[1].end].endswith("Tekst.\nTomt:\nSlutt:")
    first = sections[0]
    assert text[first.start : first.end] == "Observasjoner:\nGruppa var aktiv."


def test_colon_heading_rules_out_long_lines_and_fields() -> None:
    text = (
        "Dette er en ganske lang setning med mange ord som slutter med kolon:\n"
        "tekst\n"
        "Tid: 10:00\n"
        "tekst\n"
    )
    assert find_sections(text) == []


def test_bold_markdown_colon_heading() -> None:
    text = "**Hva gikk bra:**\nAlt.\n**Hva gikk dårlig:**\nIngenting."
    assert _titles(text) == [("Hva gikk bra", 1), ("Hva gikk dårlig", 1)]


def test_caps_headings_with_norwegian_letters() -> None:
    text = "TEMA 1: MAKT OG AVMAKT\nNotater.\nSAMTALESTYRING\nMer.\nFORBEREDELSE ØVELSE\nSiste."
    sections = find_sections(text)
    assert [s.title for s in sections] == [
        "TEMA 1: MAKT OG AVMAKT",
        "SAMTALESTYRING",
        "FORBEREDELSE ØVELSE",
    ]
    for s in sections:
        assert text[s.start : s.end].startswith(s.title)
        assert s.level == 1


def test_mixed_heading_styles_are_peers() -> None:
    text = (
        "OBSERVASJONSSKJEMA – gruppe A\n"
        "Dato: 05.03.2013\n\n"
        "Siden sist:\nA2 tok en sint bruker inn på samtalerom.\n\n"
        "SAMTALESTYRING\nBruker snakket lenge.\n\n"
        "Hva gikk dårlig, og hva kunne jeg gjort annerledes:\nForberede meg.\n"
    )
    sections = find_sections(text)
    assert [(s.title, s.level) for s in sections] == [
        ("Siden sist", 1),
        ("SAMTALESTYRING", 1),
        ("Hva gikk dårlig, og hva kunne jeg gjort annerledes", 1),
    ]
    styring = sections[1]
    assert text[styring.start : styring.end] == "SAMTALESTYRING\nBruker snakket lenge."


INLINE_SHEET = (
    "Observasjonsskjema, gruppe D\n"
    "Dato: 14.02.2013   Kontor: NAV Sørvik   Gruppe: D   Møte: 1 av 3\n"
    "Tid: 14.15–15.45\n\n"
    "Episoder: D1 – telefon fra bruker som truet med å gå til avisa.\n\n"
    "Forberedelse: D2 overtok bruker fra en kollega to dager før samtalen.\n"
    'D2: "Jeg gikk inn uforberedt."\n\n'
    "Makt og avmakt: D2 mistet overtaket fordi bruker satt med kunnskapen.\n\n"
    'A1: "Det var en lang dag for oss alle sammen."\n\n'
    "Annet: God stemning i gruppa hele veien.\n"
)


def test_paragraph_lead_headings_in_field_notes() -> None:
    sections = find_sections(INLINE_SHEET)
    assert [(s.title, s.level) for s in sections] == [
        ("Episoder", 1),
        ("Forberedelse", 1),
        ("Makt og avmakt", 1),
        ("Annet", 1),
    ]
    forberedelse = sections[1]
    assert INLINE_SHEET[forberedelse.start : forberedelse.end] == (
        "Forberedelse: D2 overtok bruker fra en kollega to dager før samtalen.\n"
        'D2: "Jeg gikk inn uforberedt."'
    )
    # the quote by A1 stays inside "Makt og avmakt"
    makt = sections[2]
    assert INLINE_SHEET[makt.start : makt.end].endswith('lang dag for oss alle sammen."')


def test_paragraph_lead_headings_need_several() -> None:
    text = "Notat\n\nForberedelse: D2 overtok bruker fra en kollega to dager før.\n"
    assert find_sections(text) == []


def test_paragraph_lead_labels_that_repeat_are_not_headings() -> None:
    text = "\n\n".join(
        ["Kari: Jeg sa noe lurt om dette.", "Ola: Og jeg svarte noe tilbake.", "Kari: Ja vel da."]
    )
    assert find_sections(text) == []


def test_short_words_and_mixed_case_are_not_caps_headings() -> None:
    assert find_sections("A\nok\nNAV-kontoret i Oslo\ntekst") == []


def test_role_label_alone_is_a_turn_not_a_section(write) -> None:
    text = "I:\nHva gjør du?\nR:\nJeg jobber.\nI:\nTakk.\nR:\nBare hyggelig."
    assert find_sections(text) == []
    result = read_source(write("t.txt", text))
    assert result.sections == []
    assert [t.speaker for t in result.turns] == ["I", "R", "I", "R"]


def test_name_label_alone_in_a_transcript_is_not_a_section(write) -> None:
    text = "Kari:\nHei.\nOla:\nHallo.\nKari:\nHadet.\nOla:\nHa det bra."
    result = read_source(write("t.txt", text))
    assert result.sections == []
    assert len(result.turns) == 4


def test_observation_sheet_sections_and_no_turns(write) -> None:
    sheet = (
        "# Observasjon gruppe 1, møte 2\n"
        "Tid: 10:00\nSted: kontor A\n\n"
        "## Kompleksitet i veilederrollen\n"
        "Tidspress ble nevnt flere ganger.\n\n"
        "## Relasjonelle utfordringer\n"
        "Holdninger til NAV.\n"
    )
    result = read_source(write("obs.md", sheet))
    assert [(s.title, s.level) for s in result.sections] == [
        ("Observasjon gruppe 1, møte 2", 1),
        ("Kompleksitet i veilederrollen", 2),
        ("Relasjonelle utfordringer", 2),
    ]
    assert result.sections[0].end == len(result.text)
    assert result.turns == []
