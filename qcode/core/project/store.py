"""The project store: one SQLite file, opened through sqlite-utils.

Why it looks like this:

- **One transaction per user action.** Every change goes through `Project.change()`, which
  takes SQLite's write lock up front (`BEGIN IMMEDIATE`) and commits once. A process killed
  mid-action leaves nothing half-written; SQLite's journal rolls it back.
- **Several processes at once.** WAL lets readers work while one process writes; writers
  queue on the busy timeout instead of failing with "database is locked". Because the lock
  is taken at BEGIN, a transaction never has to upgrade from read to write, which is the
  case where SQLite gives up without waiting.
- **An audit log of row images.** `Change.insert/update/delete` record the row before and
  after in `changes`, grouped under one `audit` entry. That is enough to show how an
  analysis was made and to undo any action exactly (see `undo.py`).
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qcode.core.errors import QcodeError
from qcode.core.project.failures import RESTORE_HINT, DamagedProject, as_qcode_error
from qcode.core.project.integrity import IntegrityCheck
from qcode.core.project.schema import (
    BULKY_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    TRACKED_TABLES,
)
from qcode.core.project.tempfiles import remove_stale, temp_name
from qcode.core.safetext import check_name

if TYPE_CHECKING:  # imported when first used (Project.db): a quick command never needs it
    import sqlite_utils

APP_ID = "qcode"
DEFAULT_BUSY_TIMEOUT = 120.0  # seconds a writer waits for another process's transaction
FLUSH_ROWS = 500  # row images an action keeps in memory before writing them to `changes`


def now() -> str:
    """The current time as ISO 8601 in UTC, to the second: what the audit log shows."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_guid() -> str:
    """A GUID in the form REFI-QDA writes (uppercase 8-4-4-4-12 hex)."""
    return str(uuid.uuid4()).upper()


def default_coder() -> str:
    """The coder is the OS user unless QCODE_CODER names someone else."""
    env = os.environ.get("QCODE_CODER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still a usable default
        return "unknown"


def _busy_timeout() -> float:
    value = os.environ.get("QCODE_BUSY_TIMEOUT", "")
    try:
        return float(value) if value else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


@dataclass
class RowChange:
    table: str
    op: str
    row_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Change:
    """The rows one user action touches; written to the audit log when it commits."""

    project: Project
    action: str
    summary: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    undoes: int | None = None
    rows: list[RowChange] = field(default_factory=list)  # recorded, not yet written
    # Row images are written to `changes` every FLUSH_ROWS rows, under an audit entry made
    # at the first flush: undoing an import of 20,000 documents holds their deleted texts
    # (400 MB) otherwise. Same transaction: a failure still leaves no trace.
    _audit_id: int | None = None
    _written: int = 0

    @property
    def conn(self) -> sqlite3.Connection:
        return self.project.conn

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row and record it; returns its id."""
        return self.insert_many(table, [row])[0]

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows with one executemany; ids are assigned here (we hold the write
        lock, so max(id) cannot move) so that each row can be recorded by id."""
        _check_table(table)
        if not rows:
            return []
        next_id = self._next_id(table)
        prepared = []
        for offset, row in enumerate(rows):
            row = dict(row)
            row.setdefault("id", next_id + offset)
            prepared.append(row)
        columns = list(prepared[0])
        sql = (
            f"INSERT INTO {table} ({', '.join(_q(c) for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        self.conn.executemany(sql, [[row[c] for c in columns] for row in prepared])
        bulky = BULKY_COLUMNS.get(table, ())
        for row in prepared:
            after = {k: v for k, v in row.items() if k not in bulky}
            self._record(RowChange(table, "insert", row["id"], None, after))
        return [row["id"] for row in prepared]

    def _next_id(self, table: str) -> int:
        (top,) = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        return int(top) + 1

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """Change columns of one row, recording the whole row before and after."""
        _check_table(table)
        before = self.project.row(table, row_id)
        if before is None:
            raise QcodeError(f"no {table[:-1]} with id {row_id}")
        if all(before.get(k) == v for k, v in values.items()):
            return
        sets = ", ".join(f"{_q(k)} = ?" for k in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
        after = self.project.row(table, row_id)
        bulky = BULKY_COLUMNS.get(table, ())
        before = {k: v for k, v in before.items() if k not in bulky}
        after = {k: v for k, v in (after or {}).items() if k not in bulky}
        self._record(RowChange(table, "update", row_id, before, after))

    def delete(self, table: str, row_id: int) -> dict[str, Any]:
        """Delete one row, keeping its full image (text included) so undo can restore it."""
        _check_table(table)
        before = self.project.row(table, row_id)
        if before is None:
            raise QcodeError(f"no {table[:-1]} with id {row_id}")
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        self._record(RowChange(table, "delete", row_id, before, None))
        return before

    @property
    def touched(self) -> bool:
        """Whether the action changed any row (recorded or already written)."""
        return bool(self.rows) or self._written > 0

    def _record(self, row: RowChange) -> None:
        self.rows.append(row)
        if len(self.rows) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> int:
        """Write the recorded row images under this action's audit entry (made now if it
        is not yet), and forget them."""
        values = [self.project.coder, self.action, self.summary, _dumps(self.params)]
        if self._audit_id is None:
            cur = self.conn.execute(
                "INSERT INTO audit (at, coder, action, summary, params, undoes) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [now(), *values, self.undoes],
            )
            self._audit_id = int(cur.lastrowid or 0)
        audit_id = self._audit_id
        self.conn.executemany(
            'INSERT INTO changes (audit_id, seq, "table", op, row_id, before, after) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    audit_id,
                    seq,
                    rc.table,
                    rc.op,
                    rc.row_id,
                    None if rc.before is None else _dumps(rc.before),
                    None if rc.after is None else _dumps(rc.after),
                )
                for seq, rc in enumerate(self.rows, start=self._written)
            ],
        )
        self._written += len(self.rows)
        self.rows.clear()
        return audit_id

    def _write_audit(self) -> int:
        early = self._audit_id is not None
        audit_id = self._flush()
        if early:  # made at a first flush: the time and summary as at the end
            self.conn.execute(
                "UPDATE audit SET at = ?, summary = ?, params = ? WHERE id = ?",
                [now(), self.summary, _dumps(self.params), audit_id],
            )
        if self.undoes is not None:
            self.conn.execute(
                "UPDATE audit SET undone_by = ? WHERE id = ?", [audit_id, self.undoes]
            )
        return audit_id


class Project:
    """An open project file. Cheap to open; hold one per process (or per thread)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, coder: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        conn.execute("PRAGMA recursive_triggers=on")  # as sqlite-utils sets it, from the start
        try:  # the coder is shown in logs and listings: no control characters
            self.coder = check_name(coder or default_coder(), "coder name")
        except QcodeError:
            conn.close()
            raise
        self.last_audit_id: int | None = None
        # quick_check before the first write (see integrity.py)
        self.integrity = IntegrityCheck(path)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use (migrations, a query
        that is not a plain SELECT): its import is most of what `qcode status` would
        otherwise spend starting up."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, coder: str | None = None, schema_version: int = SCHEMA_VERSION
    ) -> Project:
        """A new, empty project. `schema_version` below the current one exists so tests
        can make files as an older qcode did and check that migration brings them forward.

        The file is built under a temporary name beside `path` and moved into place when
        complete, so an interrupted `qcode init` leaves no half-made project that blocks a
        retry (and the next create removes what it left)."""
        path = Path(path)
        if path.exists():
            raise QcodeError(f"{path}: already exists; open it, or choose another name")
        if not path.parent.exists():
            raise QcodeError(f"{path}: folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK):
            raise QcodeError(f"{path}: cannot create it: folder {path.parent} is read-only")
        remove_stale(path, "creating")
        tmp = temp_name(path, "creating")
        try:
            conn = _connect(tmp)
            project = cls(tmp, conn, coder)
            project.integrity.run(conn)  # a new file: nothing to find, and cheap
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                project._migrate(new=True, target=schema_version)
            finally:
                conn.close()  # checkpoints the WAL into the file and removes -wal/-shm
            _move_new(tmp, path)
        except sqlite3.Error as exc:
            _remove_with_journal(tmp)
            raise _translated(exc, path) from None
        except QcodeError as exc:  # said of the temporary file: say it of the project
            _remove_with_journal(tmp)
            raise QcodeError(str(exc).replace(str(tmp), str(path))) from None
        except BaseException:
            _remove_with_journal(tmp)
            raise
        conn = _connect(path)
        project = cls(path, conn, coder)
        project.integrity.run(conn)  # built just now: cheap, and the file is what we made
        return project

    @classmethod
    def open(
        cls, path: str | Path, coder: str | None = None, check_in_background: bool = False
    ) -> Project:
        """Open a project. The file is checked (`quick_check`) before the first write;
        `check_in_background` starts that check now in a thread, for an opener that stays
        open (the workbench) so its first write does not wait."""
        path = Path(path)
        if not path.exists():
            raise QcodeError(f"{path}: no such project (create it with 'qcode init {path}')")
        if path.is_dir():
            raise QcodeError(f"{path}: is a folder, not a project file")
        conn = _connect(path)
        project = cls(path, conn, coder)
        try:
            project._check_is_project()
            project._migrate(new=False)
        except sqlite3.DatabaseError as exc:
            conn.close()
            name = getattr(exc, "sqlite_errorname", "") or ""
            if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_ERROR", ""):
                raise QcodeError(f"{path}: not a qcode project ({exc})") from None
            raise _translated(exc, path) from None
        except BaseException:
            conn.close()
            raise
        if check_in_background:
            project.integrity.start(_busy_timeout())
        return project

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_is_project(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            raise QcodeError(f"{self.path}: not a qcode project (no qcode tables)")
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if not row or row[0] != APP_ID:
            raise QcodeError(f"{self.path}: not a qcode project")

    def schema_version(self) -> int:
        try:
            row = self.conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        except sqlite3.OperationalError:
            return 0
        if not row:
            return 0
        try:
            return int(row[0])
        except (TypeError, ValueError):
            raise DamagedProject(
                f"{self.path}: damaged project: its schema version is {row[0]!r}, not a "
                f"number (changed outside qcode); {RESTORE_HINT}"
            ) from None

    def _migrate(self, new: bool, target: int = SCHEMA_VERSION) -> None:
        """Apply missing migrations in one write transaction (waiting for other writers)."""
        if not new and self.schema_version() < 1:
            raise DamagedProject(
                f"{self.path}: damaged project: its schema version is "
                f"{self.meta('schema_version')!r}, and a qcode project has at least 1 "
                f"(changed outside qcode); {RESTORE_HINT}"
            )
        if not new and self.schema_version() >= target:
            if self.schema_version() > SCHEMA_VERSION:
                raise QcodeError(
                    f"{self.path}: made by a newer qcode (schema {self.schema_version()}, "
                    f"this qcode knows {SCHEMA_VERSION}); upgrade qcode to open it"
                )
            return
        with self._write_lock():
            current = self.schema_version()  # another process may have migrated meanwhile
            for version in range(current + 1, target + 1):
                _apply_migration(self.db, version)
            if new:
                for key, value in (
                    ("app", APP_ID),
                    ("project_guid", new_guid()),
                    ("created_at", now()),
                    ("created_by", self.coder),
                ):
                    self.conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value]
                    )
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                [str(max(current, target))],
            )

    # -- transactions ------------------------------------------------------------------

    def ensure_sound(self) -> None:
        """Refuse to write to a damaged file: the result of this project's `quick_check`
        (run now, or awaited from the background)."""
        try:
            problems = self.integrity.result(self.conn)
        except sqlite3.Error as exc:
            raise _translated(exc, self.path) from None
        if problems:
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise DamagedProject(
                f"{self.path}: the project file is damaged ({problems[0]}{more}); nothing was "
                f"written; {RESTORE_HINT}"
            )

    @contextmanager
    def _write_lock(self, check: bool = True) -> Iterator[None]:
        """One write transaction: the file checked first (unless `check` is off, for
        `qcode doctor`'s repairs), SQLite's write lock taken at BEGIN, storage failures
        (full disk, read-only file) said in words, and a rollback that does not hide them."""
        if check:
            self.ensure_sound()
        started = time.monotonic()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                waited = time.monotonic() - started
                raise QcodeError(
                    f"{self.path}: another qcode process kept the project busy; waited "
                    f"{waited:.1f} s (QCODE_BUSY_TIMEOUT sets the wait, now "
                    f"{_busy_timeout():g} s); try again"
                ) from None
            raise _translated(exc, self.path) from None
        try:
            yield
        except sqlite3.Error as exc:
            self._rollback()
            error = as_qcode_error(exc, self.path)
            if error is None:
                raise
            raise error from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _translated(exc, self.path) from None

    def _rollback(self) -> None:
        """Roll back if a transaction is still open. SQLite ends it by itself after some
        failures (a full disk); a ROLLBACK then fails with "no transaction is active" and
        would hide the real cause, so it is skipped, and a failing one is not raised over
        the error that brought us here."""
        if not self.conn.in_transaction:
            return
        with suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    @contextmanager
    def change(
        self,
        action: str,
        summary: str = "",
        params: dict[str, Any] | None = None,
        undoes: int | None = None,
    ) -> Iterator[Change]:
        """One user action: a write transaction recorded as one audit entry.

        Nothing is written to the audit log if the action changed no rows."""
        change = Change(self, action, summary, dict(params or {}), undoes)
        with self._write_lock():
            yield change
            if change.touched or undoes is not None:
                self.last_audit_id = change._write_audit()

    # -- reading -----------------------------------------------------------------------

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows as dicts, a repeated column name numbered as sqlite-utils numbers it (`id`,
        `id_2`). A plain SELECT runs on the connection; anything else (a PRAGMA, a
        statement that may write) goes through sqlite-utils' guarded `query`."""
        if sql.lstrip()[:6].upper() != "SELECT":
            return list(self.db.query(sql, params))
        cursor = self.conn.execute(sql, () if params is None else params)
        keys = _unique_keys([column[0] for column in cursor.description])
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        _check_table(table)
        rows = self.query(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        return rows[0] if rows else None

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            str(path), timeout=_busy_timeout(), isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a commit is on disk before qcode reports it done (WAL fsyncs per commit).
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        error = as_qcode_error(exc, path)
        if error is not None and not isinstance(error, DamagedProject):
            raise error from None
        raise QcodeError(f"{path}: not a qcode project ({exc})") from None
    return conn


def _translated(exc: sqlite3.Error, path: Path) -> Exception:
    """A storage failure as a one-line QcodeError; anything else unchanged (a bug)."""
    return as_qcode_error(exc, path) or exc


def _remove_with_journal(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _move_new(tmp: Path, path: Path) -> None:
    """Move a finished new file into place without replacing one made meanwhile: a hard
    link fails if `path` exists; where links are not supported, check and rename."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise QcodeError(f"{path}: already exists; open it, or choose another name") from None
    except OSError:
        if path.exists():
            raise QcodeError(f"{path}: already exists; open it, or choose another name") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _apply_migration(db: sqlite_utils.Database, version: int) -> None:
    db.executescript(MIGRATIONS[version - 1])
    if version == 2:
        # Full-text index over document names and text, kept current by triggers.
        # remove_diacritics 0: Norwegian å/æ/ø are letters, not a/ae/o with accents.
        db.table("documents").enable_fts(
            ["name", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 0"
        )


def _unique_keys(keys: list[str]) -> list[str]:
    """Column names made unique as sqlite-utils' `dedupe_keys` makes them: a later
    duplicate gets `_2`, `_3`, ... skipping a suffix another column already has."""
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    unique = []
    for key in keys:
        if key in seen:
            suffix, new_key = 2, key
            while new_key in seen or new_key in taken:
                new_key, suffix = f"{key}_{suffix}", suffix + 1
            key = new_key
        seen.add(key)
        unique.append(key)
    return unique


def _check_table(table: str) -> None:
    if table not in TRACKED_TABLES:
        raise ValueError(f"not a tracked table: {table}")


def _q(column: str) -> str:
    return f'"{column}"'


# One encoder for every row image: `json.dumps` with options builds a new encoder per call,
# which was half the cost of writing a merge's 5,000 images. Same options, same text.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)
