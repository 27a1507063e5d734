"""`qcode agreement`: two coders' codings in a project compared, as a table, as JSON and as
a Word or Excel report; every bad input one line with the project unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from tests.builders import BOOK
from tests.paths import ROOT

# Two documents both coders coded, one only anna coded (left out), one nobody coded.
TEXTS = {
    "nordby.txt": "x" * 1000,
    "sorvik-Kari.txt": "Ærlig talt, hun var forberedt i dag. " * 9
    + "Slik var det, sa hun. Ja, det var så.",
    "only-anna.txt": "y" * 500,
    "uncoded.txt": "z" * 300,
}
CODINGS = [  # coder, document, start, end, code
    ("anna", "nordby.txt", 0, 150, "power"),
    ("bo", "nordby.txt", 100, 200, "power"),
    ("anna", "sorvik-Kari.txt", 5, 40, "preparation"),
    ("anna", "sorvik-Kari.txt", 20, 45, "preparation"),  # overlaps her own: counted once
    ("bo", "sorvik-Kari.txt", 0, 30, "preparation"),
    ("anna", "only-anna.txt", 0, 100, "power"),
]


def invoke(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), *args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agreement")
    project = folder / "study.qcode"
    ok(invoke(project, "init", str(project)))
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    ok(invoke(project, "import", *(str(folder / n) for n in TEXTS)))
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    ok(invoke(project, "codebook", "load", str(folder / "book.yaml")))
    for coder, doc, start, end, code in CODINGS:
        ok(invoke(project, "--coder", coder, "code", doc, str(start), str(end), code))
    ok(invoke(project, "--coder", "cara", "memo", "add", "cara has made no coding"))
    ok(invoke(project, "pseudonyms", "add", "Kari", "Kine"))
    return project


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "study.qcode"
    copy.write_bytes(template.read_bytes())
    return copy


def figures(project: Path, *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        ok(invoke(project, "agreement", "--coders", "anna,bo", "--json", *args)).output
    )
    return data


def test_json_per_code_and_overall(project: Path) -> None:
    data = figures(project)
    assert data["coders"] == ["anna", "bo"] and data["unit"] == "char"
    assert data["documents"] == 2 and data["characters"] == 1000 + 370
    codes = {c["code"]: c for c in data["codes"]}  # type: ignore[attr-defined]
    assert list(codes) == ["power", "preparation"]
    power = codes["power"]
    # the NVivo example shifted into a 1,370-character continuum
    assert (power["a_only"], power["b_only"], power["both"]) == (100, 50, 50)
    assert power["neither"] == 1370 - 200
    prep = codes["preparation"]
    assert (prep["a_only"], prep["b_only"], prep["both"]) == (15, 5, 25)  # [5,45) vs [0,30)
    assert (prep["segments_a"], prep["segments_b"]) == (1, 1)
    overall = data["overall"]
    assert overall["a_only"] == 115 and overall["both"] == 75  # type: ignore[index]
    for entry in [*codes.values(), overall]:
        for key in ("percent", "kappa", "alpha", "u_alpha", "bp_kappa"):
            assert -1 <= entry[key] <= 1  # type: ignore[index]
        assert 0 <= entry["percent"] <= 1  # type: ignore[index]


def test_the_kappa_of_the_nvivo_example_on_its_own_document(project: Path) -> None:
    data = figures(project, "--documents", "nordby.txt", "--codes", "power")
    (power,) = data["codes"]  # type: ignore[misc]
    assert power["percent"] == pytest.approx(0.85)
    assert power["kappa"] == pytest.approx(0.3182, abs=5e-5)
    assert power["alpha"] == pytest.approx(0.3146, abs=5e-5)
    assert data["characters"] == 1000


def test_per_document(project: Path) -> None:
    data = figures(project, "--per-document")
    rows = [(d["document"], d["code"], d["characters"]) for d in data["per_document"]]  # type: ignore[attr-defined]
    assert rows == [("nordby.txt", "power", 1000), ("sorvik-Kari.txt", "preparation", 370)]


def test_a_code_nobody_used_is_shown_as_undefined(project: Path) -> None:
    ok(invoke(project, "codes", "add", "Tid", "--key", "time"))
    data = figures(project, "--codes", "time,power")
    time = data["codes"][0]  # type: ignore[index]
    assert time["code"] == "time" and time["kappa"] is None and time["u_alpha"] is None
    assert time["neither"] == 1370
    text = ok(invoke(project, "agreement", "--coders", "anna,bo", "--codes", "time")).output
    assert "—: undefined" in text


def test_text_table(project: Path) -> None:
    text = ok(invoke(project, "agreement", "--coders", "anna,bo")).output
    assert "A = anna and B = bo: 1,370 characters in 2 documents" in text
    lines = text.splitlines()
    assert lines[1].split()[:3] == ["code", "%agree", "Cohen"]
    power = next(line for line in lines if line.startswith("Makt og avmakt"))
    assert power.split()[-6:] == ["100", "50", "50", "1,170", "1", "1"]
    assert any(line.startswith("overall") for line in lines)


def test_word_report(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "agreement.docx"
    result = ok(
        invoke(project, "agreement", "--coders", "anna,bo", "--per-document", "-o", str(out))
    )
    assert "wrote" in result.output and out.exists()
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Coders: A = anna, B = bo" in body
    assert "1,370 characters in 2 documents" in body
    for formula in ("Pe = pA·pB + (1 − pA)(1 − pB)", "κBP = (Po − 1/q)", "u-α = 1 − Do/De"):
        assert formula in body
    assert "Cohen, J. (1960)" in body and "Krippendorff, K. (2004)" in body
    per_code, per_document = document.tables
    rows = [[c.text for c in row.cells] for row in per_code.rows]
    assert rows[1][0] == "Makt og avmakt" and rows[1][1] == "89.1"  # (50 + 1,170) / 1,370
    assert rows[-1][0] == "All codes"
    cells = {c.text for row in per_document.rows for c in row.cells}
    assert "sorvik-Kine.txt" in cells  # the pseudonym, not the real name
    assert "Kari" not in body + "".join(cells)


def test_excel_report(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "agreement.xlsx"
    ok(invoke(project, "agreement", "--coders", "anna,bo", "-o", str(out)))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Agreement", "About"]
    sheet = book["Agreement"]
    assert [c.value for c in sheet[1]][:4] == ["Code", "Key", "% agreement", "Cohen's κ"]
    power = [c.value for c in sheet[2]]
    assert power[1] == "power" and power[2] == pytest.approx(1220 / 1370)
    assert power[7:11] == [100, 50, 50, 1170]
    about = "\n".join(str(c.value) for row in book["About"].iter_rows() for c in row)
    assert "anna" in about and "Brennan & Prediger (1981)" in about


# -- bad input: one line, non-zero exit, nothing changed -------------------------------------

BAD = {
    "one coder": (["--coders", "anna"], "two coders"),
    "the same coder twice": (["--coders", "anna,anna"], "two different coders"),
    "three coders": (["--coders", "anna,bo,cara"], "two coders"),
    "unknown coder": (["--coders", "anna,zed"], "no coder 'zed'"),
    "coder with no codings": (["--coders", "anna,cara"], "coder 'cara' has no codings"),
    "unknown code": (["--coders", "anna,bo", "--codes", "nope"], "no code 'nope'"),
    "unknown document": (["--coders", "anna,bo", "--documents", "nix.txt"], "no document"),
    "document one coder did not code": (
        ["--coders", "anna,bo", "--documents", "only-anna.txt"],
        "has no codings by bo",
    ),
    "report format": (["--coders", "anna,bo", "-o", "report.pdf"], ".docx or .xlsx"),
}


@pytest.mark.parametrize(("args", "says"), list(BAD.values()), ids=list(BAD))
def test_bad_input(project: Path, tmp_path: Path, args: list[str], says: str) -> None:
    before = project.read_bytes()
    result = invoke(project, "agreement", *args)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and says in result.output, result.output
    assert project.read_bytes() == before
    assert not (tmp_path / "report.pdf").exists()


def test_no_document_in_common(project: Path) -> None:
    ok(invoke(project, "--coder", "cara", "code", "uncoded.txt", "0", "10", "power"))
    result = invoke(project, "agreement", "--coders", "anna,cara")
    assert result.exit_code == 1 and "no document in common" in result.output


def test_the_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_agreement.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "agreement" in done.stdout and "ratio" in done.stdout
