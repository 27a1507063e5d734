"""Choosing coders in the workbench: whose codings to show (f5), and whom to code as (f6).

A collaborator of the main screen, like `CodebookActions`: it gets the project and the
app (to ask in dialogs) and hands the answer to a callback, so it knows nothing of the
screen's panes. The screen applies a filter itself; a switch of coder is the app's to
make (it reopens the project), so the screen posts `CoderSwitched` with the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App

from qcode.core.coding import coders as coders_core
from qcode.core.coding.coders import ALL_CODERS, CoderFilter
from qcode.core.project.store import Project
from qcode.core.safetext import visible_line
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.coder_switch import CoderSwitch, coder_label


class CoderActions:
    def __init__(self, project: Project, app: App[Any]) -> None:
        self.project = project
        self.app = app

    def choose_filter(self, then: Callable[[CoderFilter], None]) -> None:
        """All coders, mine, or one coder with codings; `then` gets the choice."""
        active = self.project.coder
        choices: list[tuple[str | Text, CoderFilter]] = [
            ("All coders", ALL_CODERS),
            (Text(f"Mine ({visible_line(active)})"), CoderFilter(mine=True)),
        ]
        for coder in coders_core.list_coders(self.project):
            if coder.codings:
                choices.append((coder_label(coder), CoderFilter(coder.name)))

        def chosen(choice: CoderFilter | None) -> None:
            if choice is not None:
                then(choice)

        self.app.push_screen(ChooseDialog("Show the codings of…", choices), chosen)

    def choose_coder(self, then: Callable[[str], None]) -> None:
        """A coder of the project or a new name, other than the active one."""

        def chosen(name: str | None) -> None:
            if name and name != self.project.coder:
                then(name)

        self.app.push_screen(CoderSwitch(coders_core.list_coders(self.project)), chosen)


def status_text(active: str, shown: CoderFilter) -> Text:
    """`coder anna · all coders`: who codes and whose codings are shown (a filter stands
    out, reversed: `coder anna · ben only`)."""
    status = Text(style="dim")
    status.append("coder ")
    status.append(visible_line(active), style="bold")
    status.append(" · ")
    whose = visible_line(shown.describe(active))
    status.append(whose, style="bold reverse" if shown != ALL_CODERS else "")
    return status
