"""Painting a reader row is a pure function of explicit state: tested without an app."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.style import Style
from textual.color import Color

from qcode.tui.widgets.reader.layout import DocumentLayout
from qcode.tui.widgets.reader.marks import Highlight, HighlightIndex
from qcode.tui.widgets.reader.paint import (
    CURSOR,
    MARGIN,
    SECTION,
    SELECTION,
    SPEAKER,
    PaintState,
    Palette,
    paint_line,
)

TEXT = "Tittel\nInformant: Jeg leser saken først.\n"
BACKGROUND = Color(0, 0, 0)
PALETTE = Palette(
    Style(color="white"),
    BACKGROUND,
    {
        CURSOR: Style(bgcolor="yellow"),
        SELECTION: Style(reverse=True),
        SPEAKER: Style(bold=True),
        SECTION: Style(italic=True),
    },
)


def state(**changes: Any) -> PaintState:
    """A two-paragraph page: a title, then a speaker's turn; `changes` override fields."""
    layout = DocumentLayout(TEXT)
    layout.set_width(40)
    label = (TEXT.index("Informant"), TEXT.index("Jeg"))
    page = PaintState(
        layout=layout,
        highlights={},
        labels={1: [label]},
        titles={0: (0, 6)},
        selection=None,
        cursor=0,
        focused=False,
        width=50,
        top=0,
    )
    return replace(page, **changes)


def pieces(y: int, s: PaintState) -> list[tuple[str, Style | None]]:
    return [(seg.text, seg.style) for seg in paint_line(s, PALETTE, y)]


def test_a_row_is_margin_then_text_padded_to_the_width() -> None:
    strip = paint_line(state(), PALETTE, 0)
    assert strip.cell_length == 50
    assert strip.text == " " * MARGIN + "Tittel" + " " * 40
    title = [seg for seg in strip if seg.text == "Tittel"]
    assert title and title[0].style is not None and title[0].style.italic


def test_speaker_label_is_bold_and_the_words_are_not() -> None:
    got = pieces(1, state())
    assert ("Informant: ", PALETTE.base + Style(bold=True)) in got
    rest = [style for text, style in got if text.startswith("Jeg")]
    assert rest == [PALETTE.base]


def test_a_coding_tints_its_text_and_puts_a_block_in_the_margin() -> None:
    start = TEXT.index("saken")
    h = Highlight(1, start, start + len("saken"), "makt", "#4363d8")
    index = HighlightIndex([h], DocumentLayout(TEXT))
    got = pieces(1, state(highlights=index.by_para))
    tint = PALETTE.tint("#4363d8", False)
    assert tint.bgcolor is not None
    assert ("saken", PALETTE.base + tint) in got
    assert got[0] == ("▌", PALETTE.base + Style(color="#4363d8"))
    # two codings over the same words: the stronger, underlined tint
    other = Highlight(2, start, start + 2, "tid", "#3cb44b")
    index = HighlightIndex([h, other], DocumentLayout(TEXT))
    got = pieces(1, state(highlights=index.by_para))
    assert ("sa", PALETTE.base + PALETTE.tint("#3cb44b", True)) in got
    assert PALETTE.tint("#3cb44b", True).underline


def test_selection_and_cursor_only_when_focused() -> None:
    a = TEXT.index("Jeg")
    sel = state(selection=(a, a + 3), cursor=a + 3)
    assert ("Jeg", PALETTE.base + Style(reverse=True)) in pieces(1, sel)
    assert not any(style and style.bgcolor for _, style in pieces(1, sel))  # no cursor drawn
    focused = state(selection=(a, a + 3), cursor=a + 3, focused=True)
    assert (" ", PALETTE.base + Style(bgcolor="yellow")) in pieces(1, focused)


def test_cursor_at_the_end_of_a_paragraph_is_a_cell_of_its_own() -> None:
    got = pieces(0, state(cursor=6, focused=True))
    assert got[2] == (" ", PALETTE.base + Style(bgcolor="yellow"))


def test_rows_past_the_end_are_blank() -> None:
    strip = paint_line(state(top=10), PALETTE, 0)
    assert strip.text == " " * 50
