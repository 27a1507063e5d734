"""Saved matrix views (issue 13): saved, listed, loaded, replaced only when asked, removed,
audited and undone; `qcode matrix --view` with options that override the view's; the last
view used kept outside the audit log; bad input in one line with the project unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.analysis.views import (
    last_used,
    list_views,
    load_saved,
    load_view,
    mark_used,
    remember_settings,
    remove_view,
    save_view,
    spec_from_json,
    spec_to_json,
)
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.project.undo import undo
from tests.coded_study import study_copy

SPEC = MatrixSpec(
    rows=("power", "preparation"),
    nest=True,
    by="office",
    filters=MatrixFilters(
        coders=("anna",), kinds=("observation",), attributes=(("group", "A"),), text="bruker"
    ),
    include_empty=True,
)


def test_the_spec_round_trips_through_json() -> None:
    stored = spec_to_json(SPEC, "list")
    assert spec_from_json(stored) == (SPEC, "list")
    data = json.loads(stored)
    assert data["filters"] == "kind=observation group=A text=bruker"  # the prompt's grammar
    assert data["coders"] == ["anna"]
    assert spec_to_json(SPEC, "list") == stored  # one spec, one string (merge compares text)


def test_save_list_load_remove(coded: Project) -> None:
    view = save_view(coded, "makt per kontor", SPEC, "list")
    assert (view.name, view.spec, view.layout, view.created_by) == (
        "makt per kontor",
        SPEC,
        "list",
        "anna",
    )
    save_view(coded, "alt", MatrixSpec())
    assert [v.name for v in list_views(coded)] == ["alt", "makt per kontor"]
    assert load_view(coded, "makt per kontor") == SPEC
    remove_view(coded, "alt")
    assert [v.name for v in list_views(coded)] == ["makt per kontor"]


def test_a_view_is_replaced_only_when_asked(coded: Project) -> None:
    save_view(coded, "v", SPEC)
    with pytest.raises(QcodeError, match="exists; use --replace"):
        save_view(coded, "v", MatrixSpec(rows=("power",)))
    assert load_view(coded, "v") == SPEC
    save_view(coded, "v", MatrixSpec(rows=("power",)), replace=True)
    assert load_view(coded, "v").rows == ("power",)


def test_saving_replacing_and_removing_are_undone(coded: Project) -> None:
    save_view(coded, "v", SPEC)
    save_view(coded, "v", MatrixSpec(rows=("power",)), replace=True)
    undo(coded)
    assert load_view(coded, "v") == SPEC
    remove_view(coded, "v")
    undo(coded)
    assert load_view(coded, "v") == SPEC
    undo(coded)  # the save itself
    assert list_views(coded) == []


def test_bad_views_are_refused_and_nothing_changes(coded: Project) -> None:
    before = coded.query("SELECT count(*) AS n FROM audit")[0]["n"]
    for spec, message in [
        (MatrixSpec(rows=("nosuch",)), "no code 'nosuch'"),
        (MatrixSpec(by="region"), "no attribute 'region' to group by"),
        (MatrixSpec(filters=MatrixFilters(coders=("zed",))), "no codings by 'zed'"),
    ]:
        with pytest.raises(QcodeError, match=message):
            save_view(coded, "bad", spec)
    with pytest.raises(QcodeError, match="control character"):
        save_view(coded, "a\x1b[2Jb", SPEC)
    with pytest.raises(QcodeError, match="needs a name"):
        save_view(coded, "  ", SPEC)
    with pytest.raises(QcodeError, match=r"no view named 'x' \(no views saved yet"):
        load_view(coded, "x")
    assert list_views(coded) == []
    assert coded.query("SELECT count(*) AS n FROM audit")[0]["n"] == before


def test_a_view_that_cannot_be_read_is_one_line(coded: Project) -> None:
    with coded.conn:
        coded.conn.execute(
            "INSERT INTO views (name, spec, created_at, updated_at) VALUES ('x', '{', '', '')"
        )
    with pytest.raises(QcodeError, match="view 'x': its options cannot be read"):
        load_view(coded, "x")


def test_the_last_view_used_is_not_in_the_audit_log(coded: Project) -> None:
    assert last_used(coded) is None
    save_view(coded, "v", SPEC)
    audit = coded.query("SELECT count(*) AS n FROM audit")[0]["n"]
    mark_used(coded, "v")
    assert last_used(coded) == load_saved(coded, "v")
    remember_settings(coded, MatrixSpec(by="group"), "list")
    unsaved = last_used(coded)
    assert unsaved is not None and (unsaved.name, unsaved.spec.by, unsaved.layout) == (
        "",
        "group",
        "list",
    )
    mark_used(coded, "v")
    assert coded.query("SELECT count(*) AS n FROM audit")[0]["n"] == audit
    remove_view(coded, "v")
    assert last_used(coded) is None  # a removed view is not opened again
    with pytest.raises(QcodeError, match="no view named"):
        mark_used(coded, "v")


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def qcode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QCODE_CODER", "tester")
    project = study_copy(tmp_path)

    def invoke(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--project", str(project), *args])
        assert result.exit_code == code, f"{args}: {result.output}{result.exception!r}"
        return result

    invoke.path = project  # type: ignore[attr-defined]
    return invoke


def test_views_from_the_command_line(qcode) -> None:
    assert "no views saved yet" in qcode("views", "list").stdout
    out = qcode("views", "save", "kontor", "--rows", "power", "--nest", "--by", "office").stdout
    assert out.startswith("saved view kontor: rows power with categories · by office")
    qcode("views", "save", "intervju", "--kind", "interview", "--layout", "list")
    listed = json.loads(qcode("views", "list", "--json").stdout)
    assert [(v["name"], v["by"], v["filters"], v["layout"]) for v in listed] == [
        ("intervju", "source", "kind=interview", "list"),
        ("kontor", "office", "", "grid"),
    ]
    refused = qcode("views", "save", "kontor", "--by", "all", code=1)
    assert (
        refused.stderr.strip() == "Error: a view named 'kontor' exists; use --replace to replace it"
    )
    qcode("views", "save", "kontor", "--by", "all", "--replace")
    assert json.loads(qcode("views", "list", "--json").stdout)[1]["by"] == "all"
    assert qcode("views", "remove", "intervju").stdout.strip() == "removed view intervju"
    qcode("undo")
    assert len(json.loads(qcode("views", "list", "--json").stdout)) == 2


def test_matrix_view_and_options_that_override_it(qcode) -> None:
    qcode("views", "save", "kontor", "--rows", "power", "--by", "office", "--kind", "observation")
    data = json.loads(qcode("matrix", "--view", "kontor", "--json").stdout)
    assert [r["key"] for r in data["rows"]] == ["power"]
    assert data["by"] == "office" and data["filters"]["kinds"] == ["observation"]
    # an option given replaces the view's; the others stay
    data = json.loads(qcode("matrix", "--view", "kontor", "--by", "all", "--json").stdout)
    assert data["by"] == "all" and data["filters"]["kinds"] == ["observation"]
    assert [r["key"] for r in data["rows"]] == ["power"]
    data = json.loads(qcode("matrix", "--view", "kontor", "--kind", "interview", "--json").stdout)
    assert data["filters"]["kinds"] == ["interview"] and data["by"] == "office"
    # it is now the last used, and marked so
    assert qcode("views", "list").stdout.startswith("* kontor")
    assert json.loads(qcode("views", "list", "--json").stdout)[0]["last_used"] is True


def test_matrix_view_layout_is_used_in_exports(qcode, tmp_path: Path) -> None:
    qcode("views", "save", "lang", "--rows", "power", "--layout", "list")
    out = tmp_path / "m.md"
    assert "(md, list)" in qcode("matrix", "--view", "lang", "-o", str(out)).stdout
    assert (
        "(md, grid)" in qcode("matrix", "--view", "lang", "--layout", "grid", "-o", str(out)).stdout
    )


def test_an_unknown_view_is_one_line_naming_those_there_are(qcode) -> None:
    qcode("views", "save", "kontor", "--by", "office")
    for args in (("matrix", "--view", "kontr"), ("views", "remove", "kontr")):
        result = qcode(*args, code=1)
        assert result.stderr.strip() == "Error: no view named 'kontr' (views: kontor)"
    result = qcode("views", "save", "x", "--where", "region=nord", code=1)
    assert result.stderr.startswith("Error: no attribute 'region' in the project")
    assert len(json.loads(qcode("views", "list", "--json").stdout)) == 1
