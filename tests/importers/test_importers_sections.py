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


def test_colon_headings_nest_under_caps_headings() -> None:
    text = (
        "TEMA 1: FORBEREDELSE\n"
        "Observasjoner:\nVeileder hadde lest saken.\n"
        "Sitater:\n«Jeg rakk ikke å forberede meg.»\n"
        "TEMA 2: MAKT\n"
        "Observasjoner:\nLite.\n"
    )
    sections = find_sections(text)
    assert [(s.title, s.level) for s in sections] == [
        ("TEMA 1: FORBEREDELSE", 1),
        ("Observasjoner", 2),
        ("Sitater", 2),
        ("TEMA 2: MAKT", 1),
        ("Observasjoner", 2),
    ]
    tema1 = sections[0]
    assert text[tema1.start : tema1.end].endswith("forberede meg.»")
    sitater = sections[2]
    assert text[sitater.start : sitater.end] == "Sitater:\n«Jeg rakk ikke å forberede meg.»"


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
