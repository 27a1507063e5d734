"""Writing a memo from the workbench: on a coding, a source or a code.

A collaborator of the main screen, like `CodebookActions`: it gets the project, the app
(for the editor dialog and error messages) and a `changed` callback; the screen decides
what the memo is on (what is under the cursor) and hands it a `MemoTarget`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from qcode.core.coding import codings as codings_core
from qcode.core.errors import QcodeError
from qcode.core.model import Code, Document
from qcode.core.project.store import Project
from qcode.tui.dialogs.memo_editor import MemoEditor
from qcode.tui.widgets.reader import Highlight

MemoTarget = Highlight | Document | Code  # a coding (as the reader shows it), source, code


def describe(target: MemoTarget) -> str:
    if isinstance(target, Highlight):
        return f"coding #{target.coding_id} ({target.code_key})"
    if isinstance(target, Document):
        return f"source {target.name}"
    return f"code {target.name}"


class MemoActions:
    def __init__(self, project: Project, app: App[Any], changed: Callable[[str], None]) -> None:
        self.project = project
        self.app = app
        self.changed = changed

    def write(self, target: MemoTarget) -> None:
        """Open the memo editor (a coding's own memo is edited in place) and save."""
        initial = ""
        if isinstance(target, Highlight):
            initial = codings_core.get_coding(self.project, target.coding_id).memo

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                if isinstance(target, Highlight):
                    codings_core.set_coding_memo(self.project, target.coding_id, text)
                elif isinstance(target, Document):
                    codings_core.add_memo(self.project, text, document=target.name)
                else:
                    codings_core.add_memo(self.project, text, code=target.key)
            except QcodeError as exc:
                self.app.notify(str(exc), severity="error")
                return
            self.changed("Memo saved")

        self.app.push_screen(MemoEditor(f"Memo on {describe(target)}", initial), save)
