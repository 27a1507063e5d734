"""After a change the workbench redraws only what changed: one source's row, the counts of
the codes involved, the reader's new or removed highlights. What it shows must be what a
full rebuild would show."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import WorkerCancelled

from qcode.tui.app import make_app
from qcode.tui.widgets.code_tree import CodeTree
from qcode.tui.widgets.reader import Highlight, Reader
from qcode.tui.widgets.reader.layout import DocumentLayout
from qcode.tui.widgets.reader.marks import HighlightIndex
from qcode.tui.widgets.source_list import SourceList, SourceOptions

SIZE = (120, 36)


async def settle(app: App[None]) -> None:
    """Wait for the workers still running; one that a newer one replaced was cancelled."""
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


def index_state(index: HighlightIndex) -> tuple[object, ...]:
    by_para = {p: list(hs) for p, hs in index.by_para.items() if hs}
    return index.ordered, index.keys, by_para, index.pool("a")


def test_changing_an_index_in_place_equals_building_it_again() -> None:
    rng = random.Random(7)
    text = "\n".join("word " * rng.randint(0, 30) for _ in range(40))
    layout = DocumentLayout(text)

    def some(n: int, first_id: int) -> list[Highlight]:
        out = []
        for i in range(n):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.choice([0, 3, 80, 400]))
            out.append(Highlight(first_id + i, start, end, rng.choice("ab"), "#ff0000"))
        return out

    base = some(200, 0)
    index = HighlightIndex(base, layout)
    index.pool("a")  # a cached per-code pool must not go stale
    added, removed = some(5, 1000), rng.sample(base, 7)
    index.change(added, removed)
    kept = [h for h in base if h not in removed] + added
    assert index_state(index) == index_state(HighlightIndex(kept, layout))


async def test_a_coding_redraws_one_row_and_adds_one_highlight(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        main.open_document("logg-deltaker-a.txt")
        await pilot.pause()
        options = main.query_one(SourceOptions)
        before = list(options.options)
        tree = main.query_one(CodeTree)
        nodes = dict(tree.nodes)
        reader = main.query_one(Reader)
        index = reader._index
        reader.select(0, 25)
        await pilot.press("m")  # Makt og avmakt's shortcut
        await settle(app)
        await pilot.pause()
        assert list(options.options) == before  # the same options: not rebuilt
        row = options.get_option("logg-deltaker-a.txt")
        assert isinstance(row.prompt, Text) and row.prompt.plain.split("\n")[0].endswith(" 1")
        assert tree.nodes == nodes  # the same nodes, the count in the label
        power = next(c for c in main.codes if c.key == "power")
        assert str(tree.nodes[power.id].label).endswith(" 1")
        assert reader._index is index  # changed in place
        assert [h.code_key for h in reader.highlights_at(5)] == ["power"]
        await pilot.press("backspace")  # uncode: removed in place too
        await settle(app)
        await pilot.pause()
        assert reader._index is index and reader.highlights_at(5) == []
        assert str(tree.nodes[power.id].label).endswith(" 0")


async def test_opening_a_source_moves_the_mark_without_rebuilding(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        main = app.main
        main.open_document("logg-deltaker-a.txt")
        await pilot.pause()
        options = main.query_one(SourceOptions)
        before = list(options.options)
        main.open_document("logg-deltaker-b.txt")
        await pilot.pause()
        assert list(options.options) == before
        marked = [str(o.id) for o in options.options if str(o.prompt).startswith("▶")]
        assert marked == ["logg-deltaker-b.txt"]
        assert options.get_option_at_index(options.highlighted or 0).id == marked[0]


class Lists(App[None]):
    """The same long labels in Textual's list and in the source list's."""

    def __init__(self, labels: list[Text]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        yield OptionList(*[Option(t) for t in self.labels], id="plain")
        yield SourceOptions(*[Option(t) for t in self.labels], id="cheap")


async def test_counted_heights_equal_textuals_even_when_a_label_wraps() -> None:
    labels = [
        Text("short\n  two lines"),
        Text("a label much wider than the list it sits in, so it wraps\n  x"),
        Text("one"),
    ]
    app = Lists(labels)
    async with app.run_test(size=(30, 20)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", OptionList)
        cheap = app.query_one("#cheap", SourceOptions)
        assert cheap._lines == plain._lines
        assert cheap._heights[1] > 2  # it did wrap


async def test_the_list_is_built_once_when_the_workbench_opens(example: Path) -> None:
    builds: list[int] = []
    original = SourceList.rebuild

    def counting(self: SourceList, follow: bool = False) -> None:
        if self.size.width:
            builds.append(self.size.width)
        original(self, follow)

    SourceList.rebuild = counting  # type: ignore[method-assign]
    try:
        app = make_app(example, coder="tester")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.main.query_one(SourceOptions).option_count > 1
    finally:
        SourceList.rebuild = original  # type: ignore[method-assign]
    assert len(builds) == 1
