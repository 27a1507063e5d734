"""The pieces under suggestions: the sentence splitter and the fuzzy keyword matcher."""

from __future__ import annotations

import pytest

from qcode.core.coding.keywords import Matcher, form_score, keyword, vocabulary
from qcode.core.coding.sentences import split_paragraphs, split_sentences, units_of
from qcode.core.model import Turn


def sentences(text: str) -> list[str]:
    return [text[u.start : u.end] for u in split_sentences(text)]


def test_sentences_survive_abbreviations_numbers_and_quotes() -> None:
    text = (
        'Vi så bl.a. at kl. 15.20 kom han, f.eks. med brevet. Han sa: "Nei!" Og så gikk han.\n'
        'A3: "Sånn er det jo." Fasilitator spurte. Hun sa «nå får jeg sove». Sånt.\n'
        "Det var ca. 36 min. lang, og 1. mai var fin. Jeg snakket med sjefen min. Så gikk jeg."
    )
    assert sentences(text) == [
        "Vi så bl.a. at kl. 15.20 kom han, f.eks. med brevet.",
        'Han sa: "Nei!"',
        "Og så gikk han.",
        'A3: "Sånn er det jo."',
        "Fasilitator spurte.",
        "Hun sa «nå får jeg sove».",
        "Sånt.",
        "Det var ca. 36 min. lang, og 1. mai var fin.",
        "Jeg snakket med sjefen min.",
        "Så gikk jeg.",
    ]


def test_line_breaks_headings_lists_and_wrapped_lines() -> None:
    text = (
        "Forberedelse:\nHun var klar\n- punkt en\n- punkt to\n"
        "En lang linje som er brutt\nmidt i setningen. Neste.\n\nNytt avsnitt"
    )
    assert sentences(text) == [
        "Forberedelse:",
        "Hun var klar",
        "- punkt en",
        "- punkt to",
        "En lang linje som er brutt\nmidt i setningen.",
        "Neste.",
        "Nytt avsnitt",
    ]
    assert [text[u.start : u.end] for u in split_paragraphs(text)][-2:] == [
        "En lang linje som er brutt\nmidt i setningen. Neste.",
        "Nytt avsnitt",
    ]


def test_units_in_turns_leave_the_label_out() -> None:
    text = "Intervjuer: Hva?\nInformant 1: Ja. Nei.\n"
    turns = [Turn("Intervjuer", 0, 16, 12), Turn("Informant 1", 17, 38, 30)]
    assert [text[u.start : u.end] for u in units_of(text, "sentence", turns)] == [
        "Hva?",
        "Ja.",
        "Nei.",
    ]
    assert [text[u.start : u.end] for u in units_of(text, "turn", turns)] == ["Hva?", "Ja. Nei."]


@pytest.mark.parametrize(
    ("word", "form", "matches"),
    [
        ("forberedelse", "forberedelser", True),  # inflection
        ("forberedt", "forberedte", True),
        ("forberedt", "uforberedt", True),  # negating prefix
        ("forberedt", "forbredt", True),  # typo
        ("samtaler", "tolkesamtaler", True),  # compound, keyword as its head
        ("lover", "over", False),  # a different word, though fuzzy-close
        ("makt", "mat", False),
        ("utrygg", "trygg", False),
        ("sliten", "liten", False),
        ("kø", "kö", False),  # short words match only exactly
    ],
)
def test_form_matching(word: str, form: str, matches: bool) -> None:
    assert bool(form_score(word, form, 85)) is matches


def test_matcher_finds_phrases_and_positions() -> None:
    text = "Vi satte grenser på forhånd.\nHun måtte lese\nmeg opp. Makt og Avmakt."
    kws = [keyword(1, t) for t in ("på forhånd", "lese seg opp", "avmakt", "sette grenser")]
    matcher = Matcher([k for k in kws if k], vocabulary([text]), 85)
    found = {(text[h.start : h.end], h.keyword) for h in matcher.scan(text)}
    assert found == {
        ("på forhånd", "på forhånd"),
        ("lese\nmeg opp", "lese seg opp"),
        ("Avmakt", "avmakt"),
    }
