"""Cell summaries (framework charting): the core, the command line, undo and redo, and every
matrix export showing a cell's summary first, flagged when its cell has no excerpts now,
with pseudonyms applied.

The coded study (tests/coded_study.py) by office: power × Nordby holds two excerpts,
conversation-control × Nordby none, power × (none) one (in interview.txt).
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from qcode.cli.main import cli
from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.analysis.summaries import (
    case_values,
    get_summary,
    list_summaries,
    remove_summary,
    set_summary,
    summaries_for,
)
from qcode.core.categories.reshape import merge
from qcode.core.codebook.codes import delete_code
from qcode.core.coding.codings import remove_coding
from qcode.core.errors import NotFound, QcodeError
from qcode.core.export import export_matrix, write_matrix
from qcode.core.export.pseudonyms import add_pseudonym
from qcode.core.project.store import Project
from qcode.core.project.undo import redo, undo

ROWS = ("preparation", "conversation-control", "power")
POWER = "Users took over when the counsellor was unprepared."
EMPTY = "Nobody in Nordby steered the talk; worth asking why."


def _summaries(project: Project) -> list[tuple[str, str, str, str]]:
    return [(s.code, s.by, s.case, s.text) for s in list_summaries(project)]


def _audit_count(project: Project) -> int:
    return project.query("SELECT count(*) AS n FROM audit")[0]["n"]


# -- the core ----------------------------------------------------------------------------


def test_set_replaces_and_each_change_is_one_undoable_step(coded: Project) -> None:
    before = _audit_count(coded)
    first = set_summary(coded, "Makt og avmakt", "Nordby", "first", by="office")  # by name
    assert (first.code, first.by, first.case, first.text) == ("power", "office", "Nordby", "first")
    assert first.author == "anna" and not first.orphan
    second = set_summary(coded, "power", "nordby", "  second\r\nline  ", by="office")
    assert second.case == "Nordby" and second.text == "second\nline"  # stored spelling
    assert second.guid == first.guid and second.created_at == first.created_at
    assert _summaries(coded) == [("power", "office", "Nordby", "second\nline")]
    assert _audit_count(coded) == before + 2
    set_summary(coded, "power", "Nordby", "second\nline", by="office")  # the same text
    assert _audit_count(coded) == before + 2  # nothing to record

    undo(coded)
    assert _summaries(coded) == [("power", "office", "Nordby", "first")]
    undo(coded)
    assert _summaries(coded) == []
    redo(coded)
    redo(coded)
    assert _summaries(coded) == [("power", "office", "Nordby", "second\nline")]
    removed = remove_summary(coded, "power", "Nordby", by="office")
    assert removed.text == "second\nline" and _summaries(coded) == []
    undo(coded)
    assert get_summary(coded, "power", "Nordby", "office") is not None


def test_a_cell_is_code_by_and_case(coded: Project) -> None:
    set_summary(coded, "power", "Nordby", "by office", by="office")
    set_summary(coded, "power", "obs-nordby-1.txt", "by source")  # `source` by default
    set_summary(coded, "power", "observation", "by kind", by="kind")
    set_summary(coded, "power", "All sources", "all of it", by="all")
    set_summary(coded, "preparation", "(none)", "no office", by="office")
    assert _summaries(coded) == [
        ("preparation", "office", "(none)", "no office"),
        ("power", "all", "All sources", "all of it"),
        ("power", "kind", "observation", "by kind"),
        ("power", "office", "Nordby", "by office"),
        ("power", "source", "obs-nordby-1.txt", "by source"),
    ]  # codebook order, then attribute, then case
    assert [s.case for s in list_summaries(coded, by="office")] == ["(none)", "Nordby"]
    assert case_values(coded, "office") == ["Nordby", "Sørvik", "(none)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("power", "Nordby", "   "), "a summary needs some text"),
        (("power", "Nordby", "a\x1b[2Jb"), "control character U+001B"),
        (("powr", "Nordby", "x"), "no code 'powr' (did you mean 'power'"),
        (("power", "Nordbi", "x"), "no office 'Nordbi' (did you mean 'Nordby'?); "
         "the office values: Nordby, Sørvik, (none)"),
        (("power", "Nordby", "x", "ofice"), "no attribute 'ofice' to group by (attributes: "
         "group, meeting, office; or source, kind, all) (did you mean 'office'?)"),
        (("power", "interview", "x", "source"), "(did you mean 'interview.txt'?)"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line_and_changes_nothing(
    coded: Project, args: tuple[str, ...], message: str
) -> None:
    code, case, text, *by = args
    before = _audit_count(coded)
    with pytest.raises(QcodeError) as caught:
        set_summary(coded, code, case, text, by=by[0] if by else "office")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _audit_count(coded) == before and _summaries(coded) == []


def test_remove_names_what_there_is(coded: Project) -> None:
    set_summary(coded, "power", "Nordby", "x", by="office")
    with pytest.raises(NotFound, match=r"no summary of power × office='Sørvik' \(its summaries: "):
        remove_summary(coded, "power", "Sørvik", by="office")
    with pytest.raises(NotFound, match="no summary of preparation × office='Nordby'$"):
        remove_summary(coded, "preparation", "Nordby", by="office")


def test_summaries_for_a_matrix_flag_cells_without_excerpts(coded: Project) -> None:
    set_summary(coded, "power", "Nordby", POWER, by="office")
    set_summary(coded, "conversation-control", "Nordby", EMPTY, by="office")
    set_summary(coded, "power", "(none)", "the interview", by="office")
    set_summary(coded, "power", "obs-nordby-1.txt", "another by", by="source")
    m = build_matrix(coded, MatrixSpec(rows=ROWS, by="office"))
    found = summaries_for(coded, m)
    assert set(found) == {
        ("power", "Nordby"),
        ("conversation-control", "Nordby"),
        ("power", "(none)"),
    }  # the summary by source belongs to another matrix
    assert found[("power", "Nordby")].text == POWER and not found[("power", "Nordby")].orphan
    assert found[("conversation-control", "Nordby")].orphan
    # its excerpt uncoded, the interview's summary stays, now flagged
    coding = coded.query(
        "SELECT c.id FROM codings c JOIN codes k ON k.id = c.code_id "
        "JOIN documents d ON d.id = c.document_id WHERE k.key = 'power' AND d.name = ?",
        ["interview.txt"],
    )
    remove_coding(coded, coding[0]["id"])
    m = build_matrix(coded, MatrixSpec(rows=ROWS, by="office"))
    assert summaries_for(coded, m)[("power", "(none)")].orphan
    assert [s.orphan for s in list_summaries(coded, by="office")] == [True, False, True]
    # a row or case the matrix does not show leaves its summary out
    only_power = build_matrix(coded, MatrixSpec(rows=("power",), by="office"))
    assert set(summaries_for(coded, only_power)) == {("power", "Nordby"), ("power", "(none)")}


def test_summaries_follow_their_code(coded: Project) -> None:
    set_summary(coded, "unprepared", "(none)", "category", by="office")
    set_summary(coded, "preparation", "(none)", "theme", by="office")
    set_summary(coded, "unprepared", "Nordby", "moves", by="office")
    merge(coded, "unprepared", "preparation")
    assert _summaries(coded) == [
        ("preparation", "office", "Nordby", "moves"),
        ("preparation", "office", "(none)", "theme\n\ncategory"),
    ]  # moved, and joined where the target had one
    delete_code(coded, "preparation")
    assert _summaries(coded) == []
    undo(coded)
    assert len(_summaries(coded)) == 2


# -- the command line --------------------------------------------------------------------


def _qcode(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(project), "--coder", "kari", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_cli_set_list_remove_and_undo(coded: Project) -> None:
    path = coded.path
    code, out = _qcode(path, "summary", "set", "power", "Nordby", POWER, "--by", "office")
    assert code == 0 and out == f"summary of power × office=Nordby: {POWER}\n"
    _qcode(path, "summary", "set", "conversation-control", "Nordby", EMPTY, "--by", "office")
    _qcode(path, "summary", "set", "Forberedelse", "interview.txt", "Two lines\nhere")
    code, out = _qcode(path, "summary", "list")
    assert code == 0
    assert out.splitlines() == [
        "preparation × interview.txt  [Forberedelse]",
        "    Two lines",
        "    here",
        "conversation-control × office=Nordby  [Samtalestyring]  (no excerpts now)",
        f"    {EMPTY}",
        "power × office=Nordby  [Makt og avmakt]",
        f"    {POWER}",
    ]
    code, out = _qcode(path, "summary", "list", "--json", "--by", "office")
    data = json.loads(out)
    assert [(d["code"], d["case"], d["orphan"]) for d in data] == [
        ("conversation-control", "Nordby", True),
        ("power", "Nordby", False),
    ]
    assert list(data[1]) == [
        "code", "code_name", "by", "case", "text", "orphan", "author", "created_at",
        "updated_at", "guid",
    ]  # fmt: skip
    assert data[1]["author"] == "kari" and data[1]["text"] == POWER
    code, out = _qcode(path, "summary", "remove", "power", "Nordby", "--by", "office")
    assert (code, out) == (0, "removed the summary of power × office=Nordby\n")
    code, out = _qcode(path, "undo")
    assert code == 0 and "removed summary of power × office=Nordby" in out
    assert len(json.loads(_qcode(path, "summary", "list", "--json")[1])) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "nothing", "Nordby", "x", "--by", "office"], "Error: no code 'nothing'"),
        (["set", "power", "Bergen", "x", "--by", "office"],
         "Error: no office 'Bergen'; the office values: Nordby, Sørvik, (none)"),
        (["set", "power", "Nordby", "", "--by", "office"], "Error: a summary needs some text"),
        (["set", "power", "Nordby", "x", "--by", "kontor"], "Error: no attribute 'kontor'"),
        (["remove", "power", "Nordby", "--by", "office"], "Error: no summary of power"),
        (["list", "--by", "kontor"], "Error: no attribute 'kontor'"),
    ],
)  # fmt: skip
def test_cli_bad_input(coded: Project, args: list[str], message: str) -> None:
    before = _audit_count(coded)
    code, out = _qcode(coded.path, "summary", *args)
    assert code == 1 and out.startswith(message) and out.count("\n") == 1, out
    assert _audit_count(coded) == before


def test_cli_list_without_summaries(coded: Project) -> None:
    assert _qcode(coded.path, "summary", "list") == (
        0,
        "no cell summaries yet: qcode summary set CODE CASE TEXT [--by ATTRIBUTE]\n",
    )
    assert _qcode(coded.path, "summary", "list", "--json") == (0, "[]\n")


# -- the exports -------------------------------------------------------------------------


@pytest.fixture
def charted(coded: Project) -> Project:
    set_summary(coded, "power", "Nordby", POWER, by="office")
    set_summary(coded, "conversation-control", "Nordby", EMPTY, by="office")
    return coded


def _export(project: Project, out: Path, layout: str = "grid") -> None:
    write_matrix(project, MatrixSpec(rows=ROWS, by="office"), out, layout=layout)


def _docx_cell(path: Path, text: str) -> list[str]:
    """The paragraphs of the (first) Excerpts table cell that holds `text`."""
    document = docx.Document(str(path))
    for table in document.tables[2:]:  # after the title block and the overview
        for row in table.rows:
            for cell in row.cells:
                if text in cell.text:
                    return [p.text for p in cell.paragraphs]
    raise AssertionError(f"no cell holds {text!r}")


def test_docx_grid_puts_the_summary_first_apart_from_the_quotes(
    charted: Project, tmp_path: Path
) -> None:
    out = tmp_path / "m.docx"
    _export(charted, out)
    power = _docx_cell(out, POWER)
    assert power[0] == f"Summary: {POWER}"
    assert power[1] == "2 excerpts · 1 source"
    assert "Karis opplevelse var at bruker fikk overtaket." in power[2]
    assert _docx_cell(out, EMPTY) == [f"Summary: {EMPTY} (no excerpts now)"]
    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    para = re.search(r"<w:p>(?:(?!<w:p>).)*?" + re.escape(POWER), body)
    assert para and 'w:fill="FFF4D6"' in para.group() and "<w:pBdr><w:bottom" in para.group()
    assert "<w:i/>" in para.group()  # italic, as no quotation is


def test_docx_list_puts_the_summary_under_its_case_heading(
    charted: Project, tmp_path: Path
) -> None:
    out = tmp_path / "m.docx"
    _export(charted, out, layout="list")
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    at = texts.index(f"Summary: {POWER}")
    assert texts[at - 1] == "office: Nordby"
    assert texts[at + 1].startswith("«Karis opplevelse")
    at = texts.index(f"Summary: {EMPTY} (no excerpts now)")
    assert texts[at - 3 : at] == [
        "Samtalestyring",
        texts[at - 2],  # the theme's description and counts
        "office: Nordby",  # the case is shown for its summary alone
    ]
    assert texts[at + 1] == "office: Sørvik"


def test_xlsx_grid_cell_and_excerpts_sheet(charted: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    _export(charted, out)
    wb = openpyxl.load_workbook(out, rich_text=True)
    grid = wb["Matrix"]
    names = [grid.cell(row=r, column=1).value for r in range(2, 5)]
    power = grid.cell(row=2 + names.index("Makt og avmakt"), column=2).value
    blocks = list(power)
    assert blocks[0].text == "Summary: " and blocks[0].font.b and blocks[0].font.i
    assert blocks[1].text == POWER and blocks[1].font.i and not blocks[1].font.b
    rest = str(power)[len("Summary: " + POWER) :]
    assert rest.startswith("\n────") and "\nKaris opplevelse var at bruker" in rest
    empty = grid.cell(row=2 + names.index("Samtalestyring"), column=2).value
    assert str(empty) == f"Summary: {EMPTY} (no excerpts now)"
    listing = list(wb["Excerpts"].values)
    head = list(listing[0])
    assert head[-2:] == ["text", "type"]
    kinds = [(r[0], r[2], r[-1]) for r in listing[1:]]
    assert ("conversation-control", "Nordby", "summary (no excerpts now)") in kinds
    at = kinds.index(("power", "Nordby", "summary"))
    assert kinds[at + 1] == ("power", "Nordby", "excerpt")  # the summary first
    assert listing[1 + at][head.index("text")] == POWER
    assert wb["Excerpts"].auto_filter.ref == f"A1:N{len(listing)}"


def test_csv_summary_rows(charted: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    _export(charted, out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["type"] for r in rows} == {"excerpt", "summary", "summary (no excerpts now)"}
    power = [r for r in rows if (r["code"], r["case"]) == ("power", "Nordby")]
    assert [r["type"] for r in power] == ["summary", "excerpt", "excerpt"]
    assert power[0]["text"] == POWER and power[0]["coder"] == "anna" and power[0]["source"] == ""
    (empty,) = [r for r in rows if r["code"] == "conversation-control" and r["case"] == "Nordby"]
    assert empty["type"] == "summary (no excerpts now)" and empty["text"] == EMPTY


def test_markdown_summary_first_and_ruled_off(charted: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.md"
    _export(charted, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    at = lines.index(f"**Summary:** {POWER}")
    assert lines[at - 2] == "#### Nordby" and lines[at + 2] == "---"
    assert lines[at + 4].startswith("> Karis opplevelse")
    assert f"**Summary:** {EMPTY} *(no excerpts now)*" in lines


@pytest.mark.parametrize("layout", ["grid", "list"])
def test_html_summary_first(charted: Project, tmp_path: Path, layout: str) -> None:
    out = tmp_path / "m.html"
    _export(charted, out, layout)
    page = out.read_text(encoding="utf-8")
    box = f'<div class="summary"><b>Summary:</b> {POWER}</div>'
    assert box in page
    after = page[page.index(box) + len(box) :]
    assert after.index("Karis opplevelse") < after.index("Hun satt")  # its cell's quotes
    if layout == "grid":
        assert f"<td>{box}" in page
    else:
        assert page[: page.index(box)].rstrip().endswith("<h4>Nordby</h4>")
    assert (
        f'<div class="summary"><b>Summary:</b> {EMPTY} '
        '<span class="orphan">(no excerpts now)</span></div>'
    ) in page


def test_an_export_without_summaries_is_as_before(coded: Project, tmp_path: Path) -> None:
    m = build_matrix(coded, MatrixSpec(rows=ROWS, by="office"))
    for suffix in (".md", ".html", ".csv"):
        export_matrix(m, tmp_path / f"plain{suffix}")
        assert "Summary" not in (tmp_path / f"plain{suffix}").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".md", ".html"])
def test_pseudonyms_apply_to_summaries(coded: Project, tmp_path: Path, suffix: str) -> None:
    add_pseudonym(coded, "Kari", "Deltaker A")
    set_summary(coded, "power", "Nordby", "Karis makt, sa Kari.", by="office")
    out = tmp_path / f"m{suffix}"
    result = write_matrix(coded, MatrixSpec(rows=ROWS, by="office"), out, strict=True)
    assert result.leaked == []
    if suffix in (".docx", ".xlsx"):
        whole = " ".join(
            zipfile.ZipFile(out).read(n).decode("utf-8", "replace")
            for n in zipfile.ZipFile(out).namelist()
        )
    else:
        whole = out.read_text(encoding="utf-8-sig")
    assert "Deltaker As makt, sa Deltaker A." in whole


def test_a_row_left_only_with_a_summary_is_still_shown(coded: Project, tmp_path: Path) -> None:
    """Rows without excerpts are left out of a matrix, but not one holding a summary: the
    summary would be lost from every report with its row."""
    (coding,) = coded.query(
        "SELECT c.id FROM codings c JOIN codes k ON k.id = c.code_id "
        "WHERE k.key = 'conversation-control'"
    )
    remove_coding(coded, coding["id"])
    spec = MatrixSpec(rows=ROWS, by="office")
    assert "conversation-control" not in [r.key for r in build_matrix(coded, spec).rows]
    set_summary(coded, "conversation-control", "Sørvik", "Ola steered it", by="office")
    m = build_matrix(coded, spec)
    assert [r.key for r in m.rows] == list(ROWS) and m.left_out == 0
    assert summaries_for(coded, m)[("conversation-control", "Sørvik")].orphan
    by_source = build_matrix(coded, MatrixSpec(rows=ROWS, by="source"))
    assert "conversation-control" not in [r.key for r in by_source.rows]  # not its matrix
    out = tmp_path / "m.md"
    write_matrix(coded, spec, out)
    assert "**Summary:** Ola steered it *(no excerpts now)*" in out.read_text(encoding="utf-8")


def test_matrix_json_lists_its_cells_summaries(charted: Project) -> None:
    set_summary(charted, "power", "obs-nordby-1.txt", "by source: another matrix", by="source")
    code, out = _qcode(charted.path, "matrix", "--rows", ",".join(ROWS), "--by", "office", "--json")
    assert code == 0
    found = json.loads(out)["summaries"]
    # the matrix's row order (conversation-control before power), only summaries by office
    assert [(s["code"], s["case"], s["by"]) for s in found] == [
        ("conversation-control", "Nordby", "office"),
        ("power", "Nordby", "office"),
    ]
    assert found[1]["text"] == POWER and found[1]["author"] == "anna" and not found[1]["orphan"]
    assert found[0]["text"] == EMPTY and found[0]["orphan"]
    code, out = _qcode(charted.path, "matrix", "--rows", "power", "--by", "source", "--json")
    assert [s["case"] for s in json.loads(out)["summaries"]] == ["obs-nordby-1.txt"]
