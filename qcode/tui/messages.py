"""Messages that travel between screens and the app.

Screens and widgets never call each other's methods: they post one of these and whoever
owns the state handles it (the main screen refreshes its panes on `ProjectChanged`, opens
a source on `OpenExcerpt`). A widget's own messages (`CodeTree.AddRequested`, ...) live in
the widget's module; these are the ones more than one screen posts or handles.
"""

from __future__ import annotations

from textual.message import Message

from qcode.core.coding.coders import CoderFilter


class ProjectChanged(Message):
    """The project was changed (a coding, an undo, an import, another process):
    panes that show it should reload. `summary` is said to the user when not empty."""

    def __init__(self, summary: str = "") -> None:
        super().__init__()
        self.summary = summary


class OpenExcerpt(Message):
    """Open a source (by name) in the reader with [start, end) selected."""

    def __init__(self, document: str, start: int, end: int) -> None:
        super().__init__()
        self.document = document
        self.start = start
        self.end = end


class CoderSwitched(Message):
    """Code as `coder` from now on: the app reopens the project as them and shows the
    workbench again, with `coder_filter` and the source `document` (if any) as they were."""

    def __init__(self, coder: str, coder_filter: CoderFilter, document: str | None) -> None:
        super().__init__()
        self.coder = coder
        self.coder_filter = coder_filter
        self.document = document
