"""The pieces under suggestions: the sentence splitter, the fuzzy keyword matcher (with
lemmas) and negated topic mentions."""

from __future__ import annotations

import re

import pytest

from qcode.core.coding.keywords import Matcher, form_score, keyword, vocabulary
from qcode.core.coding.negation import NEGATION_WINDOW, negated_mention
from qcode.core.coding.sentences import split_paragraphs, split_sentences, units_of
from qcode.core.coding.suggest import _Doc, propose
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


def test_matcher_finds_irregular_forms_through_the_lemma() -> None:
    text = "Hun avbrøt ham. Han ble avbrutt igjen. Vi har planlagt det. Han lovet det."
    kws = [keyword(1, t) for t in ("avbryte", "planlegge", "lover")]
    words = [k for k in kws if k]
    with_language = Matcher(words, vocabulary([text]), 85, "nb")
    found = {text[h.start : h.end] for h in with_language.scan(text)}
    # "lover" (laws) is an inflected keyword word: its homograph "lovet" (promised) stays out.
    assert found == {"avbrøt", "avbrutt", "planlagt"}
    without = Matcher(words, vocabulary([text]), 85)
    assert {text[h.start : h.end] for h in without.scan(text)} == set()


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Forberedelse kom ikke opp som tema i dag.", True),
        ("Forberedelse var ikke tema denne gangen.", True),
        ("Ingen snakket om forberedelse.", True),
        ("Forberedelse blev ikke nævnt på mødet.", True),  # da
        ("Förberedelse togs inte upp i dag.", True),  # sv
        ("Preparation wasn't discussed today.", True),  # en
        ("Preparation never came up as a topic.", True),
        # negated events are about the theme (the lack of it), and the gold set codes them
        ("Hun hadde ikke rukket å forberede seg.", False),
        ("A2 hadde ingen mulighet til å forberede seg.", False),
        ("She had not prepared at all.", False),
        # a topic word without a negator near the keyword
        ("Forberedelse var tema i dag, men ikke i forrige uke.", False),
        ("Forberedelse kom opp som tema.", False),
    ],
)
def test_negated_topic_mentions(sentence: str, negated: bool) -> None:
    m = re.search(r"(?i)forberede\w*|förberedelse|prepar\w*", sentence)
    assert m is not None
    assert negated_mention(sentence, 0, len(sentence), m.start(), m.end()) is negated


def test_negation_window_is_three_words() -> None:
    assert NEGATION_WINDOW == 3
    near = "Forberedelse ble jo ikke tema."  # the negator is the third word after
    far = "Forberedelse ble jo da til slutt ikke tema."  # the sixth: out of the window
    assert negated_mention(near, 0, len(near), 0, 12)
    assert not negated_mention(far, 0, len(far), 0, 12)


def test_suggestions_skip_a_negated_mention_but_keep_a_negated_event() -> None:
    text = (
        "Forberedelse kom ikke opp som tema i dag. "
        "Hun hadde ikke rukket å forberede seg før bruker kom."
    )
    doc = _Doc(1, "obs.txt", text, [], {})
    kws = [k for k in (keyword(7, "forberede"), keyword(7, "forberedelse")) if k]
    proposals = propose([doc], kws, language="nb")
    assert [text[p.start : p.end] for p in proposals] == [
        "Hun hadde ikke rukket å forberede seg før bruker kom."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Gruppen diskuterte at makt i NAV ikke bare går én vei.",  # "not only"
        "Vi diskuterte lenge hvordan makt brukes, og ingen var enige.",  # the talk is not negated
    ],
)
def test_a_negator_that_does_not_negate_the_talk_keeps_the_hit(sentence: str) -> None:
    m = re.search("makt", sentence)
    assert m is not None
    assert not negated_mention(sentence, 0, len(sentence), m.start(), m.end())
