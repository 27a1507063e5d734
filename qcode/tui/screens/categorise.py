"""The categorising view: derive level-2 categories from a theme's coded segments.

Pick a theme (ctrl+g); its segments are listed with text, source and attributes,
uncategorised first, with a progress count. A digit (or the category's own shortcut)
puts the current segment into a category, enter opens the fuzzy picker (ctrl+n there,
or `c` here, makes a new category on the spot), and the list moves on to the next
segment. The right-hand side shows the highlighted category's segments together, to check
they belong together. Every assignment is a coding of the same span with the category,
derived from the segment, saved and undoable at once.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from qcode.core.categories import derive as categories_core
from qcode.core.categories import suggest as category_suggest
from qcode.core.codebook.codes import coding_counts
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_picker import CodePicker, Picked
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.messages import ProjectChanged


def segment_label(segment: categories_core.Segment, width: int = 300, status: bool = True) -> Text:
    """`status`: say which categories it is in (not for a category's own members, whose
    sub-categories would read as "uncategorised")."""
    text = Text()
    if status and segment.categories:
        text.append(
            visible_line(" · ".join(a.name for a in segment.categories)), style="bold green"
        )
    elif status:
        text.append("uncategorised", style="bold yellow")
    attrs = " · ".join(v for k, v in segment.attributes.items() if k != "date" and v)
    where = visible_line(f"{segment.document}" + (f" ({attrs})" if attrs else ""))
    text.append(f"  {where}" if status else where, style="dim")
    words = visible(" ".join(segment.text.split()))
    text.append("\n" + (words if len(words) <= width else words[: width - 1] + "…"))
    return text


class CategoriseScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "pick", "Assign…", priority=False),
        Binding("c", "new_category", "New category"),
        Binding("u", "unassign", "Remove from category"),
        Binding("g", "proposals", "Group suggestions"),
        Binding("tab", "switch", "Segments/categories", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, project: Project, theme: str, coders: tuple[str, ...] = ()) -> None:
        """`coders`: only their segments (the workbench's filter of whose codings it
        shows); every coder's when empty."""
        super().__init__()
        self.project = project
        self.theme_key = theme
        self.coders = coders
        self.listing: categories_core.SegmentList | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="categorise"):
            yield Label("", id="cat-progress")
            with Horizontal(id="cat-body"):
                with Vertical(id="cat-left"):
                    yield OptionList(id="cat-segments")
                    yield Static("", id="cat-current")
                with Vertical(id="cat-right"):
                    yield OptionList(id="cat-categories")
                    yield Label("", id="cat-members-title")
                    yield OptionList(id="cat-members")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#cat-segments", OptionList).focus()

    def on_project_changed(self, message: ProjectChanged) -> None:
        """After undo/redo: the segments and categories as the project now has them."""
        message.stop()
        self.reload()

    # -- loading -----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        try:
            self.listing = categories_core.segments(self.project, self.theme_key, self.coders)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        listing = self.listing
        theme = listing.theme
        progress = Text()
        progress.append("■ ", style=theme.colour)
        progress.append(visible_line(theme.name), style="bold")
        progress.append(
            f"   {listing.categorised} of {listing.total} segments categorised"
            f" · {len(listing.categories)} categories",
            style="dim",
        )
        whose = self.coders or sorted({s.coder for s in listing.segments}, key=str.casefold)
        progress.append(
            visible_line(f" · coded by {', '.join(whose) or 'no one yet'}"),
            style="bold" if self.coders else "dim",
        )
        self.query_one("#cat-progress", Label).update(progress)

        segments = self.query_one("#cat-segments", OptionList)
        if keep is None:
            keep = segments.highlighted or 0
        segments.clear_options()
        segments.add_options(
            [Option(segment_label(s), id=str(s.coding_id)) for s in listing.segments]
        )
        if segments.option_count:
            segments.highlighted = min(keep, segments.option_count - 1)

        counts = coding_counts(self.project)
        cats = self.query_one("#cat-categories", OptionList)
        highlighted = cats.highlighted
        cats.clear_options()
        for number, code in enumerate(listing.categories, start=1):
            label = Text()
            label.append(f"[{number}] " if number <= 9 else "    ", style="bold")
            label.append("  " * (code.level - 2))
            label.append("■ ", style=code.colour)
            label.append(visible_line(code.name))
            if code.shortcut:
                label.append(f" [{code.shortcut}]", style="bold")
            label.append(f"  {counts.get(code.id, 0)}", style="dim")
            cats.add_option(Option(label, id=code.key))
        if not listing.categories:
            cats.add_option(
                Option(Text("no categories yet: c makes one", style="dim italic"), disabled=True)
            )
        elif highlighted is not None:
            cats.highlighted = min(highlighted, cats.option_count - 1)
        else:
            cats.highlighted = 0
        self.show_current()
        self.show_members()

    def current_segment(self) -> categories_core.Segment | None:
        segments = self.query_one("#cat-segments", OptionList)
        if self.listing is None or segments.highlighted is None:
            return None
        if segments.highlighted >= len(self.listing.segments):
            return None
        return self.listing.segments[segments.highlighted]

    def show_current(self) -> None:
        segment = self.current_segment()
        panel = self.query_one("#cat-current", Static)
        if segment is None:
            panel.update(Text("No segments coded with this theme yet.", style="dim"))
            return
        text = Text()
        text.append(
            visible_line(f"{segment.document} {segment.start}–{segment.end} · {segment.coder}")
            + "\n",
            style="dim",
        )
        text.append(visible(segment.text))
        panel.update(text)

    def highlighted_category(self) -> Code | None:
        cats = self.query_one("#cat-categories", OptionList)
        if self.listing is None or cats.highlighted is None:
            return None
        if cats.highlighted >= len(self.listing.categories):
            return None
        return self.listing.categories[cats.highlighted]

    def show_members(self) -> None:
        category = self.highlighted_category()
        title = self.query_one("#cat-members-title", Label)
        members = self.query_one("#cat-members", OptionList)
        members.clear_options()
        if category is None:
            title.update("")
            return
        found = categories_core.category_segments(self.project, category.key)
        title.update(Text(visible_line(f"In {category.name}: {len(found)} segments"), style="bold"))
        members.add_options([Option(segment_label(s, 200, status=False)) for s in found])

    @on(OptionList.OptionHighlighted, "#cat-segments")
    def segment_highlighted(self) -> None:
        self.show_current()

    @on(OptionList.OptionHighlighted, "#cat-categories")
    def category_highlighted(self) -> None:
        self.show_members()

    @on(OptionList.OptionSelected, "#cat-segments")
    def segment_chosen(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#cat-categories")
    def category_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.assign(event.option.id)

    # -- assigning ---------------------------------------------------------------------

    def assign(self, category_key: str) -> None:
        segment = self.current_segment()
        if segment is None:
            self.notify("No segment to assign", severity="warning")
            return
        position = self.query_one("#cat-segments", OptionList).highlighted or 0
        try:
            categories_core.assign(self.project, segment.coding_id, category_key)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        name = (
            next((c.name for c in self.listing.categories if c.key == category_key), category_key)
            if self.listing
            else category_key
        )
        self.notify(visible(f"→ {name}"), timeout=2)
        self.reload(keep=self.next_position(segment.coding_id, position))
        if self.listing is not None:  # show the category's segments beside the list
            keys = [c.key for c in self.listing.categories]
            if category_key in keys:
                self.query_one("#cat-categories", OptionList).highlighted = keys.index(category_key)
        self.query_one("#cat-segments", OptionList).focus()

    def next_position(self, coding_id: int, old_position: int) -> int:
        """After an assignment, the first segment still uncategorised; else stay put."""
        listing = categories_core.segments(self.project, self.theme_key)
        for index, segment in enumerate(listing.segments):
            if not segment.categories:
                return index
        return next(
            (i for i, s in enumerate(listing.segments) if s.coding_id == coding_id), old_position
        )

    def on_key(self, event: events.Key) -> None:
        """Digits 1-9 pick a category by its place in the list; a category's own shortcut
        key picks it too."""
        if self.listing is None or not event.character:
            return
        key = event.character
        chosen: Code | None = None
        if key.isdigit() and key != "0":
            index = int(key) - 1
            if index < len(self.listing.categories):
                chosen = self.listing.categories[index]
        else:
            chosen = next((c for c in self.listing.categories if c.shortcut == key), None)
        if chosen is not None:
            event.stop()
            self.assign(chosen.key)

    def action_pick(self) -> None:
        if self.listing is None or not self.query_one("#cat-segments", OptionList).has_focus:
            return

        def picked(result: Picked | None) -> None:
            if result is None:
                return
            if result.new_name:
                self.create_and_assign(result.new_name)
            elif result.key:
                self.assign(result.key)

        self.app.push_screen(
            CodePicker(self.listing.categories, title=f"Category in {self.listing.theme.name}"),
            picked,
        )

    def action_new_category(self) -> None:
        self.app.push_screen(
            TextPrompt(f"New category under {self.listing.theme.name if self.listing else ''}"),
            lambda name: self.create_and_assign(name) if name else None,
        )

    def create_and_assign(self, name: str) -> None:
        try:
            code = categories_core.add_category(self.project, self.theme_key, name)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        self.reload()
        self.assign(code.key)

    def action_unassign(self) -> None:
        segment = self.current_segment()
        if segment is None or not segment.categories:
            self.notify("This segment is in no category", severity="warning")
            return
        category = self.highlighted_category()
        target = next(
            (a for a in segment.categories if category and a.key == category.key),
            segment.categories[0],
        )
        position = self.query_one("#cat-segments", OptionList).highlighted
        categories_core.unassign(self.project, segment.coding_id, target.key)
        self.notify(visible(f"Removed from {target.name} (ctrl+z undoes)"))
        self.reload(keep=position)

    def action_proposals(self) -> None:
        """Candidate categories grouped by text similarity from the uncategorised
        segments; accepting one (under a name you can change) creates and fills it."""
        try:
            result = category_suggest.suggest_categories(self.project, self.theme_key)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        if not result.proposals:
            self.notify(
                f"No groups found among {result.uncategorised} uncategorised "
                "segments (too few, or too different)",
                severity="warning",
            )
            return
        choices: list[tuple[str | Text, category_suggest.Proposal]] = [
            (
                Text(
                    visible_line(
                        f"{p.name}  ({len(p.coding_ids)} segments: {', '.join(p.words[:5])})"
                    )
                ),
                p,
            )
            for p in result.proposals
        ]

        def named(proposal: category_suggest.Proposal, name: str | None) -> None:
            if not name:
                return
            try:
                code, made = category_suggest.accept_proposal(
                    self.project, self.theme_key, proposal, name=name
                )
            except QcodeError as exc:
                self.notify(visible(str(exc)), severity="error")
                return
            self.notify(visible(f"Made {code.name} with {len(made)} segments (ctrl+z undoes)"))
            self.reload()

        def chosen(proposal: category_suggest.Proposal | None) -> None:
            if proposal is not None:
                self.app.push_screen(
                    TextPrompt("Name the new category", proposal.name),
                    lambda name: named(proposal, name),
                )

        self.app.push_screen(
            ChooseDialog(
                f"{len(result.proposals)} groups among {result.uncategorised} "
                "uncategorised segments",
                choices,
            ),
            chosen,
        )

    def action_switch(self) -> None:
        segments = self.query_one("#cat-segments", OptionList)
        cats = self.query_one("#cat-categories", OptionList)
        (cats if segments.has_focus else segments).focus()

    def action_back(self) -> None:
        self.dismiss(None)
