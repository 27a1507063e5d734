"""How the reader paints one visual row: codings, labels, titles, selection, cursor.

A mixin of `Reader`, apart so each file reads in one sitting. A row is cut at every
offset where something changes (a coding starts or ends, the selection, the cursor, a
speaker label), each piece gets its layered style, and `reader_layout.display` turns it
into cells. Styles are cached per theme; nothing here looks beyond the row's paragraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from qcode.tui.widgets.reader_layout import display

if TYPE_CHECKING:
    from qcode.tui.widgets.reader import Highlight

MARGIN = 4  # cells left of the text: up to three code blocks and a gap
TINT = 0.35  # how much of a code's colour is mixed into the background
OVERLAP_TINT = 0.55  # overlapping codings: a stronger tint, and underlined


class ReaderPainting:
    """Row painting for `Reader` (which provides the state used here)."""

    _styles: dict[Any, Style]

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._styles.clear()

    def _style(self, key: Any) -> Style:
        """Rich styles for components, code tints and margin blocks, cached per theme."""
        style = self._styles.get(key)
        if style is None:
            if key is None:
                style = self.rich_style  # type: ignore[attr-defined]
            elif isinstance(key, str):
                style = self._component(key)
            elif key[0] == "margin":
                style = self._style(None) + self._margin_colour(key[1])
            else:
                style = self._tint(*key)
            self._styles[key] = style
        return style

    def _component(self, name: str) -> Style:
        """Only what a component rule sets (so a bold label keeps its coding's tint),
        with translucent colours mixed into the widget's background."""
        styles = self.get_component_styles(name)  # type: ignore[attr-defined]
        background = self.background_colors[1]  # type: ignore[attr-defined]
        colour = styles.color if styles.has_rule("color") else None
        fill = styles.background if styles.has_rule("background") else None
        return (
            Style(
                color=(background + colour).rich_color if colour else None,
                bgcolor=(background + fill).rich_color if fill else None,
            )
            + styles.text_style
        )

    @staticmethod
    def _margin_colour(colour: str) -> Style:
        try:
            return Style(color=Color.parse(colour).rich_color)
        except Exception:
            return Style()

    def _tint(self, colour: str, overlap: bool) -> Style:
        try:
            code = Color.parse(colour)
            background = self.background_colors[1]
            tint = background.blend(code, OVERLAP_TINT if overlap else TINT)
            style = Style(bgcolor=tint.rich_color)
        except Exception:  # an unparseable colour still shows as coded (underline)
            style = Style()
        return style + Style(underline=True) if overlap else style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        layout = self._layout
        if layout.width != self._text_width() and self.scrollable_content_region.width > 0:
            self._update_layout()
        base = self._style(None)
        span = layout.row_span(round(self.scroll_y) + y)
        if span is None:
            return Strip.blank(width, base)
        para, start, end, last = span
        hls = [h for h in self._by_para.get(para, ()) if h.start < end and h.end > start]
        segments = self._margin(hls, base)
        segments += self._row(para, start, end, last, hls, base)
        self.painted = True
        return Strip(segments).adjust_cell_length(width, base)

    def _margin(self, hls: list[Highlight], base: Style) -> list[Segment]:
        colours: dict[str, str] = {}
        for h in hls:
            colours.setdefault(h.code_key, h.colour)
        shown = list(colours.values())
        more = len(shown) > MARGIN - 1
        if more:
            shown = shown[: MARGIN - 2]
        segments = []
        for colour in shown:
            segments.append(Segment("▌", self._style(("margin", colour))))
        if more:
            segments.append(Segment("+", base + self._style("reader--margin")))
        segments.append(Segment(" " * (MARGIN - len(segments)), base))
        return segments

    def _row(self, para: int, start: int, end: int, last: bool, hls: list[Highlight],
             base: Style) -> list[Segment]:  # fmt: skip
        paragraph = self._layout.paragraphs[para]
        ps = self._layout.starts[para]
        cuts = {start, end}
        for h in hls:
            cuts.add(max(h.start, start))
            cuts.add(min(h.end, end))
        sel = self.selection
        if sel:
            cuts.update(min(max(o, start), end) for o in sel)
        cursor = self._cursor if self.has_focus else -1
        if start <= cursor < end:
            cuts.update((cursor, cursor + 1))
        labels = self._labels.get(para, ())
        for a, b in labels:
            cuts.update((min(max(a, start), end), min(max(b, start), end)))
        title = self._titles.get(para)
        bounds = sorted(cuts)
        segments: list[Segment] = []
        col = 0
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a >= b:
                continue
            style = base
            covering = [h for h in hls if h.start <= a < h.end]
            if covering:
                inner = min(covering, key=lambda h: (h.end - h.start, -h.start))
                style = style + self._style((inner.colour, len(covering) > 1))
            if title and title[0] <= a < title[1]:
                style = style + self._style("reader--section")
            elif any(la <= a < lb for la, lb in labels):
                style = style + self._style("reader--speaker")
            if sel and sel[0] <= a < sel[1]:
                style = style + self._style("reader--selection")
            if a == cursor:
                style = style + self._style("reader--cursor")
            shown, col = display(paragraph, a - ps, b - ps, col, self._layout.tab_size)
            segments.append(Segment(shown, style))
        if last:  # the place after the paragraph: cursor, or a selected newline
            if cursor == end:
                segments.append(Segment(" ", base + self._style("reader--cursor")))
            elif sel and sel[0] <= end < sel[1]:
                segments.append(Segment(" ", base + self._style("reader--selection")))
        return segments
