"""The review queue for keyword suggestions (`qcode suggest` makes them).

One suggestion at a time, in its context, with the matched words highlighted: the
analyst accepts, rejects or skips, or accepts every open suggestion of the code at once.
Suggestions are never codings until accepted; each decision is saved (and undoable) at
once, and rejected ones are never proposed again.

A project can hold tens of thousands of open suggestions: putting them in reading order
takes longer than a keypress may, so the order (with the counts and the code colours) is
loaded in a thread worker on its own connection, when the screen opens and after every
change it did not make itself (undo, accept all). A decision then costs one write and one
suggestion read on the UI thread, and the queue advances in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from qcode.core.codebook.codes import list_codes, resolve_code
from qcode.core.coding import review
from qcode.core.coding.review import Decision, SuggestionView
from qcode.core.errors import NotFound, QcodeError
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.messages import OpenExcerpt, ProjectChanged


def passage(item: SuggestionView, colour: str) -> Text:
    """Context, the suggested unit tinted in the code's colour, matched words bold and
    reversed (so the reason for the suggestion is visible without colour too)."""
    text = Text()
    text.append("…" + visible(item.before.lstrip()), style="dim")
    body = Text(style=f"on {colour}" if colour else "")
    pos = 0  # escaped piece by piece, so a match's span stays on its words
    for start, end in sorted(item.matches):
        a, b = start - item.start, end - item.start
        if 0 <= a < b <= len(item.text) and b > pos:
            a = max(a, pos)  # overlapping matches: one span
            body.append(visible(item.text[pos:a]))
            body.append(visible(item.text[a:b]), style="bold reverse")
            pos = b
    body.append(visible(item.text[pos:]))
    text.append_text(body)
    text.append(visible(item.after.rstrip()) + "…", style="dim")
    return text


def pick(order: list[int], skipped: list[int]) -> int | None:
    """The suggestion to show: the first in reading order not skipped; when only skipped
    ones are left, the first of those (and the caller starts the skip list again)."""
    if not order:
        return None
    passed = set(skipped)
    return next((i for i in order if i not in passed), order[0])


@dataclass
class QueueState:
    """The open suggestions in reading order, the totals and the code colours, as one load
    found them; decisions made on this screen are applied in memory."""

    order: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # open, accepted, rejected
    colours: dict[str, str] = field(default_factory=dict)  # code key -> colour

    def apply(self, decision: Decision) -> None:
        decided = set(decision.accepted) | set(decision.rejected) | set(decision.unchanged)
        self.order = [i for i in self.order if i not in decided]
        self.counts["open"] = (
            self.counts.get("open", 0) - len(decision.accepted) - len(decision.rejected)
        )
        self.counts["accepted"] = self.counts.get("accepted", 0) + len(decision.accepted)
        self.counts["rejected"] = self.counts.get("rejected", 0) + len(decision.rejected)


def load_state(project: Project, code: str | None) -> QueueState:
    """Read the queue (in a worker: on a connection of the worker's own)."""
    totals = {"open": 0, "accepted": 0, "rejected": 0}
    key = resolve_code(project, code).key if code is not None else None
    for code_key, by_status in review.suggestion_counts(project).items():
        if key is None or code_key == key:
            for status, n in by_status.items():
                totals[status] += n
    colours = {c.key: c.colour for c in list_codes(project)}
    return QueueState(review.open_in_order(project, code), totals, colours)


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("y", "accept", "Accept"),
        Binding("n", "reject", "Reject"),
        Binding("s,space", "skip", "Skip"),
        Binding("A", "accept_all", "Accept all of this code"),
        Binding("o", "open_source", "Open in reader"),
        Binding("escape,q", "close", "Back"),
    ]

    class Loaded(Message):
        """A queue load finished (in a worker); `request` says which one."""

        def __init__(self, request: int, state: QueueState | None, error: str = "") -> None:
            super().__init__()
            self.request = request
            self.state = state
            self.error = error

    def __init__(self, project: Project, code: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.code = code
        self.state = QueueState()
        self.skipped: list[int] = []  # skipped this session: they come back last
        self.item: SuggestionView | None = None
        self.requested = 0  # the latest load asked for
        self.loaded = 0  # the load whose queue is in `state`
        self.changed = False  # decisions made here: the workbench is told on close

    @property
    def reading(self) -> bool:
        """A load of the queue was asked for and has not arrived yet."""
        return self.loaded != self.requested

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Label("", id="review-counts")
            yield Label("", id="review-code")
            with VerticalScroll(id="review-body"):
                yield Static("", id="review-passage")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.load()

    def on_project_changed(self, message: ProjectChanged) -> None:
        """After undo/redo: show what is open now, which is what `y` and `n` act on."""
        message.stop()
        self.load()

    def reload(self) -> None:
        self.load()

    # -- loading -----------------------------------------------------------------------

    def load(self) -> None:
        """Read the queue again in a worker; the screen shows "loading…" meanwhile."""
        self.requested += 1
        self.show_counts()
        self.read_queue(self.requested)

    @work(thread=True, exclusive=True, group="review-load")
    def read_queue(self, request: int) -> None:
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                state = load_state(own, self.code)
        except QcodeError as exc:
            self.post_message(self.Loaded(request, None, str(exc)))
            return
        self.post_message(self.Loaded(request, state))

    @on(Loaded)
    def queue_loaded(self, event: Loaded) -> None:
        if event.request != self.requested:
            return  # overtaken by a newer load
        self.loaded = event.request
        if event.state is None:
            self.notify(visible(event.error), severity="error")
            self.show_counts()
            return
        self.state = event.state
        self.advance()

    def advance(self) -> None:
        """Show the suggestion the queue is at now (one read, on the UI thread)."""
        chosen = pick(self.state.order, self.skipped)
        if chosen is not None and chosen in self.skipped:
            self.skipped.clear()  # only skipped ones are left: go round again
        item = None
        if chosen is not None:
            try:
                item = review.get_suggestion(self.project, chosen)
            except NotFound:  # removed meanwhile (e.g. by `qcode suggest --clear`)
                self.load()
                return
        self.show(item)

    # -- showing -----------------------------------------------------------------------

    def show_counts(self) -> None:
        counts = self.state.counts
        line = Text(
            f"{counts.get('open', 0)} open · {counts.get('accepted', 0)} accepted · "
            f"{counts.get('rejected', 0)} rejected · {len(self.skipped)} skipped this session",
            style="dim",
        )
        if self.reading:
            line.append("  ·  loading…", style="bold")
        self.query_one("#review-counts", Label).update(line)

    def show(self, item: SuggestionView | None) -> None:
        self.item = item
        self.show_counts()
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
        colour = self.state.colours.get(item.code, "")  # "" if deleted meanwhile
        header = Text()
        header.append("■ ", style=colour)
        header.append(visible_line(item.code_name), style="bold")
        header.append(
            visible_line(
                f"  in {item.document}  ·  keyword “{item.keyword}” ({item.score:.0f})"
                f"  ·  #{item.id}"
            ),
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

    # -- deciding ----------------------------------------------------------------------

    def decide(self, verdict: str) -> None:
        """Accept or reject what is on screen (one write), then show the next one."""
        item = self.item
        if item is None:
            return
        try:
            decision = review.decide(self.project, [item.id], verdict)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="warning")
            self.load()
            return
        self.changed = True
        self.state.apply(decision)
        self.advance()

    def action_accept(self) -> None:
        self.decide("accept")

    def action_reject(self) -> None:
        self.decide("reject")

    def action_skip(self) -> None:
        if self.item is not None:
            self.skipped.append(self.item.id)
            self.advance()

    def action_accept_all(self) -> None:
        item = self.item
        if item is None:
            return
        n = len(review.open_ids(self.project, item.code))

        def answer(yes: bool | None) -> None:
            if yes:
                self.changed = True
                self.accept_all(item.code, item.code_name)

        self.app.push_screen(
            ConfirmDialog(
                f"Accept all {n} open suggestions of {item.code_name}?",
                yes="Accept all",
                no="Cancel",
            ),
            answer,
        )

    @work(thread=True, group="review-accept-all")
    def accept_all(self, code: str, name: str) -> None:
        """Thousands of codings in one step: in a worker, then the queue is read again."""
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                decision = review.decide_all(own, code, "accept")
        except QcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
        else:
            self.app.call_from_thread(
                self.notify, f"Accepted {len(decision.accepted)} suggestions of {name}"
            )
        self.app.call_from_thread(self.load)

    def action_open_source(self) -> None:
        item = self.item
        if item is None:
            return
        self.app.post_message(OpenExcerpt(item.document, item.start, item.end))
        self.action_close()

    def action_close(self) -> None:
        if self.changed:  # the workbench shows the new codings
            self.app.post_message(ProjectChanged())
        self.dismiss()
