"""Sources kept between matrix builds (`SourceTexts`, what the TUI's matrix view passes
so that switching columns or filters does not prepare every source again): the same
matrix as a build from scratch, and nothing kept past a change to the project."""

from __future__ import annotations

from qcode.core.analysis.matrix import SourceTexts, build_matrix
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.project.store import Project
from qcode.core.serialise import matrix_to_dict

SPECS = [
    MatrixSpec(by="office"),
    MatrixSpec(by="source", nest=True),
    MatrixSpec(by="kind", filters=MatrixFilters.parse("office=Nordby")),
    MatrixSpec(by="all", rows=("themes", "categories")),
]


def test_kept_sources_build_the_same_matrix_for_every_spec(coded: Project) -> None:
    kept = SourceTexts()
    for spec in SPECS + SPECS:  # the second round reads every source from what was kept
        assert matrix_to_dict(build_matrix(coded, spec, kept)) == matrix_to_dict(
            build_matrix(coded, spec)
        )


def test_a_change_to_the_project_is_never_hidden_by_what_was_kept(coded: Project) -> None:
    kept = SourceTexts()
    before = build_matrix(coded, MatrixSpec(by="source"), kept)
    first = next(e for row in before.cells for cell in row for e in cell.excerpts)
    doc = coded.query("SELECT id, kind FROM documents WHERE name = ?", [first.source])[0]
    other = "observation" if doc["kind"] != "observation" else "interview"
    with coded.change("kind changed") as ch:  # audited, as every change
        ch.update("documents", doc["id"], {"kind": other})
    after = build_matrix(coded, MatrixSpec(by="source"), kept)
    kinds = {e.kind for row in after.cells for cell in row for e in cell.excerpts
             if e.source == first.source}  # fmt: skip
    assert kinds == {other}
    assert matrix_to_dict(after) == matrix_to_dict(build_matrix(coded, MatrixSpec(by="source")))
