"""The reader as a user drives it: keys, mouse, codings shown, messages to the app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from qcode.tui.widgets.reader import MARGIN, Highlight, Reader
from qcode.tui.widgets.reader.layout import wrap


class ReaderApp(App):
    """The reader alone, recording what it tells the app."""

    BINDINGS = [Binding("escape", "escaped"), Binding("a", "pressed_a")]

    def __init__(self, doc) -> None:
        super().__init__()
        self.doc = doc
        self.selections: list[tuple[int, int]] = []
        self.cursors: list[int] = []
        self.escaped = 0
        self.pressed_a = 0

    def compose(self) -> ComposeResult:
        yield Reader()

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.load(*self.doc)
        reader.focus()

    def on_reader_selection_changed(self, message: Reader.SelectionChanged) -> None:
        self.selections.append((message.start, message.end))

    def on_reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.cursors.append(message.offset)

    def action_escaped(self) -> None:
        self.escaped += 1

    def action_pressed_a(self) -> None:
        self.pressed_a += 1


def selected(reader: Reader) -> str:
    sel = reader.selection
    return reader.text[sel[0] : sel[1]] if sel else ""


async def test_arrow_keys_move_the_cursor(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("right", "right", "right")
        assert reader.cursor == 3
        await pilot.press("down")  # next line, same column
        text = reader.text
        assert reader.cursor == text.index("Intervjuer") + 3
        await pilot.press("left", "up")
        assert reader.cursor == 2
        await pilot.press("end")
        assert reader.cursor == text.index("\n")
        await pilot.press("ctrl+end")
        assert reader.cursor == len(text)
        await pilot.press("ctrl+home")
        assert reader.cursor == 0 and reader.selection is None
        await pilot.pause()
        assert app.cursors[-1] == 0


async def test_shift_right_selects_and_tells_the_app(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.move_cursor(reader.text.index("Jeg leser"))
        await pilot.press(*["shift+right"] * 5)
        await pilot.pause()
        assert selected(reader) == "Jeg l"
        assert app.selections[-1] == reader.selection
        await pilot.press("shift+left", "escape")
        await pilot.pause()
        assert reader.selection is None
        assert app.selections[-1][0] == app.selections[-1][1]  # empty again
        assert app.escaped == 0  # escape cleared the selection; the app did not see it
        await pilot.press("escape", "a")  # nothing selected: escape and letters go to the app
        assert app.escaped == 1 and app.pressed_a == 1


async def test_unit_keys_select_word_sentence_paragraph_turn_section(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        text = reader.text
        reader.move_cursor(text.index("vedtaket") + 3)
        await pilot.press("W")
        assert selected(reader) == "vedtaket"
        await pilot.press("S")
        assert (
            selected(reader)
            == "Når vedtaket er fattet, kan jeg ikke endre det, og brukeren blir sint på meg."
        )
        await pilot.press("P")
        assert selected(reader).startswith("Informant: Ja.")
        assert selected(reader).endswith("svarteper.")
        await pilot.press("T")  # the turn's words, without the speaker label
        assert selected(reader).startswith("Ja. Når") and selected(reader).endswith("svarteper.")
        await pilot.press("T")  # again: the whole turn, label included
        assert selected(reader).startswith("Informant: Ja.")
        await pilot.press("E")
        assert selected(reader).startswith("Makt og avmakt\nIntervjuer")
        assert selected(reader).endswith("svarteper.")
        reader.move_cursor(text.index("Informant: Ja") + 2)  # on the label
        await pilot.press("S")
        assert selected(reader) == "Ja."  # the label is not part of the sentence


async def test_next_highlight_jumps_and_selects(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        assert reader.next_highlight(None).coding_id == 1
        assert selected(reader) == "Jeg leser saken i Modia først."
        assert reader.next_highlight(None).coding_id == 2
        assert reader.next_highlight("makt").coding_id == 4
        assert reader.next_highlight(None).coding_id == 5  # overlapping, starts later
        assert reader.next_highlight(None) is None
        assert reader.next_highlight(None, forward=False).coding_id == 4
        assert reader.next_highlight("forberedelse", forward=False).coding_id == 2
        reader.move_cursor(0)
        assert reader.next_highlight("tidspress").coding_id == 3
        await pilot.pause()
        assert app.selections[-1] == (3 and reader.selection)


async def test_highlights_at_and_set_highlights_keep_the_cursor(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        text = reader.text
        at = text.index("vedtaket")
        assert {h.coding_id for h in reader.highlights_at(at)} == {4, 5}
        assert reader.highlights_at(0) == []
        reader.move_cursor(at)
        await pilot.press("shift+right", "shift+right")
        reader.set_highlights([Highlight(9, 0, 5, "makt", "#4363d8")])
        await pilot.pause()
        assert reader.cursor == at + 2 and reader.selection == (at, at + 2)
        assert [h.coding_id for h in reader.highlights_at(at)] == []
        assert [h.coding_id for h in reader.highlights_at(2)] == [9]


async def test_mouse_click_places_the_cursor_and_drag_selects(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        text = reader.text
        row1 = text.index("Intervjuer")  # second line on screen, y=1
        await pilot.click(Reader, offset=(MARGIN + 4, 1))
        assert reader.cursor == row1 + 4 and reader.selection is None
        await pilot.mouse_down(Reader, offset=(MARGIN + 12, 1))
        await pilot.hover(Reader, offset=(MARGIN + 20, 1))
        await pilot.mouse_up(Reader, offset=(MARGIN + 20, 1))
        await pilot.pause()
        assert reader.selection == (row1 + 12, row1 + 20)
        assert selected(reader) == "Hvordan "
        assert app.selections[-1] == (row1 + 12, row1 + 20)


async def test_rendered_rows_are_the_wrapped_text(reader_doc):
    app = ReaderApp(reader_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        width = reader.scrollable_content_region.width - MARGIN
        expected = []
        for paragraph in reader.text.split("\n"):
            expected += [paragraph[s:e] for s, e in wrap(paragraph, width)]
        shown = [reader.render_line(y).text for y in range(len(expected))]
        assert [row[MARGIN:].rstrip() for row in shown] == [e.rstrip() for e in expected]
        assert all(len(row) == reader.size.width for row in shown)
        informant = next(i for i, e in enumerate(expected) if e.startswith("Informant: Jeg"))
        assert shown[informant][:MARGIN].count("▌") == 1  # one code on the row: forberedelse
        ja = next(i for i, e in enumerate(expected) if e.startswith("Informant: Ja."))
        assert shown[ja][:MARGIN].count("▌") == 2  # makt and samtalestyring


async def test_long_document_pages_and_keeps_the_cursor_visible(reader_doc):
    text, highlights, sections, turns = reader_doc
    long = (text * 40).rstrip("\n")
    app = ReaderApp((long, highlights, [], []))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("pagedown", "pagedown")
        assert reader.scroll_y > 20
        y, _ = reader._layout.position(reader.cursor)
        assert reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        assert reader.render_line(reader.scrollable_content_region.height - 1).text.strip()


async def test_select_before_layout_scrolls_once_the_reader_is_shown(reader_doc):
    text, highlights, sections, turns = reader_doc
    long = text * 40
    app = ReaderApp(("", [], [], []))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.display = False
        await pilot.pause()
        reader.load(long, highlights, [], [])
        target = long.rindex("svarteper")
        reader.select(target, target + 9)
        reader.display = True
        await pilot.pause()
        y, _ = reader._layout.position(target)
        assert reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height
        assert "svarteper" in reader.render_line(y - round(reader.scroll_y)).text


async def test_resize_rewraps_and_keeps_the_text_in_view(reader_doc):
    text, highlights, sections, turns = reader_doc
    long = text * 40
    app = ReaderApp((long, highlights, sections, turns))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        at = long.index("Makt og avmakt", len(long) // 2)
        reader.move_cursor(at)
        await pilot.pause()
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        assert reader.scrollable_content_region.width - MARGIN == reader._layout.width
        y, _ = reader._layout.position(at)
        assert reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height


def test_snapshot_codings_labels_titles_selection(snap_compare, reader_doc):
    """Overlaps tinted and underlined, labels bold, titles in accent, selection reversed."""
    text = reader_doc[0]

    async def run_before(pilot) -> None:
        start = text.index("leser saken")
        pilot.app.query_one(Reader).select(start, start + 40)

    assert snap_compare(ReaderApp(reader_doc), terminal_size=(80, 14), run_before=run_before)
