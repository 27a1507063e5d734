"""Copies of a project: made on request (`qcode backup`) and before destructive actions.

A copy is made through SQLite's online backup API (`sqlite3.Connection.backup`), in one
step, so it is one consistent state of the project even while another process writes: the
copy reads a snapshot, as any reader in WAL mode does. It is built under a temporary name
beside its target and moved into place when complete (`tempfiles.py`).

Undo already reverts any action, so why copies? Undo needs a sound file and the audit log;
a copy does not. Before an action that deletes much (removing a document, deleting or
merging codes, loading a codebook over the codes, and later merging projects) qcode takes
one automatically with `snapshot_before`, into `<name>.qcode-backups/` beside the project,
keeping the newest few (`QCODE_BACKUPS_KEPT`, default 5; 0 turns them off).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from qcode.core.errors import QcodeError
from qcode.core.project.failures import as_qcode_error
from qcode.core.project.store import Project
from qcode.core.project.tempfiles import remove_stale, temp_name

DEFAULT_KEPT = 5
AUTOMATIC = "-before-"  # in the name of every automatic backup, and of no manual one


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    made_at: str  # from the name: when it was made (UTC), as ISO 8601
    action: str  # the action it was taken before; "" for a backup made on request


def backup_folder(project_path: Path) -> Path:
    """Where a project's backups go: `<name>.qcode-backups/` beside it."""
    return project_path.with_name(f"{project_path.name}-backups")


def kept() -> int:
    """How many automatic backups to keep ($QCODE_BACKUPS_KEPT; 0 turns them off)."""
    value = os.environ.get("QCODE_BACKUPS_KEPT", "").strip()
    try:
        return max(0, int(value)) if value else DEFAULT_KEPT
    except ValueError:
        return DEFAULT_KEPT


def backup_to(project: Project, target: Path, committed: bool = False) -> Path:
    """A consistent copy of `project` at `target` (which must not exist yet).

    `committed`: copy the last committed state through a connection of its own, for an
    action that decides inside its write transaction whether a copy is needed (a merge
    that turns out to add nothing makes none); WAL lets the copy read beside the writer."""
    target = Path(target)
    if target.exists():
        raise QcodeError(f"{target}: already exists; choose another name")
    if target.resolve() == project.path.resolve():
        raise QcodeError(f"{target}: is the project itself; choose another name")
    if not target.parent.is_dir():
        raise QcodeError(f"{target}: folder {target.parent} does not exist")
    remove_stale(target, "backup")
    tmp = temp_name(target, "backup")
    try:
        dest = sqlite3.connect(tmp)
        # The copy is built under a temporary name and fsynced before it is moved into
        # place, so its own journal and syncs would only guard a file that a crash leaves
        # for `remove_stale` anyway: off, they cost a fifth of the copy's time.
        dest.execute("PRAGMA journal_mode=OFF")
        dest.execute("PRAGMA synchronous=OFF")
        source = sqlite3.connect(project.path) if committed else project.conn
        try:
            source.backup(dest)  # pages=-1: all in one step, one consistent snapshot
        finally:
            dest.close()
            if committed:
                source.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        _remove(tmp)
        raise as_qcode_error(exc, target) or QcodeError(
            f"{target}: backup failed ({exc})"
        ) from None
    except OSError as exc:
        _remove(tmp)
        raise QcodeError(f"{target}: backup failed ({exc.strerror or exc})") from None
    return target


def backup_now(project: Project, target: Path | None = None) -> Path:
    """`qcode backup [FILE]`: to FILE, or into the backup folder under a timestamped name."""
    if target is not None:
        return backup_to(project, target)
    return backup_to(project, _new_name(project.path, ""))


def snapshot_before(project: Project, action: str) -> Path | None:
    """An automatic backup before a destructive `action`; returns its path (None when
    backups are turned off). Keeps the newest `kept()` automatic backups. If the copy
    cannot be made, the action is refused: it is exactly when a copy matters."""
    keep = kept()
    if keep == 0:
        return None
    try:
        path = backup_to(project, _new_name(project.path, action))
    except QcodeError as exc:
        raise _refused(action, exc) from None
    _prune(project.path, keep)
    return path


def _refused(action: str, why: QcodeError) -> QcodeError:
    """The one line that refuses an action whose automatic backup could not be made."""
    return QcodeError(
        f"no backup could be made before '{action}', so nothing was changed: {why} "
        "(QCODE_BACKUPS_KEPT=0 turns automatic backups off)"
    )


class SnapshotBeside:
    """An automatic backup made in a thread while the action that needs it runs.

    Started inside the action's write transaction (`BEGIN IMMEDIATE` taken), it copies the
    last committed state through a connection of its own, which WAL lets read beside the
    writer: exactly the state before the action. SQLite releases the GIL while it copies,
    so the action's own work and the copy overlap instead of queueing. The action then
    calls `keep()` before it
    commits (the copy's failure refuses the action, as `snapshot_before`'s does) or
    `discard()` when it changed nothing (a copy then would push an older, useful one out
    of the kept few)."""

    def __init__(self, project: Project, action: str) -> None:
        self.action = action
        self.project_path = project.path
        self.keep_count = kept()
        self.path: Path | None = None
        self._error: QcodeError | None = None
        self._thread: threading.Thread | None = None
        if self.keep_count == 0:
            return
        try:
            self.path = _new_name(project.path, action)
        except QcodeError as exc:
            self._error = exc
            return
        self._thread = threading.Thread(
            target=self._copy, args=(project,), name="qcode-snapshot", daemon=True
        )
        self._thread.start()

    def _copy(self, project: Project) -> None:
        assert self.path is not None
        try:
            backup_to(project, self.path, committed=True)
        except QcodeError as exc:
            self._error = exc
        except Exception as exc:  # any failure refuses the action in keep(), in words
            self._error = QcodeError(f"{self.path}: backup failed ({exc})")

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def keep(self) -> Path | None:
        """Wait for the copy; its path (None when backups are off). Raises, so the action
        rolls back, if it could not be made."""
        self._join()
        if self._error is not None:
            if self.path is not None:
                _remove(self.path)
            raise _refused(self.action, self._error)
        if self.path is None:
            return None
        _prune(self.project_path, self.keep_count)
        return self.path

    def discard(self) -> None:
        """Wait for the copy and remove it: the action turned out to change nothing."""
        self._join()
        if self.path is not None:
            _remove(self.path)
            self.path = None


def list_backups(project_path: Path) -> list[BackupFile]:
    """The project's backups in its backup folder, newest first."""
    folder = backup_folder(project_path)
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, int], BackupFile]] = []
    for path in folder.iterdir():
        match = _NAME.fullmatch(path.name)
        if not match or match["stem"] != project_path.stem:
            continue
        stamp = match["stamp"]
        made = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z"
        backup = BackupFile(path, path.stat().st_size, made, match["action"] or "")
        found.append(((stamp, int(match["n"] or 1)), backup))
    return [b for _, b in sorted(found, key=lambda pair: pair[0], reverse=True)]


_NAME = re.compile(
    r"(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-before-(?P<action>[a-z0-9-]+))?"
    r"\.[^.]+"
)


def _new_name(project_path: Path, action: str) -> Path:
    folder = backup_folder(project_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise QcodeError(f"{folder}: cannot make the backup folder ({exc.strerror})") from None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9]+", "-", action.lower()).strip("-")
    tail = f"{AUTOMATIC}{slug}" if slug else ""
    suffix = project_path.suffix or ".qcode"
    # Two backups in one second are numbered after the highest number that second has
    # (not the first free one: pruning frees names, and the order must stay the order made).
    numbers = [
        int(m["n"] or 1)
        for m in (_NAME.fullmatch(p.name) for p in folder.iterdir())
        if m and m["stem"] == project_path.stem and m["stamp"] == stamp
    ]
    n = max(numbers, default=0) + 1
    middle = f"{stamp}-{n}" if n > 1 else stamp
    return folder / f"{project_path.stem}-{middle}{tail}{suffix}"


def _prune(project_path: Path, keep: int) -> None:
    automatic = [b for b in list_backups(project_path) if b.action]
    for old in automatic[keep:]:
        _remove(old.path)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
