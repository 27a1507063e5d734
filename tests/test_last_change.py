"""`last_change`: the newest audit entry, which viewers compare to notice changes made by
other processes (the workbench polls it every two seconds)."""

from __future__ import annotations

from pathlib import Path

from qcode.core.codebook.codes import add_code
from qcode.core.project.status import last_change
from qcode.core.project.store import Project
from qcode.core.project.undo import undo


def test_last_change_moves_with_every_change_undo_included(project_path: Path) -> None:
    with Project.open(project_path, coder="tester") as project:
        assert last_change(project) is None
        add_code(project, "Makt")
        first = last_change(project)
        assert first is not None
        with Project.open(project_path, coder="other") as other:  # another process
            add_code(other, "Tid")
        second = last_change(project)
        assert second is not None and second > first
        undo(project)
        third = last_change(project)
        assert third is not None and third > second
