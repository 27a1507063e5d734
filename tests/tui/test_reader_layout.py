"""Offsets ↔ screen cells: wrapping, wide characters, tabs, and the round trip."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len

from qcode.tui.widgets.reader import units
from qcode.tui.widgets.reader.layout import (
    DocumentLayout,
    column_of,
    display,
    offset_at_column,
    row_cells,
    wrap,
)


def texts(paragraph: str, width: int) -> list[str]:
    return [paragraph[s:e] for s, e in wrap(paragraph, width)]


def test_wrap_breaks_after_spaces_and_rows_cover_the_paragraph():
    p = "Jeg leser saken i Modia først, så ser jeg på Arena."
    rows = wrap(p, 20)
    assert texts(p, 20) == ["Jeg leser saken i ", "Modia først, så ser ", "jeg på Arena."]
    assert rows[0][0] == 0 and rows[-1][1] == len(p)
    assert all(a[1] == b[0] for a, b in zip(rows, rows[1:], strict=False))
    assert all(cell_len(t.rstrip(" ")) <= 20 for t in texts(p, 20))


def test_long_word_is_cut_and_trailing_spaces_hang():
    assert texts("arbeidsavklaringspenger", 10) == ["arbeidsavk", "laringspen", "ger"]
    # spaces past the width stay on their row instead of making an empty one
    assert texts("ab cd" + " " * 12, 4) == ["ab ", "cd" + " " * 12]
    assert texts("abc   ", 3) == ["abc   "]


def test_empty_and_short_paragraphs_are_one_row():
    assert wrap("", 10) == [(0, 0)]
    assert wrap("æøå", 10) == [(0, 3)]


def test_wide_characters_take_two_cells():
    p = "漢字漢字漢字 og 😀😀"
    for t in texts(p, 5):
        assert cell_len(t.rstrip(" ")) <= 5
    assert "".join(texts(p, 5)) == p
    assert row_cells(p, 0, 2) == 4
    assert offset_at_column(p, (0, 6), 1, last=False) == 0  # right half of 漢
    assert offset_at_column(p, (0, 6), 2, last=False) == 1


def test_tabs_run_to_the_next_stop():
    assert display("a\tb", 0, 3, 0) == ("a       b", 9)
    assert column_of("a\tb", (0, 3), 2) == 8
    assert offset_at_column("a\tb", (0, 3), 5, last=True) == 1  # inside the tab
    assert offset_at_column("a\tb", (0, 3), 8, last=True) == 2


def test_control_characters_show_as_one_replacement_cell():
    shown, col = display("a\x07b", 0, 3, 0)
    assert shown == "a\ufffdb" and col == 3


def test_click_past_a_row_end():
    p = "ord ord ord"
    rows = wrap(p, 4)
    assert texts(p, 4) == ["ord ", "ord ", "ord"]
    # a non-last row's end offset is drawn on the next row, so land on its last character
    assert offset_at_column(p, rows[0], 40, last=False) == 3
    assert offset_at_column(p, rows[-1], 40, last=True) == len(p)


@pytest.mark.parametrize("width", [1, 3, 7, 20, 80])
def test_offset_position_round_trip(width):
    rng = random.Random(width)
    words = ["bruker", "NAV", "møtet", "æøå", "漢字", "😀", "a\tb", "", "ytelse."]
    paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(20)]
    text = "\n".join(paragraphs) + "  \n\n"
    layout = DocumentLayout(text)
    layout.set_width(width)
    seen = set()
    for offset in range(len(text) + 1):
        y, col = layout.position(offset)
        assert layout.offset_at(y, col) == offset
        seen.add((y, col))
    assert len(seen) == len(text) + 1  # no two offsets share a cell
    assert layout.offset_at(layout.height + 5, 0) == len(text)
    assert layout.offset_at(-1, 0) == 0


def test_layout_height_and_rows_follow_the_width():
    text = "Intervjuer: Hvordan går det?\n\nInformant: Det går bra, takk."
    layout = DocumentLayout(text)
    layout.set_width(80)
    assert layout.height == 3
    layout.set_width(12)
    assert layout.height == 3 + 1 + 3
    para, start, end, last = layout.row_span(1) or (0, 0, 0, False)
    assert text[start:end] == "Hvordan går " and para == 0 and not last
    para, start, end, last = layout.row_span(2) or (0, 0, 0, False)
    assert text[start:end] == "det?" and last
    assert layout.row_span(3) == (1, 29, 29, True)  # the empty line
    assert layout.row_span(7) is None


def test_units():
    text = "Informant: Ja. Når vedtaket er fattet, f.eks. i går, kan jeg ikke endre det! Så."
    assert units.word_at(text, 20, 0, len(text)) == (19, 27)  # vedtaket
    assert text[slice(*units.sentence_at(text, 20, 11, len(text)))] == (
        "Når vedtaket er fattet, f.eks. i går, kan jeg ikke endre det!"
    )
    assert text[slice(*units.sentence_at(text, 11, 11, len(text)))] == "Ja."
    assert units.trim(" a b \n", 0, 6) == (1, 4)
    assert units.paragraph_at("ab\ncd\nef", 4) == (3, 5)


def test_sentence_unit_matches_the_suggestion_splitter() -> None:
    """`S` in the reader selects what a keyword suggestion covers: no split after an
    abbreviation followed by a capital ("bl.a. Oslo")."""
    from qcode.core.coding.sentences import split_sentences
    from qcode.tui.widgets.reader.units import sentence_at

    text = "Vi snakket bl.a. Oslo-saken. Så kom neste sak, f.eks. Bergen."
    at = text.index("Oslo")
    assert sentence_at(text, at, 0, len(text)) == (0, text.index(" Så"))
    expected = [(u.start, u.end) for u in split_sentences(text)]
    got = sorted({sentence_at(text, i, 0, len(text)) for i in range(len(text))})
    assert got == expected
