"""`qcode matrix` and `qcode pseudonyms` through the command line, bad input included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from tests.builders import Run, write
from tests.coded_study import study_copy


@pytest.fixture
def qcode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QCODE_CODER", "tester")
    project = study_copy(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Result:
        result = runner.invoke(cli, ["--project", str(project), *args])
        assert result.exit_code == code, f"{args}: {result.output}{result.exception!r}"
        return result

    return invoke


def test_counts_grid_in_the_terminal(qcode) -> None:
    out = qcode("matrix", "--rows", "power,conversation-control,preparation", "--by", "office")
    lines = out.stdout.splitlines()
    assert lines[0] == "segments per code × office"
    assert lines[1].split() == ["Nordby", "Sørvik", "(none)", "Total"]
    assert lines[2].split() == ["Forberedelse", "1", "2", "1", "4"]
    assert lines[-1].split() == ["Total", "3", "3", "2", "8"]
    words = qcode("matrix", "--rows", "power", "--by", "all", "--count", "words").stdout
    assert words.splitlines()[2].split() == ["Makt", "og", "avmakt", "17", "17"]


def test_json_model(qcode) -> None:
    data = json.loads(qcode("matrix", "--rows", "power", "--by", "kind", "--json").stdout)
    assert [c["label"] for c in data["cases"]] == ["interview", "observation"]
    assert data["cells"][0]["excerpts"][0]["speaker"] == "Kari Nordmann"


def test_filters_from_the_command_line(qcode) -> None:
    out = qcode(
        "matrix", "--by", "all", "--where", "office=Sørvik", "--coded-by", "bo", "--json"
    ).stdout
    cells = json.loads(out)["cells"]
    assert [(c["code"], c["segments"]) for c in cells if c["segments"]] == [("preparation", 1)]
    out = qcode("matrix", "--by", "all", "--kind", "interview", "--text", "maktesløs")
    assert out.stdout.splitlines()[-1].split() == ["Total", "1", "1"]


def test_writes_each_format(qcode, tmp_path: Path) -> None:
    for name in ("m.docx", "m.xlsx", "m.csv", "m.md", "m.html"):
        result = qcode("matrix", "--by", "office", "-o", str(tmp_path / name))
        assert result.stdout.startswith(f"wrote {tmp_path / name} ({name[2:]}, grid)")
        assert (tmp_path / name).stat().st_size > 0
    qcode("matrix", "--format", "md", "-o", str(tmp_path / "notes.txt"))
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8").startswith("# Excerpt matrix")
    qcode("matrix", "--layout", "list", "-o", str(tmp_path / "l.docx"))
    styles = {p.style.name for p in docx.Document(str(tmp_path / "l.docx")).paragraphs}
    assert "Quote" in styles


def test_pseudonyms_commands_and_export(qcode, tmp_path: Path) -> None:
    assert "added: Kari → Deltaker A" in qcode("pseudonyms", "add", "Kari", "Deltaker A").stdout
    assert "changed" in qcode("pseudonyms", "add", "kari", "Deltaker A").stdout
    names = tmp_path / "names.csv"
    names.write_text("real,alias\nKari Nordmann,Deltaker B\nOla,Deltaker C\n", encoding="utf-8")
    assert "2 added" in qcode("pseudonyms", "import", str(names)).stdout
    listed = qcode("pseudonyms", "list").stdout.splitlines()
    assert [line.split("→")[0].strip() for line in listed] == ["kari", "Kari Nordmann", "Ola"]
    out = tmp_path / "m.md"
    result = qcode("matrix", "--by", "office", "-o", str(out))
    assert "pseudonyms applied (3 names" in result.stdout
    assert result.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert "Deltaker As opplevelse" in text and "Kari" not in text and "Ola" not in text
    result = qcode("matrix", "--by", "office", "-o", str(out), "--no-pseudonyms")
    assert "warning:" in result.stderr and "kari, Kari Nordmann, Ola" in result.stderr
    assert "Karis opplevelse" in out.read_text(encoding="utf-8")
    qcode("pseudonyms", "remove", "OLA")
    assert len(json.loads(qcode("pseudonyms", "list", "--json").stdout)) == 2
    qcode("undo")
    assert len(json.loads(qcode("pseudonyms", "list", "--json").stdout)) == 3


def test_leak_warning_in_the_terminal(qcode, tmp_path: Path) -> None:
    qcode("pseudonyms", "add", "anna", "Koder A")  # a coder's name is replaced too
    qcode("pseudonyms", "add", "Koder A", "Koder B")  # so an alias that is a real name leaks
    result = qcode("matrix", "-o", str(tmp_path / "m.docx"))
    assert result.stderr.startswith("warning: ")
    assert "real names still in the export: Koder A (where: Koder A in word/" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("matrix", "--rows", "power,nosuch"), "Error: no code 'nosuch'"),
        (("matrix", "--by", "region"), "Error: no attribute 'region' to group by"),
        (("matrix", "--where", "region=x"), "Error: no attribute 'region' in the project"),
        (("matrix", "--where", "office"), "Error: --where 'office': expected KEY=VALUE"),
        (("matrix", "--coded-by", "zed"), "Error: no codings by 'zed' (coders: anna, bo)"),
        (("matrix", "-o", "m.rtf"), "Error: m.rtf: cannot tell the format from the extension"),
        (("matrix", "--format", "docx"), "Error: --format needs -o FILE"),
        (("matrix", "-o", "/no/such/folder/m.docx"), "Error: /no/such/folder/m.docx: folder"),
        (("pseudonyms", "remove", "Nobody"), "Error: no pseudonym for 'Nobody'"),
        (("pseudonyms", "add", "Kari", " "), "Error: no alias for 'Kari'"),
        (("pseudonyms", "import", "missing.csv"), "Error: missing.csv: cannot read"),
    ],
)
def test_bad_input_is_one_line(qcode, args, message: str) -> None:
    result = qcode(*args, code=1)
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_pseudonym_csv_names_the_line(qcode, tmp_path: Path) -> None:
    bad = tmp_path / "names.csv"
    bad.write_text("Kari,Deltaker A\nOla\n", encoding="utf-8")
    result = qcode("pseudonyms", "import", str(bad), code=1)
    assert result.stderr.strip() == f"Error: {bad}:2: expected 2 columns (real,alias), found 1"
    assert json.loads(qcode("pseudonyms", "list", "--json").stdout) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_output_folder(qcode, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = qcode("matrix", "-o", str(locked / "m.docx"), code=1)
        assert "cannot write" in result.stderr and "m.docx" in result.stderr
    finally:
        locked.chmod(0o700)


def test_output_path_under_a_file(qcode, tmp_path: Path) -> None:
    # a file where a folder should be: refused even for root
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = qcode("matrix", "-o", str(blocker / "m.docx"), code=1)
    assert result.stderr.startswith(f"Error: {blocker / 'm.docx'}: {blocker} is not a folder")
    assert len(result.stderr.strip().splitlines()) == 1


def test_matrix_with_filters_that_match_nothing_says_so(run: Run, tmp_path: Path) -> None:
    """`qcode matrix --where office=Sorvik` (a typo for Sørvik) said "no excerpts: code some
    text first", though plenty was coded."""
    run("codes", "add", "Makt", "--key", "power")
    csv = write(tmp_path / "a.csv", "file,office\nn.txt,Sørvik\n")
    run("import", "--attributes", str(csv), str(write(tmp_path / "n.txt", "Makt er makt.\n")))
    run("code", "n.txt", "0", "4", "power")
    result = run("matrix", "--where", "office=Sorvik")
    assert "code some text first" not in result.output
    assert "no excerpts match the filters (office = Sorvik)" in result.output


def test_exports_keep_words_apart_across_page_and_line_breaks(run: Run, tmp_path: Path) -> None:
    """A transcript pasted from Word holds vertical tabs (its manual line breaks) and form
    feeds (page breaks); the exports dropped them and glued words together: "Maktside"."""
    run("codes", "add", "Makt", "--key", "power")
    run("import", str(write(tmp_path / "n.txt", "I: Makt\x0cside en\x0bto tre.\nR: Ja.\n")))
    run("code", "n.txt", "3", "21", "power")
    for fmt in ("csv", "md", "html", "docx"):
        out = tmp_path / f"m.{fmt}"
        run("matrix", "-o", str(out))
        if fmt == "docx":
            text = "\n".join(
                c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells
            )
        else:
            text = out.read_text(encoding="utf-8-sig")
        assert "Makt side en to tre" in text, fmt
