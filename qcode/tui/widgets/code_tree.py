"""The codebook tree: themes and their categories, with colours, shortcuts and counts."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from qcode.core.model import Code


class CodeTree(Tree[Code]):
    """Tree nodes carry their `Code`; the app reacts to highlight and select."""

    BINDINGS = [
        Binding("A", "screen.add_code(False)", "New theme"),
        Binding("a", "screen.add_code(True)", "New category"),
        Binding("e", "screen.edit_code", "Edit"),
        Binding("m", "screen.move_code", "Move"),
        Binding("delete", "screen.delete_code", "Delete code"),
    ]

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Codebook", **kwargs)
        self.show_root = False
        self.guide_depth = 2

    def show(self, codes: list[Code], counts: dict[int, int]) -> None:
        current = self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        self.clear()
        nodes: dict[int, TreeNode[Code]] = {}
        target_line = None
        for code in codes:
            parent = nodes.get(code.parent_id or -1, self.root)
            node = parent.add(self.label(code, counts.get(code.id, 0)), data=code, expand=True)
            nodes[code.id] = node
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
    def label(code: Code, count: int) -> Text:
        text = Text()
        text.append("■ ", style=code.colour)
        text.append(code.name)
        if code.shortcut:
            text.append(f" [{code.shortcut}]", style="bold")
        text.append(f" {count}", style="dim")
        return text

    @property
    def current_code(self) -> Code | None:
        node = self.cursor_node
        return node.data if node is not None else None
