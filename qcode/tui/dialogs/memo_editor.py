"""Write or edit a memo: multi-line, saved with ctrl+s, cancelled with escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from qcode.core.safetext import visible, visible_line


class MemoEditor(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save memo", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        # the text area draws what it holds raw: it holds the memo with visible escapes,
        # and saving it unchanged keeps the memo as it was
        self.shown = visible(text)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo-dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            yield TextArea(self.shown, id="memo-text", soft_wrap=True)
            yield Label("ctrl+s save · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss((self.text if text == self.shown else text).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
