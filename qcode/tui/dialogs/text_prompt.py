"""Ask for one line of text (a name, a path, a colour)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from qcode.core.safetext import visible_line


class TextPrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.shown = visible_line(value)  # an input draws its value raw: shown escaped
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            yield Input(self.shown, placeholder=self.placeholder, id="answer")
            yield Label("enter accept · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = self.value if event.value == self.shown else event.value  # unchanged: as it was
        self.dismiss(value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
