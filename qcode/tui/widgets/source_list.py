"""The list of sources, grouped by kind, filterable by typing.

Typing while the list has focus goes to the filter, so finding "nordby-b-2" among sixty
sources is three keystrokes; the filter matches names and attribute values.

A project may hold 10,000 sources, so the list is cheap where Textual's `OptionList` is
not: an option's height is counted from its lines (labels are cut to the width, so they
rarely wrap) instead of measuring every option, the rows are built once per width, and
when only coding counts change (after a coding) just those rows are redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from qcode.core.model import KINDS
from qcode.core.safetext import visible_line
from qcode.core.sources.documents import DocumentSummary

KIND_TITLES = {
    "observation": "Observation sheets",
    "interview": "Interviews",
    "log": "Log forms",
    "other": "Other sources",
}


class SourceOptions(OptionList):
    """An `OptionList` that counts an option's height from its text's lines.

    Textual measures every option (wrapping its text) whenever the list's lines are
    recounted: 1.2 s for 10,000 sources. A label here wraps only when a line is wider
    than the list, which its cell length tells cheaply; such an option is measured."""

    def _update_lines(self) -> None:
        """Textual's `OptionList._update_lines` (8.2), with the cheap height."""
        if not self.scrollable_content_region:
            return
        line_cache = self._line_cache
        lines = line_cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        if next_index < len(self.options):
            padding = self.get_component_styles("option-list--option").padding
            room = width - padding.width
            for index, option in enumerate(self.options[next_index:], next_index):
                line_cache.index_to_line[index] = len(lines)
                height = self._height(option, room) + option._divider
                line_cache.heights[index] = height
                lines.extend([(index, line_no) for line_no in range(height)])
        last_divider = self.options and self.options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _height(self, option: Option, room: int) -> int:
        prompt = option.prompt
        if isinstance(prompt, Text):
            rows = prompt.plain.split("\n")
            if all(cell_len(row) <= room for row in rows):
                return len(rows)
        return self._get_visual(option).get_height(cast(RulesMap, self.styles), room)

    def replace_prompt(self, index: int, prompt: Text) -> None:
        """A new label for one option: when its height stays, only that option is
        drawn again (Textual's `replace_option_prompt` recounts every option's lines)."""
        option = self.get_option_at_index(index)
        padding = self.get_component_styles("option-list--option").padding
        room = self.scrollable_content_region.width - self._get_left_gutter_width()
        old = self._height(option, room - padding.width)
        option._set_prompt(prompt)
        if not self._line_cache.lines or self._height(option, room - padding.width) != old:
            self._clear_caches()
            return
        cached = self._option_render_cache.keys()  # an LRUCache is not iterable
        for key in [k for k in cached if k[0] is option]:
            self._option_render_cache.discard(key)
        line = self._line_cache.index_to_line.get(index)
        if line is not None:  # its rows only, relative to the scrolled view
            width = self.scrollable_content_region.width
            self.refresh(Region(0, line - round(self.scroll_y), width, old))


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
        self.built_for: tuple[int, str] | None = None  # (label width, filter) of the rows
        self.rows: dict[str, int] = {}  # source name -> its option's index
        self.by_name: dict[str, DocumentSummary] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter sources…", id="source-filter")
        yield SourceOptions(id="source-options")

    def show(
        self,
        summaries: list[DocumentSummary],
        current: str | None = None,
        changes: CountChanges | None = None,
    ) -> None:
        """Show `summaries`, `current` marked as the open source. `changes`, when they
        are the difference from the listing shown, redraw only the rows they name."""
        same = summaries is self.summaries or (
            changes is not None and changes.base is self.summaries
        )
        follow = current is not None and current != self.current
        previous = self.current
        self.summaries = summaries
        if current is not None:
            self.current = current
        if not same or self.built_for != self.build_key():
            self.rebuild(follow=follow)
            return
        redraw = [s.document.name for s in changes.changed] if changes else []
        if follow:
            redraw += [name for name in (previous, current) if name is not None]
        for summary in changes.changed if changes else ():
            self.by_name[summary.document.name] = summary
        self.update_rows(redraw)
        if follow:  # as a rebuild would: on the source just opened, else the first
            first = min(self.rows.values(), default=None)
            self.query_one(SourceOptions).highlighted = self.rows.get(self.current or "", first)

    def update_rows(self, names: list[str]) -> None:
        """Draw the rows of these sources again (their counts or the open-source mark)."""
        options = self.query_one(SourceOptions)
        for name in dict.fromkeys(names):
            if name in self.rows and name in self.by_name:
                options.replace_prompt(self.rows[name], self.label(self.by_name[name]))

    def build_key(self) -> tuple[int, str]:
        return self.label_width(), self.query_one(Input).value.strip().casefold()

    def rebuild(self, follow: bool = False) -> None:
        """Redraw the list; `follow` moves its cursor to the source just opened (from
        search, the matrix or the review queue) instead of keeping it where it was.
        Before the list has its width, nothing is built: its first resize builds it."""
        if not self.size.width:
            self.built_for = None
            return
        self.built_for = key = self.build_key()
        needle = key[1]
        options = self.query_one(SourceOptions)
        highlighted_name = None
        if options.highlighted is not None and options.option_count:
            highlighted_name = options.get_option_at_index(options.highlighted).id
        by_kind: dict[str, list[DocumentSummary]] = {kind: [] for kind in KINDS}
        for s in self.summaries:
            if s.document.kind in by_kind and _matches(s, needle):
                by_kind[s.document.kind].append(s)
        self.by_name = {s.document.name: s for s in self.summaries}
        self.rows = {}
        new: list[Option] = []
        for kind, group in by_kind.items():
            if not group:
                continue
            title = Text(f"{KIND_TITLES[kind]} ({len(group)})", style="bold")
            new.append(Option(title, disabled=True))
            for s in group:
                self.rows[s.document.name] = len(new)
                new.append(Option(self.label(s), id=s.document.name))
        options.clear_options()
        options.add_options(new)
        wanted = self.current if follow else (highlighted_name or self.current)
        if wanted is not None and wanted in self.rows:
            options.highlighted = self.rows[wanted]
        else:  # the first source left after filtering
            options.highlighted = next(iter(self.rows.values()), None)

    def label_width(self) -> int:
        return max(12, (self.size.width or 30) - 5)

    def label(self, s: DocumentSummary) -> Text:
        """Name on the first line (shortened in the middle, where names differ least),
        attributes below; nothing wraps."""
        width = self.label_width()
        current = s.document.name == self.current
        count = f" {s.codings}" if s.codings else ""
        text = Text()
        text.append("▶ " if current else "  ", style="bold")
        name = visible_line(s.document.name)  # a file name may hold control characters
        text.append(fit(name, width - len(count)), style="bold" if current else "")
        text.append(count, style="dim")
        attrs = " · ".join(
            visible_line(v)
            for k, v in ordered_attributes(s.document.attributes)
            if k != "date" and v
        )
        if attrs:
            text.append("\n  " + fit(attrs, width), style="dim")
        return text

    def on_resize(self) -> None:
        if self.built_for != self.build_key():
            self.rebuild()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        first = min(self.rows.values(), default=None)
        if first is not None:
            option_id = self.query_one(SourceOptions).get_option_at_index(first).id
            if option_id:
                self.post_message(self.Opened(option_id))

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


@dataclass(frozen=True)
class CountChanges:
    """A listing that differs from `base` only in the coding counts of `changed`."""

    base: list[DocumentSummary]
    changed: tuple[DocumentSummary, ...]


def count_changes(base: list[DocumentSummary], new: list[DocumentSummary]) -> CountChanges | None:
    """How `new` differs from `base`, if only in coding counts (else None: the list is
    built again). Run in the refresh worker: 10,000 sources take ~15 ms to compare."""
    if len(base) != len(new):
        return None
    changed = []
    for old, summary in zip(base, new, strict=True):
        a, b = old.document, summary.document
        if (a.id, a.name, a.kind) != (b.id, b.name, b.kind) or a.attributes != b.attributes:
            return None
        if old.codings != summary.codings:
            changed.append(summary)
    return CountChanges(base, tuple(changed))


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
