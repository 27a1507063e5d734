"""The matrix model: rows, cases, cells, filters, nesting, counts, excerpts and their place."""

from __future__ import annotations

import pytest

from qcode.core.analysis.matrix import build_matrix, default_spec
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.excerpts import NONE_CASE, expand_to_words, natural_key
from qcode.core.project.store import Project
from qcode.core.serialise import matrix_to_dict

THREE = ("power", "conversation-control", "preparation")


def texts(matrix, row, case):
    return [e.text for e in matrix.cell(row, case).excerpts]


def test_rows_in_tree_order_and_cases_by_office(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="office"))
    # the codebook's order, not the order asked for
    assert [r.key for r in m.rows] == ["preparation", "conversation-control", "power"]
    assert [c.label for c in m.cases] == ["Nordby", "Sørvik", NONE_CASE]
    assert m.cell("power", NONE_CASE).excerpts[0].source == "interview.txt"
    assert texts(m, "conversation-control", "Sørvik") == ["Ola tok styringen tidlig"]
    assert texts(m, "power", "Sørvik") == []


def test_excerpts_widen_to_whole_words(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation",), by="source"))
    # the coding was "ri hadde ingen mulighet til å forberede se"
    assert texts(m, "preparation", "obs-nordby-1.txt") == [
        "Kari hadde ingen mulighet til å forberede seg"
    ]


def test_expand_to_words_trims_space_and_leading_punctuation() -> None:
    text = "Hun sa: kanskje i morgen, sa hun."
    start, end = expand_to_words(text, text.index(": ka"), text.index("orgen") + 2)
    assert text[start:end] == "kanskje i morgen"


def test_location_speaker_and_section(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("power",), by="source"))
    interview = m.cell("power", "interview.txt").excerpts[0]
    assert interview.speaker == "Kari Nordmann"
    assert interview.line == 6
    assert interview.citation == "interview.txt, line 6, Kari Nordmann"
    sheet = m.cell("power", "obs-nordby-1.txt").excerpts
    assert [e.line for e in sheet] == [8, 8]
    assert sheet[0].speaker is None
    assert sheet[0].section == "Makt og avmakt"
    assert sheet[0].paragraph == 3  # blank-line separated blocks


def test_excerpts_ordered_by_source_then_offset(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation",), by="all"))
    cell = m.cell("preparation", "All sources")
    keys = [(e.source, e.start) for e in cell.excerpts]
    assert [k[0] for k in keys] == [
        "interview.txt",
        "obs-nordby-1.txt",
        "obs-sorvik-2.txt",
        "obs-sorvik-2.txt",
    ]
    assert keys == sorted(keys)


def test_same_span_by_two_coders_is_one_excerpt(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation",), by="source"))
    (excerpt,) = m.cell("preparation", "interview.txt").excerpts
    assert excerpt.coders == ("anna", "bo")
    assert len(excerpt.coding_ids) == 2
    assert m.coders == ("anna", "bo")


def test_counts(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation",), by="office"))
    cell = m.cell("preparation", "Sørvik").counts
    assert (cell.segments, cell.sources) == (2, 1)
    assert cell.words == 9 + 6  # "Gruppen snakket ..." + "Kari Nordmann var ikke til stede."
    total = m.row_counts(0)
    assert (total.segments, total.sources) == (4, 3)
    assert m.case_counts(1).segments == 2
    assert m.total_counts().segments == m.excerpt_count == 4


def test_nested_categories_follow_their_theme(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=("preparation", "power"), nest=True, by="all"))
    keys = [(r.key, r.depth) for r in m.rows]
    assert keys[0] == ("preparation", 0)
    assert ("unprepared", 1) in keys and ("unannounced-visit", 1) in keys
    assert keys.index(("unprepared", 1)) < keys.index(("power", 0))
    # a theme row holds the theme's own codings; a category row its own
    assert texts(m, "unprepared", "All sources") == ["Du står der uforberedt, hver gang."]
    assert "Du står der uforberedt, hver gang." not in texts(m, "preparation", "All sources")


def test_themes_and_categories_words(coded) -> None:
    # every theme, the uncoded ones too when asked (they are left out by default)
    themes = build_matrix(coded, MatrixSpec(rows=("themes",), by="all", include_empty=True))
    assert all(r.level == 1 for r in themes.rows) and len(themes.rows) > 5
    categories = build_matrix(coded, MatrixSpec(rows=("categories",), by="all"))
    assert all(r.level == 2 for r in categories.rows)


def test_default_rows_are_coded_themes(coded) -> None:
    m = build_matrix(coded)
    assert [r.key for r in m.rows] == ["preparation", "conversation-control", "power"]
    assert m.by == "source"
    assert [c.label for c in m.cases] == [
        "interview.txt",
        "obs-nordby-1.txt",
        "obs-sorvik-2.txt",
        "obs-sorvik-10.txt",
    ]


def test_cases_by_kind_and_natural_order_of_values(coded) -> None:
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="kind"))
    assert [c.label for c in m.cases] == ["interview", "observation"]
    m = build_matrix(coded, MatrixSpec(rows=THREE, by="meeting"))
    assert [c.label for c in m.cases] == ["1", "2", "10", NONE_CASE]
    assert m.cases[-1].sources == ("interview.txt",)


def test_filters(coded) -> None:
    def count(**filters) -> int:
        spec = MatrixSpec(rows=THREE, by="all", filters=MatrixFilters(**filters))
        return build_matrix(coded, spec).excerpt_count

    everything = count()
    assert everything == 8
    assert count(coders=("bo",)) == 2
    assert count(kinds=("interview",)) == 2
    assert count(attributes=(("office", "Nordby"),)) == 3
    assert count(attributes=(("office", "nordby"), ("office", "Sørvik"))) == 6
    assert count(attributes=(("office", ""),)) == 2  # lacking the attribute
    assert count(attributes=(("office", "Sørvik"), ("meeting", "2"))) == 2
    assert count(text="KARI") == 3
    filters = MatrixFilters(coders=("bo",), attributes=(("office", "Sørvik"),), text="x")
    assert filters.describe() == 'coder bo; office = Sørvik; text contains "x"'


def test_filtered_out_sources_are_not_cases(coded) -> None:
    spec = MatrixSpec(rows=THREE, by="source", filters=MatrixFilters(kinds=("interview",)))
    assert [c.label for c in build_matrix(coded, spec).cases] == ["interview.txt"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (MatrixSpec(rows=("nosuch",)), "no code 'nosuch'"),
        (MatrixSpec(by="region"), "no attribute 'region' to group by"),
        (MatrixSpec(filters=MatrixFilters(attributes=(("region", "x"),))), "no attribute 'region'"),
        (MatrixSpec(filters=MatrixFilters(kinds=("video",))), "unknown source kind 'video'"),
        (MatrixSpec(filters=MatrixFilters(coders=("zed",))), "no codings by 'zed'"),
    ],
)
def test_bad_specs_name_the_culprit(coded, spec, message) -> None:
    with pytest.raises(QcodeError, match=message):
        build_matrix(coded, spec)


def test_natural_key() -> None:
    labels = ["meeting 10", "(none)", "Meeting 2", "meeting 1"]
    assert sorted(labels, key=natural_key) == ["meeting 1", "Meeting 2", "meeting 10", "(none)"]


def test_json_form_holds_cells_and_excerpts(coded) -> None:
    data = matrix_to_dict(build_matrix(coded, MatrixSpec(rows=THREE, by="office")))
    assert [c["label"] for c in data["cases"]] == ["Nordby", "Sørvik", NONE_CASE]
    cell = next(c for c in data["cells"] if c["code"] == "power" and c["case"] == "Nordby")
    assert cell["segments"] == 2 and cell["excerpts"][0]["line"] == 8


def test_filters_parse_the_prompt_grammar_and_write_it_back() -> None:
    f = MatrixFilters.parse('office=Nordby kind=interview coder=kari text="sette grenser"')
    assert f.attributes == (("office", "Nordby"),) and f.kinds == ("interview",)
    assert f.coders == ("kari",) and f.text == "sette grenser"
    assert MatrixFilters.parse(f.query()) == f
    lacking = MatrixFilters.parse("group=")
    assert (
        lacking.attributes == (("group", ""),) and MatrixFilters.parse(lacking.query()) == lacking
    )


def test_filters_refuse_what_they_cannot_read() -> None:
    with pytest.raises(QcodeError, match="cannot read the filters"):
        MatrixFilters.parse('text="unclosed')
    with pytest.raises(QcodeError, match="expected KEY=VALUE"):
        MatrixFilters.parse("=Nordby")
    with pytest.raises(QcodeError, match="--where 'office'"):
        MatrixFilters.from_options(where=["office"])


def test_default_spec_comes_from_the_project_not_the_example_study(coded: Project) -> None:
    spec = default_spec(coded)
    assert spec.rows == ()  # every theme that has codings
    # office and group each split the three sources with attributes in two; meeting (three
    # cases) is finer; the tie goes to the first by name
    assert spec.by == "group"
    empty = Project.create(coded.path.with_name("empty.qcode"))
    try:
        assert default_spec(empty) == MatrixSpec(by="source")
    finally:
        empty.close()
