"""The excerpt matrix in the terminal: themes × cases as a grid of shaded counts.

Enter on a cell lists its excerpts; enter on an excerpt opens it in the reader. Rows,
columns and filters change in place, and `x` exports exactly what is on screen through
the same core function as `qcode matrix -o` (pseudonyms applied).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList
from textual.widgets.option_list import Option

from qcode.core.analysis.matrix import (
    Excerpt,
    Matrix,
    MatrixFilters,
    MatrixSpec,
    build_matrix,
    default_spec,
)
from qcode.core.codebook.codes import list_codes
from qcode.core.errors import QcodeError
from qcode.core.export import FORMATS, export_matrix
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.project.store import Project
from qcode.core.sources.documents import attributes_by_document
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.rows_dialog import RowsDialog
from qcode.tui.dialogs.text_prompt import TextPrompt


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
    where = f"{excerpt.source}, line {excerpt.line}"
    if excerpt.speaker:
        where += f", {excerpt.speaker}"
    text.append(where + "\n", style="bold")
    words = " ".join(excerpt.text.split())
    text.append(words if len(words) <= 400 else words[:399] + "…")
    return text


class MatrixScreen(Screen[tuple[str, int, int] | None]):
    """Dismisses with (source, start, end) when an excerpt is to be opened in the reader."""

    BINDINGS = [
        Binding("r", "rows", "Rows"),
        Binding("b", "by", "Columns"),
        Binding("f", "filters", "Filters"),
        Binding("n", "nest", "Nest categories"),
        Binding("x", "export", "Export"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, project: Project, spec: MatrixSpec | None = None) -> None:
        super().__init__()
        self.project = project
        self.spec = spec or default_spec(project)
        self.matrix: Matrix | None = None
        self.excerpts: list[Excerpt] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="matrix"):
            yield Label("", id="matrix-spec")
            yield DataTable(id="matrix-grid", cursor_type="cell", zebra_stripes=False)
            yield Label("", id="matrix-cell")
            yield OptionList(id="matrix-excerpts")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        """After undo/redo: the counts and excerpts as the project now has them."""
        self.rebuild()

    def rebuild(self) -> None:
        try:
            self.matrix = build_matrix(self.project, self.spec)
        except QcodeError as exc:
            self.notify(str(exc), severity="error")
            return
        m = self.matrix
        spec = self.query_one("#matrix-spec", Label)
        line = Text()
        line.append("rows ", style="dim")
        line.append(", ".join(r.key for r in m.rows) or "(none coded)")
        line.append("  ·  columns ", style="dim")
        line.append(m.by)
        line.append("  ·  filters ", style="dim")
        line.append(self.spec.filters.query() or "none")
        line.append(f"  ·  {m.excerpt_count} excerpts", style="dim")
        spec.update(line)
        table = self.query_one(DataTable)
        was = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Code", key="code")
        for index, case in enumerate(m.cases):
            table.add_column(case.label, key=f"case-{index}")
        top = max((cell.counts.segments for row in m.cells for cell in row), default=0)
        dark = self.app.current_theme.dark
        for r, row in enumerate(m.rows):
            label = Text("  " * row.depth)
            label.append("■ ", style=row.colour)
            label.append(row.name)
            cells = [label]
            for cell in m.cells[r]:
                counts = cell.counts
                value = f"{counts.segments} ({counts.sources})" if counts.segments else "·"
                cells.append(Text(value, style=shade(counts.segments, top, dark), justify="right"))
            table.add_row(*cells, key=row.key)
        # on a count, where enter lists excerpts (not on the code names)
        row, column = min(was.row, max(len(m.rows) - 1, 0)), min(max(was.column, 1), len(m.cases))
        table.move_cursor(row=row, column=column)
        self.show_cell(row, column)

    @on(DataTable.CellHighlighted)
    def cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_cell(event.coordinate.row, event.coordinate.column)

    @on(DataTable.CellSelected)
    def cell_selected(self, event: DataTable.CellSelected) -> None:
        self.show_cell(event.coordinate.row, event.coordinate.column)
        excerpts = self.query_one("#matrix-excerpts", OptionList)
        if excerpts.option_count:
            excerpts.highlighted = 0
            excerpts.focus()

    def show_cell(self, row: int, column: int) -> None:
        m = self.matrix
        label = self.query_one("#matrix-cell", Label)
        options = self.query_one("#matrix-excerpts", OptionList)
        options.clear_options()
        self.excerpts = []
        if m is None or not m.rows or not m.cases or column == 0 or row >= len(m.rows):
            label.update(Text("enter on a count lists its excerpts", style="dim"))
            return
        cell = m.cells[row][column - 1]
        counts = cell.counts
        label.update(
            Text(
                f"{m.rows[row].name} × {m.cases[column - 1].label}: {counts.segments} excerpts "
                f"from {counts.sources} sources, {counts.words} words  (enter opens one)",
                style="bold",
            )
        )
        self.excerpts = list(cell.excerpts)
        options.add_options([Option(excerpt_label(e)) for e in self.excerpts])

    @on(OptionList.OptionSelected, "#matrix-excerpts")
    def open_excerpt(self, event: OptionList.OptionSelected) -> None:
        excerpt = self.excerpts[event.option_index]
        self.dismiss((excerpt.source, excerpt.start, excerpt.end))

    # -- changing what is shown ---------------------------------------------------------

    def action_rows(self) -> None:
        codes = list_codes(self.project)

        def chosen(keys: list[str] | None) -> None:
            if keys is not None:
                self.spec = replace(self.spec, rows=tuple(keys))
                self.rebuild()

        self.app.push_screen(RowsDialog(codes, list(self.spec.rows)), chosen)

    def action_by(self) -> None:
        keys = sorted({k for a in attributes_by_document(self.project).values() for k in a})
        choices = [(f"attribute: {k}", k) for k in keys]
        choices += [("each source", "source"), ("source kind", "kind"), ("all together", "all")]

        def chosen(by: str | None) -> None:
            if by:
                self.spec = replace(self.spec, by=by)
                self.rebuild()

        self.app.push_screen(ChooseDialog("Columns: cases by…", choices), chosen)

    def action_filters(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                filters = MatrixFilters.parse(text)
            except ValueError as exc:
                self.notify(f"Cannot read the filters: {exc}", severity="error")
                return
            self.spec = replace(self.spec, filters=filters)
            self.rebuild()

        self.app.push_screen(
            TextPrompt(
                "Filters (empty for none)",
                self.spec.filters.query(),
                placeholder='office=Nordby kind=interview coder=kari text="sette grenser"',
            ),
            chosen,
        )

    def action_nest(self) -> None:
        self.spec = replace(self.spec, nest=not self.spec.nest)
        self.rebuild()
        self.notify("Categories nested under their themes" if self.spec.nest else "Rows as chosen")

    def action_export(self) -> None:
        if self.matrix is None:
            return

        def with_format(fmt: str | None) -> None:
            if not fmt:
                return
            default = str(self.project.path.with_name(f"matrix.{fmt}"))
            self.app.push_screen(
                TextPrompt(f"Export {fmt} to", default),
                lambda path: self.export(path, fmt) if path else None,
            )

        formats = [(f, f) for f in FORMATS]
        self.app.push_screen(ChooseDialog("Export what is on screen as…", formats), with_format)

    def export(self, path: str, fmt: str) -> None:
        assert self.matrix is not None
        try:
            result = export_matrix(
                self.matrix,
                Path(path).expanduser(),
                fmt,
                pseudonymiser=Pseudonymiser.for_project(self.project),
            )
        except QcodeError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        for warning in result.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.notify(f"Wrote {Path(result.path).resolve()}", timeout=10)

    def action_back(self) -> None:
        self.dismiss(None)
