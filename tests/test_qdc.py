"""Codebooks as REFI-QDA .qdc: `qcode codebook export X.qdc` and `qcode codebook load X.qdc`.

A round trip through the file keeps names, hierarchy, colours and descriptions; real
files from ATLAS.ti and Taguette (../shared beside the checkout; skipped when absent)
load; a damaged file is one line naming it, with the project unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from qcode.cli.main import cli
from qcode.core.codebook.codes import list_codes
from qcode.core.export.pseudonyms import add_pseudonym
from qcode.core.project.store import Project
from tests.coded_study import study_copy
from tests.paths import SHARED_TESTDATA

REFI = SHARED_TESTDATA / "refi"
SCHEMA = REFI / "schema" / "Codebook-mrt2019.xsd"
QDC = REFI / "qdc"
needs_testdata = pytest.mark.skipif(
    not QDC.exists(), reason=f"REFI-QDA test files not found at {QDC} (shared test data)"
)


def qcode(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "--coder", "anna", *args])


def tree(project: Path) -> list[tuple[str, str | None, str, str, str, str, int]]:
    """What a .qdc must keep: name, parent's name, colour, description, notes, level."""
    with Project.open(project) as p:
        codes = list_codes(p)
    names = {c.id: c.name for c in codes}
    return [
        (
            c.name,
            names.get(c.parent_id) if c.parent_id else None,
            c.colour,
            c.description,
            c.include_note,
            c.exclude_note,
            c.level,
        )
        for c in codes
    ]


def state(project: Path) -> tuple[list[dict[str, object]], int]:
    with Project.open(project) as p:
        return p.query("SELECT * FROM codes ORDER BY id"), len(p.query("SELECT id FROM audit"))


@pytest.fixture
def study(tmp_path: Path) -> Path:
    (tmp_path / "study").mkdir()
    return study_copy(tmp_path / "study")


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.qcode"
    Project.create(path, coder="anna").close()
    return path


def test_export_is_valid_against_the_codebook_schema(study: Path, tmp_path: Path) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA} (shared test data)")
    out = tmp_path / "codes.qdc"
    result = qcode(study, "codebook", "export", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (40 codes)"
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(out))), schema.error_log


def test_round_trip_keeps_names_hierarchy_colours_descriptions(
    study: Path, empty: Path, tmp_path: Path
) -> None:
    out = tmp_path / "codes.qdc"
    assert qcode(study, "codebook", "export", str(out)).exit_code == 0
    loaded = qcode(empty, "codebook", "load", str(out))
    assert loaded.exit_code == 0, loaded.output
    assert "40 added" in loaded.output
    assert tree(empty) == tree(study)
    assert any(include for *_, include, _, _ in tree(study))  # the notes were there to keep


def test_loading_back_into_the_same_project_changes_nothing(study: Path, tmp_path: Path) -> None:
    """The GUIDs find the project's codes, which keep key, shortcut, keywords, aliases."""
    out = tmp_path / "codes.qdc"
    with Project.open(study) as p:
        p.conn.execute("UPDATE codes SET shortcut = 'p' WHERE key = 'power'")
        p.conn.commit()
    assert qcode(study, "codebook", "export", str(out)).exit_code == 0
    before, _ = state(study)
    result = qcode(study, "codebook", "load", str(out))
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 40 unchanged" in result.output
    assert state(study)[0] == before


def test_a_pseudonymised_code_does_not_take_the_real_ones_place(
    study: Path, tmp_path: Path
) -> None:
    with Project.open(study, coder="anna") as p:
        add_pseudonym(p, "Tidspress", "Kode T")
    out = tmp_path / "codes.qdc"
    assert qcode(study, "codebook", "export", str(out)).exit_code == 0
    assert "Tidspress" not in out.read_text(encoding="utf-8")
    result = qcode(study, "codebook", "load", str(out))
    assert result.exit_code == 0, result.output
    names = [name for name, *_ in tree(study)]
    assert "Tidspress" in names and "Kode T" in names


@needs_testdata
def test_taguette_codebook_loads(empty: Path) -> None:
    result = qcode(empty, "codebook", "load", str(QDC / "taguette_export_codebook.qdc"))
    assert result.exit_code == 0, result.output
    assert [(name, parent) for name, parent, *_ in tree(empty)] == [
        ("interesting", None),
        ("people", None),
        ("interesting\\places", None),
    ]


@needs_testdata
def test_atlasti_codebook_loads(empty: Path) -> None:
    result = qcode(empty, "codebook", "load", str(QDC / "atlasti_win_23.4.0_valid.qdc"))
    assert result.exit_code == 0, result.output
    assert tree(empty) == [("code1", None, "#46aa00", "description", "", "", 1)]


@needs_testdata
def test_a_truncated_codebook_is_one_line_and_changes_nothing(study: Path) -> None:
    path = QDC / "atlasti_win_23.4.0_truncated.qdc"
    before = state(study)
    result = qcode(study, "codebook", "load", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"{path}:19:" in lines[0] and "truncated" in lines[0]
    assert "Traceback" not in result.output
    assert state(study) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<Codes><Code guid="x" isCodable="true"/></Codes>', ":3: a <Code> without a name"),
        ("<Codes/>", "holds no codes"),
        ('<Codes><Code name="a&#1;b" isCodable="true"/></Codes>', "not a valid .qdc"),
    ],
)
def test_a_malformed_codebook_names_file_and_line(
    study: Path, tmp_path: Path, body: str, message: str
) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text(
        f'<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n{body}\n</CodeBook>',
        encoding="utf-8",
    )
    before = state(study)
    result = qcode(study, "codebook", "load", str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.output and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert state(study) == before


def test_a_codebook_with_a_dtd_is_refused(study: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bomb.qdc"
    bad.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY a "aaaa">]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="&a;" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    before = state(study)
    result = qcode(study, "codebook", "load", str(bad))
    assert result.exit_code == 1 and "refusing" in result.output
    assert state(study) == before
