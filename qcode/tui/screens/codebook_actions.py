"""Changing the codebook from the workbench: add, edit, move, delete codes.

A collaborator of the main screen, not a part of it: it gets the project, the app (to
ask in dialogs and to say what went wrong) and a `changed` callback (to report what was
saved), so it knows nothing of the screen's panes. The screen calls it when the code
tree posts a request (`CodeTree.AddRequested`, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App

from qcode.core.codebook import codes as codes_core
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_editor import CodeEditor, CodeFields
from qcode.tui.dialogs.code_picker import code_label
from qcode.tui.dialogs.confirm import ConfirmDialog


class CodebookActions:
    """Each method asks what it needs in a dialog, changes the project through the core
    and calls `changed(summary)` once the change is saved."""

    def __init__(self, project: Project, app: App[Any], changed: Callable[[str], None]) -> None:
        self.project = project
        self.app = app
        self.changed = changed

    def _error(self, exc: QcodeError) -> None:
        self.app.notify(str(exc), severity="error")

    def add(self, under: Code | None) -> None:
        """A new theme, or a new category under `under`."""
        title = f"New category under {under.name}" if under else "New theme"

        def create(fields: CodeFields | None) -> None:
            if fields is None:
                return
            try:
                code = codes_core.add_code(
                    self.project,
                    fields.name,
                    key=fields.key or None,
                    parent=under.key if under else None,
                    colour=fields.colour or None,
                    shortcut=fields.shortcut or None,
                    description=fields.description,
                )
            except QcodeError as exc:
                self._error(exc)
                return
            self.changed(f"Added {code.name}")

        self.app.push_screen(CodeEditor(title), create)

    def edit(self, code: Code) -> None:
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
                self._error(exc)
                return
            self.changed(f"Saved {fields.name}")

        self.app.push_screen(CodeEditor(f"Edit {code.name}", code), save)

    def move(self, code: Code) -> None:
        below = set(codes_core.descendants(self.project, code.id)) | {code.id}
        choices: list[tuple[str | Text, str]] = [("(top level: make it a theme)", "")]
        choices += [
            (code_label(c), c.key) for c in codes_core.list_codes(self.project) if c.id not in below
        ]

        def move(target: str | None) -> None:
            if target is None:
                return
            try:
                codes_core.update_code(self.project, code.key, parent=target or None)
            except QcodeError as exc:
                self._error(exc)
                return
            self.changed(f"Moved {code.name}")

        self.app.push_screen(ChooseDialog(f"Move {code.name} under…", choices), move)

    def delete(self, code: Code) -> None:
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
            self.changed(f"Deleted {code.name}")

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), delete)
