"""Search all sources (FTS5 through the core): hits with context; enter opens the hit in
the reader with the match selected, ready to code.

Each keystroke asks for a search in a thread worker on its own connection; results come
back as a typed message, numbered, so the hits of an older query never replace those of
the newer one typed since.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qcode.core.analysis.search import SearchHit, search
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line


def hit_label(hit: SearchHit) -> Text:
    text = Text()
    text.append(f"{visible_line(hit.document)}:{hit.line}  ", style="bold")
    context = hit.context
    left, _, rest = context.partition("[")
    match, _, right = rest.partition("]")
    text.append(visible_line(left))
    text.append(visible_line(match), style="reverse bold")
    text.append(visible_line(right))
    return text


class SearchScreen(ModalScreen[SearchHit | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
    ]

    class Found(Message):
        """A search finished (in a worker): its hits, or why it could not run."""

        def __init__(self, request: int, hits: list[SearchHit], error: str = "") -> None:
            super().__init__()
            self.request = request
            self.hits = hits
            self.error = error

    def __init__(self, project: Project, query: str = "") -> None:
        super().__init__()
        self.project = project
        self.initial = query
        self.hits: list[SearchHit] = []
        self.requested = 0  # the number of the latest search asked for

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Label("Search all sources", classes="dialog-title")
            yield Input(
                self.initial,
                placeholder='words match as prefixes; "quote" a phrase',
                id="search-query",
            )
            yield Label("", id="search-count", classes="dialog-hint")
            yield OptionList(id="search-hits")
            yield Label("enter open · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial:
            self.ask(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        if len(event.value.strip()) >= 2:
            self.ask(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.hits:
            self.dismiss(self.hits[options.highlighted])
        elif event.value.strip():
            self.ask(event.value)

    def ask(self, query: str) -> None:
        """Search for `query` in a worker; the hits arrive as a `Found` message."""
        self.requested += 1
        self.run_search(self.requested, query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, request: int, query: str) -> None:
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                hits = search(own, query, limit=500)
        except QcodeError as exc:
            self.post_message(self.Found(request, [], str(exc)))
            return
        self.post_message(self.Found(request, hits))

    @on(Found)
    def found(self, event: Found) -> None:
        if event.request == self.requested:  # else overtaken by what was typed since
            self.show_hits(event.hits, event.error)

    def show_hits(self, hits: list[SearchHit], error: str) -> None:
        self.hits = hits
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(hit_label(h)) for h in hits])
        if hits:
            options.highlighted = 0
        sources = len({h.document for h in hits})
        self.query_one("#search-count", Label).update(
            visible(error) if error else f"{len(hits)} hits in {sources} sources"
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
