"""Bad input through the CLI: one clear line naming the file, exit 1, project unchanged."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import docx
import pytest

from tests.builders import BOOK, Run, as_json, write
from tests.paths import CODEBOOKS


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

    from qcode.cli.main import cli

    junk = _bytes(tmp_path / "junk.qcode", b"\x00\x01garbage" * 500)
    result = CliRunner().invoke(cli, ["--project", str(junk), "docs"])
    assert result.exit_code == 1 and "junk.qcode: not a qcode project" in result.output


def test_codes_add_refuses_a_key_a_codebook_could_not_hold(run: Run) -> None:
    """`codes add X --key "Bad Key"` stored the key as given, and `codes add 漢字` stored an
    empty key (a second such name then failed with "key '' already exists"); the exported
    codebook could not be loaded again."""
    bad = run("codes", "add", "X", "--key", "Bad Key", ok=False)
    assert bad.exit_code == 1 and "bad key 'Bad Key'" in bad.output
    cjk = run("codes", "add", "漢字", ok=False)
    assert cjk.exit_code == 1 and "cannot derive a key from the name '漢字'" in cjk.output
    assert as_json(run("codes", "--json")) == []
    run("codes", "add", "漢字", "--key", "kanji")
    assert [c["key"] for c in as_json(run("codes", "--json"))] == ["kanji"]


def test_codes_add_refuses_a_shortcut_that_is_not_one_key(run: Run) -> None:
    """`codes add X --shortcut ab` (or `Å`) was stored, a shortcut no key press can give."""
    for shortcut in ("ab", "Å"):
        result = run("codes", "add", "X", "--shortcut", shortcut, ok=False)
        assert result.exit_code == 1 and "bad shortcut" in result.output
    run("codes", "add", "X", "--shortcut", "Q")
    assert as_json(run("codes", "--json"))[0]["shortcut"] == "q"


def test_a_name_shared_by_two_codes_is_refused_not_guessed(run: Run, tmp_path: Path) -> None:
    """With a theme "Tidspress" and a category "Tidspress" (the README's own example),
    `qcode code DOC 0 5 Tidspress` coded with whichever row SQLite returned first."""
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    run("categories", "add", "preparation", "Tidspress")
    run("import", str(write(tmp_path / "n.txt", "Det var lite tid.\n")))
    result = run("code", "n.txt", "0", "5", "Tidspress", ok=False)
    assert result.exit_code == 1
    assert "'Tidspress' names 2 codes" in result.output
    assert "time-pressure" in result.output and "tidspress" in result.output
    assert as_json(run("codings", "--json")) == []
    run("code", "n.txt", "0", "5", "time-pressure")  # the key is never ambiguous


def test_undo_steps_must_be_at_least_one(run: Run, tmp_path: Path) -> None:
    """`qcode undo --steps 0` (or -1) said nothing and exited 0, as if it had undone."""
    run("import", str(write(tmp_path / "n.txt", "Noe tekst.\n")))
    for steps in ("0", "-1"):
        result = run("undo", "--steps", steps, ok=False)
        assert result.exit_code == 2 and "--steps" in result.output
    assert len(as_json(run("docs", "--json"))) == 1


def test_codebook_export_to_a_missing_folder_is_one_line(run: Run, tmp_path: Path) -> None:
    """`qcode codebook export nowhere/kb.yaml` printed a FileNotFoundError traceback."""
    run("codes", "add", "Makt", "--key", "power")
    target = tmp_path / "nowhere" / "kb.yaml"
    result = run("codebook", "export", str(target), ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {target}: cannot write (No such file or directory)"
    ]
