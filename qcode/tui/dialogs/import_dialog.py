"""Import sources: files or folders, the source kind, an attributes CSV.

The import runs in a worker thread with its own connection to the project, so the app
stays responsive and shows progress; the whole batch is still one undoable step. Bad
files are skipped and listed with the reason, instead of stopping the batch.
"""

from __future__ import annotations

import glob
import shlex
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from qcode.core.errors import QcodeError
from qcode.core.model import KINDS
from qcode.core.project.store import Project
from qcode.core.safetext import visible
from qcode.core.sources.documents import ImportResult, expand_folders, import_files


def parse_paths(text: str) -> list[Path]:
    """Paths as a shell would split them, with ~ and globs expanded."""
    out: list[Path] = []
    for part in shlex.split(text):
        part = str(Path(part).expanduser())
        matches = sorted(glob.glob(part)) if any(ch in part for ch in "*?[") else [part]
        out += [Path(m) for m in matches]
    return out


# How a label such as `Forberedelse:` is read; the import notes a file that could go either way.
STRUCTURE_CHOICES = (
    ("auto", "guess labels"),
    ("sections", "as headings"),
    ("turns", "as speakers"),
    ("none", "ignore labels"),
)


class ImportDialog(ModalScreen[ImportResult | None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project  # the worker opens its own connection to the same file
        self.result: ImportResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog"):
            yield Label("Import sources", classes="dialog-title")
            with Grid(classes="form"):
                yield Label("Files")
                yield Input(placeholder="files or folders (globs and quotes work)", id="paths")
                yield Label("Kind, labels")
                with Horizontal(classes="import-choices"):
                    yield Select(
                        [("guess kind", "")] + [(k, k) for k in KINDS],
                        value="",
                        allow_blank=False,
                        id="kind",
                    )
                    yield Select(
                        [(label, value) for value, label in STRUCTURE_CHOICES],
                        value="auto",
                        allow_blank=False,
                        id="structure",
                    )
                yield Label("Attributes")
                yield Input(placeholder="optional CSV: file,office,group,…", id="attributes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import")
                yield Button("Close", id="close")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="import-report")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#paths", Input).focus()

    def on_input_submitted(self) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import":
            self.start()
        else:
            self.action_close()

    def start(self) -> None:
        try:
            paths = parse_paths(self.query_one("#paths", Input).value)
        except ValueError as exc:
            self.notify(f"Cannot read the file list: {exc}", severity="error")
            return
        if not paths:
            self.notify("Give one or more files or folders", severity="warning")
            return
        kind = self.query_one("#kind", Select).value or None
        attrs_text = self.query_one("#attributes", Input).value.strip()
        attrs = Path(attrs_text).expanduser() if attrs_text else None
        files = expand_folders(paths)
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=len(files), progress=0)
        self.query_one("#import", Button).disabled = True
        structure = str(self.query_one("#structure", Select).value)
        self.run_import(files, str(kind) if kind else None, attrs, structure)

    @work(thread=True, exclusive=True)
    def run_import(
        self, files: list[Path], kind: str | None, attrs: Path | None, structure: str
    ) -> None:
        def step(done: int, total: int, path: Path) -> None:
            self.app.call_from_thread(
                self.query_one("#progress", ProgressBar).update, progress=done
            )

        try:
            with Project.open(self.project.path, coder=self.project.coder) as project:
                result = import_files(
                    project, files, kind, attrs, True, progress=step, structure=structure
                )
        except QcodeError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.show_result, result)

    def show_error(self, message: str) -> None:
        self.query_one("#import", Button).disabled = False
        self.query_one("#import-report", Static).update(Text(visible(message), style="bold red"))

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        self.query_one("#import", Button).disabled = False
        report = Text()
        report.append(
            f"{len(result.imported)} imported, {len(result.skipped)} skipped, "
            f"{result.attributes_set} attribute values set\n",
            style="bold",
        )
        for path, why in result.skipped:
            report.append(visible(f"skipped {Path(path).name}: {why}\n"), style="yellow")
        for note in result.notes:
            report.append(visible(f"note: {note}\n"), style="dim")
        shown = self.query_one("#import-report", Static)
        shown.update(report)
        self.query_one("#close", Button).focus(scroll_visible=False)
        self.call_after_refresh(shown.scroll_visible, animate=False)  # below the fold at 80x24

    def action_close(self) -> None:
        self.dismiss(self.result)
