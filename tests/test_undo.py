"""Undo and redo from the audit log: multi-step, per coder, refusing to destroy others' work."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.codebook.codes import load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.coding import codings
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.project.undo import history, redo, undo
from qcode.core.sources import documents
from tests.builders import BOOK

TEXT = (
    "Intervjuer: Hvordan forbereder du deg?\nInformant: Jeg leser saken grundig først.\n"
    "Intervjuer: Alltid?\nInformant: Nesten alltid.\n"
)


@pytest.fixture
def loaded(project: Project, tmp_path: Path) -> Project:
    load_codebook(project, parse_codebook(BOOK), "book.yaml")
    src = tmp_path / "intervju.txt"
    src.write_text(TEXT, encoding="utf-8")
    documents.import_files(project, [src], kind="interview")
    return project


def count(p: Project, table: str) -> int:
    return p.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_undo_is_multi_step_and_redo_restores_same_rows(loaded: Project) -> None:
    first = codings.add_coding(loaded, "intervju.txt", 51, 80, "preparation")
    second = codings.add_coding(loaded, "intervju.txt", 0, 38, "power")
    assert count(loaded, "codings") == 2

    assert undo(loaded).summary.startswith("coded")
    assert count(loaded, "codings") == 1
    undo(loaded)
    assert count(loaded, "codings") == 0
    redo(loaded)
    redo(loaded)
    rows = loaded.query("SELECT id, guid, start FROM codings ORDER BY id")
    assert [(r["id"], r["guid"]) for r in rows] == [
        (first.id, first.guid),
        (second.id, second.guid),
    ]
    with pytest.raises(QcodeError, match="nothing to redo"):
        redo(loaded)


def test_undo_walks_back_through_import_and_codebook(loaded: Project) -> None:
    undo(loaded)  # the import
    assert count(loaded, "documents") == 0
    undo(loaded)  # the codebook
    assert count(loaded, "codes") == 0
    with pytest.raises(QcodeError, match="nothing to undo"):
        undo(loaded)
    redo(loaded)
    redo(loaded)
    assert count(loaded, "documents") == 1
    doc = documents.get_document(loaded, "intervju.txt")
    assert doc.text == TEXT.rstrip("\n")  # the full text came back from the log
    assert [t.speaker for t in doc.turns] == ["Intervjuer", "Informant"] * 2  # and structure
    from qcode.core.analysis.search import search

    assert search(loaded, "grundig")  # and is searchable again


def test_new_change_clears_redo(loaded: Project) -> None:
    codings.add_coding(loaded, "intervju.txt", 51, 80, "preparation")
    undo(loaded)
    codings.add_coding(loaded, "intervju.txt", 0, 38, "power")
    with pytest.raises(QcodeError, match="nothing to redo"):
        redo(loaded)


def test_each_coder_undoes_their_own_work(loaded: Project) -> None:
    codings.add_coding(loaded, "intervju.txt", 51, 80, "preparation")  # tester
    with Project.open(loaded.path, coder="kari") as other:
        codings.add_coding(other, "intervju.txt", 0, 38, "power")
    undo(loaded)
    remaining = loaded.query("SELECT coder FROM codings")
    assert [r["coder"] for r in remaining] == ["kari"]


def test_undo_refuses_when_others_built_on_the_change(loaded: Project, tmp_path: Path) -> None:
    src = tmp_path / "notat.txt"
    src.write_text("Forberedelse var tema i dag.\n", encoding="utf-8")
    documents.import_files(loaded, [src], kind="observation")
    with Project.open(loaded.path, coder="kari") as other:
        codings.add_coding(other, "notat.txt", 0, 12, "preparation")
    with pytest.raises(QcodeError, match="later work depends"):
        undo(loaded)
    assert count(loaded, "documents") == 2  # nothing was half-undone


def test_history_shows_undo_links(loaded: Project) -> None:
    codings.add_coding(loaded, "intervju.txt", 51, 80, "preparation")
    undone = undo(loaded)
    entries = history(loaded)
    assert entries[0].action == "undo" and entries[0].undoes == undone.id
    assert next(e for e in entries if e.id == undone.id).undone_by == entries[0].id


def test_two_undos_at_once_each_undo_one_change(
    loaded: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four `qcode undo` started together undid three changes and the fourth failed with
    "#10 was already reverted by #15": each had chosen its change before waiting its turn."""
    codings.add_coding(loaded, "intervju.txt", 51, 80, "preparation")
    codings.add_coding(loaded, "intervju.txt", 0, 38, "power")
    from qcode.core.project import undo as undo_module

    chosen = undo_module.undo_candidate
    raced = []

    def candidate_then_race(project: Project):  # type: ignore[no-untyped-def]
        entry = chosen(project)
        if not raced:  # another process undoes the same change before we get the lock
            raced.append(entry)
            with Project.open(loaded.path, coder="tester") as other:
                undo(other)
        return entry

    monkeypatch.setattr(undo_module, "undo_candidate", candidate_then_race)
    undo(loaded)
    assert count(loaded, "codings") == 0
