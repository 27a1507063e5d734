"""Attributes CSV rows matched to files: exact, else ignoring case or extension when only one
file fits; rows that set nothing are named with the files they may have meant."""

from __future__ import annotations

import json
from pathlib import Path

from qcode.core.sources.attributes_csv import match_rows, read_attributes_csv
from tests.builders import Run


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "egenskaper.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _sources(tmp_path: Path, names: list[str]) -> list[str]:
    folder = tmp_path / "kilder"
    folder.mkdir(exist_ok=True)
    for n, name in enumerate(names):
        (folder / name).write_text(f"Notat {n} om {name}: Avdeling i Vestby.\n", encoding="utf-8")
    return [str(folder / name) for name in names]


def test_case_and_extension_differences_match_when_one_file_fits(tmp_path: Path) -> None:
    table = read_attributes_csv(
        _csv(tmp_path, "fil;kontor\nSamtale-7;Vestby\nFELTNOTAT.TXT;Østby\nlogg-3.txt;Midtby\n")
    )
    matches = match_rows(table, ["samtale-7.docx", "feltnotat.txt", "logg-3.md", "logg-4.md"])
    assert matches.files == {
        "Samtale-7": "samtale-7.docx",
        "FELTNOTAT.TXT": "feltnotat.txt",
        "logg-3.txt": "logg-3.md",
    }
    assert matches.unmatched == []


def test_two_fitting_files_leave_the_row_unmatched_as_ambiguous(tmp_path: Path) -> None:
    table = read_attributes_csv(_csv(tmp_path, "fil,gruppe\nsamtale-2,B\n"))
    matches = match_rows(table, ["samtale-2.docx", "samtale-2.txt", "samtale-20.txt"])
    assert matches.files == {}
    [row] = matches.unmatched
    assert (row.name, row.line, row.ambiguous) == ("samtale-2", 2, True)
    assert row.closest == ["samtale-2.docx", "samtale-2.txt"]


def test_an_exact_name_wins_over_a_loose_one(tmp_path: Path) -> None:
    table = read_attributes_csv(_csv(tmp_path, "fil,gruppe\nmote-1.txt,A\nMOTE-1,B\n"))
    matches = match_rows(table, ["mote-1.txt", "mote-1.docx"])
    assert matches.files == {"mote-1.txt": "mote-1.txt", "MOTE-1": "mote-1.docx"}


def test_import_lists_rows_matching_no_file_with_the_closest_names(
    run: Run, tmp_path: Path
) -> None:
    files = _sources(tmp_path, ["intervju-vestby-1.txt", "intervju-vestby-2.txt", "feltlogg.txt"])
    csv_path = _csv(
        tmp_path,
        "file,kontor\nIntervju-Vestby-1,Vestby\nintervju-vestbi-2.txt,Vestby\nreferat.txt,Østby\n",
    )
    result = run("import", "--attributes", str(csv_path), *files)
    assert "1 attribute value(s) set" in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("egenskaper.csv")]
    assert lines == [
        "egenskaper.csv: line 3 'intervju-vestbi-2.txt' matches no file; "
        "closest: intervju-vestby-2.txt, intervju-vestby-1.txt",
        "egenskaper.csv: line 4 'referat.txt' matches no file",
    ]
    docs = {d["name"]: d["attributes"] for d in json.loads(run("docs", "--json").stdout)}
    assert docs["intervju-vestby-1.txt"] == {"kontor": "Vestby"}
    assert docs["intervju-vestby-2.txt"] == {}


def test_import_json_names_unmatched_rows(run: Run, tmp_path: Path) -> None:
    files = _sources(tmp_path, ["mote-a.txt", "mote-a.md"])
    csv_path = _csv(tmp_path, "file,dag\nMote-A,tirsdag\n")
    out = json.loads(run("import", "--json", "--attributes", str(csv_path), *files).stdout)
    assert out["attributes_set"] == 0
    assert out["unmatched_rows"] == [
        {"name": "Mote-A", "line": 2, "closest": ["mote-a.md", "mote-a.txt"], "ambiguous": True}
    ]


def test_all_rows_matching_prints_what_it_printed_before(run: Run, tmp_path: Path) -> None:
    files = _sources(tmp_path, ["obs-1.txt"])
    csv_path = _csv(tmp_path, "file,kontor\nobs-1.txt,Nordby\n")
    result = run("import", "--attributes", str(csv_path), *files)
    assert "attributes" not in result.stderr  # the file's own note (no structure) may be there
    assert result.stdout.splitlines() == [
        "imported obs-1.txt",
        "1 imported, 0 skipped, 1 attribute value(s) set",
    ]


def test_attributes_load_matches_loosely_too(run: Run, tmp_path: Path) -> None:
    run("import", *_sources(tmp_path, ["samtale-9.docx.txt", "dagbok.txt"]))
    csv_path = _csv(tmp_path, "file,alder\nDAGBOK,41\nsamtale-99,30\n")
    result = run("attributes", "load", str(csv_path))
    assert "1 attribute value(s) set" in result.stdout
    assert "no document named 'samtale-99' (row skipped)" in result.stderr
