"""The whole workbench (not just the reader) on a 1 MB transcript with 5,000 codings,
against a 10 KB transcript in the same run and the same project.

Opening: from `open_document()` (what enter on a source does: loading the text and its
codings from the project, the reader, the title, the detail pane) until the reader has
painted. Per keypress: CPU time of 200 cursor moves and 200 shift+right extensions with
the main screen updating the detail pane and status line on each. Pilot waits for the
app to go idle after every key, so wall time is mostly that wait; CPU time is the work.

Run: .venv/bin/python benchmarks/bench_workbench.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import interview  # noqa: E402

from qcode.core.codebook.codes import list_codes, load_codebook  # noqa: E402
from qcode.core.codebook.format import parse_codebook  # noqa: E402
from qcode.core.project.store import Project, new_guid, now  # noqa: E402
from qcode.core.sources.documents import import_files  # noqa: E402
from qcode.tui.app import make_app  # noqa: E402
from qcode.tui.widgets.reader import Reader  # noqa: E402

BOOK = "qcode-codebook: 1\nname: Bench\nthemes:\n" + "".join(
    f"  - name: Tema {i}\n    key: tema-{i}\n" for i in range(11)
)


def build(folder: Path) -> Path:
    rng = random.Random(5)
    path = folder / "bench.qcode"
    (folder / "stor.txt").write_text(interview(rng, 1_000_000), encoding="utf-8")
    (folder / "liten.txt").write_text(interview(rng, 10_000), encoding="utf-8")
    with Project.create(path, coder="bench") as project:
        load_codebook(project, parse_codebook(BOOK))
        import_files(project, [folder / "stor.txt", folder / "liten.txt"], kind="interview")
        codes = [c.id for c in list_codes(project)]
        docs = {
            r["name"]: (r["id"], r["n"])
            for r in project.query("SELECT id, name, length(text) AS n FROM documents")
        }
        rows = []
        for name, count in (("stor.txt", 5000), ("liten.txt", 50)):
            doc_id, size = docs[name]
            for _ in range(count):
                start = rng.randrange(size - 1)
                rows.append(
                    {
                        "guid": new_guid(),
                        "document_id": doc_id,
                        "code_id": rng.choice(codes),
                        "start": start,
                        "end": min(size, start + rng.randint(20, 600)),
                        "coder": "bench",
                        "created_at": now(),
                    }
                )
        with project.change("bench codings") as ch:
            ch.insert_many("codings", rows)
    return path


async def measure(path: Path, name: str) -> tuple[float, float, float]:
    app = make_app(path, coder="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.main.open_document(name)  # type: ignore[union-attr]
        reader = app.main.query_one(Reader)  # type: ignore[union-attr]
        while not reader.painted:
            await pilot.pause()
        opened = time.perf_counter() - start
        per_key = []
        for keys in (["down", "right"] * 100, ["shift+right"] * 200):
            cpu = time.process_time()
            await pilot.press(*keys)
            await pilot.pause()
            per_key.append((time.process_time() - cpu) / len(keys))
        return opened, per_key[0], per_key[1]


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp))
        await measure(path, "liten.txt")  # warm up
        results: dict[str, list[tuple[float, float, float]]] = {"stor.txt": [], "liten.txt": []}
        for _ in range(2):
            for name in ("liten.txt", "stor.txt"):
                results[name].append(await measure(path, name))
        big = [statistics.median(x) for x in zip(*results["stor.txt"], strict=True)]
        small = [statistics.median(x) for x in zip(*results["liten.txt"], strict=True)]
        print(f"open a source   1 MB: {big[0]:.3f} s   10 KB: {small[0]:.3f} s   (target <= 0.5 s)")
        for label, i in (("cursor move", 1), ("shift+right", 2)):
            print(
                f"{label:12}    CPU 1 MB: {big[i] * 1000:.2f} ms/key   10 KB: "
                f"{small[i] * 1000:.2f} ms/key   ratio {big[i] / small[i]:.2f} (target <= 1.3)"
            )


if __name__ == "__main__":
    asyncio.run(main())
