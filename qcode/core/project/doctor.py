"""`qcode doctor`: is the project file sound, and is its schema what qcode expects?

What can go wrong without SQLite noticing is the schema: a tool or a hand in the sqlite3
shell drops an index or a trigger, and qcode goes on quietly wrong. A dropped full-text
trigger hides every new document from search; a dropped unique index lets a second code
take a shortcut key. So the doctor compares the file with what qcode's own migrations
build (a fresh in-memory project at the file's schema version: never a hand-kept list),
runs SQLite's `integrity_check` and the full-text index's own check.

`repair` fixes only what can be rebuilt from the data itself: indexes and triggers are
created again from the migrations' SQL (a unique index only if no rows break it; the
doctor names the rows that do), indexes SQLite finds inconsistent are rebuilt (REINDEX),
the full-text index is rebuilt from the documents, and an unreadable schema version is set
to the version the tables match. Rows are never changed. A copy is taken first, and the
repair is an entry in the audit log. Damage to the data itself is not repaired: the answer
there is a backup, or `sqlite3 FILE .recover` to save what is readable.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from qcode.core.errors import QcodeError
from qcode.core.project.backup import snapshot_before
from qcode.core.project.schema import SCHEMA_VERSION
from qcode.core.project.store import APP_ID, Change, Project, _apply_migration, _connect

FTS = "documents_fts"
INTEGRITY_LIMIT = 20  # integrity_check problems listed


@dataclass(frozen=True)
class Problem:
    kind: str  # integrity, schema-version, table, column, index, trigger, full-text
    name: str  # what it concerns: a table, index or trigger name ("" for the file)
    message: str
    repairable: bool


@dataclass
class Diagnosis:
    path: str
    schema_version: int | None  # as read; None when unreadable
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    backup: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table, index, trigger
    name: str
    table: str
    sql: str


def expected_schema(version: int = SCHEMA_VERSION) -> dict[str, SchemaObject]:
    """What qcode's migrations make, up to `version`, read from a fresh in-memory project."""
    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn)
        for step in range(1, version + 1):
            _apply_migration(db, step)
        return _schema_of(conn)
    finally:
        conn.close()


def _schema_of(conn: sqlite3.Connection) -> dict[str, SchemaObject]:
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name: SchemaObject(kind, name, table, sql) for kind, name, table, sql in rows}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _same_sql(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def diagnose(path: str | Path) -> Diagnosis:
    """What is wrong with the project file at `path` (read only: nothing is written)."""
    conn = _open_raw(Path(path))
    try:
        return _diagnose(conn, Path(path))
    finally:
        conn.close()


def repair(path: str | Path, coder: str | None = None) -> Diagnosis:
    """Diagnose, then repair what is safe to repair (see the module's docstring); returns
    the diagnosis after the repair, with what was repaired and what was refused."""
    path = Path(path)
    conn = _open_raw(path)
    project = Project(path, conn, coder)
    try:
        before = _diagnose(conn, path)
        if before.ok:
            return before
        fatal = [p for p in before.problems if not p.repairable and p.kind == "integrity"]
        if fatal:
            before.refused.append(
                "the file itself is damaged beyond indexes, so doctor changes nothing: restore "
                f"a backup ('qcode backup --list'), or save what is readable with "
                f"'sqlite3 {path} .recover'"
            )
            return before
        backup = snapshot_before(project, "doctor repair")
        repaired, refused = _repair(project, before)
        after = _diagnose(conn, path)
        after.repaired, after.refused = repaired, refused
        after.backup = str(backup) if backup else ""
        return after
    finally:
        conn.close()


def _open_raw(path: Path) -> sqlite3.Connection:
    """The file opened without the store's checks and migrations: it may be what they
    refuse."""
    if not path.exists():
        raise QcodeError(f"{path}: no such project")
    if path.is_dir():
        raise QcodeError(f"{path}: is a folder, not a project file")
    conn = _connect(path)
    try:
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise QcodeError(f"{path}: not a qcode project ({exc})") from None
    if not app or app[0] != APP_ID:
        conn.close()
        raise QcodeError(f"{path}: not a qcode project")
    return conn


def _diagnose(conn: sqlite3.Connection, path: Path) -> Diagnosis:
    raw = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = _as_version(raw[0] if raw else None)
    diagnosis = Diagnosis(str(path), version)
    diagnosis.problems += _integrity(conn)
    if version is not None and version > SCHEMA_VERSION:
        diagnosis.problems.append(
            Problem(
                "schema-version",
                "",
                f"made by a newer qcode (schema {version}, this qcode knows {SCHEMA_VERSION})",
                False,
            )
        )
        return diagnosis
    if version is None or version < 1:
        guess = _matching_version(conn)
        hint = f"; the tables match version {guess}" if guess else ""
        diagnosis.problems.append(
            Problem(
                "schema-version",
                "",
                f"the schema version is {raw[0] if raw else None!r}, not a version{hint}",
                guess is not None,
            )
        )
        if guess is None:
            return diagnosis
        version = guess
    diagnosis.problems += _schema_problems(conn, expected_schema(version))
    if not any(
        p.kind in ("table", "column") and p.name.startswith(FTS) for p in diagnosis.problems
    ):
        diagnosis.problems += _fulltext_problems(conn)
    return diagnosis


def _as_version(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _matching_version(conn: sqlite3.Connection) -> int | None:
    """The schema version whose tables and columns the file has, if exactly one fits."""
    have = {
        name: set(_columns(conn, name))
        for name, obj in _schema_of(conn).items()
        if obj.type == "table"
    }
    fits = []
    for version in range(1, SCHEMA_VERSION + 1):
        want = expected_schema(version)
        tables = {n: set(_columns_expected(o)) for n, o in want.items() if o.type == "table"}
        if {n: have.get(n) for n in tables} == tables and set(tables) >= set(have):
            fits.append(version)
    return fits[0] if len(fits) == 1 else None


def _columns_expected(obj: SchemaObject) -> list[str]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(obj.sql)
        return _columns(conn, obj.name)
    except sqlite3.Error:  # a virtual table's shadow: its own module makes it
        return []
    finally:
        conn.close()


_INDEX_PROBLEM = re.compile(
    r"(?:row \d+ missing from index|wrong # of entries in index|non-unique entry in index) (\S+)"
)


def _integrity(conn: sqlite3.Connection) -> list[Problem]:
    try:
        rows = conn.execute(f"PRAGMA integrity_check({INTEGRITY_LIMIT})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [Problem("integrity", "", str(exc), False)]
    problems = []
    for (text,) in rows:
        for line in str(text).splitlines():
            line = line.strip()
            if not line or line == "ok" or line.startswith("***"):
                continue
            match = _INDEX_PROBLEM.search(line)
            problems.append(Problem("integrity", match[1] if match else "", line, bool(match)))
    return problems


def _schema_problems(conn: sqlite3.Connection, expected: dict[str, SchemaObject]) -> list[Problem]:
    actual = _schema_of(conn)
    problems = []
    for name, want in expected.items():
        have = actual.get(name)
        if want.type == "table":
            if have is None:
                fts = name.startswith(FTS)
                problems.append(Problem("table", name, f"table {name} is missing", fts))
                continue
            if name.startswith(FTS):
                continue
            missing = [c for c in _columns_expected(want) if c not in _columns(conn, name)]
            for column in missing:
                problems.append(
                    Problem("column", name, f"column {name}.{column} is missing", False)
                )
            continue
        if have is None:
            what = "unique index" if "UNIQUE" in want.sql.upper() else want.type
            problems.append(
                Problem(want.type, name, f"{what} {name} on {want.table} is missing", True)
            )
        elif not _same_sql(have.sql, want.sql):
            problems.append(
                Problem(want.type, name, f"{want.type} {name} differs from qcode's", True)
            )
    return problems


def _fulltext_problems(conn: sqlite3.Connection) -> list[Problem]:
    """Does the full-text index hold every document, and only those?"""
    try:
        conn.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        pass
    else:
        return []
    (documents,) = conn.execute("SELECT count(*) FROM documents").fetchone()
    return [
        Problem(
            "full-text",
            FTS,
            f"the full-text index does not match the {documents} documents (search misses or "
            "finds wrongly); a rebuild fixes it",
            True,
        )
    ]


def _repair(project: Project, diagnosis: Diagnosis) -> tuple[list[str], list[str]]:
    """Apply the repairs in one audited transaction; returns (repaired, refused)."""
    conn = project.conn
    version = diagnosis.schema_version
    if version is None or version < 1:
        version = _matching_version(conn) or SCHEMA_VERSION
    expected = expected_schema(version)
    repaired: list[str] = []
    refused: list[str] = []
    fixable = {
        p.name for p in diagnosis.problems if p.repairable and p.kind in ("index", "trigger")
    }
    with project._write_lock(check=False):
        if any(p.kind == "schema-version" for p in diagnosis.problems):
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                [str(version)],
            )
            repaired.append(f"schema version set to {version}, the version the tables match")
        if any(p.kind == "table" and p.name.startswith(FTS) for p in diagnosis.problems):
            _recreate_fulltext(conn, expected)
            repaired.append("full-text index made again")
        for name in sorted(fixable, key=lambda n: expected[n].type != "index"):
            want = expected[name]
            clash = _duplicates(conn, want)
            if clash:
                refused.append(clash)
                continue
            conn.execute(f'DROP {want.type.upper()} IF EXISTS "{name}"')
            conn.execute(want.sql)
            repaired.append(f"{want.type} {name} made again")
        for name in sorted({p.name for p in diagnosis.problems if p.kind == "integrity"}):
            try:
                conn.execute(f'REINDEX "{name}"')
                repaired.append(f"index {name} rebuilt")
            except sqlite3.IntegrityError as exc:
                refused.append(f"index {name} not rebuilt: {exc}")
        if f"{FTS}" in _schema_of(conn):
            conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            repaired.append("full-text index rebuilt from the documents")
        change = Change(project, "doctor", "doctor: " + "; ".join(repaired or ["nothing"]))
        change.params = {"repaired": repaired, "refused": refused}
        project.last_audit_id = change._write_audit()
    return repaired, refused


def _recreate_fulltext(conn: sqlite3.Connection, expected: dict[str, SchemaObject]) -> None:
    """Drop what is left of the full-text table and make it as the migrations do."""
    actual = _schema_of(conn)
    for name, obj in actual.items():
        if obj.type == "trigger" and obj.table == "documents":
            conn.execute(f'DROP TRIGGER "{name}"')
    if FTS in actual:
        # DROP TABLE of an FTS5 table needs its shadow tables: put back the missing ones
        # (empty, as the migrations make them) so that it can be dropped whole.
        for name, obj in expected.items():
            if name.startswith(f"{FTS}_") and obj.type == "table" and name not in actual:
                conn.execute(obj.sql)
                rows = _fresh_rows(name)
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        conn.execute(f"DROP TABLE {FTS}")
    for name in actual:
        if name.startswith(f"{FTS}_"):
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    for name, obj in expected.items():
        if name == FTS or (obj.type == "trigger" and obj.table == "documents"):
            conn.execute(obj.sql)


def _fresh_rows(table: str) -> list[tuple[object, ...]]:
    """The rows a table holds in a new, empty project (an FTS5 shadow table is not empty:
    it holds the index's structure record and version)."""
    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn)
        for step in range(1, SCHEMA_VERSION + 1):
            _apply_migration(db, step)
        return list(conn.execute(f'SELECT * FROM "{table}"'))
    finally:
        conn.close()


def _duplicates(conn: sqlite3.Connection, index: SchemaObject) -> str:
    """Why a unique index cannot be made again ('' when it can): the rows that share a
    value it would keep unique."""
    if index.type != "index" or "UNIQUE" not in index.sql.upper():
        return ""
    scratch = sqlite3.connect(":memory:")
    try:
        for obj in expected_schema().values():
            if obj.type == "table" and obj.name == index.table:
                scratch.execute(obj.sql)
        scratch.execute(index.sql)
        columns = [r[2] for r in scratch.execute(f'PRAGMA index_info("{index.name}")')]
    finally:
        scratch.close()
    where = re.search(r"\bWHERE\b(.*)$", index.sql, re.IGNORECASE | re.DOTALL)
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = (
        f'SELECT {cols}, group_concat(id) FROM "{index.table}"'
        + (f" WHERE {where[1]}" if where else "")
        + f" GROUP BY {cols} HAVING count(*) > 1 LIMIT 5"
    )
    rows = conn.execute(sql).fetchall()
    if not rows:
        return ""
    clashes = "; ".join(
        f"{', '.join(f'{c}={v!r}' for c, v in zip(columns, row[:-1], strict=True))} in "
        f"{index.table} {row[-1]}"
        for row in rows
    )
    return (
        f"unique index {index.name} not made again: rows share a value it keeps unique "
        f"({clashes}); change or clear the duplicate values first, then run "
        "'qcode doctor --repair' again"
    )
