"""Batch coding (`qcode code --batch`) against plain SQLite, measured in the same run.

A script that codes many spans has two paths: one `qcode code` call per span, paying the
command's start-up each time, or one `qcode code --batch FILE` of JSON lines. The batch
reads and checks every line (JSON, fields, document, code, span inside the text, repeats),
then stores the rows and their audit images in one transaction. The reference does the
least any store must: the same rows inserted with one `executemany` in plain `sqlite3`,
into a copy of the same project file (same table, same indexes), in one transaction.

Printed: the batch in-process (`code_batch`) and as the command a script runs (start-up
included), the reference, their ratio, and the time of one `qcode code` call with what
5,000 of them would take. Target: 5,000 codings by `--batch` in <= 1 s.

Run: .venv/bin/python benchmarks/bench_batch_coding.py [--codings 5000] [--documents 200]
     [--quick]   (a few hundred codings: the test that keeps this script working)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import coded_project, write_corpus  # noqa: E402

from qcode.core.coding.batch import code_batch  # noqa: E402
from qcode.core.project.store import Project, new_guid, now  # noqa: E402

# the `qcode` script installed beside this Python, as a script would call it
QCODE = [str(Path(sys.executable).with_name("qcode"))]


def batch_lines(project_path: Path, count: int, seed: int = 11) -> list[dict[str, object]]:
    """`count` distinct codings of 20-400 characters on random documents and codes, each
    starting on a letter (a span of only white space is refused, as it should be)."""
    rng = random.Random(seed)
    with Project.open(project_path) as project:
        docs = project.query("SELECT name, text FROM documents ORDER BY id")
        codes = [r["key"] for r in project.query("SELECT key FROM codes ORDER BY id")]
    lines, seen = [], set()
    while len(lines) < count:
        doc = rng.choice(docs)
        text = doc["text"]
        start = rng.randrange(len(text) - 21)
        if text[start].isspace():
            continue
        end = min(len(text), start + rng.randint(20, 400))
        code = rng.choice(codes)
        if (doc["name"], start, end, code) in seen:
            continue
        seen.add((doc["name"], start, end, code))
        lines.append({"document": doc["name"], "start": start, "end": end, "code": code})
    return lines


def reference(project_path: Path, lines: list[dict[str, object]]) -> float:
    """The same rows into the same table with one executemany: names resolved beforehand
    (outside the timing), so this is storage alone."""
    with Project.open(project_path) as project:
        doc_ids = {r["name"]: r["id"] for r in project.query("SELECT id, name FROM documents")}
        code_ids = {r["key"]: r["id"] for r in project.query("SELECT id, key FROM codes")}
    stamp = now()
    rows = [
        (new_guid(), doc_ids[x["document"]], code_ids[x["code"]], x["start"], x["end"], "bench",
         stamp, "")
        for x in lines
    ]  # fmt: skip
    start = time.perf_counter()
    conn = sqlite3.connect(project_path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")  # as qcode's connection
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        'INSERT INTO codings (guid, document_id, code_id, start, "end", coder, created_at, memo) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def in_process(project_path: Path, data: bytes, count: int) -> float:
    start = time.perf_counter()
    with Project.open(project_path, coder="bench") as project:
        result = code_batch(project, data, "batch.jsonl")
    elapsed = time.perf_counter() - start
    assert result.added == count, result
    return elapsed


def command(project_path: Path, batch: Path, count: int) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        [*QCODE, "--project", str(project_path), "--coder", "bench", "code", "--batch",
         str(batch), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert json.loads(out.stdout)["added"] == count, out.stdout
    return elapsed


def single_calls(project_path: Path, lines: list[dict[str, object]]) -> float:
    """Seconds per `qcode code DOC START END CODE` call (start-up included)."""
    start = time.perf_counter()
    for x in lines:
        subprocess.run(
            [*QCODE, "--project", str(project_path), "--coder", "bench", "code",
             str(x["document"]), str(x["start"]), str(x["end"]), str(x["code"])],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    return (time.perf_counter() - start) / len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--codings", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--size", type=int, default=20_000, help="characters per document")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--single", type=int, default=20, help="single `qcode code` calls")
    parser.add_argument("--quick", action="store_true", help="a small run (for the tests)")
    args = parser.parse_args()
    if args.quick:
        args.codings, args.documents, args.size, args.repeat, args.single = 300, 10, 3000, 1, 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_corpus(folder / "corpus", args.documents, args.size)
        template = coded_project(folder / "template.qcode", files, {"*": 0}, None, seed=1)
        lines = batch_lines(template, args.codings)
        batch = folder / "batch.jsonl"
        batch.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        data = batch.read_bytes()

        def fresh(name: str) -> Path:
            return Path(shutil.copy(template, folder / name))

        ref_times, core_times, cli_times = [], [], []
        for i in range(args.repeat):  # interleaved, so drift hits all alike
            ref_times.append(reference(fresh(f"ref{i}.qcode"), lines))
            core_times.append(in_process(fresh(f"core{i}.qcode"), data, len(lines)))
            cli_times.append(command(fresh(f"cli{i}.qcode"), batch, len(lines)))
        per_call = single_calls(fresh("single.qcode"), lines[: args.single])
        ref, core, cli = min(ref_times), min(core_times), min(cli_times)
        n = len(lines)
        print(f"corpus: {args.documents} documents of ~{args.size:,} characters; {n:,} codings")
        print(f"reference (sqlite3 executemany):     {ref:.3f} s")
        print(f"code_batch in-process:                {core:.3f} s  ratio {core / ref:.1f}")
        print(f"qcode code --batch (start-up incl.):  {cli:.3f} s  ratio {cli / ref:.1f}"
              "  (target <= 1 s for 5,000)")  # fmt: skip
        calls = per_call * n
        print(f"qcode code, one call:                 {per_call:.3f} s  "
              f"-> {n:,} calls ~{calls:.0f} s ({calls / cli:.0f}x the batch)")  # fmt: skip


if __name__ == "__main__":
    main()
