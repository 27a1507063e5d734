"""Changing the code tree from the workbench: add, edit, move, delete codes.

A mixin of `MainScreen`, kept apart so each file stays readable; the tree's own key
bindings call these as `screen.*` actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcode.core.codebook import codes as codes_core
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_editor import CodeEditor, CodeFields
from qcode.tui.dialogs.code_picker import code_label
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.widgets.code_tree import CodeTree

if TYPE_CHECKING:
    from qcode.tui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class CodebookActions(_Base):
    def tree_code(self) -> Code | None:
        code = self.query_one(CodeTree).current_code
        if code is None:
            self.notify("Choose a code in the codebook first (f4)", severity="warning")
        return code

    def action_add_code(self, under_current: bool) -> None:
        parent = self.tree_code() if under_current else None
        if under_current and parent is None:
            return
        title = f"New category under {parent.name}" if parent else "New theme"

        def create(fields: CodeFields | None) -> None:
            if fields is None:
                return
            try:
                code = codes_core.add_code(
                    self.project,
                    fields.name,
                    key=fields.key or None,
                    parent=parent.key if parent else None,
                    colour=fields.colour or None,
                    shortcut=fields.shortcut or None,
                    description=fields.description,
                )
            except QcodeError as exc:
                self.notify(str(exc), severity="error")
                return
            self.after_change(f"Added {code.name}")

        self.app.push_screen(CodeEditor(title), create)

    def action_edit_code(self) -> None:
        code = self.tree_code()
        if code is None:
            return

        def save(fields: CodeFields | None) -> None:
            if fields is None:
                return
            try:
                codes_core.update_code(
                    self.project,
                    code.key,
                    name=fields.name,
                    key=fields.key or code.key,
                    colour=fields.colour or code.colour,
                    shortcut=fields.shortcut,
                    description=fields.description,
                )
            except QcodeError as exc:
                self.notify(str(exc), severity="error")
                return
            self.after_change(f"Saved {fields.name}")

        self.app.push_screen(CodeEditor(f"Edit {code.name}", code), save)

    def action_move_code(self) -> None:
        code = self.tree_code()
        if code is None:
            return
        below = set(codes_core.descendants(self.project, code.id)) | {code.id}
        choices: list = [("(top level: make it a theme)", "")]
        choices += [(code_label(c), c.key) for c in self.codes if c.id not in below]

        def move(target: str | None) -> None:
            if target is None:
                return
            try:
                codes_core.update_code(self.project, code.key, parent=target or None)
            except QcodeError as exc:
                self.notify(str(exc), severity="error")
                return
            self.after_change(f"Moved {code.name}")

        self.app.push_screen(ChooseDialog(f"Move {code.name} under…", choices), move)

    def action_delete_code(self) -> None:
        code = self.tree_code()
        if code is None:
            return
        counts = codes_core.coding_counts(self.project)
        ids = [code.id, *codes_core.descendants(self.project, code.id)]
        n = sum(counts.get(i, 0) for i in ids)
        question = (
            f"Delete {code.name}"
            + (f" with its {len(ids) - 1} categories" if len(ids) > 1 else "")
            + f" and {n} codings? (ctrl+z undoes)"
        )

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            codes_core.delete_code(self.project, code.key)
            self.after_change(f"Deleted {code.name}")

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), delete)
