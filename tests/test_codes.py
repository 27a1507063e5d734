"""Reshaping the code tree from the core: rename, re-key, recolour, move, delete, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.codebook.codes import add_code, delete_code, list_codes, load_codebook, update_code
from qcode.core.codebook.format import parse_codebook
from qcode.core.coding import codings
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.project.undo import undo
from qcode.core.sources import documents
from tests.builders import BOOK


@pytest.fixture
def tree(project: Project, tmp_path: Path) -> Project:
    load_codebook(project, parse_codebook(BOOK), "book")
    add_code(project, "Brukers makt", key="user-power", parent="power")
    add_code(project, "Trusler", parent="user-power")
    src = tmp_path / "n.txt"
    src.write_text("Bruker truet veilederen og tok makten i rommet.\n", encoding="utf-8")
    documents.import_files(project, [src])
    codings.add_coding(project, "n.txt", 0, 18, "trusler")
    codings.add_coding(project, "n.txt", 19, 40, "power")
    return project


def levels(p: Project) -> dict[str, int]:
    return {c.key: c.level for c in list_codes(p)}


def test_rename_rekey_recolour_and_shortcut(tree: Project) -> None:
    code = update_code(tree, "power", name="Makt", key="makt", colour="red", shortcut="x")
    assert (code.name, code.key, code.colour, code.shortcut) == ("Makt", "makt", "#ff0000", "x")
    with pytest.raises(QcodeError, match="already used by 'makt'"):
        update_code(tree, "preparation", shortcut="x")
    with pytest.raises(QcodeError, match="bad key"):
        update_code(tree, "preparation", key="Ikke Slug")
    undo(tree)
    assert {c.key for c in list_codes(tree)} >= {"power"}


def test_move_carries_categories_and_refuses_cycles(tree: Project) -> None:
    update_code(tree, "user-power", parent="preparation")
    assert levels(tree)["user-power"] == 2 and levels(tree)["trusler"] == 3
    update_code(tree, "user-power", parent=None)  # promote to a theme
    assert levels(tree)["user-power"] == 1 and levels(tree)["trusler"] == 2
    with pytest.raises(QcodeError, match="under itself"):
        update_code(tree, "user-power", parent="trusler")
    undo(tree)
    undo(tree)
    assert levels(tree)["user-power"] == 2 and levels(tree)["trusler"] == 3


def test_delete_takes_categories_and_codings_and_undo_restores(tree: Project) -> None:
    code, n_codings, n_children = delete_code(tree, "power")
    assert (code.key, n_codings, n_children) == ("power", 2, 2)
    assert [c.key for c in list_codes(tree)] == ["preparation"]
    assert codings.list_codings(tree) == []
    undo(tree)
    assert levels(tree) == {"power": 1, "user-power": 2, "trusler": 3, "preparation": 1}
    assert len(codings.list_codings(tree)) == 2
