"""Write or edit the summary of one matrix cell while reading the cell's excerpts.

The framework method charts a cell by summarising its excerpts in the analyst's own words,
so the excerpts stay in view while the summary is written: beside the text area on a wide
screen, beneath it on a narrow one. The excerpts can be scrolled (tab moves there and
back); the dialog never changes the project itself: it returns the text, and the matrix
view saves it (an audited, undoable change) or, for an emptied summary, asks before
removing it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from qcode.core.analysis.matrix import Excerpt
from qcode.core.safetext import visible, visible_line

SHOWN = 60  # excerpts put in the dialog at most (the matrix view lists them all)
WIDE = 110  # from this screen width the excerpts stand beside the text area


def excerpts_text(excerpts: list[Excerpt]) -> Text:
    """The cell's excerpts as one scrollable text: each citation over its words."""
    text = Text()
    for i, excerpt in enumerate(excerpts[:SHOWN]):
        if i:
            text.append("\n\n")
        text.append(visible_line(excerpt.citation) + "\n", style="bold")
        text.append(visible_line(" ".join(excerpt.text.split())))
    if len(excerpts) > SHOWN:
        text.append(f"\n\n… and {len(excerpts) - SHOWN} more (listed in the matrix view)")
    if not excerpts:
        text.append("This cell has no excerpts now.", style="dim")
    return text


class SummaryEditor(ModalScreen[str | None]):
    """Dismissed with the text (maybe empty: the caller asks before removing) on ctrl+s,
    with None on escape."""

    DEFAULT_CSS = """
    SummaryEditor .summary-dialog {
        width: 90%;
        max-width: 160;
        height: 90%;
    }
    SummaryEditor #summary-panes {
        layout: vertical;
        height: 1fr;
    }
    SummaryEditor #summary-panes.wide {
        layout: horizontal;
    }
    SummaryEditor #summary-text {
        height: 1fr;
        min-height: 4;
    }
    SummaryEditor #summary-excerpts {
        height: 1fr;
        border: round $primary-darken-1;
        padding: 0 1;
    }
    SummaryEditor #summary-panes.wide #summary-text,
    SummaryEditor #summary-panes.wide #summary-excerpts {
        width: 1fr;
        height: 100%;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save summary", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, excerpts: list[Excerpt]) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.shown = visible(text)  # the text area draws raw text: it holds the escapes
        self.excerpts = excerpts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog summary-dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            with Container(id="summary-panes"):
                yield TextArea(self.shown, id="summary-text", soft_wrap=True)
                with VerticalScroll(id="summary-excerpts"):
                    yield Static(excerpts_text(self.excerpts))
            yield Label(
                "ctrl+s save (empty: remove) · tab to the excerpts · esc cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#summary-panes").set_class(self.app.size.width >= WIDE, "wide")
        excerpts = self.query_one("#summary-excerpts")
        excerpts.border_title = f"{len(self.excerpts)} excerpts"
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss((self.text if text == self.shown else text).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
