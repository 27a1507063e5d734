"""`--strict` suggestions: a keyword common all over the sources ("samtale" in a study of
conversations) proposes a sentence only when something else of its theme backs it up:
another keyword word, or a word the codebook uses to describe that theme alone, in the
same sentence or the next one either side (`theme_words.py`)."""

from __future__ import annotations

from qcode.core.coding.keywords import keyword
from qcode.core.coding.sentences import units_of
from qcode.core.coding.suggest import _Doc, propose
from qcode.core.coding.theme_words import ThemeWords

CONTROL, POWER = 1, 2
DESCRIPTIONS = {
    CONTROL: "Samtalestyring. Hvordan veilederen mister eller gjenvinner styringen i samtalen, "
    "og å avbryte eller oppsummere.",
    POWER: "Makt og avmakt. Veilederen som kontrollør, og brukers opplevelse av avmakt i samtalen.",
}
KEYWORDS = [keyword(CONTROL, "samtalen"), keyword(POWER, "makt")]


def filler(n: int) -> str:
    """`n` sentences that name a conversation and nothing else of a theme."""
    return " ".join(f"Samtalen nummer {i} gikk som planlagt på kontoret." for i in range(n))


def suggested(text: str, strict: bool = True) -> list[str]:
    doc = _Doc(1, "ark.txt", text, [], {})
    kws = [k for k in KEYWORDS if k is not None]
    found = propose([doc], kws, strict=strict, language="nb", descriptions=DESCRIPTIONS)
    return [text[p.start : p.end] for p in found if p.code_id == CONTROL]


def test_a_common_keyword_alone_proposes_nothing_when_strict() -> None:
    text = filler(15) + " Vi hadde samtalen på et lite rom."
    assert "Vi hadde samtalen på et lite rom." not in suggested(text)
    # without --strict every hit proposes, as before
    assert "Vi hadde samtalen på et lite rom." in suggested(text, strict=False)


def test_a_theme_word_in_the_sentence_backs_it_up_in_any_inflection() -> None:
    text = filler(15) + " Hun mistet styringen over samtalen helt."
    assert "Hun mistet styringen over samtalen helt." in suggested(text)
    # "avbrøt" is a form of "avbryte" (the description's word), found by its lemma
    text = filler(15) + " Hun avbrøt samtalen med bruker."
    assert "Hun avbrøt samtalen med bruker." in suggested(text)


def test_a_theme_word_in_the_next_sentence_backs_it_up_but_not_two_away() -> None:
    near = filler(15) + " Samtalen ble lang. Til slutt oppsummerte hun."
    assert "Samtalen ble lang." in suggested(near)
    far = filler(15) + " Samtalen ble lang. Det regnet. Til slutt oppsummerte hun."
    assert "Samtalen ble lang." not in suggested(far)


def test_a_word_of_another_theme_or_of_several_themes_does_not() -> None:
    # "kontrollør" describes power only; "veilederen" describes both themes
    text = filler(15) + " Samtalen med kontrolløren var kort. Veilederen ventet."
    assert "Samtalen med kontrolløren var kort." not in suggested(text)


def test_theme_words_are_the_rare_words_that_describe_one_theme() -> None:
    words = ThemeWords(DESCRIPTIONS, "nb")
    mine = {k for k, c in words.words.items() if c == CONTROL}
    assert words.key("styringen") in mine and words.key("avbryte") in mine
    shared = words.key("veilederen")  # in both descriptions
    assert shared not in words.words
    assert words.key("og") not in words.words  # too short to say anything
    # a word found in many units is the field's vocabulary, not evidence
    text = filler(3) + " Han mistet nøkkelen. Hun mistet bussen. De mistet tråden."
    words.count_units(text, units_of(text, "sentence"))
    words.drop_common(2)
    assert words.key("mistet") not in words.words
    assert words.key("styringen") in words.words


def test_a_word_inside_another_themes_phrase_belongs_to_that_phrase() -> None:
    prep = 3
    kws = [k for k in (keyword(CONTROL, "samtalen"), keyword(prep, "før samtalen")) if k]
    text = "Hun leste saken før samtalen. Etterpå gikk samtalen fint."
    doc = _Doc(1, "ark.txt", text, [], {})
    found = {(p.code_id, text[p.start : p.end]) for p in propose([doc], kws)}
    assert (prep, "Hun leste saken før samtalen.") in found
    assert (CONTROL, "Hun leste saken før samtalen.") not in found  # the phrase's word
    assert (CONTROL, "Etterpå gikk samtalen fint.") in found  # a mention of its own
    # a phrase of the same code leaves its word to propose too (it is one suggestion)
    same = [k for k in (keyword(CONTROL, "samtalen"), keyword(CONTROL, "før samtalen")) if k]
    assert len(propose([doc], same)) == 2
