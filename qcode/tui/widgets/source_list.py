"""The list of sources, grouped by kind, filterable by typing.

Typing while the list has focus goes to the filter, so finding "nordby-b-2" among sixty
sources is three keystrokes; the filter matches names and attribute values.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from qcode.core.model import KINDS
from qcode.core.sources.documents import DocumentSummary

KIND_TITLES = {
    "observation": "Observation sheets",
    "interview": "Interviews",
    "log": "Log forms",
    "other": "Other sources",
}


class SourceList(Vertical):
    """Filter input above an option list; posts `Opened` when a source is chosen."""

    class Opened(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: list[DocumentSummary] = []
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter sources…", id="source-filter")
        yield OptionList(id="source-options")

    def show(self, summaries: list[DocumentSummary], current: str | None = None) -> None:
        self.summaries = summaries
        follow = current is not None and current != self.current
        if current is not None:
            self.current = current
        self.rebuild(follow=follow)

    def rebuild(self, follow: bool = False) -> None:
        """Redraw the list; `follow` moves its cursor to the source just opened (from
        search, the matrix or the review queue) instead of keeping it where it was."""
        needle = self.query_one(Input).value.strip().casefold()
        options = self.query_one("#source-options", OptionList)
        highlighted_name = None
        if options.highlighted is not None and options.option_count:
            highlighted_name = options.get_option_at_index(options.highlighted).id
        options.clear_options()
        for kind in KINDS:
            group = [s for s in self.summaries if s.document.kind == kind and _matches(s, needle)]
            if not group:
                continue
            options.add_option(
                Option(Text(f"{KIND_TITLES[kind]} ({len(group)})", style="bold"), disabled=True)
            )
            for s in group:
                options.add_option(Option(self.label(s), id=s.document.name))
        wanted = self.current if follow else (highlighted_name or self.current)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        if wanted is not None and wanted in ids:
            options.highlighted = ids.index(wanted)
        else:  # the first source left after filtering
            options.highlighted = next((i for i, x in enumerate(ids) if x), None)

    def label(self, s: DocumentSummary) -> Text:
        """Name on the first line (shortened in the middle, where names differ least),
        attributes below; nothing wraps."""
        width = max(12, (self.size.width or 30) - 5)
        current = s.document.name == self.current
        count = f" {s.codings}" if s.codings else ""
        text = Text()
        text.append("▶ " if current else "  ", style="bold")
        text.append(fit(s.document.name, width - len(count)), style="bold" if current else "")
        text.append(count, style="dim")
        attrs = " · ".join(
            v for k, v in ordered_attributes(s.document.attributes) if k != "date" and v
        )
        if attrs:
            text.append("\n  " + fit(attrs, width), style="dim")
        return text

    def on_resize(self) -> None:
        self.rebuild()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one("#source-options", OptionList)
        for index in range(options.option_count):
            option = options.get_option_at_index(index)
            if option.id:
                self.post_message(self.Opened(option.id))
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))

    def on_key(self, event: events.Key) -> None:
        """Printable keys typed on the list go to the filter."""
        filter_input = self.query_one(Input)
        if filter_input.has_focus:
            if event.key == "down":
                self.query_one("#source-options", OptionList).focus()
                event.stop()
            return
        if event.character in ("/", "?"):
            return  # app keys: search and help
        if event.is_printable and event.character and event.character.strip():
            filter_input.value += event.character
            event.stop()
        elif event.key == "backspace":  # never on to the screen's "remove coding"
            filter_input.value = filter_input.value[:-1]
            event.stop()


def _matches(summary: DocumentSummary, needle: str) -> bool:
    if not needle:
        return True
    doc = summary.document
    haystack = " ".join([doc.name, *doc.attributes.values()]).casefold()
    return all(part in haystack for part in needle.split())


PREFERRED_ORDER = ("office", "group", "meeting", "participant", "date")


def ordered_attributes(attributes: dict[str, str]) -> list[tuple[str, str]]:
    """The study's usual attributes first, in a reading order, then the rest by name."""
    rank = {key: i for i, key in enumerate(PREFERRED_ORDER)}
    return sorted(attributes.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def fit(text: str, width: int) -> str:
    """`text` shortened to `width` cells by cutting out its middle."""
    if cell_len(text) <= width:
        return text
    keep = max(1, width - 1)
    head = keep // 2
    tail = keep - head
    return text[:head] + "…" + text[len(text) - tail :]
