"""Snapshots of every screen and dialog at 80×24 and 120×36, one class per feature.

Each app is built by `make_app` on the snapshot study (tests/builders.py): the example
sources, three codings and a memo on the first observation, keyword suggestions for
`power`, and every creation time fixed, so the same pixels come out on any machine and
day. Screens are reached the way a user reaches them (keys), and dialogs that no key
opens on their own are pushed through their public constructors; no private attribute is
touched, so these snapshots are the regression net for refactors of the workbench.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from qcode.core.codebook import codes as codes_core
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.tui.app import make_app
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.dialogs.code_editor import CodeEditor
from qcode.tui.dialogs.confirm import ConfirmDialog
from qcode.tui.dialogs.memo_editor import MemoEditor
from qcode.tui.dialogs.rows_dialog import RowsDialog
from qcode.tui.dialogs.text_prompt import TextPrompt
from tests.builders import SNAPSHOT_CODER

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors stay shown: a blink timer firing between the last key and the screenshot
    would otherwise change a snapshot (harlequin does the same)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until workers (search, import, matrix, refresh) have posted their results."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_source(pilot: Pilot[Any], inside: str = "Bruker la brevet", step: int = 70) -> None:
    """Open the first observation (first in the source list) and put the reader's cursor
    `step` characters into the passage that starts with `inside`."""
    await settle(pilot)
    await pilot.press("enter")  # the source list has focus; its first source is the one
    await settle(pilot)
    reader = pilot.app.screen.query_one("#reader")
    reader.move_cursor(reader.text.index(inside) + step)  # type: ignore[attr-defined]
    await pilot.press("f3")
    await settle(pilot)


def keys(*pressed: str, opened: bool = False) -> RunBefore:
    """A run_before that (optionally) opens the source, then presses keys and settles."""

    async def run_before(pilot: Pilot[Any]) -> None:
        if opened:
            await open_source(pilot)
        else:
            await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def pushed(make_screen: Callable[[], Screen[Any]]) -> RunBefore:
    """A run_before that opens the source and pushes a dialog over the workbench."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_source(pilot)
        await pilot.app.push_screen(make_screen())
        await settle(pilot)

    return run_before


@pytest.fixture
def snap(snap_compare: SnapCompare, snapshot_study: Path) -> Callable[..., bool]:
    """snap_compare on a fresh app over the snapshot study."""

    def compare(size: tuple[int, int], run_before: RunBefore) -> bool:
        app = make_app(snapshot_study, coder=SNAPSHOT_CODER)
        return snap_compare(app, terminal_size=size, run_before=run_before)

    return compare


@pytest.fixture
def codebook(snapshot_study: Path) -> dict[str, Code]:
    """The study's codes by key, as the core lists them."""
    with Project.open(snapshot_study) as project:
        return {c.key: c for c in codes_core.list_codes(project)}


@pytest.mark.parametrize("size", SIZES)
class TestMainScreen:
    def test_source_open_with_codings(self, snap, size) -> None:
        """Sources listed, the observation open with three overlapping codings, the
        cursor inside two of them and the detail pane describing both."""
        assert snap(size, keys(opened=True))

    def test_first_screen_lists_sources(self, snap, size) -> None:
        assert snap(size, keys())


@pytest.mark.parametrize("size", SIZES)
class TestReader:
    def test_sentence_selected(self, snap, size) -> None:
        assert snap(size, keys("S", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestCodePicker:
    def test_picker_ranks_typed_letters(self, snap, size) -> None:
        assert snap(size, keys("S", "enter", *"samt", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestMatrix:
    def test_default_matrix(self, snap, size) -> None:
        assert snap(size, keys("ctrl+t", opened=True))

    def test_rows_dialog(self, snap, size) -> None:
        assert snap(size, keys("ctrl+t", "r", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestCategorise:
    def test_theme_choice(self, snap, size) -> None:
        assert snap(size, keys("ctrl+g", opened=True))

    def test_segments_of_a_theme(self, snap, size) -> None:
        assert snap(size, keys("ctrl+g", "enter", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestReview:
    def test_first_suggestion(self, snap, size) -> None:
        assert snap(size, keys("ctrl+r", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestSearch:
    def test_hits(self, snap, size) -> None:
        assert snap(size, keys("slash", *"makt", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestImportDialog:
    def test_empty_form(self, snap, size) -> None:
        assert snap(size, keys("ctrl+o", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestHelp:
    def test_every_key(self, snap, size) -> None:
        assert snap(size, keys("question_mark", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestMemoEditor:
    def test_memo_on_a_coding(self, snap, size) -> None:
        assert snap(size, pushed(lambda: MemoEditor("Memo on coding #1", "Typisk: ingen tid.")))

    def test_choose_the_memo_target(self, snap, size) -> None:
        assert snap(size, keys("M", opened=True))


@pytest.mark.parametrize("size", SIZES)
class TestDialogs:
    def test_confirm(self, snap, size) -> None:
        question = "Delete Forberedelse and its 2 codings? (ctrl+z undoes)"
        assert snap(size, pushed(lambda: ConfirmDialog(question, yes="Delete")))

    def test_choose(self, snap, size) -> None:
        choices = [("nav-guidance-groups.yaml", "a"), ("Another file…", "")]
        assert snap(size, pushed(lambda: ChooseDialog("Load a codebook", choices)))

    def test_code_editor(self, snap, size, codebook) -> None:
        assert snap(size, pushed(lambda: CodeEditor("Edit code", codebook["power"])))

    def test_text_prompt(self, snap, size) -> None:
        assert snap(size, pushed(lambda: TextPrompt("Codebook file (YAML)", placeholder="path")))

    def test_rows_dialog(self, snap, size, codebook) -> None:
        codes = list(codebook.values())
        assert snap(size, pushed(lambda: RowsDialog(codes, ["power", "preparation"])))


@pytest.fixture
def second_coder(snapshot_study: Path) -> Path:
    """The snapshot study with a second coder, bodil: preparation a little longer than the
    analyst's, conversation control alike, power not at all and one passage of her own."""
    from qcode.core.coding import codings
    from qcode.core.sources import documents

    with Project.open(snapshot_study, coder="bodil") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        a, b = doc.text.index("A2 hadde ingen mulighet"), doc.text.index("Bruker la brevet")
        codings.add_coding(project, doc, a + 12, a + 190, "preparation")
        codings.add_coding(project, doc, b, b + 200, "conversation-control")
        codings.add_coding(project, doc, b + 260, b + 330, "preparation")
        project.conn.execute("UPDATE codings SET created_at = '2024-03-01T09:30:00Z'")
        project.conn.commit()
    return snapshot_study


@pytest.mark.parametrize("size", SIZES)
class TestAgreement:
    def test_regions_of_a_code(self, snap_compare, second_coder, size) -> None:
        app = make_app(second_coder, coder=SNAPSHOT_CODER)
        assert snap_compare(app, terminal_size=size, run_before=keys("f7", "enter"))


def test_snapshots_show_no_machine_paths() -> None:
    """A temp folder or home directory on screen would make the snapshots differ between
    machines (the app's sub_title holds the project path; no screen may show it)."""
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    svgs = sorted(folder.glob("*.svg"))
    assert len(svgs) >= 38
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        for leak in ("pytest-of", "/tmp/", "/home/", "/root/", "study.qcode"):
            assert leak not in text, f"{svg.name} shows {leak}"
