"""Every failure a user can meet ends as one line that says what happened and what to do:
a damaged file, a garbage schema version, a full disk, a read-only folder, a busy project,
huge ids, an interrupted init, a file name that is not UTF-8, a killed export."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.codebook.codes import add_code
from qcode.core.errors import QcodeError
from qcode.core.project import store
from qcode.core.project.failures import DamagedProject
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.builders import Run


def _no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


def _damage(path: Path, name: str) -> None:
    """Scribble over the cells of `name`'s root page, as a failing disk would."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)


@pytest.fixture
def damaged(project_path: Path, tmp_path: Path) -> Path:
    with Project.open(project_path) as project:
        files = []
        for i in range(20):
            files.append(tmp_path / f"d{i}.txt")
            files[-1].write_text(f"dokument {i} " * 200, encoding="utf-8")
        import_files(project, files)
    _damage(project_path, "documents")
    return project_path


@pytest.mark.parametrize("background", [False, True])
def test_a_damaged_file_is_never_written_to(damaged: Path, background: bool) -> None:
    size = damaged.stat().st_size
    with (
        Project.open(damaged, check_in_background=background) as project,
        pytest.raises(DamagedProject) as caught,
    ):
        add_code(project, "Makt", "power")
    message = str(caught.value)
    assert "\n" not in message and "damaged" in message
    assert "qcode doctor" in message and "qcode backup --list" in message
    wal = Path(f"{damaged}-wal")
    assert damaged.stat().st_size == size and (not wal.exists() or wal.stat().st_size == 0)


def test_a_sound_file_checked_in_the_background_takes_writes(project_path: Path) -> None:
    with Project.open(project_path, check_in_background=True) as project:
        add_code(project, "Makt", "power")
        assert project.integrity.done
        assert project.query("SELECT key FROM codes") == [{"key": "power"}]


def test_cli_on_a_damaged_file_writes_refused_and_reads_one_line(run: Run, damaged: Path) -> None:
    write = run("codes", "add", "Makt", ok=False)
    assert write.exit_code == 1 and "is damaged" in write.output and "qcode doctor" in write.output
    _no_traceback(write)
    read = run("docs", ok=False)  # reading meets the damaged page
    assert read.exit_code == 1 and "qcode doctor" in read.output
    _no_traceback(read)


@pytest.mark.parametrize(("value", "says"), [("x", "not a number"), ("999", "newer qcode"),
                                            ("0", "at least 1")])  # fmt: skip
def test_a_garbage_schema_version_is_one_line(
    run: Run, project_path: Path, value: str, says: str
) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    conn.commit()
    conn.close()
    result = run("status", ok=False)
    assert result.exit_code == 1 and says in result.output
    _no_traceback(result)


def test_a_full_disk_says_so_and_changes_nothing(project: Project, tmp_path: Path) -> None:
    (pages,) = project.conn.execute("PRAGMA page_count").fetchone()
    project.conn.execute(f"PRAGMA max_page_count = {pages}")
    big = tmp_path / "stor.txt"
    big.write_text("samtale " * 200_000, encoding="utf-8")
    with pytest.raises(QcodeError, match="the disk is full; nothing was changed") as caught:
        import_files(project, [big])
    assert "rollback" not in str(caught.value)
    assert not project.conn.in_transaction
    project.conn.execute("PRAGMA max_page_count = 1073741823")
    assert project.query("SELECT count(*) AS n FROM documents") == [{"n": 0}]
    import_files(project, [big])  # space again: the same action goes through
    assert project.query("SELECT count(*) AS n FROM audit") == [{"n": 1}]


@contextlib.contextmanager
def _mounted(folder: Path, options: str) -> Iterator[None]:
    """A tmpfs at `folder` (root only: skips the test elsewhere)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small or read-only file system needs root")
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_cli_full_disk_on_a_tiny_file_system(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    with _mounted(tiny, "size=1m"):
        project = tiny / "s.qcode"
        assert _cli("init", str(project)).exit_code == 0
        big = tmp_path / "stor.txt"
        big.write_text("samtale og makt " * 200_000, encoding="utf-8")
        result = _cli("--project", str(project), "import", str(big))
        assert result.exit_code == 1 and "the disk is full; nothing was changed" in result.output
        assert "rollback" not in result.output
        _no_traceback(result)
        status = _cli("--project", str(project), "status")
        assert "documents  0" in status.output


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a project, made read-only: chmod for a normal user, a read-only
    remount for root (whom permissions do not stop)."""
    folder = tmp_path / "ro"
    if os.geteuid() == 0:
        with _mounted(folder, "size=4m"):
            assert _cli("init", str(folder / "s.qcode")).exit_code == 0
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            yield folder
        return
    folder.mkdir()
    assert _cli("init", str(folder / "s.qcode")).exit_code == 0
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_a_read_only_folder_is_one_line(read_only_folder: Path) -> None:
    project = read_only_folder / "s.qcode"
    for args in (("codes", "add", "Makt"), ("status",)):
        result = _cli("--project", str(project), *args)
        assert result.exit_code == 1, result.output
        assert "read-only" in result.output or "can be read and written" in result.output
        _no_traceback(result)
    made = _cli("init", str(read_only_folder / "new.qcode"))
    assert made.exit_code == 1 and "is read-only" in made.output
    assert ".creating" not in made.output


def test_a_read_only_file_is_one_line(project_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files")
    project_path.chmod(0o444)
    try:
        result = _cli("--project", str(project_path), "codes", "add", "Makt")
    finally:
        project_path.chmod(0o644)
    assert result.exit_code == 1 and "read-only" in result.output
    _no_traceback(result)


def test_a_busy_project_says_how_long_it_waited(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QCODE_BUSY_TIMEOUT", "0.3")
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(project_path) as project, pytest.raises(QcodeError) as caught:
            add_code(project, "Makt", "power")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert "waited 0.3 s" in message and "now 0.3 s" in message and "0 s" not in message


@pytest.mark.parametrize(
    "args",
    [
        ("uncode", "99999999999999999999999"),
        ("code", "doc.txt", "0", "99999999999999999999999", "power"),
        ("memo", "delete", "99999999999999999999999"),
        ("suggestions", "accept", "99999999999999999999999"),
        ("categories", "assign", "99999999999999999999999", "x"),
        ("uncode", "abc"),
    ],
)
def test_huge_or_malformed_ids_are_one_line(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, ok=False)
    assert result.exit_code == 2 and "Invalid value" in result.output
    _no_traceback(result)


def test_undo_steps_beyond_the_history_undoes_what_there_is(run: Run) -> None:
    run("codes", "add", "Makt")
    run("codes", "add", "Tid")
    result = run("undo", "--steps", "5")
    lines = result.output.splitlines()
    assert len(lines) == 3 and lines[0].startswith("undone #2") and lines[1].startswith("undone #1")
    assert lines[2] == "undid 2 of 5 change(s): there is nothing more to undo"
    assert "no codes yet" in run("codes").output
    nothing = run("undo", "--steps", "5", ok=False)
    assert nothing.exit_code == 1 and "nothing to undo" in nothing.output


def test_an_interrupted_init_leaves_nothing_that_blocks_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "study.qcode"
    real = store._apply_migration

    def killed(db: object, version: int) -> None:
        if version == 3:
            raise KeyboardInterrupt
        real(db, version)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_apply_migration", killed)
    with pytest.raises(KeyboardInterrupt):
        Project.create(path)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(store, "_apply_migration", real)
    # what a SIGKILL leaves: a temporary file of a process that is gone
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    left = tmp_path / f".study.qcode.{dead.stdout.strip()}.creating"
    left.write_bytes(b"half a project")
    Path(f"{left}-wal").write_bytes(b"")
    Project.create(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.qcode"]


def test_a_file_name_that_is_not_utf8_is_one_line(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    folder.mkdir()
    name = os.fsdecode(b"intervju_\xe6\xf8.txt")
    try:
        (folder / name).write_text("Makt og avmakt", encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "ok.txt").write_text("Forberedelse", encoding="utf-8")
    result = run("import", str(folder), ok=False)
    assert result.exit_code == 1
    assert "intervju_\\xe6\\xf8.txt: the file name is not valid UTF-8" in result.output
    _no_traceback(result)
    skipped = run("import", "--skip-errors", str(folder))
    assert "1 imported, 1 skipped" in skipped.output


def test_the_next_export_removes_what_a_killed_export_left(run: Run, tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    left = tmp_path / f".matrix.{dead.stdout.strip()}.tmp.csv"
    left.write_text("half an export")
    alive = tmp_path / f".matrix.{os.getppid()}.tmp.csv"  # a running process's: kept
    alive.write_text("in progress")
    run("codes", "add", "Makt")
    run("matrix", "-o", str(tmp_path / "matrix.csv"))
    assert not left.exists() and alive.exists()
    assert (tmp_path / "matrix.csv").exists()
