"""Create or edit a code: name, key, colour, shortcut, description in one form."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from qcode.core.model import Code
from qcode.core.safetext import visible_line


@dataclass(frozen=True)
class CodeFields:
    name: str
    key: str
    colour: str
    shortcut: str
    description: str


class CodeEditor(ModalScreen[CodeFields | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, title: str, code: Code | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.code = code

    def compose(self) -> ComposeResult:
        # an input draws its value raw: the fields hold the code's text with visible
        # escapes, and saving stores what they show
        c = (
            replace(
                self.code,
                name=visible_line(self.code.name),
                description=visible_line(self.code.description),
            )
            if self.code
            else None
        )
        with Vertical(classes="dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            with Grid(classes="form"):
                yield Label("Name")
                yield Input(c.name if c else "", id="name")
                yield Label("Key")
                yield Input(c.key if c else "", placeholder="derived from the name", id="key")
                yield Label("Colour")
                yield Input(c.colour if c else "", placeholder="#rrggbb or a name", id="colour")
                yield Label("Shortcut")
                yield Input(
                    (c.shortcut or "") if c else "",
                    placeholder="a-z or 0-9",
                    max_length=1,
                    id="shortcut",
                )
                yield Label("Description")
                yield Input(c.description if c else "", id="description")
            yield Label("enter / ctrl+s save · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        def value(field: str) -> str:
            return self.query_one(f"#{field}", Input).value.strip()

        if not value("name"):
            self.notify("A code needs a name", severity="warning")
            return
        self.dismiss(
            CodeFields(
                value("name"),
                value("key"),
                value("colour"),
                value("shortcut"),
                value("description"),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
