"""The excerpt matrix in the terminal: themes × cases as a grid of shaded counts.

Enter on a cell lists its excerpts; enter on an excerpt opens it in the reader. Rows,
columns and filters change in place, and `x` exports exactly what is on screen through
the same core function as `qcode matrix -o` (pseudonyms applied).

Building a matrix reads every coding and its source text (a quarter of a second on a
large project), so it runs in a thread worker on its own connection and the result comes
back as a message: the keys stay responsive, the status line says "building…", and each
request is numbered so a slow, older build can never replace a newer one. Export runs in
a worker too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
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
from qcode.core.export import FORMATS, ExportResult, export_matrix
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.core.sources.documents import attributes_by_document
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.rows_dialog import RowsDialog
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.messages import OpenExcerpt, ProjectChanged
from qcode.tui.screens.matrix_grid import Grid, excerpt_label, make_grid

EXCERPT_PAGE = 10  # excerpts listed at a time (a screen shows fewer)


@dataclass(frozen=True)
class Built:
    """What one build request produced: the matrix, or the one-line reason it failed."""

    request: int
    spec: MatrixSpec
    matrix: Matrix | None
    error: str = ""
    attribute_keys: tuple[str, ...] = ()  # what `b` offers as columns
    grid: Grid | None = None  # the table's cells and tallies, made in the worker


def build_on_own_connection(
    project: Project, request: int, spec: MatrixSpec | None, dark: bool
) -> Built:
    """Build in a worker thread: a connection of its own (SQLite connections are not
    shared between threads here), the default spec computed there too when none is given,
    the attribute keys the columns dialog offers (reading every source's attributes
    takes longer than a keypress may on a large project), and the table's cells."""
    with Project.open(project.path, coder=project.coder) as own:
        spec = spec or default_spec(own)
        keys = sorted({k for a in attributes_by_document(own).values() for k in a})
        matrix = build_matrix(own, spec)
    return Built(request, spec, matrix, "", tuple(keys), make_grid(matrix, dark))


class MatrixScreen(Screen[None]):
    """Enter on an excerpt posts `OpenExcerpt` (the app passes it to the workbench) and
    closes the view; a `ProjectChanged` the app passes down (undo, redo) rebuilds."""

    BINDINGS = [
        Binding("r", "rows", "Rows"),
        Binding("b", "by", "Columns"),
        Binding("f", "filters", "Filters"),
        Binding("n", "nest", "Nest categories"),
        Binding("x", "export", "Export"),
        Binding("escape", "back", "Back"),
    ]

    class MatrixBuilt(Message):
        """A build request finished (in a worker); stale ones are dropped on arrival."""

        def __init__(self, built: Built) -> None:
            super().__init__()
            self.built = built

    class Exported(Message):
        """An export finished (in a worker): where it went, or why it failed."""

        def __init__(self, result: ExportResult | None, error: str = "") -> None:
            super().__init__()
            self.result = result
            self.error = error

    def __init__(self, project: Project, spec: MatrixSpec | None = None) -> None:
        super().__init__()
        self.project = project
        self.spec: MatrixSpec | None = spec  # None until the first build chose the default
        self.matrix: Matrix | None = None
        self.excerpts: list[Excerpt] = []
        self.requested = 0  # the number of the latest build request
        self.shown = 0  # the number of the request whose result is on screen (or failed)
        self.attribute_keys: tuple[str, ...] = ()
        self.cell_shown: tuple[int, int] | None = None  # (row, column) listed below the grid
        self.grid: Grid | None = None  # the table of `matrix`, with its tallies

    @property
    def building(self) -> bool:
        """A build was asked for and its result has not arrived yet."""
        return self.shown != self.requested

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

    def on_project_changed(self, message: ProjectChanged) -> None:
        """After undo/redo: the counts and excerpts as the project now has them, built in
        the worker like any other change."""
        message.stop()
        self.rebuild()

    def rebuild(self) -> None:
        """Ask for the matrix of the current spec; the screen keeps working meanwhile."""
        self.requested += 1
        self.show_status()
        self.build(self.requested, self.spec, self.app.current_theme.dark)

    @work(thread=True, exclusive=True, group="matrix-build")
    def build(self, request: int, spec: MatrixSpec | None, dark: bool) -> None:
        try:
            built = build_on_own_connection(self.project, request, spec, dark)
        except QcodeError as exc:
            built = Built(request, spec or MatrixSpec(), None, str(exc), self.attribute_keys)
        self.post_message(self.MatrixBuilt(built))

    @on(MatrixBuilt)
    def matrix_built(self, event: MatrixBuilt) -> None:
        built = event.built
        if built.request != self.requested:
            return  # an older request, overtaken by a newer one: never shown
        self.shown = built.request
        self.attribute_keys = built.attribute_keys
        if built.matrix is None:
            self.show_status()
            self.notify(visible(built.error), severity="error")
            return
        self.spec, self.matrix, self.grid = built.spec, built.matrix, built.grid
        self.show_matrix(built.matrix)

    def show_status(self) -> None:
        """The status line: rows, columns, filters and excerpts of what is on screen, or
        of what is being built."""
        m, spec, grid = self.matrix, self.spec, self.grid
        line = Text()
        if m is not None and spec is not None and grid is not None:
            line.append("rows ", style="dim")
            line.append(", ".join(r.key for r in m.rows) or "(none coded)")
            if m.spec.nest:
                line.append(" (categories nested)", style="dim")
            line.append("  ·  columns ", style="dim")
            line.append(m.by)
            if grid.left_out:
                line.append(
                    f" (the first {grid.cases - grid.left_out} of {grid.cases}; x exports all)",
                    style="dim",
                )
            line.append("  ·  filters ", style="dim")
            line.append(visible_line(spec.filters.query()) or "none")
            line.append(f"  ·  {grid.excerpt_count} excerpts", style="dim")
        if self.building:
            line.append("  ·  " if line else "", style="dim")
            line.append("building…", style="bold")
        self.query_one("#matrix-spec", Label).update(line)

    def show_matrix(self, m: Matrix) -> None:
        """Fill the table with the cells the worker made, then list the cursor's cell."""
        grid = self.grid
        assert grid is not None  # set with the matrix it was made from
        self.show_status()
        table = self.query_one(DataTable)
        was = table.cursor_coordinate
        table.clear(columns=True)
        for label, key in grid.columns:
            table.add_column(label, key=key)
        for key, cells in grid.rows:
            table.add_row(*cells, key=key)
        # on a count, where enter lists excerpts (not on the code names)
        shown = len(grid.columns) - 1  # cases in the table
        row, column = min(was.row, max(len(m.rows) - 1, 0)), min(max(was.column, 1), shown)
        table.move_cursor(row=row, column=column)
        self.show_cell(row, column)

    @on(DataTable.CellHighlighted)
    def cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """List the highlighted cell's excerpts, once: refilling the table highlights
        (0, 0) and then the cell the cursor moves to, and both arrive after the cell
        under the cursor was listed; only a highlight still under the cursor counts."""
        where = (event.coordinate.row, event.coordinate.column)
        cursor = event.data_table.cursor_coordinate
        if where != (cursor.row, cursor.column) or where == self.cell_shown:
            return
        self.show_cell(*where)

    @on(DataTable.CellSelected)
    def cell_selected(self, event: DataTable.CellSelected) -> None:
        where = (event.coordinate.row, event.coordinate.column)
        if where != self.cell_shown:  # (enter on the highlighted cell: listed already)
            self.show_cell(*where)
        excerpts = self.query_one("#matrix-excerpts", OptionList)
        if excerpts.option_count:
            excerpts.highlighted = 0
            excerpts.focus()

    def show_cell(self, row: int, column: int) -> None:
        m = self.matrix
        self.cell_shown = (row, column)
        label = self.query_one("#matrix-cell", Label)
        options = self.query_one("#matrix-excerpts", OptionList)
        options.clear_options()
        self.excerpts = []
        if m is None or not m.rows or not m.cases or column == 0 or row >= len(m.rows):
            label.update(Text("enter on a count lists its excerpts", style="dim"))
            return
        cell = m.cells[row][column - 1]
        assert self.grid is not None  # set with the matrix
        counts = self.grid.counts[row][column - 1]
        label.update(
            Text(
                f"{visible_line(m.rows[row].name)} × {visible_line(m.cases[column - 1].label)}: "
                f"{counts.segments} excerpts "
                f"from {counts.sources} sources, {counts.words} words  (enter opens one)",
                style="bold",
            )
        )
        self.excerpts = list(cell.excerpts)
        self.list_more_excerpts()

    def list_more_excerpts(self) -> None:
        """Add the next page of the cell's excerpts to the list. A cell can hold hundreds
        and wrapping each costs about half a millisecond, so moving the table's cursor
        lists one page; moving down to the list's end adds the next."""
        options = self.query_one("#matrix-excerpts", OptionList)
        shown = options.option_count
        page = self.excerpts[shown : shown + EXCERPT_PAGE]
        if page:
            options.add_options([Option(excerpt_label(e)) for e in page])

    @on(OptionList.OptionHighlighted, "#matrix-excerpts")
    def excerpt_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= event.option_list.option_count - 1:
            self.list_more_excerpts()

    @on(OptionList.OptionSelected, "#matrix-excerpts")
    def open_excerpt(self, event: OptionList.OptionSelected) -> None:
        excerpt = self.excerpts[event.option_index]
        self.app.post_message(OpenExcerpt(excerpt.source, excerpt.start, excerpt.end))
        self.dismiss(None)

    # -- changing what is shown ---------------------------------------------------------

    def change(self, **fields: Any) -> None:
        """A new spec from the current one with `fields` replaced, and its build."""
        if self.spec is None:
            return  # the first build has not chosen the default spec yet
        self.spec = replace(self.spec, **fields)
        self.rebuild()

    def action_rows(self) -> None:
        if self.spec is None:
            return
        codes = list_codes(self.project)

        def chosen(keys: list[str] | None) -> None:
            if keys is not None:
                self.change(rows=tuple(keys))

        self.app.push_screen(RowsDialog(codes, list(self.spec.rows)), chosen)

    def action_by(self) -> None:
        if self.spec is None:
            return
        choices: list[tuple[str | Text, str]] = [
            (f"attribute: {k}", k) for k in self.attribute_keys
        ]
        choices += [("each source", "source"), ("source kind", "kind"), ("all together", "all")]

        def chosen(by: str | None) -> None:
            if by:
                self.change(by=by)

        self.app.push_screen(ChooseDialog("Columns: cases by…", choices), chosen)

    def action_filters(self) -> None:
        if self.spec is None:
            return

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                filters = MatrixFilters.parse(text)
            except QcodeError as exc:  # an unclosed quote, "=value" without a key
                self.notify(visible(f"Cannot read the filters: {exc}"), severity="error")
                return
            self.change(filters=filters)

        self.app.push_screen(
            TextPrompt(
                "Filters (empty for none)",
                self.spec.filters.query(),
                placeholder='office=Nordby kind=interview coder=kari text="sette grenser"',
            ),
            chosen,
        )

    def action_nest(self) -> None:
        if self.spec is None:
            return
        self.change(nest=not self.spec.nest)  # the status line says "(categories nested)"

    def action_export(self) -> None:
        matrix = self.matrix
        if matrix is None:
            return

        def with_format(fmt: str | None) -> None:
            if not fmt:
                return
            default = str(self.project.path.with_name(f"matrix.{fmt}"))

            def to(path: str | None) -> None:
                if path:
                    self.notify(f"Writing {fmt}…")
                    self.export(matrix, path, fmt)

            self.app.push_screen(TextPrompt(f"Export {fmt} to", default), to)

        formats: list[tuple[str | Text, str]] = [(f, f) for f in FORMATS]
        self.app.push_screen(ChooseDialog("Export what is on screen as…", formats), with_format)

    @work(thread=True, group="matrix-export")
    def export(self, matrix: Matrix, path: str, fmt: str) -> None:
        """Write `matrix` (what was on screen when asked) in a worker, pseudonyms applied."""
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                result = export_matrix(
                    matrix,
                    Path(path).expanduser(),
                    fmt,
                    pseudonymiser=Pseudonymiser.for_project(own),
                )
        except QcodeError as exc:
            self.post_message(self.Exported(None, str(exc)))
            return
        self.post_message(self.Exported(result))

    @on(Exported)
    def exported(self, event: Exported) -> None:
        if event.result is None:
            self.notify(visible(event.error), severity="error", timeout=8)
            return
        for warning in event.result.warnings:
            self.notify(visible(warning), severity="warning", timeout=10)
        self.notify(visible(f"Wrote {Path(event.result.path).resolve()}"), timeout=10)

    def action_back(self) -> None:
        self.dismiss(None)
