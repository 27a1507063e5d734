"""The review queue for keyword suggestions (`qcode suggest` makes them).

One suggestion at a time, in its context, with the matched words highlighted: the
analyst accepts, rejects or skips, or accepts every open suggestion of the code at once.
Suggestions are never codings until accepted; each decision is saved (and undoable) at
once, and rejected ones are never proposed again.
"""

from __future__ import annotations

import contextlib

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from qcode.core.codebook.codes import resolve_code
from qcode.core.coding import review
from qcode.core.coding.review import ReviewQueue, SuggestionView
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.tui.dialogs.confirm import ConfirmDialog


def passage(item: SuggestionView, colour: str) -> Text:
    """Context, the suggested unit tinted in the code's colour, matched words bold and
    reversed (so the reason for the suggestion is visible without colour too)."""
    text = Text()
    text.append("…" + item.before.lstrip(), style="dim")
    body = Text(item.text, style=f"on {colour}" if colour else "")
    for start, end in item.matches:
        a, b = start - item.start, end - item.start
        if 0 <= a < b <= len(item.text):
            body.stylize("bold reverse", a, b)
    text.append_text(body)
    text.append(item.after.rstrip() + "…", style="dim")
    return text


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("y", "accept", "Accept"),
        Binding("n", "reject", "Reject"),
        Binding("s,space", "skip", "Skip"),
        Binding("A", "accept_all", "Accept all of this code"),
        Binding("o", "open_source", "Open in reader"),
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(self, project: Project, code: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.queue = ReviewQueue(project, code)
        self.item: SuggestionView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Label("", id="review-counts")
            yield Label("", id="review-code")
            with VerticalScroll(id="review-body"):
                yield Static("", id="review-passage")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.show(self.queue.current())

    def reload(self) -> None:
        """After undo/redo: show what is open now, which is what `y` and `n` act on."""
        self.show(self.queue.current())

    def show(self, item: SuggestionView | None) -> None:
        self.item = item
        counts = self.queue.counts()
        self.query_one("#review-counts", Label).update(
            Text(
                f"{counts['open']} open · {counts['accepted']} accepted · "
                f"{counts['rejected']} rejected · {counts['skipped']} skipped this session",
                style="dim",
            )
        )
        body = self.query_one("#review-passage", Static)
        code_label = self.query_one("#review-code", Label)
        if item is None:
            code_label.update(Text("No open suggestions.", style="bold"))
            body.update(
                Text(
                    "Run `qcode suggest` to propose passages for the codebook's "
                    "keywords; esc goes back.",
                    style="dim",
                )
            )
            return
        colour = ""
        with contextlib.suppress(QcodeError):  # the code may have been deleted meanwhile
            colour = resolve_code(self.project, item.code).colour
        header = Text()
        header.append("■ ", style=colour)
        header.append(item.code_name, style="bold")
        header.append(
            f"  in {item.document}  ·  keyword “{item.keyword}” ({item.score:.0f})  ·  #{item.id}",
            style="dim",
        )
        code_label.update(header)
        body.update(
            Group(
                passage(item, self.tint(colour)),
                Text(""),
                Text(
                    "y accept · n reject · s skip · A accept all of this code · "
                    "o open in the reader",
                    style="dim",
                ),
            )
        )

    def tint(self, colour: str) -> str:
        """The code colour blended halfway into the background, to keep text readable."""
        if not colour.startswith("#") or len(colour) != 7:
            return ""
        background = (30, 30, 30) if self.app.current_theme.dark else (250, 250, 250)
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        mixed = [(c + b) // 2 for c, b in zip(rgb, background, strict=True)]
        return "#" + "".join(f"{c:02x}" for c in mixed)

    def action_accept(self) -> None:
        if self.item is not None:
            self.show(self.queue.accept())

    def action_reject(self) -> None:
        if self.item is not None:
            self.show(self.queue.reject())

    def action_skip(self) -> None:
        if self.item is not None:
            self.show(self.queue.skip())

    def action_accept_all(self) -> None:
        item = self.item
        if item is None:
            return
        n = len(review.open_ids(self.project, item.code))

        def answer(yes: bool | None) -> None:
            if yes:
                decision = self.queue.accept_all(item.code)
                self.notify(f"Accepted {len(decision.accepted)} suggestions of {item.code_name}")
                self.show(self.queue.current())

        self.app.push_screen(
            ConfirmDialog(
                f"Accept all {n} open suggestions of {item.code_name}?",
                yes="Accept all",
                no="Cancel",
            ),
            answer,
        )

    def action_open_source(self) -> None:
        item = self.item
        if item is None:
            return
        self.dismiss()
        main = self.app.main  # type: ignore[attr-defined]
        if main is not None:
            main.open_document(item.document, select=(item.start, item.end))

    def action_close(self) -> None:
        self.dismiss()
