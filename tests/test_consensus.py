"""Disagreement regions of two coders and their resolution by a consensus coder
(core/analysis/consensus.py): regions from the same unioned spans as the agreement
figures, each resolution one audited change that undo reverts, resolved regions shown as
such, and the matrix built from the consensus coder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.analysis.agreement_data import AgreementSpec, agreement
from qcode.core.analysis.consensus import (
    DocumentRegions,
    Region,
    adopt_agreed,
    disagreements,
    resolve,
)
from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.project import undo as undo_core
from qcode.core.project.store import Project
from tests.builders import BOOK, state

TEXTS = {
    "nordby.txt": "Hun var godt forberedt. " * 20,  # 480 characters
    "sorvik.txt": "Makten lå hos saksbehandleren, sa hun. " * 10,
    "only-anna.txt": "y" * 500,
}
CODINGS = [  # coder, document, start, end, code
    ("anna", "nordby.txt", 0, 23, "preparation"),  # agreed exactly
    ("bo", "nordby.txt", 0, 23, "preparation"),
    ("anna", "nordby.txt", 48, 100, "preparation"),  # overlap, boundaries differ
    ("anna", "nordby.txt", 90, 120, "preparation"),  # overlaps her own: unioned to 48-120
    ("bo", "nordby.txt", 60, 140, "preparation"),
    ("anna", "nordby.txt", 200, 230, "preparation"),  # anna only
    ("bo", "nordby.txt", 300, 330, "preparation"),  # bo only
    ("anna", "sorvik.txt", 0, 38, "power"),
    ("bo", "sorvik.txt", 0, 20, "preparation"),
    ("anna", "only-anna.txt", 0, 100, "preparation"),  # a document bo never coded: left out
]


def invoke(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), *args])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("consensus")
    path = folder / "study.qcode"
    assert invoke(path, "init", str(path)).exit_code == 0
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert invoke(path, "import", *(str(folder / n) for n in TEXTS)).exit_code == 0
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    assert invoke(path, "codebook", "load", str(folder / "book.yaml")).exit_code == 0
    for coder, doc, start, end, code in CODINGS:
        result = invoke(path, "--coder", coder, "code", doc, str(start), str(end), code)
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Iterator[Project]:
    copy = tmp_path / "study.qcode"
    copy.write_bytes(template.read_bytes())
    with Project.open(copy, coder="lead") as opened:
        yield opened


def regions_of(found: list[DocumentRegions]) -> list[Region]:
    return [r for d in found for r in d.regions]


def test_regions_a_only_b_only_and_differing_overlap(project: Project) -> None:
    found = disagreements(project, "anna", "bo", "preparation")
    assert [d.document for d in found] == ["nordby.txt", "sorvik.txt"]
    nordby = found[0].regions
    assert [(r.kind, r.start, r.end) for r in nordby] == [
        ("both", 48, 140),
        ("a_only", 200, 230),
        ("b_only", 300, 330),
    ]
    overlap = nordby[0]
    assert overlap.a_spans == ((48, 120),) and overlap.b_spans == ((60, 140),)
    assert overlap.text == TEXTS["nordby.txt"][48:140]
    assert nordby[1].a_spans == ((200, 230),) and nordby[1].b_spans == ()
    # the agreed segment 0-23 is no region; only-anna.txt is not compared
    assert all(r.start != 0 for r in nordby)
    assert found[1].regions[0].kind == "b_only"
    assert all(r.resolved is None for r in regions_of(found))


def test_regions_add_up_to_the_agreement_counts(project: Project) -> None:
    """Characters in A-only and B-only parts of the regions are the figures' counts."""
    result = agreement(project, AgreementSpec(("anna", "bo"), ("preparation",)))
    table = result.codes[0].comparison.table
    a_only = b_only = 0
    for region in regions_of(disagreements(project, "anna", "bo", "preparation")):
        a_chars = {i for s, e in region.a_spans for i in range(s, e)}
        b_chars = {i for s, e in region.b_spans for i in range(s, e)}
        a_only += len(a_chars - b_chars)
        b_only += len(b_chars - a_chars)
    assert (a_only, b_only) == (table.a_only, table.b_only)


@pytest.mark.parametrize(
    ("keep", "spans"),
    [("a", [(48, 120)]), ("b", [(60, 140)]), ("both", [(48, 140)]), ("neither", [])],
)
def test_resolve_writes_the_kept_spans_as_consensus(
    project: Project, keep: str, spans: list[tuple[int, int]]
) -> None:
    before = state(project)
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    done = resolve(project, region, keep)  # type: ignore[arg-type]
    assert done.changed
    rows = project.query(
        'SELECT start, "end" FROM codings WHERE coder = ? ORDER BY start', ["consensus"]
    )
    assert [(r["start"], r["end"]) for r in rows] == spans
    again = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    assert again.resolved == keep
    # the other regions are untouched by it
    others = regions_of(disagreements(project, "anna", "bo", "preparation"))[1:]
    assert all(r.resolved is None for r in others)
    entry = undo_core.history(project, limit=1)[0]
    assert entry.action == "consensus" and entry.coder == "lead"
    undo_core.undo(project)
    assert state(project) == before
    assert regions_of(disagreements(project, "anna", "bo", "preparation"))[0].resolved is None


def test_neither_leaves_a_memo_that_marks_it_resolved(project: Project) -> None:
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[1]
    resolve(project, region, "neither")
    memos = project.query("SELECT * FROM memos WHERE author = 'consensus'")
    assert len(memos) == 1 and memos[0]["target"] == "document"
    assert "preparation 200-230" in memos[0]["text"]
    # changing one's mind replaces the marker with codings, in one change
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[1]
    assert region.resolved == "neither"
    resolve(project, region, "a")
    assert not project.query("SELECT * FROM memos WHERE author = 'consensus'")
    assert regions_of(disagreements(project, "anna", "bo", "preparation"))[1].resolved == "a"
    undo_core.undo(project)
    assert regions_of(disagreements(project, "anna", "bo", "preparation"))[1].resolved == (
        "neither"
    )


def test_resolving_twice_the_same_way_changes_nothing(project: Project) -> None:
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    resolve(project, region, "b")
    entries = len(undo_core.history(project))
    again = resolve(project, region, "b")
    assert not again.changed and len(undo_core.history(project)) == entries


def test_switching_choice_replaces_the_consensus_codings(project: Project) -> None:
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    resolve(project, region, "a")
    resolve(project, region, "both")
    rows = project.query("SELECT start, \"end\" FROM codings WHERE coder = 'consensus'")
    assert [(r["start"], r["end"]) for r in rows] == [(48, 140)]
    undo_core.undo(project)
    rows = project.query("SELECT start, \"end\" FROM codings WHERE coder = 'consensus'")
    assert [(r["start"], r["end"]) for r in rows] == [(48, 120)]


def test_consensus_coded_otherwise_shows_as_edited(project: Project) -> None:
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    with Project.open(project.path, coder="consensus") as as_consensus:
        from qcode.core.coding.codings import add_coding

        add_coding(as_consensus, "nordby.txt", 50, 70, "preparation")
    assert regions_of(disagreements(project, "anna", "bo", "preparation"))[0].resolved == ("edited")
    resolve(project, region, "a")  # replaces the hand-made consensus coding
    rows = project.query("SELECT start, \"end\" FROM codings WHERE coder = 'consensus'")
    assert [(r["start"], r["end"]) for r in rows] == [(48, 120)]


def test_adopt_agreed_and_the_matrix_from_the_consensus(project: Project) -> None:
    assert adopt_agreed(project, "anna", "bo", "preparation") == 1
    assert adopt_agreed(project, "anna", "bo", "preparation") == 0  # already there
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[1]
    resolve(project, region, "a")
    spec = MatrixSpec(filters=MatrixFilters(coders=("consensus",)))
    matrix = build_matrix(project, spec)
    excerpts = [e for row in matrix.cells for cell in row for e in cell.excerpts]
    ids = sorted(i for e in excerpts for i in e.coding_ids)
    rows = project.query("SELECT id, start, \"end\" FROM codings WHERE coder = 'consensus'")
    assert ids == sorted(r["id"] for r in rows)
    assert sorted((r["start"], r["end"]) for r in rows) == [(0, 23), (200, 230)]
    assert {c for e in excerpts for c in e.coders} == {"consensus"}
    assert matrix.coders == ("consensus",)


def test_a_custom_consensus_coder(project: Project) -> None:
    region = regions_of(disagreements(project, "anna", "bo", "preparation", "agreed"))[2]
    resolve(project, region, "b")
    assert project.query("SELECT coder FROM codings WHERE coder = 'agreed'")
    assert (
        regions_of(disagreements(project, "anna", "bo", "preparation", "agreed"))[2].resolved == "b"
    )
    assert regions_of(disagreements(project, "anna", "bo", "preparation"))[2].resolved is None


def test_bad_input_is_one_clear_error(project: Project) -> None:
    before = state(project)
    with pytest.raises(QcodeError, match="no coder 'zed'"):
        disagreements(project, "anna", "zed", "preparation")
    with pytest.raises(QcodeError, match="two different coders"):
        disagreements(project, "anna", "anna", "preparation")
    with pytest.raises(QcodeError, match="one of the coders compared"):
        disagreements(project, "anna", "bo", "preparation", consensus_coder="bo")
    with pytest.raises(QcodeError):
        disagreements(project, "anna", "bo", "no-such-code")
    region = regions_of(disagreements(project, "anna", "bo", "preparation"))[0]
    with pytest.raises(QcodeError, match="keep one of"):
        resolve(project, region, "maybe")  # type: ignore[arg-type]
    assert state(project) == before
