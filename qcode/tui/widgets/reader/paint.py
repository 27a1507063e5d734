"""How the reader paints one visual row: codings, labels, titles, selection, cursor.

A pure function of explicit state (`PaintState`: what is on the page and where the view
is) and a `Palette` (the Rich styles the theme gives), so it is tested without an app and
the widget cannot be painted from anything it did not hand over. A row is cut at every
offset where something changes (a coding starts or ends, the selection, the cursor, a
speaker label), each piece gets its layered style, and `layout.display` turns it into
cells. Nothing here looks beyond the row's paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from qcode.tui.widgets.reader.layout import DocumentLayout, display
from qcode.tui.widgets.reader.marks import Highlight, Span

MARGIN = 4  # cells left of the text: up to three code blocks and a gap
TINT = 0.35  # how much of a code's colour is mixed into the background
OVERLAP_TINT = 0.55  # overlapping codings: a stronger tint, and underlined

CURSOR = "reader--cursor"
SELECTION = "reader--selection"
SPEAKER = "reader--speaker"
SECTION = "reader--section"
MARGIN_TEXT = "reader--margin"
COMPONENTS = (CURSOR, SELECTION, SPEAKER, SECTION, MARGIN_TEXT)


@dataclass(frozen=True)
class PaintState:
    """Everything painting a row needs, handed over by the widget for each row.

    `layout` is the document's wrap index at the current width (the widget keeps it up to
    date before painting); the mappings are indexed by paragraph."""

    layout: DocumentLayout
    highlights: Mapping[int, Sequence[Highlight]]  # paragraph -> codings touching it
    labels: Mapping[int, Sequence[Span]]  # paragraph -> speaker label spans
    titles: Mapping[int, Span]  # paragraph -> section title span
    selection: Span | None
    cursor: int
    focused: bool  # the cursor is drawn only when the reader has focus
    width: int  # cells of the whole line, margin included
    top: int  # the visual row at the top of the view


class Palette:
    """The Rich styles painting uses, resolved once per theme: the widget's own style,
    its component classes, and code tints mixed into its background (cached)."""

    def __init__(self, base: Style, background: Color, components: Mapping[str, Style]) -> None:
        self.base = base
        self.background = background
        self.components = dict(components)
        self._tints: dict[tuple[str, bool], Style] = {}
        self._margins: dict[str, Style] = {}

    @classmethod
    def of(cls, widget: Widget, names: Iterable[str] = COMPONENTS) -> Palette:
        """The palette of a mounted widget under its current theme and CSS."""
        background = widget.background_colors[1]
        components = {}
        for name in names:
            # only what a component rule sets (so a bold label keeps its coding's tint),
            # with translucent colours mixed into the widget's background
            styles = widget.get_component_styles(name)
            colour = styles.color if styles.has_rule("color") else None
            fill = styles.background if styles.has_rule("background") else None
            components[name] = (
                Style(
                    color=(background + colour).rich_color if colour else None,
                    bgcolor=(background + fill).rich_color if fill else None,
                )
                + styles.text_style
            )
        return cls(widget.rich_style, background, components)

    def component(self, name: str) -> Style:
        return self.components.get(name) or Style()

    def tint(self, colour: str, overlap: bool) -> Style:
        """A coding's background; overlapping codings are stronger and underlined."""
        key = (colour, overlap)
        style = self._tints.get(key)
        if style is None:
            try:
                code = Color.parse(colour)
                tint = self.background.blend(code, OVERLAP_TINT if overlap else TINT)
                style = Style(bgcolor=tint.rich_color)
            except Exception:  # an unparseable colour still shows as coded (underline)
                style = Style()
            if overlap:
                style = style + Style(underline=True)
            self._tints[key] = style
        return style

    def margin(self, colour: str) -> Style:
        """A code's block in the left margin."""
        style = self._margins.get(colour)
        if style is None:
            try:
                style = self.base + Style(color=Color.parse(colour).rich_color)
            except Exception:
                style = self.base
            self._margins[colour] = style
        return style


def paint_line(state: PaintState, palette: Palette, y: int) -> Strip:
    """Line `y` of the view (0 = top): margin blocks for the row's codes, then its text."""
    base = palette.base
    span = state.layout.row_span(state.top + y)
    if span is None:
        return Strip.blank(state.width, base)
    para, start, end, last = span
    hls = [h for h in state.highlights.get(para, ()) if h.start < end and h.end > start]
    segments = margin_segments(hls, palette)
    segments += row_segments(state, palette, para, start, end, last, hls)
    return Strip(segments).adjust_cell_length(state.width, base)


def margin_segments(hls: Sequence[Highlight], palette: Palette) -> list[Segment]:
    """One block per code on the row (in the colour of its first coding), "+" for more.
    Where codings carry their coder's mark (a project with several coders), one mark per
    code and coder instead: "A" and "B" in power's colour say both coded power here."""
    colours: dict[tuple[str, str], tuple[str, str]] = {}
    for h in hls:
        colours.setdefault((h.code_key, h.mark), (h.mark or "▌", h.colour))
    shown = list(colours.values())
    more = len(shown) > MARGIN - 1
    if more:
        shown = shown[: MARGIN - 2]
    segments = [Segment(glyph, palette.margin(colour)) for glyph, colour in shown]
    if more:
        segments.append(Segment("+", palette.base + palette.component(MARGIN_TEXT)))
    segments.append(Segment(" " * (MARGIN - len(segments)), palette.base))
    return segments


def row_segments(state: PaintState, palette: Palette, para: int, start: int, end: int,
                 last: bool, hls: Sequence[Highlight]) -> list[Segment]:  # fmt: skip
    """The text of the row [start, end) of paragraph `para`, in styled pieces."""
    layout = state.layout
    paragraph = layout.paragraphs[para]
    ps = layout.starts[para]
    base = palette.base
    cuts = {start, end}
    for h in hls:
        cuts.add(max(h.start, start))
        cuts.add(min(h.end, end))
    sel = state.selection
    if sel:
        cuts.update(min(max(o, start), end) for o in sel)
    cursor = state.cursor if state.focused else -1
    if start <= cursor < end:
        cuts.update((cursor, cursor + 1))
    labels = state.labels.get(para, ())
    for a, b in labels:
        cuts.update((min(max(a, start), end), min(max(b, start), end)))
    title = state.titles.get(para)
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
            style = style + palette.tint(inner.colour, len(covering) > 1)
        if title and title[0] <= a < title[1]:
            style = style + palette.component(SECTION)
        elif any(la <= a < lb for la, lb in labels):
            style = style + palette.component(SPEAKER)
        if sel and sel[0] <= a < sel[1]:
            style = style + palette.component(SELECTION)
        if a == cursor:
            style = style + palette.component(CURSOR)
        shown, col = display(paragraph, a - ps, b - ps, col, layout.tab_size)
        segments.append(Segment(shown, style))
    if last:  # the place after the paragraph: cursor, or a selected newline
        if cursor == end:
            segments.append(Segment(" ", base + palette.component(CURSOR)))
        elif sel and sel[0] <= end < sel[1]:
            segments.append(Segment(" ", base + palette.component(SELECTION)))
    return segments
