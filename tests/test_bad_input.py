"""Bad input through the CLI: one clear line naming the file, exit 1, project unchanged."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import docx
import pytest

from .conftest import Run, write
from .test_store import BOOK


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def seeded(run: Run, tmp_path: Path, project_path: Path) -> Run:
    run("codebook", "load", str(write(tmp_path / "book.yaml", BOOK)))
    run("import", str(write(tmp_path / "good.txt", "Forberedelse:\nVi leste saken.\n")))
    return run


def good_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Intervju", level=1)
    document.add_paragraph("Intervjuer: Hvordan gikk det?")
    document.save(path)
    return path


def entity_docx(path: Path) -> Path:
    source = io.BytesIO()
    good_docx(path)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(source, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"?>",
                    b'?><!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>',
                    1,
                )
            zout.writestr(item, data)
    path.write_bytes(source.getvalue())
    return path


def bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    truncated = good_docx(folder / "truncated.docx")
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    return {
        "empty": write(folder / "empty.txt", ""),
        "binary": _bytes(folder / "picture.txt", bytes(range(256)) * 20),
        "truncated": truncated,
        "entities": entity_docx(folder / "entities.docx"),
        "unsupported": write(folder / "data.xyz", "hello"),
        "missing": folder / "not-there.txt",
    }


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "case, message",
    [
        ("empty", "empty"),
        ("binary", "not a text file"),
        ("truncated", "docx"),
        ("entities", "entit"),
        ("unsupported", "unsupported"),
        ("missing", "not-there.txt"),
    ],
)
def test_bad_source_file(
    seeded: Run, tmp_path: Path, project_path: Path, case: str, message: str
) -> None:
    files = bad_files(tmp_path / "bad")
    good = write(tmp_path / "another.txt", "Makt og avmakt:\nBruker tok styringen.\n")
    before = dump(project_path)
    result = seeded("import", str(good), str(files[case]), ok=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert files[case].name in lines[0] and message in lines[0].lower()
    assert dump(project_path) == before  # not even the good file went in


def test_skip_errors_imports_the_rest_and_lists_the_bad(seeded: Run, tmp_path: Path) -> None:
    files = bad_files(tmp_path / "bad")
    good = write(tmp_path / "another.txt", "Makt og avmakt:\nBruker tok styringen.\n")
    result = seeded("import", "--skip-errors", str(good), *map(str, files.values()))
    assert "imported another.txt" in result.output
    assert result.output.count("skipped ") == len(files)


def test_reimport_of_identical_file_is_skipped(seeded: Run, tmp_path: Path) -> None:
    copy = write(tmp_path / "copy-of-good.txt", "Forberedelse:\nVi leste saken.\n")
    result = seeded("import", str(copy))
    assert "identical to 'good.txt'" in result.output
    assert "0 imported, 1 skipped" in result.output


def test_name_collision_gets_a_unique_name(seeded: Run, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    same_name = write(tmp_path / "other" / "good.txt", "Tidspress:\nIngen tid.\n")
    assert "imported good (2).txt" in seeded("import", str(same_name)).output


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("qcode-codebook: 1\nname: X: Y\nthemes: []\n", ":2", "malformed yaml"),
        (
            "qcode-codebook: 1\nname: X\nthemes:\n  - name: A\n    shortcut: a\n"
            "  - name: B\n    shortcut: a\n",
            ":7",
            "duplicate shortcut",
        ),
        ("qcode-codebook: 1\nname: X\nthemes:\n  - name: A\n    colur: red\n", ":5", "colour"),
        (
            "qcode-codebook: 1\nname: X\nthemes:\n  - name: A\n    colour: '#12345'\n",
            ":5",
            "colour",
        ),
    ],
)
def test_bad_codebook(
    seeded: Run, tmp_path: Path, project_path: Path, text: str, where: str, message: str
) -> None:
    book = write(tmp_path / "bad.yaml", text)
    before = dump(project_path)
    result = seeded("codebook", "load", str(book), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = result.output.strip()
    assert "\n" not in line
    assert f"bad.yaml{where}" in line and message in line.lower()
    assert dump(project_path) == before


@pytest.mark.parametrize(
    "csv_text, fragment",
    [
        ("", "empty"),
        ("file,office\ngood2.txt,Nordby,extra\n", ":2"),
        ("file,office\ngood2.txt,Nordby\ngood2.txt,Sørvik\n", ":3"),
        ("file\ngood2.txt\n", "no attribute columns"),
    ],
)
def test_bad_attributes_csv(
    seeded: Run, tmp_path: Path, project_path: Path, csv_text: str, fragment: str
) -> None:
    attrs = write(tmp_path / "attrs.csv", csv_text)
    src = write(tmp_path / "good2.txt", "Annet:\nNoe annet.\n")
    before = dump(project_path)
    result = seeded("import", "--attributes", str(attrs), str(src), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "attrs.csv" in result.output and fragment in result.output
    assert dump(project_path) == before


def test_not_a_project_file(tmp_path: Path, run: Run) -> None:
    from click.testing import CliRunner

    from qcode.cli import cli

    junk = _bytes(tmp_path / "junk.qcode", b"\x00\x01garbage" * 500)
    result = CliRunner().invoke(cli, ["--project", str(junk), "docs"])
    assert result.exit_code == 1 and "junk.qcode: not a qcode project" in result.output
