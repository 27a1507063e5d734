"""Reader speed on a 1 MB transcript with 5,000 codings, against a 10 KB one in the same run.

First paint: from entering `App.run_test` (the app mounts a Reader and loads the document
in `on_mount`) until the reader has rendered its first row of text and the screen has
settled (`pilot.pause()`). The 10 KB figure is the same measurement, so the difference is
what the document's size costs. Target: <= 0.5 s for 1 MB.

Per keypress: 200 cursor moves (down and right alternating) and 200 shift+right selection
extensions pressed through Pilot, each key processed and the screen refreshed; reported as
time per key and as the ratio 1 MB / 10 KB. Target: ratio <= 1.3.

Run: .venv/bin/python benchmarks/bench_reader.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import interview  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402

from qcode.core.model import Section, Turn  # noqa: E402
from qcode.tui.widgets.reader import Highlight, Reader  # noqa: E402

COLOURS = [
    "#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4",
    "#46f0f0", "#f032e6", "#bcf60c", "#fabebe", "#008080",
]  # fmt: skip
SIZE = (100, 40)


def make_document(size: int, codings: int, seed: int = 11):
    rng = random.Random(seed)
    text = interview(rng, size)
    turns = []
    for m in re.finditer(r"^(Intervjuer|Informant): ", text, re.M):
        end = text.find("\n", m.start())
        turns.append(Turn(m.group(1), m.start(), end if end >= 0 else len(text), m.end()))
    sections = [Section("Intervju", 0, len(text))]
    highlights = []
    for i in range(codings):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randint(20, 600))
        k = rng.randrange(len(COLOURS))
        highlights.append(Highlight(i + 1, start, end, f"kode{k}", COLOURS[k]))
    return text, highlights, sections, turns


class BenchApp(App):
    def __init__(self, doc) -> None:
        super().__init__()
        self.doc = doc

    def compose(self) -> ComposeResult:
        yield Reader()

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.load(*self.doc)
        reader.focus()


async def first_paint(doc) -> float:
    start = time.perf_counter()
    app = BenchApp(doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(Reader)
        while not reader.painted:
            await pilot.pause()
        await pilot.pause()
        return time.perf_counter() - start


async def keypresses(doc) -> dict[str, float]:
    """Seconds per key, wall clock and CPU: cursor moves from the top, then extensions.

    Pilot sleeps until the app is idle after every key, so wall time per key is mostly
    that wait; the process's CPU time per key is the work the key actually cost."""
    app = BenchApp(doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        result = {}
        for name, keys in (
            ("cursor move", ["down", "right"] * 100),
            ("shift+right", ["shift+right"] * 200),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            await pilot.press(*keys)
            await pilot.pause()
            result[name] = (time.process_time() - cpu) / len(keys)
            result[name + " wall"] = (time.perf_counter() - wall) / len(keys)
        assert reader.selection is not None and reader.selection[1] - reader.selection[0] == 200
        return result


async def main(repeat: int) -> None:
    big = make_document(1_000_000, 5000)
    small = make_document(10_000, 50)
    print(f"1 MB document: {len(big[0]):,} characters, {len(big[1]):,} codings, "
          f"{len(big[3]):,} turns; 10 KB: {len(small[0]):,} characters")  # fmt: skip
    await first_paint(small)  # warm imports and caches once
    paint = {"1 MB": [], "10 KB": []}
    keys: dict[str, list[dict[str, float]]] = {"1 MB": [], "10 KB": []}
    for _ in range(repeat):  # interleaved, so drift hits both alike
        for label, doc in (("10 KB", small), ("1 MB", big)):
            paint[label].append(await first_paint(doc))
            keys[label].append(await keypresses(doc))
    med = {k: statistics.median(v) for k, v in paint.items()}
    print(f"first paint   1 MB: {med['1 MB']:.3f} s   10 KB: {med['10 KB']:.3f} s   "
          f"(target 1 MB <= 0.5 s)")  # fmt: skip
    for name in ("cursor move", "shift+right"):
        big_t, small_t = (statistics.median(r[name] for r in keys[k]) for k in ("1 MB", "10 KB"))
        big_w, small_w = (
            statistics.median(r[name + " wall"] for r in keys[k]) for k in ("1 MB", "10 KB")
        )
        print(f"{name:12}  CPU 1 MB: {big_t * 1000:.2f} ms/key   10 KB: {small_t * 1000:.2f} "
              f"ms/key   ratio {big_t / small_t:.2f} (target <= 1.3)   [wall, with Pilot's "
              f"idle wait: {big_w * 1000:.1f} / {small_w * 1000:.1f} ms]")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    asyncio.run(main(parser.parse_args().repeat))
