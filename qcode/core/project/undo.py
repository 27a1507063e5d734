"""Undo, redo and history, computed from the audit log's row images.

Undo is itself a change: it applies the inverse of an entry's row changes in reverse
order and records them as a new audit entry that `undoes` the old one. So nothing is ever
erased from the history, redo is simply undoing an undo, and two analysts on one project
each undo their own work: the last entry *by this coder* that is not yet undone.

Before touching a row, undo checks it still looks as the entry left it. If someone has
changed it since (another coder coded inside a document whose import you undo), undo
refuses with a message rather than destroy their work.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from qcode.core.errors import QcodeError
from qcode.core.model import AuditEntry
from qcode.core.project.schema import BULKY_COLUMNS
from qcode.core.project.store import Change, Project
from qcode.core.rows import audit_entry_from_row

REGULAR = "action NOT IN ('undo', 'redo')"
# Audited but not undoable: a doctor's repair changes no rows, only indexes and triggers,
# and undoing it would put the damage back.
NOT_UNDOABLE = "action NOT IN ('undo', 'doctor')"


def history(
    project: Project, limit: int | None = None, coder: str | None = None
) -> list[AuditEntry]:
    """Audit entries, newest first."""
    sql = "SELECT * FROM audit"
    params: list[Any] = []
    if coder:
        sql += " WHERE coder = ?"
        params.append(coder)
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [audit_entry_from_row(r) for r in project.query(sql, params)]


def undo_candidate(project: Project) -> AuditEntry | None:
    rows = project.query(
        f"SELECT * FROM audit WHERE coder = ? AND {NOT_UNDOABLE} AND undone_by IS NULL "
        "ORDER BY id DESC LIMIT 1",
        [project.coder],
    )
    return audit_entry_from_row(rows[0]) if rows else None


def redo_candidate(project: Project) -> AuditEntry | None:
    """The newest undo by this coder that is not redone, unless a new change came after
    it (a new change clears the redo stack, as in any editor)."""
    rows = project.query(
        "SELECT * FROM audit WHERE coder = ? AND action = 'undo' AND undone_by IS NULL "
        "ORDER BY id DESC LIMIT 1",
        [project.coder],
    )
    if not rows:
        return None
    later = project.query(
        f"SELECT 1 FROM audit WHERE coder = ? AND id > ? AND {REGULAR} LIMIT 1",
        [project.coder, rows[0]["id"]],
    )
    return None if later else audit_entry_from_row(rows[0])


def undo(project: Project) -> AuditEntry:
    """Revert this coder's last change that is not yet undone; returns the entry undone."""
    return _revert_next(project, undo_candidate, "undo")


def redo(project: Project) -> AuditEntry:
    """Re-apply the change most recently undone; returns the entry that was undone."""
    undo_entry = _revert_next(project, redo_candidate, "redo")
    original = project.query("SELECT * FROM audit WHERE id = ?", [undo_entry.undoes])
    return audit_entry_from_row(original[0]) if original else undo_entry


class NothingToRevert(QcodeError):
    """There is no change of this coder's left to undo (or redo)."""


class _AlreadyReverted(QcodeError):
    """The chosen entry was reverted by another process between choosing and locking."""


def _revert_next(
    project: Project, candidate: Callable[[Project], AuditEntry | None], action: str
) -> AuditEntry:
    """Revert the next candidate; if another process reverted it while we waited for the
    write lock, take the one after it."""
    while True:
        entry = candidate(project)
        if entry is None:
            raise NothingToRevert(f"nothing to {action}")
        try:
            _revert(project, entry, action)
        except _AlreadyReverted:
            continue
        return entry


def _revert(project: Project, entry: AuditEntry, action: str) -> None:
    verb = "undo" if action == "undo" else "redo"
    summary = f"{verb} #{entry.id}: {entry.summary or entry.action}"
    with project.change(action, summary, {"entry": entry.id}, undoes=entry.id) as change:
        # Re-read inside the write lock: another process may have undone it meanwhile.
        current = project.query("SELECT undone_by FROM audit WHERE id = ?", [entry.id])
        if current and current[0]["undone_by"] is not None:
            raise _AlreadyReverted(
                f"#{entry.id} was already reverted by #{current[0]['undone_by']}"
            )
        rows = project.query(
            'SELECT "table", op, row_id, before, after FROM changes '
            "WHERE audit_id = ? ORDER BY seq DESC",
            [entry.id],
        )
        for row in rows:
            _invert(change, entry, row)


def _invert(change: Change, entry: AuditEntry, row: dict[str, Any]) -> None:
    table, op, row_id = row["table"], row["op"], row["row_id"]
    before = json.loads(row["before"]) if row["before"] else None
    after = json.loads(row["after"]) if row["after"] else None
    current = change.project.row(table, row_id)
    what = f"{table[:-1]} {row_id}"
    if op == "insert":
        if current is None:
            return  # already gone (deleted by a later change that is itself undone)
        _expect(current, after, entry, what)
        _delete_checked(change, table, row_id, entry, what)
    elif op == "delete":
        if current is not None:
            raise QcodeError(f"cannot revert #{entry.id}: {what} exists again")
        assert before is not None
        change.insert(table, before)
    else:
        if current is None:
            raise QcodeError(f"cannot revert #{entry.id}: {what} was deleted since")
        _expect(current, after, entry, what)
        assert before is not None
        bulky = BULKY_COLUMNS.get(table, ())
        change.update(
            table, row_id, {k: v for k, v in before.items() if k not in bulky and k != "id"}
        )


def _expect(
    current: dict[str, Any], image: dict[str, Any] | None, entry: AuditEntry, what: str
) -> None:
    if image is None:
        return
    for key, value in image.items():
        if current.get(key) != value:
            raise QcodeError(
                f"cannot revert #{entry.id} ({entry.summary or entry.action}): {what} was "
                f"changed since ({key}); revert the later change first"
            )


def _delete_checked(change: Change, table: str, row_id: int, entry: AuditEntry, what: str) -> None:
    import sqlite3

    try:
        change.delete(table, row_id)
    except sqlite3.IntegrityError:
        raise QcodeError(
            f"cannot revert #{entry.id} ({entry.summary or entry.action}): later work "
            f"depends on {what} (e.g. codings made since); revert that first"
        ) from None


def changes_of(project: Project, audit_id: int) -> list[dict[str, Any]]:
    """The row changes of one audit entry, in the order they were made."""
    return project.query(
        'SELECT "table", op, row_id, before, after FROM changes WHERE audit_id = ? ORDER BY seq',
        [audit_id],
    )


def grouped_changes(project: Project, audit_id: int) -> dict[tuple[str, str], list[int]]:
    """The rows one audit entry touched, grouped by (operation, table) in first-seen order:
    the short form of `changes_of` a person reads in the log."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for change in changes_of(project, audit_id):
        grouped.setdefault((change["op"], change["table"]), []).append(change["row_id"])
    return grouped
