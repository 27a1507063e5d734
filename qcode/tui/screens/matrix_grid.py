"""What the matrix view's table and status line show, made in the build worker.

Filling a `DataTable` is cheap when its cells are ready; making them is not (a count and
its shade per cell, a coloured label per row, a tally of every cell's excerpts). Rich
`Text` objects are plain data, so the build worker makes them all and the UI thread only
hands them to the table.

The table is made for the width of the screen: a count is never cut (`4` shown for 40),
so a long code name is what gives way (ellipsized), and a long case label (a source's
file name) is broken over two header lines at its separators (`-`, `_`, `.`, a space),
never inside a word. The status line is fitted the same way: the view's name, the
columns and the filters always show (a long filter shortened with `…`), the list of rows
takes what is left.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text

from qcode.core.analysis.matrix import Counts, Excerpt, Matrix
from qcode.core.analysis.summaries import CellSummary
from qcode.core.safetext import visible_line

# Cases put in the table at most. A `DataTable` spends time on every column whatever is on
# screen: by source at 10,000 sources, filling it took 14 s and each cursor move 1 s on
# the UI thread. The status line says how many are left out; `x` exports them all.
MAX_COLUMNS = 100
HEADER_WIDTH = 16  # a case label longer than this is broken over two header lines
NAME_MIN = 14  # the code column gives way to counts down to this width
SUMMARY_MARK = "✎"  # after the count of a cell that has a summary
_BREAK = re.compile(r"(?<=[-_. ])")  # after each separator: where a label may break


def shade(count: int, top: int, dark: bool) -> str:
    """A background from the theme's surface towards the accent, by share of the top count."""
    if not count or not top:
        return ""
    share = 0.25 + 0.75 * count / top
    low, high = ((40, 40, 40), (38, 110, 190)) if dark else ((245, 245, 245), (120, 170, 230))
    rgb = [round(a + (b - a) * share) for a, b in zip(low, high, strict=True)]
    return "on #" + "".join(f"{c:02x}" for c in rgb)


def excerpt_label(excerpt: Excerpt) -> Text:
    """The excerpt as the list shows it: its citation (the one every export prints too)
    over its words."""
    text = Text()
    text.append(visible_line(excerpt.citation) + "\n", style="bold")
    words = visible_line(" ".join(excerpt.text.split()))
    text.append(words if len(words) <= 400 else words[:399] + "…")
    return text


def ellipsize(text: str, width: int) -> str:
    """`text` in at most `width` cells, its end replaced by `…` when it is longer."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + "…"


def break_label(label: str, width: int = HEADER_WIDTH, lines: int = 2) -> list[str]:
    """`label` as at most `lines` lines of at most `width` cells, broken after a separator
    (`-`, `_`, `.`, a space), never inside a word. What does not fit is cut with `…`: a
    word longer than a line at its end; the rest of a label that needs more lines at its
    start, so the last line keeps the label's end (`…-a-1.txt`), which is what tells two
    sources of one series apart."""
    if len(label) <= width:
        return [label]
    out: list[str] = []
    for part in _BREAK.split(label):
        if out and len(out[-1]) + len(part) <= width:
            out[-1] += part
        else:
            out.append(part)
    out = [line.rstrip() or line for line in out]
    if len(out) > lines:
        rest = "".join(out[lines - 1 :])
        out = [*out[: lines - 1], "…" + rest[-(width - 1) :]]
    return [ellipsize(line, width) for line in out]


@dataclass(frozen=True)
class Grid:
    """The table's columns and rows, ready to add, and the tallies the screen shows."""

    # (label, key, width), the code column first; widths set, not measured by the table on
    # its next idle, so the first frame after a build is already laid out
    columns: tuple[tuple[Text, str, int], ...]
    rows: tuple[tuple[str, tuple[Text, ...]], ...]  # (row key, cells), label cell first
    counts: tuple[tuple[Counts, ...], ...]  # counts[row][case], of every case
    excerpt_count: int
    cases: int  # in the matrix; the table holds the first MAX_COLUMNS of them
    header_height: int = 1  # 2 when a case label is broken over two lines
    width: int = 0  # the screen width the table was made for

    @property
    def left_out(self) -> int:
        """Cases of the matrix not in the table."""
        return max(self.cases - MAX_COLUMNS, 0)


def count_label(counts: Counts, summary: CellSummary | None) -> str:
    """A cell's count as the table shows it: `40 (12)` (excerpts, sources), `·` for none,
    with the summary mark when the analyst wrote one."""
    value = f"{counts.segments} ({counts.sources})" if counts.segments else "·"
    return f"{value} {SUMMARY_MARK}" if summary is not None else value


def make_grid(
    m: Matrix,
    dark: bool,
    width: int = 0,
    summaries: Mapping[tuple[str, str], CellSummary] | None = None,
) -> Grid:
    """The table for `m` on a screen `width` cells wide (0: as wide as it needs): counts
    shaded by share of the largest and marked where a summary is written, row labels in
    their colours, shortened to leave the counts room; the first MAX_COLUMNS cases only."""
    summaries = summaries or {}
    counts = tuple(tuple(cell.counts for cell in row) for row in m.cells)
    top = max((c.segments for row in counts for c in row), default=0)
    cases = m.cases[:MAX_COLUMNS]
    headers = [break_label(visible_line(case.label)) for case in cases]
    values = [
        [
            count_label(c, summaries.get((row.key, case.label)))
            for c, case in zip(r, cases, strict=False)
        ]
        for row, r in zip(m.rows, counts, strict=True)
    ]
    case_widths = [
        max([len(line) for line in header] + [len(v[k]) for v in values])
        for k, header in enumerate(headers)
    ]
    names = [(row.depth, visible_line(row.name)) for row in m.rows]
    natural = max([2 * depth + 2 + len(name) for depth, name in names] + [4])
    room = width - sum(w + 2 for w in case_widths) - 4 if width else natural
    name_width = min(natural, max(room, NAME_MIN, width // 3))
    rows = []
    for code_row, (depth, name), row_counts, row_values in zip(
        m.rows, names, counts, values, strict=True
    ):
        label = Text("  " * depth)
        label.append("■ ", style=code_row.colour)
        label.append(ellipsize(name, max(name_width - 2 * depth - 2, 4)))
        cells = [label]
        for c, value in zip(row_counts, row_values, strict=False):
            cells.append(Text(value, style=shade(c.segments, top, dark), justify="right"))
        rows.append((code_row.key, tuple(cells)))
    code_width = max([len(cells[0].plain) for _, cells in rows] + [len("Code")])
    columns = (
        (Text("Code"), "code", code_width),
        *(
            (Text("\n".join(header)), f"case-{i}", case_widths[i])
            for i, header in enumerate(headers)
        ),
    )
    total = sum(c.segments for row in counts for c in row)
    height = max((len(h) for h in headers), default=1)
    return Grid(columns, tuple(rows), counts, total, len(m.cases), height, width)


# -- the status line ------------------------------------------------------------------------


def status_line(
    width: int,
    view: str,
    rows: list[str],
    nested: bool,
    by: str,
    filters: str,
    excerpts: int,
    note: str = "",
) -> Text:
    """One line (where it fits) saying what is on screen: the view, the rows, the columns,
    the filters and the excerpt count. The view, columns and filters always show; the row
    list is shortened to a count when the line would not fit `width`."""
    sep = ("  ·  ", "dim") if width >= 100 else (" · ", "dim")
    parts: list[tuple[str, str, str]] = []  # (label, value, value style)
    if view:
        parts.append(("view ", view, "bold"))
    parts.append(("by ", by, ""))
    shown_filters = ellipsize(filters, max(24, width // 2)) if filters else "none"
    parts.append(("filter ", shown_filters, "bold" if filters else ""))
    tail = f"{excerpts} excerpts" + (f" {note}" if note else "")
    fixed = sum(len(a) + len(b) for a, b, _ in parts) + len(tail) + len(sep[0]) * (len(parts) + 1)
    nest = " nested" if nested else ""
    listed = ", ".join(rows) if rows else "(none coded)"
    room = width - fixed - len("rows ") - len(nest) if width else len(listed)
    if len(listed) > room:
        short = ellipsize(listed, room) if room >= 20 else ""
        listed = short if short and short != "…" else f"{len(rows)} codes"
    parts.insert(1 if view else 0, ("rows ", listed + nest, ""))
    line = Text()
    for i, (label, value, style) in enumerate(parts):
        if i:
            line.append(*sep)
        line.append(label, style="dim")
        line.append(value, style=style)
    line.append(*sep)
    line.append(tail, style="dim")
    return line
