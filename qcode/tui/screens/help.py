"""Every key, in one place (`?`)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("ctrl+q", "quit (everything is already saved)"),
            ("?", "this help"),
            ("ctrl+p", "command palette: every action by name"),
            ("/", "search all sources"),
            ("ctrl+z / ctrl+y", "undo / redo (multi-step)"),
            ("ctrl+o", "import sources"),
            ("ctrl+l", "load a codebook"),
            (
                "ctrl+g",
                "categorise a theme's segments: 1-9 assign, enter picker, c new, u remove, "
                "g group suggestions",
            ),
            (
                "ctrl+t",
                "excerpt matrix: r rows, b columns, f filters (empty: none), n nest, "
                "s cell summary, v save view, l load view, x export, enter excerpts",
            ),
            (
                "ctrl+r",
                "review keyword suggestions: y accept, n reject, s skip, A accept all, "
                "o open in the reader",
            ),
            ("tab / shift+tab, f2 f3 f4", "move between sources, reader, codebook"),
        ],
    ),
    (
        "Reading and selecting",
        [
            ("arrows, pgup/pgdn, home/end", "move the cursor"),
            ("shift + movement", "extend the selection"),
            ("W S P T E", "select the word, sentence, paragraph, speaker turn, section"),
            ("mouse drag", "select"),
            ("esc", "clear the selection"),
            ("ctrl+f", "find in this source (enter: next)"),
        ],
    ),
    (
        "Coding",
        [
            ("enter", "code picker (type to find; ctrl+n makes a new code)"),
            ("a-z, 0-9", "a code's shortcut key codes the selection at once"),
            ("I", "in vivo: a new code named by the selected words"),
            ("delete", "remove the coding under the cursor (asks which when several)"),
            ("M", "memo on the coding, the source or the code"),
            ("] / [", "next / previous coding of the current code"),
        ],
    ),
    (
        "Coders (several analysts, one project)",
        [
            (
                "f5",
                "show the codings of all coders, mine, or one coder (the status line says whose)",
            ),
            ("f6", "code as another coder (or a new one): new codings and undo are theirs"),
            (
                "f7",
                "agreement of two coders per code: c coders, enter lists where they differ, "
                "a / b keep A's / B's, k both, n neither (as coder consensus), g copy the "
                "agreed segments, o open in the reader",
            ),
        ],
    ),
    (
        "Codebook (when the tree has focus)",
        [
            ("enter", "apply the code to the selection"),
            ("A / a", "new theme / new category under this code"),
            ("e", "edit: rename, re-key, recolour, shortcut, description"),
            ("m", "move under another code (or make it a theme)"),
            ("delete", "delete the code with its codings (asks; undoable)"),
        ],
    ),
    (
        "Sources",
        [
            ("type", "filter by name or attribute"),
            ("enter", "open"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Label("qcode keys", classes="dialog-title")
            for title, rows in KEYS:
                table = Table(
                    title=title, title_justify="left", show_header=False, box=None, expand=True
                )
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for key, what in rows:
                    table.add_row(key, what)
                yield Static(table)
            yield Label("esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
