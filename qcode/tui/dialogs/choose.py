"""Pick one of several things (which overlapping coding, which memo target, which parent)."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from qcode.core.safetext import visible, visible_line

T = TypeVar("T")


class ChooseDialog(ModalScreen[T | None], Generic[T]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str | Text, T]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            yield OptionList(
                *[Option(_shown(label), id=str(i)) for i, (label, _) in enumerate(self.choices)],
                id="choices",
            )
            yield Label("enter choose · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


def _shown(label: str | Text) -> str | Text:
    """A plain label with control characters escaped; a `Text` label is built escaped by
    its caller (escaping would move its styled spans)."""
    return visible(label) if isinstance(label, str) else label
