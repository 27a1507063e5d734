"""Level-2 categories: segments, assigning, reshaping the tree, provenance; each step undoes
to the exact state before it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.core.categories import derive as cat
from qcode.core.categories import reshape
from qcode.core.categories.provenance import provenance
from qcode.core.codebook.codes import add_code, resolve_code
from qcode.core.coding.codings import add_coding, list_codings, remove_coding
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.project.undo import history, undo
from tests.builders import state
from tests.category_study import build

OBS_A, OBS_B, INT_1, INT_2 = (
    "observasjon-a.txt",
    "observasjon-b.txt",
    "intervju-1.txt",
    "intervju-2.txt",
)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> tuple[Project, dict[str, list[int]]]:
    return project, build(project, tmp_path)


def undoes_exactly(project: Project, action: Callable[[], object]) -> object:
    """Run `action`, check it made exactly one audit entry, undo it, check nothing is left."""
    before, entries = state(project), len(history(project))
    result = action()
    assert len(history(project)) == entries + 1
    assert state(project) != before
    undo(project)
    assert state(project) == before
    return result


def category_of(segment: cat.Segment) -> list[str]:
    return [a.key for a in segment.categories]


def test_segments_lists_theme_codings_uncategorised_first_with_progress(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    listing = cat.segments(project, "Rollens kompleksitet")
    assert (listing.categorised, listing.total) == (1, 10)
    assert [c.key for c in listing.categories] == ["tidspress"]
    first, last = listing.segments[0], listing.segments[-1]
    assert first.document == INT_1 and first.start == 0 and not first.categories
    assert last.coding_id == ids[OBS_A][0] and category_of(last) == ["tidspress"]
    assert last.text.startswith("Veilederen sa at tidspresset") and "æ" not in last.text
    # uncategorised ones sorted by document (natural order) then offset
    docs = [(s.document, s.start) for s in listing.segments[:-1]]
    assert docs == sorted(docs)


def test_segment_text_is_widened_to_whole_words(project: Project, tmp_path: Path) -> None:
    build(project, tmp_path)
    coding = add_coding(project, INT_2, 2, 12, "relational")  # "g følte me"
    segment = next(
        s for s in cat.segments(project, "relational").segments if s.coding_id == coding.id
    )
    assert segment.text == "Jeg følte meg"
    assert (segment.start, segment.end) == (2, 12)  # the coding itself is untouched


def test_assign_creates_a_derived_coding_of_the_same_span(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    source = ids[OBS_B][0]
    made = cat.assign(project, source, "Tidspress")
    theme_coding = next(v.coding for v in list_codings(project) if v.coding.id == source)
    assert (made.document_id, made.start, made.end) == (
        theme_coding.document_id,
        theme_coding.start,
        theme_coding.end,
    )
    assert made.coder == "tester" and made.created_at
    assert project.row("codings", made.id)["derived_from"] == source
    assert [v.code_key for v in list_codings(project, code_id=made.code_id)] == ["tidspress"]


def test_assign_undoes_exactly(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    undoes_exactly(project, lambda: cat.assign(project, ids[OBS_A][0], "tidspress"))


def test_assign_refuses_duplicates_and_categories_of_another_theme(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "relational", "Holdninger til NAV")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    with pytest.raises(QcodeError, match="already in category 'Tidspress'"):
        cat.assign(project, ids[OBS_A][0], "tidspress")
    with pytest.raises(QcodeError, match="category of 'Relasjonelle utfordringer'"):
        cat.assign(project, ids[OBS_A][1], "holdninger-til-nav")
    with pytest.raises(QcodeError, match="theme, not one of its categories"):
        cat.assign(project, ids[OBS_A][1], "relational")
    with pytest.raises(QcodeError, match="no coding with id 999"):
        cat.assign(project, 999, "tidspress")


def test_assign_with_replace_moves_the_segment_in_one_step(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "complexity", "Uforberedt")
    segment = ids[OBS_A][2]
    cat.assign(project, segment, "tidspress")
    undoes_exactly(project, lambda: cat.assign(project, segment, "uforberedt", replace=True))
    cat.assign(project, segment, "uforberedt", replace=True)
    moved = next(s for s in cat.segments(project, "complexity").segments if s.coding_id == segment)
    assert category_of(moved) == ["uforberedt"]


def test_reassign_and_unassign(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "complexity", "Uforberedt")
    segment = ids[OBS_A][2]
    cat.assign(project, segment, "tidspress")
    undoes_exactly(project, lambda: cat.reassign(project, segment, "tidspress", "uforberedt"))
    with pytest.raises(QcodeError, match="not in category 'Uforberedt'"):
        cat.reassign(project, segment, "uforberedt", "tidspress")
    undoes_exactly(project, lambda: cat.unassign(project, segment, "tidspress"))
    assert cat.unassign(project, segment, "tidspress") == 1
    assert cat.segments(project, "complexity").categorised == 0
    with pytest.raises(QcodeError, match="not in category"):
        cat.unassign(project, segment, "tidspress")


def test_add_category_keys_and_names(study) -> None:
    project, _ = study
    add_code(project, "Tid")  # a theme already holds the key "tid"
    code = undoes_exactly(project, lambda: cat.add_category(project, "complexity", "Tid"))
    made = cat.add_category(project, "complexity", "Tid")
    assert made.key == "complexity-tid" and made.level == 2 and code is not None
    with pytest.raises(QcodeError, match="already has a category 'Tid'"):
        cat.add_category(project, "complexity", "tid")
    deeper = cat.add_category(project, made.key, "Mandager")
    assert deeper.level == 3
    with pytest.raises(QcodeError, match="no code 'nope'"):
        cat.add_category(project, "nope", "X")


def test_category_segments_and_deeper_levels(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "tidspress", "Mandager")
    cat.assign(project, ids[INT_1][1], "tidspress")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    cat.assign(project, ids[INT_1][1], "mandager")  # a theme segment into a level-3 category
    inside = cat.category_segments(project, "tidspress")
    assert [s.document for s in inside] == [INT_1, OBS_A]
    assert category_of(inside[0]) == ["mandager"]


# -- reshaping -------------------------------------------------------------------------------


def test_merge_moves_codings_and_children_and_drops_duplicates(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "complexity", "Tid")
    cat.add_category(project, "tid", "Mandager")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    cat.assign(project, ids[OBS_A][0], "tid")  # the same segment: a duplicate after merging
    cat.assign(project, ids[OBS_B][0], "tid")
    result = undoes_exactly(project, lambda: reshape.merge(project, "tid", "tidspress"))
    assert result.moved == 1 and result.dropped == 1 and result.categories == 1
    reshape.merge(project, "Tid", "Tidspress")
    with pytest.raises(QcodeError, match="no code 'tid'"):
        resolve_code(project, "tid")
    assert resolve_code(project, "mandager").parent_id == resolve_code(project, "tidspress").id
    inside = cat.category_segments(project, "tidspress")
    assert len(inside) == 2
    entry = history(project, limit=1)[0]
    assert "merged code 'Tid' (tid) into 'Tidspress' (tidspress)" in entry.summary
    assert "1 duplicate(s) dropped" in entry.summary


def test_merge_themes_and_a_category_into_its_theme(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    # a category that is really its theme: its one coding duplicates the theme's own
    result = reshape.merge(project, "tidspress", "complexity")
    assert (result.moved, result.dropped) == (0, 1)
    cat.add_category(project, "relational", "Holdninger")
    result = undoes_exactly(project, lambda: reshape.merge(project, "relational", "complexity"))
    assert result.moved == 2 and result.categories == 1
    with pytest.raises(QcodeError, match="into itself"):
        reshape.merge(project, "complexity", "complexity")
    cat.add_category(project, "complexity", "Tid")
    with pytest.raises(QcodeError, match="into its own category"):
        reshape.merge(project, "complexity", "tid")


def test_split_moves_chosen_segments_to_a_new_sibling(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tid")
    for coding_id in (ids[OBS_A][0], ids[OBS_A][2], ids[INT_1][0]):
        cat.assign(project, coding_id, "tid")
    chosen = [ids[OBS_A][2], ids[INT_1][0]]  # the segments' own (theme) coding ids
    undoes_exactly(project, lambda: reshape.split(project, "tid", chosen, "Uforberedt"))
    new = reshape.split(project, "tid", chosen, "Uforberedt")
    assert new.parent_id == resolve_code(project, "complexity").id and new.level == 2
    assert len(cat.category_segments(project, "tid")) == 1
    moved = cat.category_segments(project, "uforberedt")
    assert sorted(s.derived_from for s in moved) == sorted(chosen)  # provenance kept
    with pytest.raises(QcodeError, match="not in category 'Tid'"):
        reshape.split(project, "tid", [ids[OBS_B][1]], "Annet")
    with pytest.raises(QcodeError, match="is a theme"):
        reshape.split(project, "complexity", [ids[OBS_A][0]], "Annet")


def test_promote_and_demote(study) -> None:
    project, _ = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.add_category(project, "tidspress", "Mandager")
    promoted = undoes_exactly(project, lambda: reshape.promote(project, "tidspress"))
    promoted = reshape.promote(project, "tidspress")
    assert promoted.level == 1 and promoted.parent_id is None
    assert resolve_code(project, "mandager").level == 2
    assert "promoted 'Tidspress' (tidspress) from under 'Rollens kompleksitet'" in (
        history(project, limit=1)[0].summary
    )
    with pytest.raises(QcodeError, match="already a theme"):
        reshape.promote(project, "tidspress")
    undoes_exactly(project, lambda: reshape.demote(project, "tidspress", "relational"))
    demoted = reshape.demote(project, "tidspress", "relational")
    assert demoted.level == 2 and resolve_code(project, "mandager").level == 3
    with pytest.raises(QcodeError, match="already a category"):
        reshape.demote(project, "tidspress", "complexity")
    with pytest.raises(QcodeError, match="not a theme"):
        reshape.demote(project, "complexity", "mandager")


# -- provenance ------------------------------------------------------------------------------


def test_provenance_names_sources_coders_and_history(study, project_path: Path) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tidspress")
    cat.assign(project, ids[OBS_A][0], "tidspress")
    with Project.open(project_path, coder="kari") as other:
        cat.assign(other, ids[OBS_B][0], "tidspress")
    add_coding(project, INT_1, 60, 115, "tidspress")  # coded directly, on a theme's span
    remove_coding(project, ids[OBS_A][0])  # the source goes; provenance still names it
    prov = provenance(project, "Tidspress")
    assert prov.path == ["Rollens kompleksitet", "Tidspress"]
    assert prov.created_by == "tester"
    assert prov.from_codes == {"complexity": 3}
    assert prov.coders == {"kari": 1, "tester": 2}
    assert prov.direct == 1
    by_doc = {s.document: s for s in prov.sources}
    assert by_doc[OBS_A].derived_from == ids[OBS_A][0] and by_doc[OBS_A].source_removed
    assert by_doc[OBS_B].assigned_by == "kari" and not by_doc[OBS_B].source_removed
    assert by_doc[INT_1].derived_from is None and by_doc[INT_1].source_code == "complexity"
    actions = [e.action for e in prov.history]
    assert actions[0] == "code add" and actions.count("category assign") == 2


def test_provenance_survives_a_merge(study) -> None:
    project, ids = study
    cat.add_category(project, "complexity", "Tid")
    cat.add_category(project, "complexity", "Tidspress")
    cat.assign(project, ids[OBS_A][0], "tid")
    reshape.merge(project, "tid", "tidspress")
    prov = provenance(project, "tidspress")
    assert [s.derived_from for s in prov.sources] == [ids[OBS_A][0]]
    assert "code merge" in [e.action for e in prov.history]
