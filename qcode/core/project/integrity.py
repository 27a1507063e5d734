"""Is the project file sound enough to write to? SQLite's `quick_check`, run once per open.

A damaged file that is written to gets worse: pages are reused, the journal replays over
them, and what could have been recovered from a backup or by `qcode doctor` is lost. So a
`Project` runs `PRAGMA quick_check` before its first write and refuses every write if it
fails. Reading is not checked: it cannot make the damage worse, and a read that meets a
damaged page fails with the same one-line advice (see `failures.py`).

`quick_check` reads every page: about 75 ms on a 100 MB project with a warm cache
(benchmarks/bench_quick_check.py), more than the 50 ms a keypress may take. So a long-lived
opener (the workbench) starts the check in a background thread as it opens the project
(`Project.open(..., check="background")`), and only the first write waits for it; a
command that writes once simply runs it before that write.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

QUICK_CHECK_LIMIT = 5  # problems reported: the first says enough, a few show the extent


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """The problems `PRAGMA quick_check` finds (empty when the file is sound)."""
    try:
        rows = conn.execute(f"PRAGMA quick_check({QUICK_CHECK_LIMIT})").fetchall()
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc):
            return [str(exc)]  # so damaged the check itself cannot run
        raise  # not about the file's contents (busy, read-only folder): the caller's to say
    # A row may hold several problems, one per line, under a "*** in database main ***"
    # heading: one problem per item, so the first can stand in a one-line message.
    problems = [
        line.strip()
        for (text,) in rows
        for line in str(text).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    return [] if problems == ["ok"] else problems[:QUICK_CHECK_LIMIT]


class IntegrityCheck:
    """One `quick_check` of a project file, run now or in a background thread; `result()`
    waits for it. The background run uses its own read-only connection, so the project's
    connection stays free for reads meanwhile."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problems: list[str] | None = None
        self._thread: threading.Thread | None = None

    def run(self, conn: sqlite3.Connection) -> list[str]:
        """Check on `conn`, now."""
        self._problems = quick_check(conn)
        return self._problems

    def start(self, timeout: float) -> None:
        """Check in a background thread (daemon: a process that exits does not wait)."""
        if self._thread is not None or self._problems is not None:
            return

        def check() -> None:
            try:
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout
                )
                try:
                    self._problems = quick_check(conn)
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # could not check from here: `result` checks on the project's connection

        self._thread = threading.Thread(target=check, name="qcode-quick-check", daemon=True)
        self._thread.start()

    @property
    def done(self) -> bool:
        return self._problems is not None

    def result(self, conn: sqlite3.Connection) -> list[str]:
        """The problems found: waits for a background check, or checks on `conn` now."""
        if self._thread is not None:
            self._thread.join()
        if self._problems is None:
            return self.run(conn)
        return self._problems
