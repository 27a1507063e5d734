"""Several processes on one project, and processes killed mid-write.

These run real OS processes against a real file, because the guarantees are about what
SQLite's locking and journal do across processes, which no in-process test can show.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qcode.core.codebook.codes import load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.project.store import Project
from qcode.core.sources import documents
from tests.builders import BOOK

WRITER = """
import sys
from qcode.core.project.store import Project
from qcode.core.coding.codings import add_coding
coder, n = sys.argv[1], int(sys.argv[2])
with Project.open(sys.argv[3], coder=coder) as p:
    for i in range(n):
        add_coding(p, "lang.txt", i * 10, i * 10 + 5, "power" if i % 2 else "preparation")
print("done", coder)
"""

pytestmark = pytest.mark.slow

# The README's "Reliability and security" quotes these (tests/test_reliability_figures.py).
WRITERS, PER_WRITER = 4, 40
KILL_TRIALS = 4


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.qcode"
    with Project.create(path, coder="setup") as p:
        load_codebook(p, parse_codebook(BOOK), "book")
        src = tmp_path / "lang.txt"
        src.write_text("abcdefghi " * 2000, encoding="utf-8")
        documents.import_files(p, [src], kind="other")
    return path


def test_parallel_writers_wait_their_turn_and_lose_nothing(shared: Path) -> None:
    writers, per_writer = WRITERS, PER_WRITER
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, f"coder{w}", str(per_writer), str(shared)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    # a reader in this process keeps reading while they write
    with Project.open(shared) as reader:
        while any(p.poll() is None for p in procs):
            reader.query("SELECT count(*) FROM codings")
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert "locked" not in err
    with Project.open(shared) as p:
        rows = p.query("SELECT coder, count(*) AS n FROM codings GROUP BY coder")
        assert {r["coder"]: r["n"] for r in rows} == {
            f"coder{w}": per_writer for w in range(writers)
        }
        audit = p.query("SELECT count(*) AS n FROM audit WHERE action = 'code'")[0]["n"]
        assert audit == writers * per_writer


IMPORTER = """
import sys
from pathlib import Path
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
folder = Path(sys.argv[2])
with Project.open(sys.argv[1], coder="importer") as p:
    round_ = 0
    while True:
        batch = folder / f"round{round_}"
        batch.mkdir()
        files = []
        for i in range(150):
            f = batch / f"doc{i}.txt"
            f.write_text(f"{folder.name} runde {round_} dok {i}. " + "Om makt og samtaler. " * 200,
                         encoding="utf-8")
            files.append(f)
        import_files(p, files, kind="observation")
        print(round_, flush=True)
        round_ += 1
"""


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc; elsewhere none are checked)."""
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in listing.read_text().split()] if listing.exists() else []


def _assert_gone(pids: list[int], seconds: float = 10.0) -> None:
    """Each of `pids` has exited (a zombie no one reaps counts as exited)."""

    def alive(pid: int) -> bool:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        return "State:\tZ" not in status

    deadline = time.monotonic() + seconds
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if alive(p)], "reading workers outlived the killed import"


def test_killed_process_loses_only_its_unfinished_import(tmp_path: Path) -> None:
    path = tmp_path / "kill.qcode"
    Project.create(path).close()
    for attempt in range(KILL_TRIALS):
        folder = tmp_path / f"attempt{attempt}"
        folder.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(path), str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0 + 0.37 * attempt)
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _assert_gone(workers)  # the import's reading workers end with it
        with Project.open(path) as p:
            assert p.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            (docs,) = p.conn.execute("SELECT count(*) FROM documents").fetchone()
            (fts,) = p.conn.execute("SELECT count(*) FROM documents_fts").fetchone()
            imports = p.query("SELECT count(*) AS n FROM audit WHERE action = 'import'")[0]["n"]
            # every import is all or nothing: whole batches only, each with its audit entry
            assert docs == 150 * imports
            assert fts == docs
