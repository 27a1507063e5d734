"""The fuzzy code picker: type a few letters of a code's name, key or alias.

Matching uses rapidfuzz's WRatio on lowercased text (æøå are letters to it), so "samt"
finds Samtalestyring and "makt" finds "Makt og avmakt". The last option always offers to
create a new code from what was typed, so coding never waits on the codebook.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qcode.core.model import Code
from qcode.core.safetext import visible_line

NEW = "\x00new"


@dataclass(frozen=True)
class Picked:
    """What the picker returns: an existing code's key, or a name for a new code."""

    key: str | None = None
    new_name: str | None = None


def rank_codes(codes: list[Code], query: str, limit: int = 30) -> list[Code]:
    """Codes ordered by how well `query` matches their name, key or aliases."""
    if not query.strip():
        return codes[:limit]
    texts: list[str] = []
    owners: list[int] = []
    for index, code in enumerate(codes):
        for text in (code.name, code.key, *code.aliases):
            texts.append(text)
            owners.append(index)
    best: dict[int, float] = {}
    for _text, score, at in process.extract(
        query,
        texts,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=65,
    ):
        owner = owners[at]
        # a prefix of the name is what people type: rank it first
        bonus = 10 if texts[at].casefold().startswith(query.casefold()) else 0
        best[owner] = max(best.get(owner, 0), score + bonus)
    order = sorted(best, key=lambda i: (-best[i], codes[i].sort_order))
    return [codes[i] for i in order[:limit]]


def code_label(code: Code, count: int | None = None) -> Text:
    label = Text()
    label.append("■ ", style=code.colour)
    label.append("  " * (code.level - 1))
    label.append(visible_line(code.name))
    label.append(f"  {code.key}", style="dim")
    if code.shortcut:
        label.append(f"  [{code.shortcut}]", style="bold")
    if count is not None:
        label.append(f"  {count}", style="dim")
    return label


class CodePicker(ModalScreen[Picked | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("ctrl+n", "new", "New code from text", priority=True),
    ]

    def __init__(self, codes: list[Code], title: str = "Code the selection", initial: str = ""):
        super().__init__()
        self.codes = codes
        self.title_text = title
        self.initial = initial
        self.shown: list[Code] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker-dialog"):
            yield Label(visible_line(self.title_text), classes="dialog-title")
            yield Input(self.initial, placeholder="type to find a code…", id="picker-query")
            # filled here, before the first layout: filling it on mount laid the dialog
            # out and drew the dimmed screen behind it a second time (~100 ms)
            yield OptionList(*self.options_for(self.initial), id="picker-options")
            yield Label("enter apply · ctrl+n new code · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0

    def options_for(self, query: str) -> list[Option]:
        """The best matches for `query`, then the offer of a new code named after it."""
        self.shown = rank_codes(self.codes, query)
        new = [Option(code_label(c), id=c.key) for c in self.shown]
        text = query.strip()
        if text and not any(c.name.casefold() == text.casefold() for c in self.codes):
            new.append(Option(Text(f"+ new code “{visible_line(text)}”", style="italic"), id=NEW))
        return new

    def refresh_options(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self.options_for(query))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_options(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.choose()

    def choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id == NEW:
            self.action_new()
        else:
            self.dismiss(Picked(key=option.id))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = (current + step) % options.option_count

    def action_new(self) -> None:
        name = self.query_one(Input).value.strip()
        if name:
            self.dismiss(Picked(new_name=name))
        else:
            self.notify("Type the new code's name first", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
