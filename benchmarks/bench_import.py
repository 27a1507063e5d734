"""Import throughput against a bare-SQLite reference, measured in the same run.

qcode's import reads each file (decoding, newline normalisation), finds speaker turns and
sections, hashes the text, and stores documents, structure, the full-text index and the
audit entry in one transaction. The reference does the least any importer with search must:
read the same files, insert their names and text with one `executemany` and build the same
full-text index qcode builds (`FTS5_SCHEMA`, copied from what `Project.create` makes: an
external-content FTS5 table over name and text, tokenizer `unicode61 remove_diacritics 0`,
kept by an insert trigger), all in one transaction. Without the index the reference left
out most of the work every search-capable store does, and the ratio overstated qcode's own
cost (8.5 against a bare table). The figure that matters is the ratio, because these
machines are noisy. Target: <= 3.

Wall time is the target's measure, and on a machine whose cores other work is using it
moves by half from run to run: a large import reads its files in worker processes
(qcode/core/sources/reading.py) while the importing process writes, so the import waits for
whichever has no core. The CPU time of the importing process (which writes every row and
builds the index, as the reference does) and of all processes together are printed too,
each against the reference's CPU time.

Measured (2026-11-30, 2-core machine shared with other sessions' tests, side by side with
the code before): CPU ratio of the importing process 2.3-2.5 -> 1.7-1.9, of all processes
5.2-5.6 -> 4.5-5.1; wall 3.8-4.9 -> 3.7-4.6 at load 2-3, 2.6 when a core was free. What
changed: structure detection (what the workers spend most of their time on) about 1.5
times faster, and each file's structure columns encoded as JSON, and its structure note
made, where it is read, so workers send one string instead of thousands of pickled turns
and the importing process mostly writes. The wall-time target is met only where the workers
find a free core: the reading (about 0.7 s of CPU for these 1,000 files) is more than
the importing process's own work (0.4 s), and two cores are all this machine has.

Run: .venv/bin/python benchmarks/bench_import.py [--documents 1000] [--size 10000]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from qcode.core.project.store import Project  # noqa: E402
from qcode.core.sources.documents import import_files  # noqa: E402

# The same index qcode's schema sets up (qcode/core/project/store.py, migration 2).
FTS5_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT);
CREATE VIRTUAL TABLE documents_fts USING FTS5 (
    name, text, tokenize='unicode61 remove_diacritics 0', content="documents"
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, name, text) VALUES (new.rowid, new.name, new.text);
END;
"""


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def reference(paths: list[Path], db_path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the reference."""
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(FTS5_SCHEMA)
    rows = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    with conn:
        conn.executemany("INSERT INTO documents (name, text) VALUES (?, ?)", rows)
    (indexed,) = conn.execute("SELECT count(*) FROM documents_fts_docsize").fetchone()
    assert indexed == len(paths), indexed
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def qcode_import(paths: list[Path], db_path: Path) -> tuple[float, float, float]:
    """(wall, CPU of this process, CPU of the worker processes) seconds of qcode's import."""
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    with Project.create(db_path, coder="bench") as project:
        result = import_files(project, paths)
    elapsed = time.perf_counter() - start
    own, workers = time.process_time() - cpu, _children_cpu() - children
    assert len(result.imported) == len(paths), result.skipped[:3]
    return elapsed, own, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--size", type=int, default=10_000, help="characters per document")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="60 documents once: the test that keeps this working"
    )
    args = parser.parse_args()
    if args.quick:  # still enough files for worker processes (PARALLEL_FROM)
        args.documents, args.repeat = 60, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder / "corpus", args.documents, args.size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        refs, ours = [], []
        for i in range(args.repeat):  # interleaved, so drift hits both alike
            refs.append(reference(paths, folder / f"ref{i}.db"))
            ours.append(qcode_import(paths, folder / f"q{i}.qcode"))
        ref, ref_cpu = min(r[0] for r in refs), min(r[1] for r in refs)
        wall = min(o[0] for o in ours)
        own = min(o[1] for o in ours)
        total = min(o[1] + o[2] for o in ours)
        print(f"corpus: {len(paths)} documents, {megabytes:.1f} MB")
        print(f"reference (read + executemany + FTS5): {ref:.3f} s  {len(paths) / ref:,.0f} docs/s")
        print(
            f"qcode import:                           {wall:.3f} s  {len(paths) / wall:,.0f} docs/s"
        )
        print(f"ratio qcode/reference: {wall / ref:.2f}  (target <= 3)")
        print(
            f"CPU: reference {ref_cpu:.3f} s; importing process {own:.3f} s "
            f"(ratio {own / ref_cpu:.2f}), all processes {total:.3f} s "
            f"(ratio {total / ref_cpu:.2f})"
        )


if __name__ == "__main__":
    main()
