"""Choose the matrix rows: any codes of the tree, ticked in a list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from qcode.core.model import Code
from qcode.core.safetext import visible_line


class RowsDialog(ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "done", "Use these rows", priority=True),
    ]

    def __init__(self, codes: list[Code], chosen: list[str]) -> None:
        super().__init__()
        self.codes = codes
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Matrix rows", classes="dialog-title")
            yield SelectionList[str](
                *[Selection(self.label(c), c.key, c.key in self.chosen) for c in self.codes]
            )
            yield Label(
                "space tick · enter use these rows (none: every coded theme) · esc cancel",
                classes="dialog-hint",
            )

    @staticmethod
    def label(code: Code) -> Text:
        text = Text("  " * (code.level - 1))
        text.append("■ ", style=code.colour)
        text.append(visible_line(code.name))
        return text

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        self.dismiss([c.key for c in self.codes if c.key in selected])

    def action_cancel(self) -> None:
        self.dismiss(None)
