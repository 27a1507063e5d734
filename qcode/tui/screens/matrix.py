"""The excerpt matrix in the terminal: themes × cases as a grid of shaded counts.

Enter on a cell lists its excerpts; enter on an excerpt opens it in the reader. Rows,
columns and filters change in place, and `x` exports exactly what is on screen through
the same core function as `qcode matrix -o` (pseudonyms applied).

Building a matrix reads every coding and its source text (a quarter of a second on a
large project), so it runs in a thread worker on its own connection and the result comes
back as a message: the keys stay responsive, the status line says "building…", and each
request is numbered so a slow, older build can never replace a newer one. Export runs in
a worker too.

What the view shows is remembered in the project (`views.last_used`, outside the audit
log): the view opens on what it showed last, after an excerpt was opened and after it
was closed, in this session or the next. `v` saves it as a named view, `l` loads one, and
the status line names the view. `s` writes the summary of the cell under the cursor
(framework charting) beside its excerpts; the cell shows a mark and the excerpt pane shows
the summary first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from qcode.core.analysis import views
from qcode.core.analysis.matrix import Excerpt, Matrix
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.analysis.summaries import (
    CellSummary,
    remove_summary,
    set_summary,
    summaries_for,
)
from qcode.core.codebook.codes import list_codes
from qcode.core.errors import QcodeError
from qcode.core.export import FORMATS, ExportResult, export_matrix
from qcode.core.export.i18n import export_language
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.filter_prompt import FilterPrompt
from qcode.tui.dialogs.rows_dialog import RowsDialog
from qcode.tui.dialogs.summary_editor import SummaryEditor
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.messages import OpenExcerpt, ProjectChanged
from qcode.tui.screens.matrix_build import Built, Request, build_on_own_connection, kept_texts
from qcode.tui.screens.matrix_grid import Grid, excerpt_label, status_line

EXCERPT_PAGE = 10  # excerpts listed at a time (a screen shows fewer)


class MatrixScreen(Screen[None]):
    """Enter on an excerpt posts `OpenExcerpt` (the app passes it to the workbench) and
    closes the view; a `ProjectChanged` the app passes down (undo, redo) rebuilds."""

    DEFAULT_CSS = """
    MatrixScreen #matrix-spec, MatrixScreen #matrix-cell { width: 100%; }
    MatrixScreen #matrix-summary {
        height: auto;
        max-height: 6;
        padding: 0 1;
        border-left: thick $accent;
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding("r", "rows", "Rows"),
        Binding("b", "by", "Columns"),
        Binding("f", "filters", "Filters"),
        Binding("n", "nest", "Nest"),
        Binding("s", "summary", "Summary"),
        Binding("v", "save_view", "Save view"),
        Binding("l", "load_view", "Load view"),
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
        self.spec: MatrixSpec | None = spec  # None until the first build chose one
        self.matrix: Matrix | None = None
        self.excerpts: list[Excerpt] = []
        self.requested = 0  # the number of the latest build request
        self.shown = 0  # the number of the request whose result is on screen (or failed)
        self.attribute_keys: tuple[str, ...] = ()
        self.cell_shown: tuple[int, int] | None = None  # (row, column) listed below the grid
        self.grid: Grid | None = None  # the table of `matrix`, with its tallies
        self.view = ""  # the saved view on screen, "" for unsaved settings
        self.view_spec: MatrixSpec | None = None  # that view's spec as saved
        self.summaries: Mapping[tuple[str, str], CellSummary] = {}
        self.texts = kept_texts(project.path)  # sources prepared by earlier builds

    @property
    def building(self) -> bool:
        """A build was asked for and its result has not arrived yet."""
        return self.shown != self.requested

    def compose(self) -> ComposeResult:
        with Vertical(id="matrix"):
            yield Label("", id="matrix-spec")
            yield DataTable(id="matrix-grid", cursor_type="cell", zebra_stripes=False)
            yield Label("", id="matrix-cell")
            yield Static("", id="matrix-summary")
            yield OptionList(id="matrix-excerpts")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#matrix-summary").display = False
        self.rebuild(remember=self.spec is not None)
        self.query_one(DataTable).focus()

    def on_project_changed(self, message: ProjectChanged) -> None:
        """After undo/redo: the counts and excerpts as the project now has them, built in
        the worker like any other change."""
        message.stop()
        self.rebuild(fresh=True)

    def on_resize(self, event: Resize) -> None:
        """The table is made for the screen's width (names give way to counts): remade
        for the new width, in the worker like a change."""
        if self.grid is not None and abs(self.grid.width - self.table_width()) > 1:
            self.rebuild()
        else:
            self.show_status()

    def table_width(self) -> int:
        return max(self.app.size.width - 4, 20)

    def rebuild(self, remember: bool = False, fresh: bool = False) -> None:
        """Ask for the matrix of the current spec; the screen keeps working meanwhile.
        `remember`: the analyst changed what is shown, so it becomes the last used.
        `fresh`: the project changed, so the attribute keys are read again."""
        self.requested += 1
        self.show_status()
        ask = Request(
            self.requested,
            self.spec,
            self.app.current_theme.dark,
            self.table_width(),
            self.view,
            self.view_spec,
            remember,
            self.texts,
            None if fresh or not self.attribute_keys else self.attribute_keys,
        )
        self.build(ask)

    @work(thread=True, exclusive=True, group="matrix-build")
    def build(self, ask: Request) -> None:
        try:
            built = build_on_own_connection(self.project, ask)
        except QcodeError as exc:
            spec = ask.spec or MatrixSpec()
            built = Built(ask.number, spec, None, str(exc), self.attribute_keys)
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
        self.view, self.view_spec, self.summaries = built.view, built.view_spec, built.summaries
        self.show_matrix(built.matrix)

    def show_status(self) -> None:
        """The status line: the view, rows, columns, filters and excerpts of what is on
        screen (fitted to the width: the filters always show), or "building…"."""
        m, spec, grid = self.matrix, self.spec, self.grid
        line = Text()
        if m is not None and spec is not None and grid is not None:
            view = visible_line(self.view)
            if view and spec != self.view_spec:
                view += " (changed)"
            note = ""
            if grid.left_out:
                note = f"(the first {grid.cases - grid.left_out} of {grid.cases}; x exports all)"
            line = status_line(
                self.table_width(),
                view,
                [visible_line(r.key) for r in m.rows if r.depth == 0],
                m.spec.nest,
                visible_line(m.by),
                visible_line(spec.filters.query()),
                grid.excerpt_count,
                note,
            )
        if self.building:
            line.append(" · " if line else "", style="dim")
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
        table.header_height = grid.header_height
        for label, key, width in grid.columns:
            table.add_column(label, key=key, width=width)
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

    def cell_at(self, row: int, column: int) -> tuple[str, str] | None:
        """(row key, case label) of a count in the table, None on a code name."""
        m = self.matrix
        if m is None or not m.rows or not m.cases or column == 0 or row >= len(m.rows):
            return None
        if column - 1 >= len(m.cases):
            return None
        return m.rows[row].key, m.cases[column - 1].label

    def show_cell(self, row: int, column: int) -> None:
        m = self.matrix
        self.cell_shown = (row, column)
        label = self.query_one("#matrix-cell", Label)
        summary_pane = self.query_one("#matrix-summary", Static)
        options = self.query_one("#matrix-excerpts", OptionList)
        options.clear_options()
        self.excerpts = []
        where = self.cell_at(row, column)
        if m is None or where is None:
            summary_pane.display = False
            label.update(Text("enter on a count lists its excerpts", style="dim"))
            return
        cell = m.cells[row][column - 1]
        assert self.grid is not None  # set with the matrix
        counts = self.grid.counts[row][column - 1]
        summary = self.summaries.get(where)
        label.update(
            Text(
                f"{visible_line(m.rows[row].name)} × {visible_line(m.cases[column - 1].label)}: "
                f"{_n(counts.segments, 'excerpt')} from {_n(counts.sources, 'source')}, "
                f"{_n(counts.words, 'word')}  "
                f"(enter opens one · s {'edits its' if summary else 'writes a'} summary)",
                style="bold",
            )
        )
        summary_pane.display = summary is not None
        if summary is not None:
            text = Text("Summary", style="bold")
            if summary.orphan:
                text.append(" (no excerpts now)", style="dim")
            text.append("  " + visible_line(" ".join(summary.text.split())))
            summary_pane.update(text)
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
        """A new spec from the current one with `fields` replaced, and its build (which
        remembers it as the last used)."""
        if self.spec is None:
            return  # the first build has not chosen the spec yet
        self.spec = replace(self.spec, **fields)
        self.rebuild(remember=True)

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
        """The filter prompt: enter applies what it holds (empty: no filters), escape
        leaves the filters as they were. The coders are filters like the others."""
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
            FilterPrompt(
                "Filters (empty: none · esc keeps them)",
                self.spec.filters.query(),
                placeholder='office=Nordby kind=interview coder=kari text="sette grenser"',
            ),
            chosen,
        )

    def action_nest(self) -> None:
        if self.spec is None:
            return
        self.change(nest=not self.spec.nest)  # the status line says "(categories nested)"

    # -- summaries and saved views -----------------------------------------------------

    def action_summary(self) -> None:
        """Write or edit the summary of the cell under the cursor, its excerpts beside."""
        m, cursor = self.matrix, self.query_one(DataTable).cursor_coordinate
        where = self.cell_at(cursor.row, cursor.column)
        if m is None or where is None:
            self.notify("Move to a count first: a summary belongs to a cell", severity="warning")
            return
        row, case = m.rows[cursor.row], m.cases[cursor.column - 1]
        old = self.summaries.get(where)
        title = f"Summary: {row.name} × {case.label}"
        excerpts = list(m.cells[cursor.row][cursor.column - 1].excerpts)

        def written(text: str | None) -> None:
            if text is None or text == (old.text if old else ""):
                return
            if text:
                self.write_summary(row.key, case.label, m.by, text)
                return

            def sure(yes: bool | None) -> None:
                if yes:
                    self.write_summary(row.key, case.label, m.by, None)

            self.app.push_screen(
                ConfirmDialog(f"Remove the summary of {row.name} × {case.label}?", "Remove"),
                sure,
            )

        self.app.push_screen(SummaryEditor(title, old.text if old else "", excerpts), written)

    def write_summary(self, code: str, case: str, by: str, text: str | None) -> None:
        """Save (or, with None, remove) one cell's summary: an audited change that ctrl+z
        undoes; every screen hears of it, this one rebuilds with the mark."""
        try:
            if text is None:
                remove_summary(self.project, code, case, by)
                said = f"Removed the summary of {code} × {case}"
            else:
                set_summary(self.project, code, case, text, by)
                said = f"Saved the summary of {code} × {case}"
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        self.app.post_message(ProjectChanged(said))

    def action_save_view(self) -> None:
        """Save what is shown as a named view (asks before replacing one)."""
        spec = self.spec
        if spec is None:
            return

        def save(name: str, replace_it: bool) -> None:
            try:
                saved = views.save_view(self.project, name, spec, replace=replace_it)
            except QcodeError as exc:
                self.notify(visible(str(exc)), severity="error")
                return
            views.mark_used(self.project, saved.name)
            self.view, self.view_spec = saved.name, saved.spec
            self.show_status()
            self.notify(visible(f"Saved view '{saved.name}'"))

        def named(name: str | None) -> None:
            if not name:
                return
            if any(v.name == name for v in self.saved_views()):
                self.app.push_screen(
                    ConfirmDialog(f"Replace the view '{name}'?", "Replace"),
                    lambda yes: save(name, True) if yes else None,
                )
            else:
                save(name, False)

        self.app.push_screen(
            TextPrompt("Save this view as", self.view, placeholder="makt-per-kontor"), named
        )

    def saved_views(self) -> list[views.SavedView]:
        try:
            return views.list_views(self.project)
        except QcodeError as exc:  # a view whose options cannot be read: say which
            self.notify(visible(str(exc)), severity="error")
            return []

    def action_load_view(self) -> None:
        """Pick a saved view by name; the matrix shows it and opens on it next time."""
        saved = self.saved_views()
        if not saved:
            self.notify("No saved views yet: v saves what is shown", severity="warning")
            return
        choices: list[tuple[str | Text, views.SavedView]] = []
        for v in saved:
            label = Text(visible_line(v.name), style="bold")
            rows = ", ".join(v.spec.rows) or "coded themes"
            filters = v.spec.filters.query() or "no filters"
            label.append(visible_line(f"  rows {rows} · by {v.spec.by} · {filters}"), style="dim")
            choices.append((label, v))

        def chosen(view: views.SavedView | None) -> None:
            if view is None:
                return
            self.spec, self.view, self.view_spec = view.spec, view.name, view.spec
            self.rebuild(remember=True)

        self.app.push_screen(ChooseDialog("Load a saved view", choices), chosen)

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
                    summaries=summaries_for(own, matrix),  # as written now, not as shown
                    lang=export_language(own, None),  # the project's language, as the CLI
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


def _n(count: int, noun: str) -> str:
    """`1 excerpt`, `2 excerpts`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
