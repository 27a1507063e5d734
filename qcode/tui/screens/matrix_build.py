"""The matrix view's build, run in a worker thread: the spec to show, the matrix, its
summaries and the table's cells, made off the UI thread and handed back as one `Built`.

Which spec to show when the view opens is decided here too: the last view used in this
project (`views.last_used`: a saved view by name, or the settings last shown), else the
default. After the analyst changed what is shown, the build stores the new settings as the
last used, so opening an excerpt and coming back, closing and reopening the view, or
opening the project tomorrow shows the same matrix.

A change of columns, rows or filters changes where the excerpts go, not the sources: the
sources prepared by one build (`SourceTexts`, two thirds of a build's time) are kept for
the next, in this process, until the project changes; and the attribute keys the columns
dialog offers are read again only when the screen asks (on opening, after undo or redo).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.analysis import views
from qcode.core.analysis.matrix import Matrix, SourceTexts, build_matrix, default_spec
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.analysis.summaries import CellSummary, summaries_for
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.sources.documents import attributes_by_document
from qcode.tui.screens.matrix_grid import Grid, make_grid


@dataclass(frozen=True)
class Built:
    """What one build request produced: the matrix, or the one-line reason it failed."""

    request: int
    spec: MatrixSpec
    matrix: Matrix | None
    error: str = ""
    attribute_keys: tuple[str, ...] = ()  # what `b` offers as columns
    grid: Grid | None = None  # the table's cells and tallies, made in the worker
    view: str = ""  # the saved view the spec came from ("" for unsaved settings)
    view_spec: MatrixSpec | None = None  # that view's spec as saved (to say "changed")
    summaries: Mapping[tuple[str, str], CellSummary] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """What a build is asked for: `spec` None opens on the last view used (or the default);
    `remember` stores the spec as the last used once it built."""

    number: int
    spec: MatrixSpec | None
    dark: bool
    width: int
    view: str = ""
    view_spec: MatrixSpec | None = None
    remember: bool = False
    texts: SourceTexts | None = None  # sources kept from earlier builds of this project
    attribute_keys: tuple[str, ...] | None = None  # known already (None: read them)


_kept: dict[Path, SourceTexts] = {}


def kept_texts(path: Path) -> SourceTexts:
    """The sources kept for the project at `path` between builds, and between openings of
    the view (the most recent project only: one open project is what the app shows)."""
    if path not in _kept:
        _kept.clear()
        _kept[path] = SourceTexts()
    return _kept[path]


def build_on_own_connection(project: Project, ask: Request) -> Built:
    """Build in a worker thread: a connection of its own (SQLite connections are not
    shared between threads here), the spec to open on computed there too when none is
    given (the last view used in this project, else the default), the attribute keys the
    columns dialog offers (reading every source's attributes takes longer than a keypress
    may on a large project), the cells' summaries and the table's cells."""
    with Project.open(project.path, coder=project.coder) as own:
        spec, view, view_spec = ask.spec, ask.view, ask.view_spec
        matrix = None
        if spec is None:
            last = views.last_used(own)
            if last is not None:
                spec, view = last.spec, last.name
                view_spec = last.spec if last.name else None
                try:
                    matrix = build_matrix(own, spec, ask.texts)
                except QcodeError:  # a code or attribute of the remembered view is gone
                    spec, view, view_spec = None, "", None
            spec = spec or default_spec(own)
        keys = ask.attribute_keys
        if keys is None:
            keys = tuple(sorted({k for a in attributes_by_document(own).values() for k in a}))
        matrix = matrix or build_matrix(own, spec, ask.texts)
        summaries = summaries_for(own, matrix)
        if ask.remember:
            remember_view(own, spec, view, view_spec)
    grid = make_grid(matrix, ask.dark, ask.width, summaries)
    return Built(ask.number, spec, matrix, "", keys, grid, view, view_spec, summaries)


def remember_view(
    project: Project, spec: MatrixSpec, view: str, view_spec: MatrixSpec | None
) -> None:
    """Store what is shown as the last used: the saved view by name while the spec is
    still the view's, else the settings themselves."""
    if view and spec == view_spec:
        try:
            views.mark_used(project, view)
            return
        except QcodeError:  # removed meanwhile (by another process)
            pass
    views.remember_settings(project, spec)
