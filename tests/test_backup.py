"""Backups: a consistent copy through SQLite's online backup API, on request and before
every destructive action, kept a few at a time beside the project."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qcode.core.categories.reshape import merge
from qcode.core.codebook.codes import add_code, delete_code, load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.coding.codings import add_memo
from qcode.core.errors import QcodeError
from qcode.core.project import backup
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files, remove_document
from tests.builders import BOOK, Run

WRITER = """
import sys, time
from qcode.core.project.store import Project
from qcode.core.coding.codings import add_memo
with Project.open(sys.argv[1], coder="writer") as project:
    end = time.monotonic() + float(sys.argv[2])
    n = 0
    while time.monotonic() < end:
        add_memo(project, f"memo {n}")
        n += 1
"""


def _counts(path: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(path)
    try:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        (memos,) = conn.execute("SELECT count(*) FROM memos").fetchone()
        (audit,) = conn.execute("SELECT count(*) FROM audit").fetchone()
    finally:
        conn.close()
    return check, memos, audit


def test_backup_is_consistent_while_another_process_writes(
    project: Project, tmp_path: Path
) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(project.path), "3"])
    try:
        deadline = time.monotonic() + 20  # a loaded machine starts the writer late
        while _counts(project.path)[1] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        seen = []
        for i in range(6):
            copy = backup.backup_now(project, tmp_path / f"copy-{i}.qcode")
            check, memos, audit = _counts(copy)
            assert check == "ok"
            assert memos == audit  # every memo with its audit entry, nothing half-written
            seen.append(memos)
            time.sleep(0.2)
    finally:
        assert writer.wait(timeout=30) == 0
    assert seen[0] > 0 and len(set(seen)) > 1  # the writer was writing meanwhile
    with Project.open(tmp_path / "copy-5.qcode") as last:
        assert last.query("SELECT count(*) AS n FROM memos")[0]["n"] == seen[-1]


def test_backup_refuses_an_existing_file_and_the_project_itself(project: Project) -> None:
    with pytest.raises(QcodeError, match="already exists"):
        backup.backup_now(project, project.path)
    assert not list(project.path.parent.glob(".*backup*"))


def _study(project: Project, tmp_path: Path) -> None:
    load_codebook(project, parse_codebook(BOOK))
    source = tmp_path / "intervju.txt"
    source.write_text("Makt og avmakt i samtalen", encoding="utf-8")
    import_files(project, [source])


@pytest.mark.parametrize(
    ("action", "label"),
    [
        (lambda p: remove_document(p, "intervju.txt"), "remove"),
        (lambda p: delete_code(p, "power"), "codes-delete"),
        (lambda p: merge(p, "power", "preparation"), "codes-merge"),
        (lambda p: load_codebook(p, parse_codebook(BOOK)), "codebook-load"),
    ],
)
def test_destructive_actions_take_a_backup_first(
    project: Project, tmp_path: Path, action: object, label: str
) -> None:
    _study(project, tmp_path)
    before = project.query("SELECT * FROM codes ORDER BY id")
    assert callable(action)
    action(project)
    (taken,) = backup.list_backups(project.path)
    assert taken.action == label and taken.path.parent.name == "study.qcode-backups"
    with Project.open(taken.path) as copy:
        assert copy.query("SELECT * FROM codes ORDER BY id") == before
        assert copy.query("SELECT name FROM documents") == [{"name": "intervju.txt"}]


def test_a_first_codebook_load_and_other_changes_take_none(project: Project) -> None:
    load_codebook(project, parse_codebook(BOOK))
    add_code(project, "Tid", "time")
    add_memo(project, "notat")
    assert backup.list_backups(project.path) == []


def test_only_the_newest_automatic_backups_are_kept(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QCODE_BACKUPS_KEPT", "3")
    manual = backup.backup_now(project)
    for i in range(5):
        add_code(project, f"Kode {i}", f"k{i}")
    taken = [backup.snapshot_before(project, "codes delete") for _ in range(5)]
    kept = backup.list_backups(project.path)
    assert [b.path for b in kept if b.action] == list(reversed(taken[-3:]))
    assert manual in [b.path for b in kept]  # a backup on request is never pruned
    monkeypatch.setenv("QCODE_BACKUPS_KEPT", "0")
    assert backup.snapshot_before(project, "remove") is None


def test_a_failed_backup_refuses_the_action(project: Project, tmp_path: Path) -> None:
    _study(project, tmp_path)
    backup.backup_folder(project.path).write_text("a file where the folder should be")
    with pytest.raises(QcodeError, match="no backup could be made before 'remove'"):
        remove_document(project, "intervju.txt")
    assert project.query("SELECT name FROM documents") == [{"name": "intervju.txt"}]


def test_cli_backup_and_list(run: Run, project_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "kopi.qcode"
    assert run("backup", str(target)).output == f"backed up {project_path} to {target}\n"
    run("backup")
    run("codes", "add", "Makt", "--key", "power")
    run("codes", "add", "Tid", "--key", "time")
    run("codes", "merge", "time", "power")
    listed = run("backup", "--list").output.splitlines()
    assert len(listed) == 2
    assert "before codes-merge" in listed[0] and "on request" in listed[1]
    data = json.loads(run("backup", "--list", "--json").output)
    assert [d["before"] for d in data] == ["codes-merge", None]
    again = run("backup", str(target), ok=False)
    assert again.exit_code == 1 and "already exists" in again.output
