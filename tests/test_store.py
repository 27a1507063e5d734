"""The project file: creation, opening, migrations, transactions, the audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.core.codebook.codes import load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.coding import codings
from qcode.core.errors import QcodeError
from qcode.core.project.schema import SCHEMA_VERSION
from qcode.core.project.store import Project
from qcode.core.sources import documents
from tests.builders import BOOK


def test_new_project_uses_wal_foreign_keys_and_current_schema(project_path: Path) -> None:
    with Project.open(project_path) as p:
        assert p.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert p.schema_version() == SCHEMA_VERSION
        assert p.meta("app") == "qcode"
        assert len(p.meta("project_guid") or "") == 36


def test_create_refuses_to_overwrite(project_path: Path) -> None:
    with pytest.raises(QcodeError, match="already exists"):
        Project.create(project_path)


def test_open_rejects_missing_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match="no such project"):
        Project.open(tmp_path / "nope.qcode")
    junk = tmp_path / "junk.qcode"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(QcodeError, match="not a qcode project"):
        Project.open(junk)
    other = tmp_path / "other.qcode"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(QcodeError, match="not a qcode project"):
        Project.open(other)


def test_newer_schema_is_refused(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(QcodeError, match="newer qcode"):
        Project.open(project_path)


def test_file_made_at_schema_1_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    old = Project.create(path, schema_version=1)
    tables = {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master")}
    columns = {r[1] for r in old.conn.execute("PRAGMA table_info(documents)")}
    assert "turns" not in columns and "documents_fts" not in tables
    with old.change("import") as ch:
        ch.insert(
            "documents",
            {
                "guid": "G1",
                "name": "gammel.txt",
                "kind": "interview",
                "text": "Intervjuer: Hvordan forbereder du deg?\nInformant: Jeg leser saken.",
                "content_hash": "h",
                "original_path": "",
                "imported_at": "2013-01-01T00:00:00Z",
            },
        )
    old.close()

    with Project.open(path) as p:
        assert p.schema_version() == SCHEMA_VERSION
        tables = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master")}
        columns = {r[1] for r in p.conn.execute("PRAGMA table_info(documents)")}
        assert "documents_fts" in tables and {"sections", "turns"} <= columns
        assert p.query("SELECT turns FROM documents")[0]["turns"] == "[]"
        # the old document survives and is in the new full-text index
        from qcode.core.analysis.search import search

        hits = search(p, "forbereder")
        assert [h.document for h in hits] == ["gammel.txt"]
        # and the audit log written at version 1 still undoes
        from qcode.core.project.undo import undo

        undo(p)
        assert p.query("SELECT count(*) AS n FROM documents")[0]["n"] == 0


def test_failed_change_leaves_no_trace(project: Project) -> None:
    with pytest.raises(RuntimeError), project.change("code add") as ch:
        ch.insert("codes", {"guid": "X", "key": "x", "name": "X", "created_at": "now"})
        raise RuntimeError("boom")
    assert project.query("SELECT count(*) AS n FROM codes")[0]["n"] == 0
    assert project.query("SELECT count(*) AS n FROM audit")[0]["n"] == 0


def test_audit_log_records_before_and_after(project: Project, tmp_path: Path) -> None:
    load_codebook(project, parse_codebook(BOOK), "book.yaml")
    doc = tmp_path / "notat.txt"
    doc.write_text("Deltakerne snakket om makt og avmakt i møtet.\n", encoding="utf-8")
    documents.import_files(project, [doc], kind="observation")
    coding = codings.add_coding(project, "notat.txt", 23, 38, "power")
    codings.set_coding_memo(project, coding.id, "tydelig eksempel")

    entries = project.query("SELECT * FROM audit ORDER BY id")
    assert [e["action"] for e in entries] == ["codebook load", "import", "code", "memo"]
    assert all(e["coder"] == "tester" and e["at"].endswith("Z") for e in entries)
    memo_change = project.query("SELECT * FROM changes WHERE audit_id = ?", [entries[-1]["id"]])[0]
    assert memo_change["op"] == "update"
    assert '"memo": ""' in memo_change["before"]
    assert '"memo": "tydelig eksempel"' in memo_change["after"]
    # a document's text is not copied into the log when it is inserted
    doc_change = project.query("SELECT after FROM changes WHERE \"table\" = 'documents'")[0]
    assert "avmakt" not in doc_change["after"]
