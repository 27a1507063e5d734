"""The qcode terminal app: `qcode open [study.qcode]`.

The app opens one `Project` before any screen that shows it exists, and hands it to each
screen as its first constructor argument (`MainScreen(project)`, `MatrixScreen(project)`,
...). It never calls a screen's methods: a change it makes (undo, a loaded codebook) is
announced to every screen as a `ProjectChanged` message, and an `OpenExcerpt` posted by a
view above the workbench is passed down to the workbench. Slow work (import, search, the
workbench's refresh) runs in worker threads with their own connections. `make_app()`
builds it, so tests and the CLI construct it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from qcode.core.analysis.search import SearchHit
from qcode.core.codebook import codes as codes_core
from qcode.core.codebook.format import load_codebook
from qcode.core.errors import QcodeError
from qcode.core.model import AuditEntry
from qcode.core.project import undo as undo_core
from qcode.core.project.store import Project, default_coder
from qcode.core.safetext import visible
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_picker import code_label
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.import_dialog import ImportDialog
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.memory import restore_defaults, settle_after_start
from qcode.tui.messages import CoderSwitched, OpenExcerpt, ProjectChanged
from qcode.tui.screens.categorise import CategoriseScreen
from qcode.tui.screens.help import HelpScreen
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.matrix import MatrixScreen
from qcode.tui.screens.review import ReviewScreen
from qcode.tui.screens.search import SearchScreen

# Actions that need the open project: inactive while the app asks whether to create one.
PROJECT_ACTIONS = frozenset(
    {"search", "undo", "redo", "import_sources", "load_codebook", "review", "matrix",
     "categorise"}
)  # fmt: skip


def shipped_codebooks() -> list[Path]:
    """The codebooks in the checkout's `codebooks/` folder (beside the package)."""
    folder = Path(__file__).resolve().parents[2] / "codebooks"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


class QcodeApp(App[None]):
    CSS_PATH = "qcode.tcss"
    TITLE = "qcode"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+o", "import_sources", "Import", show=False),
        Binding("ctrl+l", "load_codebook", "Codebook", show=False),
        Binding("ctrl+r", "review", "Review suggestions", show=False),
        Binding("ctrl+t", "matrix", "Matrix", show=False),
        Binding("ctrl+g", "categorise", "Categorise", show=False),
    ]

    def __init__(self, path: Path, coder: str | None = None, create: bool = False) -> None:
        super().__init__()
        self.path = path
        self.coder = coder or default_coder()
        self.create = create
        self._project: Project | None = None
        self._main: MainScreen | None = None

    @property
    def project(self) -> Project:
        """The open project; screens that show it are pushed only after it is open."""
        if self._project is None:
            raise RuntimeError("the project is not open yet")
        return self._project

    @property
    def main(self) -> MainScreen:
        """The workbench, at the bottom of the screen stack once the project is open."""
        if self._main is None:
            raise RuntimeError("the project is not open yet")
        return self._main

    # -- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = str(self.path)
        if self.path.exists() or self.create:
            self.start()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.create = True
                self.start()
            else:
                self.exit(message=f"{self.path}: not created")

        self.push_screen(
            ConfirmDialog(
                f"{self.path} does not exist. Create a new project there?", yes="Create", no="Quit"
            ),
            answer,
        )

    def start(self) -> None:
        try:
            if self.path.exists():
                project = Project.open(self.path, coder=self.coder, check_in_background=True)
            else:
                project = Project.create(self.path, coder=self.coder)
        except QcodeError as exc:
            self.exit(return_code=1, message=str(exc))
            return
        self._project = project
        self._main = MainScreen(project)
        self.push_screen(self._main)
        self.call_after_refresh(settle_after_start)

    def on_unmount(self) -> None:
        restore_defaults()
        if self._project is not None:
            self._project.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._project is not None or action not in PROJECT_ACTIONS

    # -- messages ----------------------------------------------------------------------

    def announce(self, summary: str) -> None:
        """Tell every screen the project changed; the workbench says `summary`."""
        for screen in self.screen_stack:
            screen.post_message(_here_only(ProjectChanged(summary)))

    def to_workbench(self, document: str, start: int, end: int) -> None:
        """Open a source in the workbench with [start, end) selected."""
        if self._main is not None:
            self._main.post_message(_here_only(OpenExcerpt(document, start, end)))

    def on_project_changed(self, message: ProjectChanged) -> None:
        """A view changed the project and says so to the app: every screen hears it."""
        self.announce(message.summary)

    def on_open_excerpt(self, message: OpenExcerpt) -> None:
        """A view above the workbench (search, matrix, review) asks for an excerpt; the
        view closes itself, the workbench opens it."""
        self.to_workbench(message.document, message.start, message.end)

    def on_coder_switched(self, message: CoderSwitched) -> None:
        """Code as another coder: the project is reopened as them (new codings, memos and
        undo are theirs) and the workbench shown again as it was."""
        try:
            project = Project.open(self.path, coder=message.coder)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        old = self._project
        self.coder = message.coder
        self._project = project
        self._main = MainScreen(project, message.coder_filter, message.document)
        self.switch_screen(self._main)
        if old is not None:
            old.close()
        self.notify(visible(f"Coding as {project.coder}: new codings and undo are theirs"))

    # -- actions -----------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        self._revert(undo_core.undo, "Undone")

    def action_redo(self) -> None:
        self._revert(undo_core.redo, "Redone")

    def _revert(self, step: Callable[[Project], AuditEntry], verb: str) -> None:
        try:
            entry = step(self.project)
        except QcodeError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.announce(f"{verb}: {entry.summary or entry.action}")

    def action_search(self) -> None:
        def opened(hit: SearchHit | None) -> None:
            if hit is not None:
                self.to_workbench(hit.document, hit.start, hit.end)

        self.push_screen(SearchScreen(self.project), opened)

    def action_review(self) -> None:
        self.push_screen(ReviewScreen(self.project))

    def action_categorise(self) -> None:
        counts = codes_core.coding_counts(self.project)
        themes = [c for c in codes_core.list_codes(self.project) if c.level == 1]
        if not themes:
            self.notify("Load a codebook first (ctrl+l)", severity="warning")
            return
        choices: list[tuple[str | Text, str]] = [
            (code_label(c, counts.get(c.id, 0)), c.key) for c in themes
        ]

        def chosen(key: str | None) -> None:
            if key:
                coders = self.main.coder_filter.coders(self.project.coder)
                self.push_screen(CategoriseScreen(self.project, key, coders))

        self.push_screen(ChooseDialog("Categorise the segments of which theme?", choices), chosen)

    def action_matrix(self) -> None:
        self.push_screen(MatrixScreen(self.project))

    def action_import_sources(self) -> None:
        self.push_screen(ImportDialog(self.project))

    def action_load_codebook(self) -> None:
        choices: list[tuple[str | Text, str]] = [(p.name, str(p)) for p in shipped_codebooks()]
        choices.append(("Another file…", ""))

        def typed(path: str | None) -> None:
            if path:
                self.load_codebook_file(Path(path).expanduser())

        def chosen(path: str | None) -> None:
            if path is None:
                return
            if path:
                self.load_codebook_file(Path(path))
            else:
                self.push_screen(TextPrompt("Codebook file (YAML)", placeholder="path"), typed)

        self.push_screen(ChooseDialog("Load a codebook", choices), chosen)

    def load_codebook_file(self, path: Path) -> None:
        try:
            book = load_codebook(path)
            result = codes_core.load_codebook(self.project, book, str(path))
        except QcodeError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.announce(
            f"Codebook {book.name}: {len(result.added)} added, {len(result.updated)} updated"
        )

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """App-wide commands; the workbench adds its own (`MainScreen.COMMANDS`)."""
        yield from super().get_system_commands(screen)
        if self._project is None:
            return
        yield SystemCommand("Search all sources", "Full-text search (/)", self.action_search)
        yield SystemCommand(
            "Import sources", "Files or folders (ctrl+o)", self.action_import_sources
        )
        yield SystemCommand(
            "Load a codebook", "Shipped or your own YAML (ctrl+l)", self.action_load_codebook
        )
        yield SystemCommand(
            "Review suggestions",
            "Accept or reject keyword suggestions (ctrl+r)",
            self.action_review,
        )
        yield SystemCommand("Undo", "Revert your last change (ctrl+z)", self.action_undo)
        yield SystemCommand("Redo", "Re-apply what you undid (ctrl+y)", self.action_redo)
        yield SystemCommand("Keys", "Every key (?)", self.action_help)


def _here_only(message: Message) -> Message:
    """`message`, stopped from bubbling back up to the app that posts it to a screen."""
    message.stop()
    return message


def make_app(path: Path, coder: str | None = None, create: bool = False) -> QcodeApp:
    return QcodeApp(Path(path), coder=coder, create=create)
