"""Cost by study size: what a user runs, at 200, 2,000 and 20,000 documents, in one table.

Each size is a generated corpus of ~20 KB sources (half interviews, half observation
sheets, `corpus.write_corpus`) with an attributes CSV. Each step runs as the user runs it,
in a fresh process whose peak resident memory (`ru_maxrss`) is reported beside its time:

- import: `qcode import --attributes CSV FOLDER` into a project with the bench codebook;
- code, batch: `qcode code --batch FILE` with 10 random codings per document (skipped,
  with a note, where this qcode has no `--batch`);
- code, per call: one `qcode code DOC START END CODE` (start-up included), the median of a
  few calls, and what one call per coding would take for the batch above;
- search: `qcode search` for a stemmed word, a prefix and a phrase (first search of the
  session included: it builds the vocabulary);
- export, grid and list: `qcode matrix --rows tema-0,tema-1,tema-2 -o matrix.docx` by
  source, with `--layout grid` and `--layout list`;
- workbench: from `make_app` until the source list has painted with every source
  (`bench_ui_thread.first_paint`), in a process of its own.

There is no reference here: this shows how each cost grows with the study (the other
benchmarks hold the ratios). Ten times the documents should cost about ten times the time
(import, coding, export) or less (search, opening), and memory should stay flat where the
work streams (import).

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes 200,2000,20000] [--doc-size 20000]
     [--quick]   (200 small documents: the test that keeps this script working)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import codebook_yaml, write_attributes_csv, write_corpus  # noqa: E402

QCODE = str(Path(sys.executable).with_name("qcode"))
SIZES = (200, 2_000, 20_000)
CODINGS_PER_DOCUMENT = 10
ROWS = "tema-0,tema-1,tema-2"
QUERIES = ("forberedelse", "samtal", '"makt og avmakt"')
STEP_TIMEOUT = 1800.0  # seconds; a step that takes longer is shown as such


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


# -- one step in a fresh process ------------------------------------------------------------


def measure(argv: list[str], runs: int = 1) -> dict[str, float]:
    """Run a command `runs` times from a fresh child process of this script, so the peak
    memory is that command's alone; returns the median seconds and the peak MB."""
    out = subprocess.run(
        [sys.executable, __file__, "--child-run", str(runs), "--", *argv],
        capture_output=True, text=True, timeout=STEP_TIMEOUT * runs,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}...: {out.stderr.strip()[-400:]}")
    result: dict[str, float] = json.loads(out.stdout.splitlines()[-1])
    return result


def child_run(runs: int, argv: list[str]) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-400:]}")
    peak = peak_mb(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": statistics.median(times), "peak_mb": peak}))


def child_workbench(project: Path, rows: int) -> None:
    from bench_ui_thread import first_paint

    paint, _idle = asyncio.run(first_paint(project, rows))
    print(json.dumps({"seconds": paint.wall, "peak_mb": peak_mb(resource.RUSAGE_SELF)}))


# -- the steps ----------------------------------------------------------------------------


def has_batch() -> bool:
    shown = subprocess.run([QCODE, "code", "--help"], capture_output=True, text=True)
    return "--batch" in shown.stdout


def random_codings(project: Path, count: int, seed: int) -> list[dict[str, object]]:
    """`count` distinct codings of 20-400 characters on random documents and codes, chosen
    from the documents' lengths (no text is read: at 20,000 sources that is 400 MB)."""
    from qcode.core.project.store import Project

    rng = random.Random(seed)
    with Project.open(project, coder="bench") as opened:
        docs = opened.query("SELECT name, length(text) AS n FROM documents ORDER BY id")
        codes = [r["key"] for r in opened.query("SELECT key FROM codes ORDER BY id")]
    lines, seen = [], set()
    while len(lines) < count:
        doc = rng.choice(docs)
        start = rng.randrange(doc["n"] - 21)
        end = min(doc["n"], start + rng.randint(20, 400))
        key = (doc["name"], start, end, rng.choice(codes))
        if key not in seen:
            seen.add(key)
            lines.append({"document": key[0], "start": start, "end": end, "code": key[3]})
    return lines


def run_size(folder: Path, documents: int, doc_size: int, calls: int) -> dict[str, str]:
    """Every step at one size; returns the table's cells (time and peak memory)."""
    cells: dict[str, str] = {}
    files = write_corpus(folder / "corpus", documents, doc_size, seed=documents)
    csv = write_attributes_csv(folder / "attributes.csv", [p.name for p in files])
    project = folder / "study.qcode"
    book = folder / "codebook.yaml"
    book.write_text(codebook_yaml(), encoding="utf-8")
    base = [QCODE, "--project", str(project), "--coder", "bench"]
    subprocess.run([QCODE, "init", str(project), "--codebook", str(book)], check=True,
                   capture_output=True)  # fmt: skip

    def step(name: str, argv: list[str], runs: int = 1) -> dict[str, float] | None:
        try:
            figures = measure(argv, runs)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            cells[name] = "failed" if isinstance(exc, RuntimeError) else "timeout"
            print(f"  {name}: {exc}", file=sys.stderr)
            return None
        cells[name] = f"{figures['seconds']:.2f} s, {figures['peak_mb']:.0f} MB"
        return figures

    step("import", [*base, "import", "--attributes", str(csv), str(folder / "corpus")])
    count = CODINGS_PER_DOCUMENT * documents
    batch = folder / "batch.jsonl"
    lines = random_codings(project, count, seed=11)
    batch.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    if has_batch():
        step("code, batch", [*base, "code", "--batch", str(batch)])
    else:
        cells["code, batch"] = "no --batch"
    per_call: list[dict[str, float]] = []
    for x in random_codings(project, calls, seed=12):
        figures = step("code, per call", [*base, "code", str(x["document"]), str(x["start"]),
                                          str(x["end"]), str(x["code"])])  # fmt: skip
        if figures is None:
            break
        per_call.append(figures)
    if len(per_call) == calls:
        median = statistics.median(f["seconds"] for f in per_call)
        peak = max(f["peak_mb"] for f in per_call)
        cells["code, per call"] = (
            f"{median:.2f} s, {peak:.0f} MB (×{count:,}: {median * count:,.0f} s)"
        )
    step("search", [sys.executable, "-c", _SEARCH, str(project), *QUERIES])
    for layout in ("grid", "list"):
        out = folder / f"matrix-{layout}.docx"
        step(f"export, {layout}", [*base, "matrix", "--rows", ROWS, "--layout", layout,
                                   "-o", str(out)])  # fmt: skip
    try:
        shown = subprocess.run(
            [sys.executable, __file__, "--child-workbench", str(project), str(documents)],
            capture_output=True, text=True, timeout=STEP_TIMEOUT,
        )  # fmt: skip
        if shown.returncode != 0:
            raise RuntimeError(shown.stderr.strip()[-400:])
        figures = json.loads(shown.stdout.splitlines()[-1])
        cells["workbench"] = f"{figures['seconds']:.2f} s, {figures['peak_mb']:.0f} MB"
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        cells["workbench"] = "failed"
        print(f"  workbench: {exc}", file=sys.stderr)
    return cells


# Each query as `qcode search` runs it, in one process (the vocabulary is built once, as in
# a session of the workbench): the three queries' time together.
_SEARCH = """
import sys
from qcode.core.project.store import Project
from qcode.core.analysis.search import search
with Project.open(sys.argv[1], coder="bench") as project:
    for query in sys.argv[2:]:
        assert search(project, query, limit=200), query
"""

STEPS = ("import", "code, batch", "code, per call", "search", "export, grid", "export, list",
         "workbench")  # fmt: skip


def table(results: dict[int, dict[str, str]]) -> str:
    sizes = list(results)
    head = "| step | " + " | ".join(f"{n:,} documents" for n in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    body = [
        f"| {name} | " + " | ".join(results[n].get(name, "") for n in sizes) + " |"
        for name in STEPS
    ]
    return "\n".join([head, rule, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES),
                        help="numbers of documents, comma-separated")  # fmt: skip
    parser.add_argument("--doc-size", type=int, default=20_000, help="characters per document")
    parser.add_argument("--calls", type=int, default=5, help="single `qcode code` calls")
    parser.add_argument("--quick", action="store_true", help="a small run (for the tests)")
    parser.add_argument("--child-run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-workbench", nargs=2, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child_run:
        child_run(args.child_run, rest[1:] if rest[:1] == ["--"] else rest)
        return
    if args.child_workbench:
        child_workbench(Path(args.child_workbench[0]), int(args.child_workbench[1]))
        return
    if args.quick:
        args.sizes, args.doc_size, args.calls = "200", 3_000, 2
    sizes = [int(n) for n in args.sizes.split(",")]
    results: dict[int, dict[str, str]] = {}
    for documents in sizes:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            results[documents] = run_size(Path(tmp), documents, args.doc_size, args.calls)
        print(f"{documents:,} documents done in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
    print(f"~{args.doc_size:,} characters per document, {CODINGS_PER_DOCUMENT} codings per "
          f"document; time, peak resident memory of the process")  # fmt: skip
    print(table(results))


if __name__ == "__main__":
    main()
