"""The workbench: sources on the left, the reader in the middle, the codebook and the
details of what is under the cursor on the right.

Every change goes through `qcode.core` (the same functions as the CLI) and is committed
at once; after each one the screen reloads what it shows from the project, so what is on
screen is always what is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static
from textual.worker import get_current_worker

from qcode.core.codebook import codes as codes_core
from qcode.core.coding import codings as codings_core
from qcode.core.coding.coders import ALL_CODERS, CoderFilter
from qcode.core.coding.codings import CodingView
from qcode.core.errors import QcodeError
from qcode.core.model import Code, Document
from qcode.core.project.status import last_change
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.core.sources import documents as documents_core
from qcode.core.sources.documents import DocumentSummary
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_picker import CodePicker, Picked, code_label
from qcode.tui.messages import CoderSwitched, OpenExcerpt, ProjectChanged
from qcode.tui.screens.agreement import AgreementScreen
from qcode.tui.screens.codebook_actions import CodebookActions
from qcode.tui.screens.coder_actions import CoderActions, status_text
from qcode.tui.screens.main_commands import WorkbenchCommands
from qcode.tui.screens.memo_actions import MemoActions, MemoTarget, describe
from qcode.tui.screens.workbench_state import (
    HighlightChanges,
    SourceCodings,
    WorkbenchState,
    read_state,
    source_codings,
)
from qcode.tui.widgets.code_tree import CodeTree
from qcode.tui.widgets.detail_pane import DetailPane
from qcode.tui.widgets.reader import Highlight, Reader
from qcode.tui.widgets.source_list import SourceList, ordered_attributes
from qcode.tui.widgets.welcome import welcome_text


class MainScreen(Screen[None]):
    """The workbench. It owns what the panes show and reloads it after every change: its
    own (a coding, a memo), the codebook tree's requests, the app's `ProjectChanged`
    (undo, a loaded codebook) and other processes' (noticed through `last_change`)."""

    AUTO_FOCUS = "#source-options"
    COMMANDS = {WorkbenchCommands}
    BINDINGS = [
        Binding("enter", "pick_code", "Code…"),
        Binding("I", "in_vivo", "In vivo", show=False),
        Binding("delete,backspace", "remove_coding", "Uncode"),
        Binding("M", "memo", "Memo"),
        Binding("right_square_bracket", "jump(True)", "Next coding", show=False),
        Binding("left_square_bracket", "jump(False)", "Prev coding", show=False),
        Binding("ctrl+f", "find", "Find", show=False),
        Binding("f2", "focus_sources", "Sources", show=False),
        Binding("f3", "focus_reader", "Reader", show=False),
        Binding("f4", "focus_codes", "Codes", show=False),
        Binding("f5", "coder_filter", "Whose", show=False),
        Binding("f6", "switch_coder", "Coder", show=False),
        Binding("f7", "agreement", "Agreement", show=False),
    ]

    def __init__(
        self,
        project: Project,
        coder_filter: CoderFilter = ALL_CODERS,
        reopen: str | None = None,
    ) -> None:
        """`coder_filter`: whose codings to show; `reopen`: a source to open at once (the
        one that was open before a switch of coder)."""
        super().__init__()
        self.project = project
        self.coder_filter = coder_filter
        self.reopen = reopen
        self.marks: dict[str, str] = {}  # coder -> margin mark, as of the last refresh
        self.document: Document | None = None
        self.codes: list[Code] = []
        self.counts: dict[int, int] = {}  # codings per code id, as of the last refresh
        self.current_code: str | None = None
        self.views: dict[int, CodingView] = {}  # the current source's codings
        self.shown_codings: SourceCodings | None = None  # what the reader shows of them
        self.generation = 0  # bumped whenever they are reloaded
        self.detail_key: tuple[int, tuple[int, ...], int] | None = None
        self.seen_change: int | None = None  # the newest audit entry shown (or being read)
        self.refreshes = 0  # refreshes asked for; a worker's result shows only if newest

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SourceList(id="sources")
            with Vertical(id="center"):
                yield Label("", id="doc-title")
                yield Static("", id="welcome")
                yield Reader(id="reader")
                yield Input(placeholder="find in this source (enter: next, esc: close)", id="find")
                yield Label("", id="status")
            with Vertical(id="right"):
                yield CodeTree(id="codes")
                yield DetailPane(id="detail")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#find", Input).display = False
        # The first load is read here, before the first paint, so the workbench never
        # shows empty panes; every later refresh is read in a worker.
        self.seen_change = last_change(self.project)
        self.show_state(read_state(self.project, None, coders=self.shown_coders()))
        self.on_resize()
        self.set_interval(2.0, self.watch_project)
        if self.reopen is not None:
            self.open_document(self.reopen)
        self.update_status()

    def shown_coders(self) -> tuple[str, ...]:
        """Whose codings the panes show (empty: everyone's)."""
        return self.coder_filter.coders(self.project.coder)

    def watch_project(self) -> None:
        """Another process (a script, a colleague on the server) may change the project:
        show its changes within a couple of seconds."""
        if self.app.screen is not self:
            return
        if last_change(self.project) != self.seen_change:
            self.refresh_all()

    def on_screen_resume(self) -> None:
        """Back from a view that may have changed the project (review, categorising,
        import): reload if it did."""
        self.watch_project()

    def on_resize(self, event: events.Resize | None = None) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "narrow")
        self.set_class(self.size.width >= 170, "wide")
        self.query_one(Footer).compact = narrow

    # -- loading -----------------------------------------------------------------------

    def refresh_all(self) -> None:
        """Reload everything shown from the project (after any change, including undo).
        The reading runs in a worker; a refresh asked for later wins over an earlier one
        still running."""
        self.seen_change = last_change(self.project)
        self.refreshes += 1
        shown = self.query_one(SourceList).summaries
        document_id = self.document.id if self.document else None
        self.read_panes(self.refreshes, document_id, shown, self.shown_codings, self.shown_coders())

    # A fixed description: without one, Textual writes the repr of every argument (the
    # 10,000 summaries shown, 5,000 codings) on the UI thread, ~45 ms per refresh.
    @work(thread=True, exclusive=True, group="panes", description="read the panes")
    def read_panes(
        self,
        refresh: int,
        document_id: int | None,
        shown: list[DocumentSummary],
        shown_codings: SourceCodings | None,
        coders: tuple[str, ...] = (),
    ) -> None:
        """Read what the panes show with this thread's own connection, and how it differs
        from what they show; show it in the UI thread, unless a newer refresh was asked
        for meanwhile."""
        try:
            with Project.open(self.project.path, coder=self.project.coder) as project:
                state = read_state(project, document_id, shown, shown_codings, coders)
        except QcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_refresh, refresh, state)

    def show_refresh(self, refresh: int, state: WorkbenchState) -> None:
        if refresh == self.refreshes:
            self.show_state(state)

    def show_state(self, state: WorkbenchState) -> None:
        """Put what was read on screen (the UI thread's part of a refresh)."""
        summaries = state.summaries
        self.codes, self.counts, self.marks = state.codes, state.counts, state.marks
        self.query_one(CodeTree).show(self.codes, self.counts)
        if self.document is not None and all(s.document.id != self.document.id for s in summaries):
            self.document = None  # gone (an import undone)
        self.query_one(SourceList).show(
            summaries, self.document.name if self.document else None, state.source_changes
        )
        welcome = self.query_one("#welcome", Static)
        welcome.display = self.document is None
        welcome.update(welcome_text(len(summaries), len(self.codes)))
        self.query_one(Reader).display = self.document is not None
        if self.document is None:
            self.query_one("#doc-title", Label).update(
                Text(f"{len(summaries)} sources · {len(self.codes)} codes", style="dim")
                if summaries
                else Text("empty project", style="dim")
            )
        elif state.open_source is not None and state.open_source.document_id == self.document.id:
            self.show_codings(state.open_source, state.highlight_changes)
        self.update_detail()

    def show_codings(self, codings: SourceCodings, changes: HighlightChanges | None) -> None:
        """The reader's highlights: changed in place when `changes` start from what it
        shows (after one coding: one added), else all set again."""
        self.views = codings.views
        self.generation += 1
        reader = self.query_one(Reader)
        if changes is not None and changes.base is self.shown_codings:
            if changes.added or changes.removed:
                reader.change_highlights(changes.added, changes.removed)
        else:
            reader.set_highlights(codings.highlights)
        self.shown_codings = codings

    def open_document(self, name: str, select: tuple[int, int] | None = None) -> None:
        try:
            self.document = documents_core.get_document(self.project, name)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        doc = self.document
        codings = source_codings(self.project, doc.id, self.codes, self.shown_coders(), self.marks)
        self.views = codings.views
        self.shown_codings = codings
        self.generation += 1
        reader = self.query_one(Reader)
        reader.display = True
        self.query_one("#welcome").display = False
        reader.load(doc.text, codings.highlights, doc.sections, doc.turns)
        attrs = " · ".join(f"{k} {v}" for k, v in ordered_attributes(doc.attributes))
        title = Text(visible_line(doc.name), style="bold")
        title.append(visible_line(f"  {doc.kind}" + (f" · {attrs}" if attrs else "")), style="dim")
        self.query_one("#doc-title", Label).update(title)
        self.query_one(SourceList).show(self.query_one(SourceList).summaries, doc.name)
        if select:
            reader.select(*select)
        reader.focus()
        self.update_detail()

    def after_change(self, message: str) -> None:
        """Show the saved state and say what happened."""
        self.refresh_all()
        if message:
            self.notify(visible(message), timeout=3)

    # -- messages from the app and the widgets -------------------------------------------

    def on_project_changed(self, message: ProjectChanged) -> None:
        message.stop()
        self.after_change(message.summary)

    def on_open_excerpt(self, message: OpenExcerpt) -> None:
        message.stop()
        self.open_document(message.document, select=(message.start, message.end))

    def codebook(self) -> CodebookActions:
        return CodebookActions(self.project, self.app, self.after_change)

    def on_code_tree_add_requested(self, message: CodeTree.AddRequested) -> None:
        self.codebook().add(message.under)

    def on_code_tree_edit_requested(self, message: CodeTree.EditRequested) -> None:
        self.codebook().edit(message.code)

    def on_code_tree_move_requested(self, message: CodeTree.MoveRequested) -> None:
        self.codebook().move(message.code)

    def on_code_tree_delete_requested(self, message: CodeTree.DeleteRequested) -> None:
        self.codebook().delete(message.code)

    # the same, from the command palette (on the code under the tree's cursor)

    def action_add_theme(self) -> None:
        self.codebook().add(None)

    def action_edit_code(self) -> None:
        code = self.query_one(CodeTree).chosen_code()
        if code is not None:
            self.codebook().edit(code)

    def action_move_code(self) -> None:
        code = self.query_one(CodeTree).chosen_code()
        if code is not None:
            self.codebook().move(code)

    def action_delete_code(self) -> None:
        code = self.query_one(CodeTree).chosen_code()
        if code is not None:
            self.codebook().delete(code)

    # -- what is under the cursor -----------------------------------------------------

    def update_detail(self) -> None:
        detail = self.query_one(DetailPane)
        tree = self.query_one(CodeTree)
        if tree.has_focus and tree.current_code is not None:
            code = tree.current_code
            counts = self.counts  # as of the last refresh: no query per arrow key
            detail.show_code(code, counts.get(code.id, 0), self.memos_on("code", code.id))
            self.detail_key = None
            return
        if self.document is None:
            detail.update(Text("Open a source to read and code it.", style="dim"))
            self.detail_key = None
            return
        reader = self.query_one(Reader)
        ids = tuple(sorted(h.coding_id for h in reader.highlights_at(reader.cursor)))
        key = (self.document.id, ids, self.generation)
        if key != self.detail_key:  # cursor moves within the same codings redraw nothing
            self.detail_key = key
            views = [self.views[i] for i in ids if i in self.views]
            if views:
                detail.show_codings(self.document, views, {c.id: c for c in self.codes}, self.marks)
            else:
                detail.show_document(self.document, self.memos_on("document", self.document.id))
        self.update_status()

    def memos_on(self, target: str, target_id: int) -> list[str]:
        return [m.text for m in codings_core.memos_on(self.project, target, target_id)]

    def update_status(self) -> None:
        """The active coder and whose codings are shown (a filter stands out), then where
        the cursor is."""
        status = status_text(self.project.coder, self.coder_filter)
        reader = self.query_one(Reader)
        if self.document is not None:
            line = self.document.text.count("\n", 0, reader.cursor) + 1
            status.append(f" │ line {line} · {reader.cursor}")
            if reader.selection:
                start, end = reader.selection
                status.append(f" · selected {end - start} chars")
            if self.current_code:
                status.append(visible_line(f" · ] [ jump: {self.current_code}"))
        self.query_one("#status", Label).update(status)

    @on(Reader.CursorMoved)
    def cursor_moved(self) -> None:
        self.update_detail()

    @on(Reader.SelectionChanged)
    def selection_changed(self) -> None:
        self.update_status()

    @on(SourceList.Opened)
    def source_opened(self, event: SourceList.Opened) -> None:
        self.open_document(event.name)

    def on_tree_node_highlighted(self, event: CodeTree.NodeHighlighted[Code]) -> None:
        if isinstance(event.node.data, Code):
            self.current_code = event.node.data.key
        self.update_detail()

    def on_tree_node_selected(self, event: CodeTree.NodeSelected[Code]) -> None:
        """Enter (or a click) on a code applies it to the selection, if there is one."""
        code = event.node.data
        if isinstance(code, Code) and self.document and self.query_one(Reader).selection:
            self.apply_code(code.key)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.update_detail()

    # -- coding ------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A code's shortcut key (a-z, 0-9) codes the selection at once; escape closes
        the find box."""
        box = self.query_one("#find", Input)
        if event.key == "escape" and box.has_focus:
            box.display = False
            self.query_one(Reader).focus()
            event.stop()
            return
        if not self.query_one(Reader).has_focus or not event.character:
            return
        key = event.character
        if len(key) == 1 and (key.islower() or key.isdigit()):
            code = next((c for c in self.codes if c.shortcut == key), None)
            if code is not None:
                event.stop()
                self.apply_code(code.key)

    def selection_or_warn(self) -> tuple[int, int] | None:
        reader = self.query_one(Reader)
        if self.document is None:
            self.notify("Open a source first", severity="warning")
            return None
        if not reader.selection:
            self.notify("Select text first: shift+arrows, W S P T E, or drag", severity="warning")
            return None
        return reader.selection

    def apply_code(self, key: str) -> None:
        span = self.selection_or_warn()
        if span is None or self.document is None:
            return
        code = next((c for c in self.codes if c.key == key), None)
        try:
            coding = codings_core.add_coding(self.project, self.document, *span, key)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        self.current_code = key
        hidden = self.shown_coders() and self.project.coder not in self.shown_coders()
        self.after_change(
            f"Coded {coding.end - coding.start} chars as {code.name if code else key}"
            + (
                f" (hidden: showing {self.coder_filter.describe(self.project.coder)})"
                if hidden
                else ""
            )
        )

    def action_pick_code(self) -> None:
        if self.selection_or_warn() is None:
            return

        def picked(result: Picked | None) -> None:
            if result is None:
                return
            if result.new_name:
                self.create_and_apply(result.new_name)
            elif result.key:
                self.apply_code(result.key)

        self.app.push_screen(CodePicker(self.codes), picked)

    def create_and_apply(self, name: str) -> None:
        try:
            code = codes_core.add_code(self.project, name)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        self.codes = codes_core.list_codes(self.project)
        self.apply_code(code.key)

    def action_in_vivo(self) -> None:
        span = self.selection_or_warn()
        if span is None or self.document is None:
            return
        words = " ".join(self.document.text[span[0] : span[1]].split())
        name = words if len(words) <= 60 else words[:59].rsplit(" ", 1)[0] + "…"
        self.create_and_apply(name.strip("«»\"“”'.,:;!? "))

    def codings_under_cursor(self) -> list[Highlight]:
        """Codings covering the cursor, else those covering the start of the selection
        (after a jump the cursor may sit just past the coding it selected)."""
        if self.document is None:
            return []
        reader = self.query_one(Reader)
        found = reader.highlights_at(reader.cursor)
        if not found and reader.selection:
            found = reader.highlights_at(reader.selection[0])
        return found

    def choose_coding(self, title: str, then: Callable[[Highlight], None]) -> None:
        found = self.codings_under_cursor()
        if not found:
            self.notify("No coding under the cursor", severity="warning")
        elif len(found) == 1:
            then(found[0])
        else:
            names = {c.key: c for c in self.codes}
            choices = [
                (code_label(names[h.code_key]) if h.code_key in names else h.code_key, h)
                for h in found
            ]
            self.app.push_screen(
                ChooseDialog(title, choices), lambda h: then(h) if h is not None else None
            )

    def action_remove_coding(self) -> None:
        if not self.query_one(Reader).has_focus:
            return  # delete/backspace elsewhere (the tree, a list) must never uncode

        def remove(highlight: Highlight) -> None:
            codings_core.remove_coding(self.project, highlight.coding_id)
            self.after_change(f"Removed coding of {highlight.code_key} (ctrl+z undoes)")

        self.choose_coding("Remove which coding?", remove)

    def action_memo(self) -> None:
        """A memo on the code (from the codebook tree), else on the coding under the
        cursor or this source (asking which when there is a choice)."""
        memos = MemoActions(self.project, self.app, self.after_change)
        tree = self.query_one(CodeTree)
        if tree.has_focus and tree.current_code is not None:
            memos.write(tree.current_code)
            return
        if self.document is None:
            self.notify("Open a source or choose a code first", severity="warning")
            return
        targets: list[MemoTarget] = [*self.codings_under_cursor(), self.document]
        if len(targets) == 1:
            memos.write(targets[0])
        else:
            choices: list[tuple[str | Text, MemoTarget]] = [(describe(t), t) for t in targets]
            self.app.push_screen(
                ChooseDialog("Memo on…", choices),
                lambda t: memos.write(t) if t is not None else None,
            )

    def action_jump(self, forward: bool) -> None:
        if self.document is None:
            return
        found = self.query_one(Reader).next_highlight(self.current_code, forward)
        if found is None:
            what = f"of {self.current_code}" if self.current_code else ""
            self.notify(visible(f"No {'next' if forward else 'previous'} coding {what}".strip()))

    # -- coders --------------------------------------------------------------------------

    def action_coder_filter(self) -> None:
        """Show the codings of every coder, mine, or one coder's (f5)."""
        CoderActions(self.project, self.app).choose_filter(self.show_coders)

    def show_coders(self, choice: CoderFilter) -> None:
        """Show only `choice`'s codings in the reader, the code counts and the details."""
        self.coder_filter = choice
        self.detail_key = None
        self.update_status()
        self.after_change(f"Showing {choice.describe(self.project.coder)}")

    def action_switch_coder(self) -> None:
        """Code as another coder (f6): the app reopens the project as them."""
        document = self.document.name if self.document else None

        def switch(name: str) -> None:
            self.post_message(CoderSwitched(name, self.coder_filter, document))

        CoderActions(self.project, self.app).choose_coder(switch)

    def action_agreement(self) -> None:
        """Two coders' agreement, their disagreements and the consensus (f7)."""
        self.app.push_screen(AgreementScreen(self.project))

    # -- find in this source -------------------------------------------------------------

    def action_find(self) -> None:
        if self.document is None:
            return
        box = self.query_one("#find", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#find")
    def find_next(self, event: Input.Submitted) -> None:
        if self.document is None or not event.value.strip():
            return
        reader = self.query_one(Reader)
        # A case-insensitive regex over the text itself, so offsets stay the text's own
        # (casefold() can change lengths: "ß" becomes "ss", and matches after it would shift).
        pattern = re.compile(re.escape(event.value), re.IGNORECASE)
        start = reader.selection[1] if reader.selection else reader.cursor
        found = pattern.search(self.document.text, start)
        if found is None:
            found = pattern.search(self.document.text)
            if found is not None:
                self.notify("Search wrapped to the top")
        if found is None:
            self.notify(visible(f"“{event.value}” is not in this source"), severity="warning")
            return
        reader.select(found.start(), found.end())

    # -- focus -------------------------------------------------------------------------

    def action_focus_sources(self) -> None:
        self.query_one("#source-options").focus()

    def action_focus_reader(self) -> None:
        if self.document is not None:
            self.query_one(Reader).focus()

    def action_focus_codes(self) -> None:
        self.query_one(CodeTree).focus()
