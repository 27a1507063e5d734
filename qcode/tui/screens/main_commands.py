"""The workbench's entries in the command palette (ctrl+p).

The main screen lists this provider in its `COMMANDS`, so the palette offers them only
when it is opened on the workbench; each entry runs one of the screen's own actions, so
the app never reaches into the screen to find them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, help, the main screen's action)
WORKBENCH_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Code the selection", "Code picker (enter)", "pick_code"),
    ("In vivo code", "New code named by the selection (I)", "in_vivo"),
    ("Remove coding", "The coding under the cursor (delete)", "remove_coding"),
    ("Write a memo", "On the coding, source or code (M)", "memo"),
    ("Find in this source", "ctrl+f", "find"),
    ("Next coding", "Of the current code (])", "jump(True)"),
    ("Previous coding", "Of the current code ([)", "jump(False)"),
    ("New theme", "A new level-1 code", "add_theme"),
    ("Edit code", "Rename, re-key, recolour the code in the tree", "edit_code"),
    ("Move code", "Under another code, or to the top", "move_code"),
    ("Delete code", "With its codings (undoable)", "delete_code"),
    ("Show whose codings", "All coders, mine, or one coder's (f5)", "coder_filter"),
    ("Switch coder", "Code as another coder: new codings and undo are theirs (f6)", "switch_coder"),
)


class WorkbenchCommands(Provider):
    """Coding and codebook actions of the screen the palette was opened on."""

    def _run(self, action: str) -> Callable[[], Coroutine[Any, Any, bool]]:
        return partial(self.app.run_action, action, self.screen)

    async def discover(self) -> Hits:
        for title, help_text, action in WORKBENCH_COMMANDS:
            yield DiscoveryHit(title, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in WORKBENCH_COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._run(action), help=help_text)
