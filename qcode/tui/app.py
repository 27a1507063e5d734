"""The qcode terminal app: `qcode open [study.qcode]`.

The app holds one open `Project` for the main thread; slow work (import, search) runs in
worker threads with their own connections. `make_app()` builds it, so tests and the CLI
construct it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from qcode.core.analysis.search import SearchHit
from qcode.core.codebook import codes as codes_core
from qcode.core.codebook.format import load_codebook
from qcode.core.errors import QcodeError
from qcode.core.project import undo as undo_core
from qcode.core.project.store import Project, default_coder
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_picker import code_label
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.import_dialog import ImportDialog
from qcode.tui.dialogs.text_prompt import TextPrompt
from qcode.tui.screens.categorise import CategoriseScreen
from qcode.tui.screens.help import HelpScreen
from qcode.tui.screens.main import MainScreen
from qcode.tui.screens.matrix import MatrixScreen
from qcode.tui.screens.review import ReviewScreen
from qcode.tui.screens.search import SearchScreen


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
        self.project: Project | None = None

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
                self.project = Project.open(self.path, coder=self.coder)
            else:
                self.project = Project.create(self.path, coder=self.coder)
        except QcodeError as exc:
            self.exit(return_code=1, message=str(exc))
            return
        self.push_screen(MainScreen())

    def on_unmount(self) -> None:
        if self.project is not None:
            self.project.close()

    @property
    def main(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # -- actions -----------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        self._revert(undo_core.undo, "Undone")

    def action_redo(self) -> None:
        self._revert(undo_core.redo, "Redone")

    def _revert(self, step, verb: str) -> None:  # type: ignore[no-untyped-def]
        if self.project is None or self.main is None:
            return
        try:
            entry = step(self.project)
        except QcodeError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.main.after_change(f"{verb}: {entry.summary or entry.action}")
        reload = getattr(self.screen, "reload", None)
        if self.screen is not self.main and callable(reload):
            reload()

    def action_search(self) -> None:
        if self.project is None:
            return

        def opened(hit: SearchHit | None) -> None:
            if hit is not None and self.main is not None:
                self.main.open_document(hit.document, select=(hit.start, hit.end))

        self.push_screen(SearchScreen(self.path), opened)

    def action_review(self) -> None:
        if self.project is None:
            return

        def back(_: object = None) -> None:
            if self.main is not None:
                self.main.refresh_all()

        self.push_screen(ReviewScreen(self.project), back)

    def action_categorise(self) -> None:
        if self.project is None:
            return
        counts = codes_core.coding_counts(self.project)
        themes = [c for c in codes_core.list_codes(self.project) if c.level == 1]
        if not themes:
            self.notify("Load a codebook first (ctrl+l)", severity="warning")
            return
        choices: list = [(code_label(c, counts.get(c.id, 0)), c.key) for c in themes]

        def back(_: object = None) -> None:
            if self.main is not None:
                self.main.refresh_all()

        def chosen(key: str | None) -> None:
            if key and self.project is not None:
                self.push_screen(CategoriseScreen(self.project, key), back)

        self.push_screen(ChooseDialog("Categorise the segments of which theme?", choices), chosen)

    def action_matrix(self) -> None:
        if self.project is None:
            return

        def back(target: tuple[str, int, int] | None) -> None:
            if self.main is None:
                return
            self.main.refresh_all()
            if target is not None:
                source, start, end = target
                self.main.open_document(source, select=(start, end))

        self.push_screen(MatrixScreen(self.project), back)

    def action_import_sources(self) -> None:
        if self.project is None:
            return

        def done(result: object) -> None:
            if self.main is not None:
                self.main.refresh_all()

        self.push_screen(ImportDialog(self.path, self.coder), done)

    def action_load_codebook(self) -> None:
        if self.project is None:
            return
        choices: list = [(p.name, str(p)) for p in shipped_codebooks()]
        choices.append(("Another file…", ""))

        def chosen(path: str | None) -> None:
            if path is None:
                return
            if path:
                self.load_codebook_file(Path(path))
            else:
                self.push_screen(
                    TextPrompt("Codebook file (YAML)", placeholder="path"),
                    lambda p: self.load_codebook_file(Path(p).expanduser()) if p else None,
                )

        self.push_screen(ChooseDialog("Load a codebook", choices), chosen)

    def load_codebook_file(self, path: Path) -> None:
        if self.project is None or self.main is None:
            return
        try:
            book = load_codebook(path)
            result = codes_core.load_codebook(self.project, book, str(path))
        except QcodeError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.main.after_change(
            f"Codebook {book.name}: {len(result.added)} added, {len(result.updated)} updated"
        )

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
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
        main = self.main
        if main is not None:
            for title, help_text, action in (
                ("Code the selection", "Code picker (enter)", main.action_pick_code),
                ("In vivo code", "New code named by the selection (I)", main.action_in_vivo),
                (
                    "Remove coding",
                    "The coding under the cursor (delete)",
                    main.action_remove_coding,
                ),
                ("Write a memo", "On the coding, source or code (M)", main.action_memo),
                ("Find in this source", "ctrl+f", main.action_find),
                ("Next coding", "Of the current code (])", lambda: main.action_jump(True)),
                ("Previous coding", "Of the current code ([)", lambda: main.action_jump(False)),
                ("New theme", "A new level-1 code", lambda: main.action_add_code(False)),
                (
                    "Edit code",
                    "Rename, re-key, recolour the code in the tree",
                    main.action_edit_code,
                ),
                ("Move code", "Under another code, or to the top", main.action_move_code),
                ("Delete code", "With its codings (undoable)", main.action_delete_code),
            ):
                yield SystemCommand(title, help_text, action)


def make_app(path: Path, coder: str | None = None, create: bool = False) -> QcodeApp:
    return QcodeApp(Path(path), coder=coder, create=create)
