"""The codebook tree: themes and their categories, with colours, shortcuts and counts.

The tree changes nothing itself: its keys post typed requests (`AddRequested`,
`EditRequested`, ...) carrying the code under the cursor, and the screen that owns the
project decides what to do with them (ask in a dialog, change through the core).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from qcode.core.model import Code
from qcode.core.safetext import visible_line


class CodeTree(Tree[Code]):
    """Tree nodes carry their `Code`; the screen reacts to highlight, select and requests."""

    class AddRequested(Message):
        """Make a new code: a theme when `under` is None, else a category under it."""

        def __init__(self, under: Code | None) -> None:
            super().__init__()
            self.under = under

    class EditRequested(Message):
        """Rename, re-key, recolour `code`."""

        def __init__(self, code: Code) -> None:
            super().__init__()
            self.code = code

    class MoveRequested(Message):
        """Put `code` under another code, or make it a theme."""

        def __init__(self, code: Code) -> None:
            super().__init__()
            self.code = code

    class DeleteRequested(Message):
        """Delete `code` with its categories and codings (after asking)."""

        def __init__(self, code: Code) -> None:
            super().__init__()
            self.code = code

    BINDINGS = [
        Binding("A", "add_theme", "New theme"),
        Binding("a", "add_category", "New category"),
        Binding("e", "edit", "Edit"),
        Binding("m", "move", "Move"),
        Binding("delete", "delete", "Delete code"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.shown: tuple[list[Code], dict[int, int]] | None = None  # codes and counts
        self.nodes: dict[int, TreeNode[Code]] = {}  # code id -> its node

    def show(self, codes: list[Code], counts: dict[int, int]) -> None:
        """Show `codes` with their counts; when only counts changed (after a coding),
        just those codes' labels are redrawn, keeping the tree's cursor and scroll."""
        if self.shown is not None and self.shown[0] == codes:
            old = self.shown[1]
            for code in codes:
                if old.get(code.id, 0) != counts.get(code.id, 0) and code.id in self.nodes:
                    self.nodes[code.id].set_label(self.label(code, counts.get(code.id, 0)))
            self.shown = (codes, counts)
            return
        self.shown = (codes, counts)
        current = self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        self.clear()
        nodes: dict[int, TreeNode[Code]] = {}
        target_line = None
        for code in codes:
            parent = nodes.get(code.parent_id or -1, self.root)
            node = parent.add(self.label(code, counts.get(code.id, 0)), data=code, expand=True)
            nodes[code.id] = node
        self.nodes = nodes
        if not codes:
            self.root.add_leaf(Text("no codes yet: ctrl+l loads a codebook", style="italic dim"))
        # leaves: categories without children should not show an expand arrow
        for node in nodes.values():
            if not node.children:
                node.allow_expand = False
        if current:
            for node in nodes.values():
                if node.data and node.data.key == current:
                    target_line = node.line
        if target_line is not None and target_line >= 0:
            self.cursor_line = target_line
        elif codes and self.cursor_line < 0:
            self.cursor_line = 0

    @staticmethod
    def label(code: Code, count: int, room: int | None = None) -> Text:
        """`■ Name [k] count`; with `room` cells, the name is shortened (`Forbered… [f]
        40`) so the shortcut and the count always show: a cut count reads as another
        number (`4` for 40)."""
        name = visible_line(code.name)
        tail = (f" [{code.shortcut}]" if code.shortcut else "") + f" {count}"
        if room is not None:
            fits = room - 2 - len(tail)
            if len(name) > fits:
                name = name[: max(fits - 1, 1)] + "…"
        text = Text()
        text.append("■ ", style=code.colour)
        text.append(name)
        if code.shortcut:
            text.append(f" [{code.shortcut}]", style="bold")
        text.append(f" {count}", style="dim")
        return text

    def render_label(self, node: TreeNode[Code], base_style: Style, style: Style) -> Text:
        """The label fitted to the width left after the node's indentation and icon."""
        text = super().render_label(node, base_style, style)
        code = node.data
        width = self.scrollable_content_region.width
        if code is None or self.shown is None or width <= 0:
            return text
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        indent = depth * self.guide_depth + (self.guide_depth if depth else 0)
        label = node.label
        icon = text.cell_len - (label.cell_len if isinstance(label, Text) else len(label))
        room = width - indent - icon
        if text.cell_len + indent <= width or room < 8:
            return text
        fitted = self.label(code, self.shown[1].get(code.id, 0), room)
        fitted.stylize(style)
        return Text.assemble(text[:icon], fitted)

    @property
    def current_code(self) -> Code | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def chosen_code(self) -> Code | None:
        """The code under the cursor, or a hint to choose one first."""
        code = self.current_code
        if code is None:
            self.notify("Choose a code in the codebook first (f4)", severity="warning")
        return code

    # -- keys: each posts a request for the screen --------------------------------------

    def action_add_theme(self) -> None:
        self.post_message(self.AddRequested(None))

    def action_add_category(self) -> None:
        code = self.chosen_code()
        if code is not None:
            self.post_message(self.AddRequested(code))

    def action_edit(self) -> None:
        code = self.chosen_code()
        if code is not None:
            self.post_message(self.EditRequested(code))

    def action_move(self) -> None:
        code = self.chosen_code()
        if code is not None:
            self.post_message(self.MoveRequested(code))

    def action_delete(self) -> None:
        code = self.chosen_code()
        if code is not None:
            self.post_message(self.DeleteRequested(code))
