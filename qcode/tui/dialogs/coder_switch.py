"""Who is coding: pick one of the project's coders, or type a new name, to code as them.

The app reopens the project as the coder chosen, so new codings, memos and undo are
theirs from then on (undo takes back only their own changes). A name is checked by the
core when the project opens (no control characters); a refusal is shown, not raised.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qcode.core.coding.coders import CoderSummary
from qcode.core.safetext import visible_line


def coder_label(coder: CoderSummary) -> Text:
    """`A anna  12 codings · active`: the mark, the name, how much they coded."""
    text = Text()
    text.append(f"{coder.mark or ' '} ", style="bold")
    text.append(visible_line(coder.name))
    noun = "coding" if coder.codings == 1 else "codings"
    text.append(f"  {coder.codings} {noun}", style="dim")
    if coder.active:
        text.append(" · active", style="bold")
    return text


class CoderSwitch(ModalScreen[str | None]):
    """Returns the coder chosen or typed, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, coders: list[CoderSummary]) -> None:
        super().__init__()
        self.coders = coders

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Code as which coder?", classes="dialog-title")
            yield OptionList(
                *[Option(coder_label(c), id=str(i)) for i, c in enumerate(self.coders)],
                id="coders",
            )
            yield Input(placeholder="or type a new coder's name", id="new-coder")
            yield Label("enter choose · tab to type a name · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        active = next((i for i, c in enumerate(self.coders) if c.active), 0)
        options.highlighted = active
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.coders[int(event.option.id or 0)].name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
