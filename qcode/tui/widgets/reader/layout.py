"""Where text offsets meet screen cells: the only place the reader converts between them.

The store speaks code-point offsets; the terminal speaks rows and cells. Wide characters
(CJK, emoji) take two cells, tabs run to the next tab stop, control characters show as one
replacement cell, and a soft-wrapped paragraph spreads over several visual rows. Keeping
every conversion here (pure functions plus one index over a whole document) means a click,
a cursor move and a painted highlight can never disagree about where a character is.

Rows of one paragraph are contiguous `(start, end)` offset pairs relative to the paragraph:
row i ends where row i+1 begins, spaces at a break hang at the end of the row they follow,
and an offset on a boundary belongs to the later row (except the paragraph's end, which
belongs to its last row).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import get_character_cell_size

Row = tuple[int, int]
TAB_SIZE = 8
REPLACEMENT = "\ufffd"

# Characters that are certainly one cell wide: most paragraphs consist only of these, so
# they take the fast path (string methods in C) instead of a per-character walk.
_SINGLE_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027))
_SINGLE_CELLS = frozenset(chr(c) for lo, hi in _SINGLE_RANGES for c in range(lo, hi + 1))
is_simple = _SINGLE_CELLS.issuperset


def _is_control(ch: str) -> bool:
    code = ord(ch)
    # C0, DEL, C1, and the bidi overrides/isolates that reorder what a terminal shows
    return (
        code < 0x20 or 0x7F <= code < 0xA0 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
    )


def char_cells(ch: str, col: int, tab_size: int = TAB_SIZE) -> int:
    """Cells `ch` takes when drawn at column `col` of a visual row."""
    if ch == "\t":
        return tab_size - col % tab_size
    if _is_control(ch):
        return 1
    return get_character_cell_size(ch)


def wrap(paragraph: str, width: int, tab_size: int = TAB_SIZE) -> list[Row]:
    """Greedy word wrap of one paragraph (no newlines) into rows at most `width` cells wide.

    Breaks after runs of spaces; a word longer than the width is cut where it overflows.
    Spaces at a break stay on the row before it even when they overflow (they hang), so
    rows cover every offset and the text reads the same when rows are joined."""
    n = len(paragraph)
    width = max(1, width)
    if n <= width and is_simple(paragraph):
        return [(0, n)]
    if not is_simple(paragraph):
        return _wrap_cells(paragraph, width, tab_size)
    rows: list[Row] = []
    s = 0
    rfind = paragraph.rfind
    while n - s > width:
        k = rfind(" ", s, s + width + 1)
        if k < s:
            e = s + width
        else:
            e = k + 1
            while e < n and paragraph[e] == " ":
                e += 1
            if e == n:
                break
        rows.append((s, e))
        s = e
    rows.append((s, n))
    return rows


def _wrap_cells(paragraph: str, width: int, tab_size: int) -> list[Row]:
    rows: list[Row] = []
    n = len(paragraph)
    s = col = i = 0
    brk = -1  # where a new row may begin: just after the last run of spaces
    while i < n:
        ch = paragraph[i]
        if ch == " ":
            col += 1
            i += 1
            brk = i
            continue
        w = char_cells(ch, col, tab_size)
        if col + w > width and i > s:
            s2 = brk if s < brk <= i else i
            rows.append((s, s2))
            s, brk = s2, -1
            col = row_cells(paragraph, s, i, tab_size)
            continue
        col += w
        i += 1
        if ch == "\t":
            brk = i
    rows.append((s, n))
    return rows


def row_cells(paragraph: str, start: int, end: int, tab_size: int = TAB_SIZE) -> int:
    """Cells taken by paragraph[start:end] when it begins a visual row."""
    part = paragraph[start:end]
    if is_simple(part):
        return len(part)
    col = 0
    for ch in part:
        col += char_cells(ch, col, tab_size)
    return col


def display(
    paragraph: str, start: int, end: int, col: int, tab_size: int = TAB_SIZE
) -> tuple[str, int]:
    """What paragraph[start:end] looks like drawn from column `col` of its row.

    Returns the string to draw (tabs expanded, control characters replaced) and the column
    after it, so a row can be drawn in differently styled pieces."""
    part = paragraph[start:end]
    if is_simple(part):
        return part, col + len(part)
    out = []
    for ch in part:
        w = char_cells(ch, col, tab_size)
        if ch == "\t":
            out.append(" " * w)
        elif _is_control(ch):
            out.append(REPLACEMENT)
        else:
            out.append(ch)
        col += w
    return "".join(out), col


def column_of(paragraph: str, row: Row, offset: int, tab_size: int = TAB_SIZE) -> int:
    """Cell column of `offset` (which must lie in `row`, end included) within its row."""
    return row_cells(paragraph, row[0], offset, tab_size)


def offset_at_column(
    paragraph: str, row: Row, col: int, last: bool, tab_size: int = TAB_SIZE
) -> int:
    """The offset a click or a vertical move lands on at cell `col` of `row`.

    Inside a wide character or a tab it lands on that character. Past the row's text it
    lands on the row's end if `last` (the paragraph's end is a place of its own), else on
    the row's last character, since the row's end offset is drawn on the next row."""
    start, end = row
    limit = end if last or end == start else end - 1
    part = paragraph[start:end]
    if is_simple(part):
        return start + min(max(col, 0), limit - start)
    at = 0
    for i, ch in enumerate(part):
        w = char_cells(ch, at, tab_size)
        if col < at + w:
            return min(start + i, limit)
        at += w
    return limit


class DocumentLayout:
    """Paragraph index and soft-wrap cache for one document text at one width.

    Wrapping a paragraph is cheap (`str.rfind` per row on the fast path), so the whole
    document is wrapped once per width to know the scroll height; everything after that
    (finding the row of an offset, the offset under a cell) is a bisect plus one row's
    worth of work, whatever the document's length."""

    def __init__(self, text: str, tab_size: int = TAB_SIZE) -> None:
        self.text = text
        self.tab_size = tab_size
        self.paragraphs = text.split("\n")
        self.starts = [0, *accumulate(len(p) + 1 for p in self.paragraphs[:-1])]
        self.width = 0
        self._rows: list[list[Row]] = []
        self._first_row: list[int] = [0]
        self._by_width: dict[int, tuple[list[list[Row]], list[int]]] = {}

    # -- width and height ---------------------------------------------------------------

    def set_width(self, width: int) -> None:
        width = max(1, width)
        if width == self.width:
            return
        cached = self._by_width.get(width)
        if cached is None:
            tab = self.tab_size
            rows = [wrap(p, width, tab) for p in self.paragraphs]
            first = [0, *accumulate(len(r) for r in rows)]
            cached = (rows, first)
            if len(self._by_width) >= 3:
                self._by_width.pop(next(iter(self._by_width)))
            self._by_width[width] = cached
        self._rows, self._first_row = cached
        self.width = width

    @property
    def height(self) -> int:
        """Visual rows in the whole document at the current width."""
        return self._first_row[-1]

    # -- lookups --------------------------------------------------------------------------

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def paragraph_span(self, index: int) -> tuple[int, int]:
        start = self.starts[index]
        return start, start + len(self.paragraphs[index])

    def rows(self, index: int) -> list[Row]:
        self._ensure()
        return self._rows[index]

    def _ensure(self) -> None:
        if not self.width:  # asked before the widget knew its width: any width will do
            self.set_width(80)

    def locate(self, y: int) -> tuple[int, int] | None:
        """(paragraph, row within it) of visual row `y`, or None past the end."""
        self._ensure()
        if y < 0 or y >= self.height:
            return None
        para = bisect_right(self._first_row, y) - 1
        return para, y - self._first_row[para]

    def row_span(self, y: int) -> tuple[int, int, int, bool] | None:
        """(paragraph, absolute start, absolute end, is last row) of visual row `y`."""
        where = self.locate(y)
        if where is None:
            return None
        para, r = where
        rows = self._rows[para]
        base = self.starts[para]
        start, end = rows[r]
        return para, base + start, base + end, r == len(rows) - 1

    def row_index(self, para: int, offset: int) -> int:
        """Which row of paragraph `para` shows `offset` (relative to the paragraph)."""
        rows = self._rows[para]
        lo, hi = 0, len(rows) - 1
        while lo < hi:  # last row whose start <= offset
            mid = (lo + hi + 1) // 2
            if rows[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def position(self, offset: int) -> tuple[int, int]:
        """(visual row, cell column) where `offset` is drawn."""
        self._ensure()
        offset = min(max(offset, 0), len(self.text))
        para = self.paragraph_of(offset)
        local = offset - self.starts[para]
        r = self.row_index(para, local)
        row = self._rows[para][r]
        col = column_of(self.paragraphs[para], row, local, self.tab_size)
        return self._first_row[para] + r, col

    def offset_at(self, y: int, col: int) -> int:
        """The offset under cell `col` of visual row `y` (clamped to the document)."""
        if y < 0:
            return 0
        if y >= self.height:
            return len(self.text)
        para, r = self.locate(y) or (0, 0)
        rows = self._rows[para]
        last = r == len(rows) - 1
        local = offset_at_column(self.paragraphs[para], rows[r], col, last, self.tab_size)
        return self.starts[para] + local
