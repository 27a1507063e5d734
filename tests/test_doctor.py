"""`qcode doctor`: a damaged schema is found, what is safe is repaired, rows never change."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qcode.core.analysis.search import search
from qcode.core.codebook import codes as codes_core
from qcode.core.errors import QcodeError
from qcode.core.project import doctor, undo
from qcode.core.project.schema import SCHEMA_VERSION
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.builders import Run


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _import(project: Project, tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    import_files(project, [source])


def test_a_fresh_project_is_ok_and_matches_every_object_the_migrations_make(
    project_path: Path,
) -> None:
    expected = doctor.expected_schema()
    kinds = {obj.type for obj in expected.values()}
    assert {"table", "index", "trigger"} <= kinds
    assert {"codes_shortcut", "documents_ai", "documents_fts"} <= set(expected)
    assert doctor.diagnose(project_path).ok


def test_every_index_and_trigger_dropped_is_found(project_path: Path) -> None:
    expected = doctor.expected_schema()
    droppable = [o for o in expected.values() if o.type in ("index", "trigger")]
    conn = _raw(project_path)
    for obj in droppable:
        conn.execute(f'DROP {obj.type.upper()} "{obj.name}"')
    conn.close()
    found = {(p.kind, p.name) for p in doctor.diagnose(project_path).problems}
    assert {(o.type, o.name) for o in droppable} <= found


def test_a_dropped_fulltext_trigger_is_found_and_repair_makes_new_documents_searchable(
    project: Project, tmp_path: Path
) -> None:
    project.conn.execute("DROP TRIGGER documents_ai")
    _import(project, tmp_path, "ny.txt", "Samtalestyring i praksis")
    assert search(project, "samtalestyring") == []  # the damage: a hidden document
    problems = doctor.diagnose(project.path).problems
    assert any(p.kind == "trigger" and p.name == "documents_ai" for p in problems)
    assert any(p.kind == "full-text" for p in problems)

    result = doctor.repair(project.path, coder="tester")
    assert result.ok and "trigger documents_ai made again" in result.repaired
    with Project.open(project.path) as fresh:
        assert [h.document for h in search(fresh, "samtalestyring")] == ["ny.txt"]
        _import(fresh, tmp_path, "neste.txt", "Forberedelse til samtalen")
        assert [h.document for h in search(fresh, "forberedelse")] == ["neste.txt"]


def test_a_dropped_unique_index_is_found_and_not_remade_while_rows_clash(
    project: Project, tmp_path: Path
) -> None:
    project.conn.execute("DROP INDEX codes_shortcut")
    codes_core.add_code(project, "Makt", "power", None, None, "m", "")
    codes_core.add_code(project, "Tid", "time", None, None, None, "")
    project.conn.execute("UPDATE codes SET shortcut = 'm' WHERE key = 'time'")  # the harm
    problems = doctor.diagnose(project.path).problems
    assert [p.message for p in problems if p.name == "codes_shortcut"] == [
        "unique index codes_shortcut on codes is missing"
    ]
    rows_before = project.query("SELECT * FROM codes ORDER BY id")

    result = doctor.repair(project.path, coder="tester")
    assert not result.ok
    assert len(result.refused) == 1
    assert "codes_shortcut" in result.refused[0]
    assert "shortcut='m' in codes 1,2" in result.refused[0]
    assert project.query("SELECT * FROM codes ORDER BY id") == rows_before  # rows untouched

    project.conn.execute("UPDATE codes SET shortcut = 't' WHERE key = 'time'")
    assert doctor.repair(project.path, coder="tester").ok
    with pytest.raises(QcodeError):
        codes_core.add_code(project, "Tredje", "third", None, None, "m", "")


def test_repair_takes_a_backup_is_audited_and_is_not_undone(project: Project) -> None:
    codes_core.add_code(project, "Makt", "power", None, None, None, "")
    project.conn.execute("DROP INDEX codings_code")
    result = doctor.repair(project.path, coder="tester")
    assert result.ok and Path(result.backup).exists()
    entry = undo.history(project, 1)[0]
    assert entry.action == "doctor" and "index codings_code made again" in entry.summary
    assert undo.undo(project).action == "code add"  # undo skips the repair


def test_an_index_that_differs_and_is_inconsistent_is_made_again(project_path: Path) -> None:
    conn = _raw(project_path)
    conn.execute("INSERT INTO codes (guid, key, name, created_at) VALUES ('g', 'k', 'K', 'now')")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX codes_shortcut ON codes(name)' "
        "WHERE name = 'codes_shortcut'"
    )
    conn.close()
    kinds = {(p.kind, p.name) for p in doctor.diagnose(project_path).problems}
    assert {("index", "codes_shortcut"), ("integrity", "codes_shortcut")} <= kinds
    result = doctor.repair(project_path, coder="tester")
    assert result.ok, result
    with Project.open(project_path) as project:
        assert project.query("SELECT key FROM codes") == [{"key": "k"}]


def test_a_missing_fulltext_shadow_table_is_made_again(project: Project, tmp_path: Path) -> None:
    _import(project, tmp_path, "a.txt", "Makt og avmakt")
    project.conn.execute("DROP TABLE documents_fts_data")
    problems = doctor.diagnose(project.path).problems
    assert [p.message for p in problems] == ["table documents_fts_data is missing"]
    assert doctor.repair(project.path, coder="tester").ok
    with Project.open(project.path) as fresh:
        assert [h.document for h in search(fresh, "avmakt")] == ["a.txt"]


@pytest.mark.parametrize("value", ["x", "-1", ""])
def test_a_garbage_schema_version_is_found_and_set_to_what_the_tables_match(
    project_path: Path, value: str
) -> None:
    conn = _raw(project_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    conn.close()
    with pytest.raises(QcodeError, match="schema version is .*qcode doctor"):
        Project.open(project_path)
    problems = doctor.diagnose(project_path).problems
    assert [p.kind for p in problems] == ["schema-version"]
    assert f"the tables match version {SCHEMA_VERSION}" in problems[0].message
    assert doctor.repair(project_path, coder="tester").ok
    with Project.open(project_path) as project:
        assert project.schema_version() == SCHEMA_VERSION


def test_damaged_pages_are_reported_and_not_repaired(project: Project, tmp_path: Path) -> None:
    for i in range(20):
        _import(project, tmp_path, f"d{i}.txt", f"dokument {i} " * 200)
    _damage_table(project.path, "documents")
    result = doctor.repair(project.path, coder="tester")
    assert not result.ok
    assert any(p.kind == "integrity" for p in result.problems)
    assert "qcode backup --list" in result.refused[0] and ".recover" in result.refused[0]
    assert not result.backup


def test_cli_doctor_exit_status_text_and_json(run: Run, project_path: Path) -> None:
    ok = run("doctor")
    assert ok.output.strip().endswith(f"ok (integrity, schema {SCHEMA_VERSION}, full-text index)")
    conn = _raw(project_path)
    conn.execute("DROP TRIGGER documents_ad")
    conn.close()
    found = run("doctor", ok=False)
    assert found.exit_code == 1
    assert "problem    trigger documents_ad on documents is missing (--repair fixes this)" in (
        found.output
    )
    data = json.loads(run("doctor", "--json", ok=False).output)
    assert data["ok"] is False and data["problems"][0]["name"] == "documents_ad"
    repaired = run("doctor", "--repair")
    assert "repaired   trigger documents_ad made again" in repaired.output
    assert run("doctor").exit_code == 0


def test_cli_doctor_on_a_file_that_is_no_project_is_one_line(run: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.qcode"
    junk.write_bytes(b"not sqlite at all" * 100)
    result = run("--project", str(junk), "doctor", ok=False)
    assert result.exit_code == 1 and "not a qcode project" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _damage_table(path: Path, table: str) -> None:
    """Scribble over the first cells of `table`'s root page, as a failing disk would."""
    conn = _raw(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)
