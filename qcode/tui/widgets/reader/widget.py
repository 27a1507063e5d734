"""The document reader: one document's text for reading and coding.

Built on Textual's Line API (`ScrollView.render_line`): only the rows on screen are styled,
so a 1 MB transcript paints as fast as a page. The widget owns the state (text, codings,
cursor, selection, scroll) and the keys and mouse; offsets ↔ cells conversions all go
through `layout`, what a key selects through `units`, and painting a row is `paint_line`
over a `PaintState` the widget hands over: nothing reaches back into the widget.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

import qcode.tui.widgets.reader.units as units
from qcode.core.model import Section, Turn
from qcode.tui.widgets.reader.layout import DocumentLayout
from qcode.tui.widgets.reader.marks import (
    Highlight,
    HighlightIndex,
    Span,
    order,
    section_titles,
    speaker_labels,
)
from qcode.tui.widgets.reader.paint import MARGIN, PaintState, Palette, paint_line


class Reader(ScrollView, can_focus=True):
    """Shows a document with its codings; cursor and selection by keyboard and mouse."""

    ALLOW_SELECT = False  # the reader's own selection is the one that codes text

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("left", "cursor_left", "Left", show=False),
        Binding("right", "cursor_right", "Right", show=False),
        Binding("shift+up", "cursor_up(True)", "Extend up", show=False),
        Binding("shift+down", "cursor_down(True)", "Extend down", show=False),
        Binding("shift+left", "cursor_left(True)", "Extend left", show=False),
        Binding("shift+right", "cursor_right(True)", "Extend right", show=False),
        Binding("home", "row_start", "Row start", show=False),
        Binding("end", "row_end", "Row end", show=False),
        Binding("shift+home", "row_start(True)", "Extend to row start", show=False),
        Binding("shift+end", "row_end(True)", "Extend to row end", show=False),
        Binding("ctrl+home", "document_start", "Document start", show=False),
        Binding("ctrl+end", "document_end", "Document end", show=False),
        Binding("ctrl+shift+home", "document_start(True)", show=False),
        Binding("ctrl+shift+end", "document_end(True)", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("shift+pageup", "page(-1, True)", "Extend page up", show=False),
        Binding("shift+pagedown", "page(1, True)", "Extend page down", show=False),
        Binding("W,shift+w", "select_unit('word')", "Word"),
        Binding("S,shift+s", "select_unit('sentence')", "Sentence"),
        Binding("P,shift+p", "select_unit('paragraph')", "Paragraph"),
        Binding("T,shift+t", "select_unit('turn')", "Turn"),
        Binding("E,shift+e", "select_unit('section')", "Section"),
        Binding("escape", "clear_selection", "Clear selection", show=False),
    ]

    COMPONENT_CLASSES = {
        "reader--cursor",
        "reader--selection",
        "reader--speaker",
        "reader--section",
        "reader--margin",
    }

    DEFAULT_CSS = """
    Reader {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        pointer: text;
        & > .reader--cursor { background: $accent; color: $background; }
        & > .reader--selection { text-style: reverse; }
        & > .reader--speaker { text-style: bold; }
        & > .reader--section { text-style: bold; color: $text-accent; }
        & > .reader--margin { color: $foreground 60%; }
    }
    """

    class SelectionChanged(Message):
        """The selection changed; `start == end` when it became empty."""

        def __init__(self, reader: Reader, start: int, end: int) -> None:
            super().__init__()
            self.reader = reader
            self.start = start
            self.end = end

        @property
        def control(self) -> Reader:
            return self.reader

    class CursorMoved(Message):
        """The cursor moved to `offset`."""

        def __init__(self, reader: Reader, offset: int) -> None:
            super().__init__()
            self.reader = reader
            self.offset = offset

        @property
        def control(self) -> Reader:
            return self.reader

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:  # fmt: skip
        super().__init__(name=name, id=id, classes=classes)
        self._text = ""
        self._layout = DocumentLayout("")
        self._sections: list[Section] = []
        self._turns: list[Turn] = []
        self._turn_starts: list[int] = []
        self._titles: dict[int, Span] = {}  # paragraph -> section title span
        self._labels: dict[int, list[Span]] = {}  # paragraph -> speaker labels
        self._index = HighlightIndex([], self._layout)
        self._anchor = 0
        self._cursor = 0
        self._goal_col: int | None = None
        self._dragging = False
        self._pending_scroll: tuple[int, int] | None = None
        self._jumped: Highlight | None = None  # the coding next_highlight selected last
        self._palette: Palette | None = None  # resolved at the first paint after a restyle
        self.painted = False  # set once a row of text has been rendered (benchmarks)

    # -- loading --------------------------------------------------------------------------

    def load(self, text: str, highlights: Sequence[Highlight], sections: Sequence[Section],
             turns: Sequence[Turn]) -> None:  # fmt: skip
        """Show a new document: cursor at its start, nothing selected."""
        self._text = text
        self._layout = DocumentLayout(text)
        self._sections = sorted(sections, key=lambda s: (s.start, -s.end))
        self._turns = sorted(turns, key=lambda t: t.start)
        self._turn_starts = units.turn_starts(self._turns)
        self._titles = section_titles(self._layout, self._sections)
        self._labels = speaker_labels(self._layout, self._turns)
        self._index = HighlightIndex(highlights, self._layout)
        had_selection, moved = self.selection is not None, self._cursor != 0
        self._anchor = self._cursor = 0
        self._goal_col = None
        self._pending_scroll = None
        self._jumped = None
        if moved:
            self.post_message(self.CursorMoved(self, 0))
        if had_selection:
            self.post_message(self.SelectionChanged(self, 0, 0))
        if self.is_attached:
            self._update_layout()
            self.scroll_to(0, 0, animate=False, immediate=True, force=True)
            self.refresh()

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Replace the codings shown, keeping cursor, selection and scroll position."""
        self._index = HighlightIndex(highlights, self._layout)
        self.refresh()

    def change_highlights(self, added: Sequence[Highlight], removed: Sequence[Highlight]) -> None:
        """Add and remove a few codings (those of one change) without re-indexing all, and
        repaint only the rows they cover."""
        self._index.change(added, removed)
        for h in (*added, *removed):
            self._refresh_span(h.start, h.end)

    # -- public state -----------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def selection(self) -> tuple[int, int] | None:
        if self._anchor == self._cursor:
            return None
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    def highlights_at(self, offset: int) -> list[Highlight]:
        """The codings covering `offset`."""
        return self._index.at(offset)

    def select(self, start: int, end: int, *, scroll: bool = True) -> None:
        """Select [start, end); the cursor goes to `end`."""
        size = len(self._text)
        start, end = min(max(start, 0), size), min(max(end, 0), size)
        self._set_cursor(start, end, scroll=False)
        if scroll:
            self._scroll_to_span(start, end)

    def move_cursor(self, offset: int, *, extend: bool = False, scroll: bool = True) -> None:
        """Put the cursor at `offset`; with `extend` the selection stretches to it."""
        offset = min(max(offset, 0), len(self._text))
        self._set_cursor(self._anchor if extend else offset, offset, scroll=scroll)

    def next_highlight(self, code_key: str | None, forward: bool = True) -> Highlight | None:
        """Select the next (or previous) coding, of `code_key` or of any code."""
        pool, keys = self._index.pool(code_key)
        sel = self.selection
        a, b = sel if sel else (self._cursor, self._cursor)
        jumped = self._jumped
        if jumped is not None and sel == (jumped.start, jumped.end):
            key = order(jumped)
        else:
            key = (a, b, (1 << 62) if (forward and sel) else -1)
        i = bisect_right(keys, key) if forward else bisect_left(keys, key) - 1
        if not 0 <= i < len(pool):
            return None
        found = pool[i]
        self.select(found.start, found.end)
        self._jumped = found
        return found

    # -- cursor machinery -------------------------------------------------------------------

    def _set_cursor(
        self, anchor: int, cursor: int, *, scroll: bool, keep_goal: bool = False
    ) -> None:
        old_sel, old_cursor = self.selection, self._cursor
        self._anchor, self._cursor = anchor, cursor
        if not keep_goal:
            self._goal_col = None
        new_sel = self.selection
        if cursor != old_cursor:
            self._refresh_span(old_cursor, old_cursor)
            self._refresh_span(cursor, cursor)
            self.post_message(self.CursorMoved(self, cursor))
        if new_sel != old_sel:
            self._refresh_selection_change(old_sel, new_sel)
            start, end = new_sel if new_sel else (cursor, cursor)
            self.post_message(self.SelectionChanged(self, start, end))
        if scroll:
            self._scroll_to_span(cursor, cursor)

    def _refresh_selection_change(self, old: Span | None, new: Span | None) -> None:
        if old is None or new is None:
            changed = old or new
            if changed is not None:
                self._refresh_span(*changed)
            return
        # only the parts that changed: between the old and new ends on both sides
        self._refresh_span(min(old[0], new[0]), max(old[0], new[0]))
        self._refresh_span(min(old[1], new[1]), max(old[1], new[1]))

    def _refresh_span(self, start: int, end: int) -> None:
        """Repaint the visible rows showing [start, end] (the end's row included)."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        if not self._layout.width or height <= 0:
            return  # not laid out yet: the first paint shows everything
        y0 = self._layout.position(start)[0]
        y1 = y0 if end == start else self._layout.position(end)[0]
        y0, y1 = max(y0 - 1, top), min(y1, top + height - 1)  # -1: a row-end cursor
        if y0 <= y1:
            self.refresh(Region(0, y0 - top, self.size.width, y1 - y0 + 1))

    def _scroll_to_span(self, start: int, end: int) -> None:
        """Bring [start, end] into view: step when it is near, jump when it is far.

        A far target lands a third of the way down, with context above it. Before the
        widget knows its size the request waits for the first layout."""
        height = self.scrollable_content_region.height
        if not self._layout.width or height <= 0:
            self._pending_scroll = (start, end)
            return
        self._pending_scroll = None
        y0 = self._layout.position(start)[0]
        y1 = y0 if end == start else self._layout.position(end)[0]
        top = round(self.scroll_y)
        if y0 < top - height or y0 >= top + 2 * height:
            new_top = y0 - height // 3
        else:
            new_top = top
            if y1 >= new_top + height:
                new_top = y1 - height + 1
            if y0 < new_top:
                new_top = y0
        if new_top != top:
            self.scroll_to(y=max(0, new_top), animate=False, immediate=True, force=True)

    def _vertical(self, rows: int, extend: bool) -> None:
        layout = self._layout
        y, col = layout.position(self._cursor)
        goal = self._goal_col if self._goal_col is not None else col
        target = min(max(y + rows, 0), max(layout.height - 1, 0))
        if target == y:
            offset = 0 if rows < 0 else len(self._text)
        else:
            offset = layout.offset_at(target, goal)
        self._set_cursor(self._anchor if extend else offset, offset, scroll=True, keep_goal=True)
        self._goal_col = goal

    # -- actions ------------------------------------------------------------------------------

    def action_cursor_up(self, extend: bool = False) -> None:
        self._vertical(-1, extend)

    def action_cursor_down(self, extend: bool = False) -> None:
        self._vertical(1, extend)

    def action_cursor_left(self, extend: bool = False) -> None:
        sel = self.selection
        if sel and not extend:
            self.move_cursor(sel[0])
        else:
            self.move_cursor(self._cursor - 1, extend=extend)

    def action_cursor_right(self, extend: bool = False) -> None:
        sel = self.selection
        if sel and not extend:
            self.move_cursor(sel[1])
        else:
            self.move_cursor(self._cursor + 1, extend=extend)

    def action_row_start(self, extend: bool = False) -> None:
        y, _ = self._layout.position(self._cursor)
        self.move_cursor(self._layout.offset_at(y, 0), extend=extend)

    def action_row_end(self, extend: bool = False) -> None:
        y, _ = self._layout.position(self._cursor)
        self.move_cursor(self._layout.offset_at(y, 1 << 30), extend=extend)

    def action_document_start(self, extend: bool = False) -> None:
        self.move_cursor(0, extend=extend)

    def action_document_end(self, extend: bool = False) -> None:
        self.move_cursor(len(self._text), extend=extend)

    def action_page(self, direction: int, extend: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(
            y=self.scroll_y + direction * height, animate=False, immediate=True, force=True
        )
        self._vertical(direction * height, extend)

    def action_clear_selection(self) -> None:
        if self.selection is None:
            raise SkipAction()  # let the app use escape (close, go back)
        self.move_cursor(self._cursor)

    def action_select_unit(self, unit: str) -> None:
        span = self.unit_span(unit)
        if span is None:
            self.app.bell()
        else:
            self.select(*span)

    def unit_span(self, unit: str) -> tuple[int, int] | None:
        """The span key W/S/P/T/E would select now (None: there is no such unit here)."""
        text, sel = self._text, self.selection
        at = sel[0] if sel else self._cursor  # the unit under what is selected, if anything
        lo, hi = units.paragraph_at(text, at)
        if unit == "paragraph":
            return units.trim(text, lo, hi)
        turn = units.turn_at(self._turns, self._turn_starts, at)
        if unit == "turn":
            return units.turn_span(text, turn, self.selection) if turn else None
        if unit == "section":
            return units.section_span(text, self._sections, at, self.selection)
        if unit == "word":
            return units.word_at(text, at, lo, hi)
        if turn is not None and turn.body_start is not None and lo <= turn.body_start < hi:
            lo = turn.body_start  # the label is not part of the first sentence
            at = max(at, lo)
        return units.sentence_at(text, at, lo, hi)

    # -- mouse ----------------------------------------------------------------------------------

    def _offset_at_event(self, event: events.MouseEvent) -> int:
        pos = event.get_content_offset_capture(self)
        y = pos.y + round(self.scroll_y)
        col = max(0, pos.x - MARGIN + round(self.scroll_x))
        return self._layout.offset_at(y, col)

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1 or event.get_content_offset(self) is None:
            return
        self.move_cursor(self._offset_at_event(event), extend=event.shift, scroll=False)
        self._dragging = True
        self.capture_mouse()

    async def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.move_cursor(self._offset_at_event(event), extend=True)

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    async def _on_click(self, event: events.Click) -> None:
        if event.chain in (2, 3):
            self.action_select_unit("word" if event.chain == 2 else "paragraph")

    # -- layout and painting ----------------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        self._update_layout()

    def _text_width(self) -> int:
        return max(1, self.scrollable_content_region.width - MARGIN)

    def _update_layout(self) -> None:
        """Wrap for the current width, keeping the same text at the top of the view."""
        if self.scrollable_content_region.width <= 0:
            return
        layout = self._layout
        width = self._text_width()
        top = layout.offset_at(round(self.scroll_y), 0) if layout.width else None
        changed = width != layout.width
        layout.set_width(width)
        self.virtual_size = Size(layout.width + MARGIN, layout.height)
        if self._pending_scroll is not None:
            self._scroll_to_span(*self._pending_scroll)
        elif changed and top:
            self.scroll_to(y=layout.position(top)[0], animate=False, immediate=True, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None  # the theme or CSS changed: resolve the styles again

    def render_line(self, y: int) -> Strip:
        if self._layout.width != self._text_width() and self.scrollable_content_region.width > 0:
            self._update_layout()
        if self._palette is None:
            self._palette = Palette.of(self)
        state = PaintState(
            layout=self._layout,
            highlights=self._index.by_para,
            labels=self._labels,
            titles=self._titles,
            selection=self.selection,
            cursor=self._cursor,
            focused=self.has_focus,
            width=self.size.width,
            top=round(self.scroll_y),
        )
        self.painted = True
        return paint_line(state, self._palette, y)

    def _on_focus(self, event: events.Focus) -> None:
        self._refresh_span(self._cursor, self._cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self._refresh_span(self._cursor, self._cursor)
