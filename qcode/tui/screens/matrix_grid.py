"""What the matrix view's table shows, made in the build worker.

Filling a `DataTable` is cheap when its cells are ready; making them is not (a count and
its shade per cell, a coloured label per row, a tally of every cell's excerpts). Rich
`Text` objects are plain data, so the build worker makes them all and the UI thread only
hands them to the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from qcode.core.analysis.matrix import Counts, Excerpt, Matrix
from qcode.core.safetext import visible_line

# Cases put in the table at most. A `DataTable` spends time on every column whatever is on
# screen: by source at 10,000 sources, filling it took 14 s and each cursor move 1 s on
# the UI thread. The status line says how many are left out; `x` exports them all.
MAX_COLUMNS = 100


def shade(count: int, top: int, dark: bool) -> str:
    """A background from the theme's surface towards the accent, by share of the top count."""
    if not count or not top:
        return ""
    share = 0.25 + 0.75 * count / top
    low, high = ((40, 40, 40), (38, 110, 190)) if dark else ((245, 245, 245), (120, 170, 230))
    rgb = [round(a + (b - a) * share) for a, b in zip(low, high, strict=True)]
    return "on #" + "".join(f"{c:02x}" for c in rgb)


def excerpt_label(excerpt: Excerpt) -> Text:
    text = Text()
    # the citation the exports print (speaker, or the sheet's section), not one of our own
    text.append(visible_line(excerpt.citation) + "\n", style="bold")
    words = visible_line(" ".join(excerpt.text.split()))
    text.append(words if len(words) <= 400 else words[:399] + "…")
    return text


@dataclass(frozen=True)
class Grid:
    """The table's columns and rows, ready to add, and the tallies the screen shows."""

    columns: tuple[tuple[str, str], ...]  # (label, key), the code column first
    rows: tuple[tuple[str, tuple[Text, ...]], ...]  # (row key, cells), label cell first
    counts: tuple[tuple[Counts, ...], ...]  # counts[row][case], of every case
    excerpt_count: int
    cases: int  # in the matrix; the table holds the first MAX_COLUMNS of them

    @property
    def left_out(self) -> int:
        """Cases of the matrix not in the table."""
        return max(self.cases - MAX_COLUMNS, 0)


def make_grid(m: Matrix, dark: bool) -> Grid:
    """The table for `m`: counts shaded by share of the largest, row labels in their
    colours, as the screen used to make them on the UI thread; the first MAX_COLUMNS
    cases only."""
    counts = tuple(tuple(cell.counts for cell in row) for row in m.cells)
    top = max((c.segments for row in counts for c in row), default=0)
    cases = m.cases[:MAX_COLUMNS]
    columns = (
        ("Code", "code"),
        *((visible_line(case.label), f"case-{i}") for i, case in enumerate(cases)),
    )
    rows = []
    for code_row, row_counts in zip(m.rows, counts, strict=True):
        label = Text("  " * code_row.depth)
        label.append("■ ", style=code_row.colour)
        label.append(visible_line(code_row.name))
        cells = [label]
        for c in row_counts[:MAX_COLUMNS]:
            value = f"{c.segments} ({c.sources})" if c.segments else "·"
            cells.append(Text(value, style=shade(c.segments, top, dark), justify="right"))
        rows.append((code_row.key, tuple(cells)))
    total = sum(c.segments for row in counts for c in row)
    return Grid(columns, tuple(rows), counts, total, len(m.cases))
