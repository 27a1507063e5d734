"""Coders: `qcode coders` (who coded, how much, first and last change, who is active), the
marks that tell coders apart in the workbench, and `--coded-by` on `qcode categories list`
and in what the matrix exports say about the coders they include."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.codebook.codes import load_codebook as load_into
from qcode.core.codebook.format import load_codebook
from qcode.core.coding import codings
from qcode.core.coding.coders import (
    assign_marks,
    check_coders,
    coder_marks,
    coding_counts_by,
    list_coders,
)
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.sources import documents
from tests.builders import state
from tests.paths import CODEBOOKS, EXAMPLE

SOURCE = "observasjon-nordby-a-1.txt"
INTERVIEW = "intervju-ikke-deltaker-1.txt"


def two_coder_study(path: Path) -> Path:
    """Two sources coded by anna (2 codings) and ben (3), every time fixed so first and
    last changes are known: the import and codebook by 'setup' at 08:00, anna's codings at
    09:00 and 09:05, ben's at 10:00-10:10, and ben removing a coding of his at 11:00."""
    with Project.create(path, coder="setup") as project:
        load_into(project, load_codebook(CODEBOOKS / "nav-guidance-groups.yaml"), "nav")
        documents.import_files(project, [EXAMPLE / SOURCE, EXAMPLE / INTERVIEW])
        project.conn.execute("UPDATE audit SET at = '2024-01-01T08:00:00Z'")
        project.conn.commit()
    times = {
        "anna": ["2024-01-02T09:00:00Z", "2024-01-02T09:05:00Z"],
        "ben": ["2024-01-03T10:00:00Z", "2024-01-03T10:05:00Z", "2024-01-03T10:10:00Z"],
    }
    spans = {
        "anna": [(SOURCE, 400, 480, "preparation"), (SOURCE, 600, 700, "conversation-control")],
        "ben": [
            (SOURCE, 420, 500, "preparation"),
            (SOURCE, 800, 900, "conversation-control"),
            (INTERVIEW, 100, 200, "preparation"),
        ],
    }
    for coder in ("anna", "ben"):
        with Project.open(path, coder=coder) as project:
            for (doc, start, end, code), at in zip(spans[coder], times[coder], strict=True):
                made = codings.add_coding(project, doc, start, end, code)
                project.conn.execute(
                    "UPDATE codings SET created_at = ? WHERE id = ?", [at, made.id]
                )
                project.conn.execute(
                    "UPDATE audit SET at = ? WHERE id = (SELECT max(id) FROM audit)", [at]
                )
                project.conn.commit()
    with Project.open(path, coder="ben") as project:
        extra = codings.add_coding(project, INTERVIEW, 300, 350, "preparation")
        codings.remove_coding(project, extra.id)
        project.conn.execute("UPDATE audit SET at = '2024-01-04T11:00:00Z' WHERE at > '2024-01-04'")
        project.conn.commit()
    return path


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return two_coder_study(tmp_path / "team.qcode")


def qcode(study: Path, *args: str, coder: str | None = None) -> Result:
    env = {"QCODE_CODER": coder} if coder else {"QCODE_CODER": "anna"}
    return CliRunner().invoke(cli, ["--project", str(study), *args], env=env)


# -- the core ----------------------------------------------------------------------------


def test_every_coder_with_codings_changes_and_the_active_one(study: Path) -> None:
    with Project.open(study, coder="anna") as project:
        found = {c.name: c for c in list_coders(project)}
    assert list(found) == ["anna", "ben", "setup"]  # by name
    anna, ben, setup = found["anna"], found["ben"], found["setup"]
    assert (anna.codings, anna.first_change, anna.last_change) == (
        2,
        "2024-01-02T09:00:00Z",
        "2024-01-02T09:05:00Z",
    )
    # ben's last change is the coding he removed: in the audit log, not among the codings
    assert (ben.codings, ben.first_change, ben.last_change) == (
        3,
        "2024-01-03T10:00:00Z",
        "2024-01-04T11:00:00Z",
    )
    # whoever set the project up made no codings, but changed it: listed with 0
    assert (setup.codings, setup.first_change) == (0, "2024-01-01T08:00:00Z")
    assert [c.name for c in found.values() if c.active] == ["anna"]
    assert (anna.mark, ben.mark, setup.mark) == ("A", "B", "")


def test_an_active_coder_without_changes_is_listed(study: Path) -> None:
    with Project.open(study, coder="carl") as project:
        carl = next(c for c in list_coders(project) if c.name == "carl")
    assert (carl.codings, carl.first_change, carl.last_change, carl.active) == (0, None, None, True)


def test_marks_are_distinct_and_keep_to_the_order_coders_came() -> None:
    assert assign_marks(["anna", "andreas", "ali", "åse"]) == {
        "anna": "A",
        "andreas": "N",  # A is taken: the next letter of the name
        "ali": "L",
        "åse": "Å",
    }
    assert assign_marks(["a", "a.", "-"]) == {"a": "A", "a.": "1", "-": "2"}
    assert len(set(assign_marks([f"x{i}" for i in range(12)]).values())) >= 10


def test_marks_follow_who_coded_first(study: Path) -> None:
    with Project.open(study, coder="zoe") as project:
        assert coder_marks(project) == {"anna": "A", "ben": "B"}


def test_counts_and_the_check_of_coders(study: Path) -> None:
    with Project.open(study, coder="anna") as project:
        ids = {c["key"]: c["id"] for c in project.query("SELECT id, key FROM codes")}
        ben = coding_counts_by(project, ["ben"])
        assert (ben[ids["preparation"]], ben[ids["conversation-control"]]) == (2, 1)
        both = coding_counts_by(project, [])
        assert both[ids["preparation"]] == 3
        assert check_coders(project, ["ben", " ben ", "anna"]) == ("ben", "anna")
        with pytest.raises(QcodeError, match=r"no codings by 'zed' \(coders: anna, ben\)"):
            check_coders(project, ["zed"])


# -- qcode coders ------------------------------------------------------------------------


def test_qcode_coders_lists_them_and_marks_the_active(study: Path) -> None:
    result = qcode(study, "coders")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    anna = next(line for line in lines if " anna " in line)
    ben = next(line for line in lines if " ben " in line)
    assert anna.startswith("* [A] anna") and "2 codings" in anna
    assert "2024-01-02T09:00:00Z – 2024-01-02T09:05:00Z" in anna
    assert ben.startswith("  [B] ben") and "3 codings" in ben and "2024-01-04T11:00:00Z" in ben


def test_qcode_coders_json_and_the_coder_option(study: Path) -> None:
    result = qcode(study, "coders", "--json", "--coder", "ben")
    data = json.loads(result.stdout)
    assert [(c["name"], c["codings"], c["active"], c["mark"]) for c in data] == [
        ("anna", 2, False, "A"),
        ("ben", 3, True, "B"),
        ("setup", 0, False, ""),
    ]
    assert set(data[0]) == {"name", "codings", "first_change", "last_change", "active", "mark"}
    # $QCODE_CODER names the active coder when --coder is not given
    data = json.loads(qcode(study, "coders", "--json", coder="newcomer").stdout)
    assert [c["name"] for c in data if c["active"]] == ["newcomer"]
    assert next(c for c in data if c["name"] == "newcomer")["first_change"] is None


# -- --coded-by: categories and the matrix exports ------------------------------------


def test_categories_list_coded_by(study: Path) -> None:
    all_ = json.loads(qcode(study, "categories", "list", "preparation", "--json").stdout)
    assert (all_["total"], all_["coders"]) == (3, ["anna", "ben"])
    bens = json.loads(
        qcode(study, "categories", "list", "preparation", "--coded-by", "ben", "--json").stdout
    )
    assert bens["total"] == 2 and {s["coder"] for s in bens["segments"]} == {"ben"}
    assert bens["coders"] == ["ben"]
    text = qcode(
        study, "categories", "list", "preparation", "--coded-by", "ben", "--coded-by", "anna"
    ).output
    assert "0 of 3 segments categorised (coded by ben, anna)" in text


def test_categories_list_refuses_an_unknown_coder_in_one_line(study: Path) -> None:
    with Project.open(study) as project:
        before = state(project)
    result = qcode(study, "categories", "list", "preparation", "--coded-by", "zed")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no codings by 'zed' (coders: anna, ben)"
    with Project.open(study) as project:
        assert state(project) == before


def test_matrix_exports_say_which_coders_they_include(study: Path, tmp_path: Path) -> None:
    """Limited to ben, every export's title block names him as the coder and the filter."""
    for ext in ("md", "html", "xlsx", "docx"):
        out = tmp_path / f"m.{ext}"
        result = qcode(study, "matrix", "--coded-by", "ben", "-o", str(out))
        assert result.exit_code == 0, result.output
        if ext == "xlsx":
            rows = [r for ws in openpyxl.load_workbook(out) for r in ws.iter_rows(values_only=True)]
            facts = {r[0]: r[1] for r in rows if r and r[0] in ("Coders", "Filters")}
        elif ext == "docx":
            cells = [
                [c.text for c in r.cells] for t in docx.Document(str(out)).tables for r in t.rows
            ]
            facts = {r[0]: r[1] for r in cells if r[0] in ("Coders", "Filters")}
        else:
            text = out.read_text(encoding="utf-8")
            assert ("Coders:** ben" if ext == "md" else "<dt>Coders</dt><dd>ben</dd>") in text
            assert "coder ben" in text
            continue
        assert facts == {"Coders": "ben", "Filters": "coder ben"}, ext
