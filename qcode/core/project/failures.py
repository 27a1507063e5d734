"""What SQLite's storage errors mean to a user, in one line each.

SQLite reports a full disk, a read-only file or folder, a damaged file and a lost mount as
`sqlite3.OperationalError`/`DatabaseError` with terse texts ("database or disk is full",
"attempt to write a readonly database", "database disk image is malformed"). The store
turns them into `QcodeError`s that say what happened and what to do, and the CLI uses the
same words for the few that surface outside a write. Errors that are not about the file
(a constraint, a bad statement) are bugs and are left alone, so they still show a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.core.errors import QcodeError

RESTORE_HINT = (
    "run 'qcode doctor' to see what is wrong, or restore a backup ('qcode backup --list')"
)


class DamagedProject(QcodeError):
    """The project file fails SQLite's checks: qcode will not write to it."""


def storage_message(exc: sqlite3.Error, path: str | Path) -> str | None:
    """The one-line message for a storage failure, or None when `exc` is not one (a bug)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return (
            f"{path}: the disk is full; nothing was changed. Free some space (a change needs "
            "room for the project and its -wal file beside it) and try again"
        )
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM" or "readonly" in text:
        return (
            f"{path}: cannot write the project: the file or its folder is read-only (qcode "
            "writes the file and a -wal and -shm file beside it); nothing was changed. Make "
            "them writable, or copy the project somewhere you can write"
        )
    if name == "SQLITE_CANTOPEN" or "unable to open database file" in text:
        return (
            f"{path}: cannot open the project file: check that it and its folder exist and can "
            "be read and written (qcode keeps -wal and -shm files beside it)"
        )
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text:
        return f"{path}: the project file is damaged ({text}); {RESTORE_HINT}"
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        return (
            f"{path}: the disk reported an error ({text}); nothing was changed. Check that "
            "the disk or network folder is still there and try again"
        )
    return None


def as_qcode_error(exc: sqlite3.Error, path: str | Path) -> QcodeError | None:
    """`storage_message` as an error to raise (DamagedProject for a damaged file)."""
    message = storage_message(exc, path)
    if message is None:
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    damaged = name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc)
    return DamagedProject(message) if damaged else QcodeError(message)
