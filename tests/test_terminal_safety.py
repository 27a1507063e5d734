"""Terminal injection: no control character from a project reaches a terminal raw.

A project is planted with terminal escapes in every place a string can come from outside:
a document's file name and text, a speaker, an attribute value, a code's name and
description (names are refused at input now, so these are planted in the file as an older
qcode or another tool could have left them), a keyword, a category, a memo, a coder name.
Then every command of the click tree (walked, so a new command is covered or listed) runs
on a copy, as text and as --json, and its output may hold no control character but newline
and tab; --json must still parse and give the planted strings back unchanged. Names with a
control character given at input are refused in one line.

`PLANTED` × the commands run (`test_every_command_is_covered` pins them) is the figure the
README quotes.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.codebook.format import parse_codebook
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.safetext import check_name, json_visible, visible, visible_line

PLANTED: dict[str, str] = {
    "OSC window title": "\x1b]0;pwned\x07",
    "clear screen": "\x1b[2J",
    "8-bit CSI": "\x9b31m",
    "bidi override": "\u202e",
}
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What may not reach the terminal: C0 but newline and tab, DEL, C1, bidi controls."""

BOOK = """
qcode-codebook: 1
name: Terminal
themes:
  - name: Forberedelse
    key: preparation
    shortcut: f
    keywords: [forberedt]
  - name: Makt
    key: power
    shortcut: m
"""

# What each command is run with; {doc} is the planted document's name, {csv}, {book},
# {guide}, {file} files made beside the project. Every walked command must be here or in
# NOT_RUN, so a new command cannot slip past.
RUNS: dict[str, list[list[str]]] = {
    "attributes list": [["attributes", "list"]],
    "attributes load": [["attributes", "load", "{csv}"]],
    "attributes set": [["attributes", "set", "{doc}", "office=Nordby{p}"]],
    "autocode questions": [["autocode", "questions", "{guide}", "--dry-run"]],
    "autocode sections": [["autocode", "sections", "--dry-run"]],
    "autocode speakers": [["autocode", "speakers", "--dry-run"]],
    "backup": [["backup", "--list"]],
    "categories add": [["categories", "add", "preparation", "Ny{p}"]],
    "categories assign": [["categories", "assign", "1", "inner"]],
    "categories list": [["categories", "list", "preparation"]],
    "categories provenance": [["categories", "provenance", "inner"]],
    "categories split": [["categories", "split", "inner", "Delt", "{category_coding}"]],
    "categories suggest": [["categories", "suggest", "preparation"]],
    "categories unassign": [["categories", "unassign", "{category_coding}", "inner"]],
    "code": [["code", "{doc}", "0", "12", "power"]],
    "coders": [["coders"]],
    "codebook load": [["codebook", "load", "{book}"]],
    "codebook show": [["codebook", "show"], ["codebook", "show", "--tree", "--counts"]],
    "codes": [["codes"]],
    "codes add": [["codes", "add", "Ny{p}"]],
    "codes demote": [["codes", "demote", "power", "preparation"]],
    "codes merge": [["codes", "merge", "power", "preparation"]],
    "codes move": [["codes", "move", "inner", "power"]],
    "codes promote": [["codes", "promote", "inner"]],
    "codes rename": [["codes", "rename", "power", "Makt{p}"], ["codes", "rename", "power", "M"]],
    "codings": [["codings", "{doc}"]],
    "docs": [["docs"]],
    "config": [["config"]],
    "config language": [["config", "language"]],
    "doctor": [["doctor"]],
    "import": [["import", "{file}"]],
    "init": [["init", "{new}"], ["init", "{new}", "--from", "{qdpx}"]],
    "import-project": [["import-project", "{qdpx}"], ["import-project", "{qdpx}", "--dry-run"]],
    "export-project": [["export-project", "{out}.qdpx"]],
    "log": [["log", "--verbose"]],
    "memo add": [["memo", "add", "ny{p}", "--doc", "{doc}"]],
    "memo delete": [["memo", "delete", "1"]],
    "memo edit": [["memo", "edit", "1", "endret{p}"]],
    "memo list": [["memo", "list"]],
    "merge": [["merge", "{theirs}"], ["merge", "{theirs}", "--dry-run"]],
    "agreement": [
        ["agreement", "--coders", "anna{p},bo{p}", "--per-document"],
        ["agreement", "--coders", "anna{p},bo{p}", "--per-document", "-o", "{out}.docx"],
    ],
    "redo": [["redo"]],
    "remove": [["remove", "{doc}", "--yes"]],
    "search": [["search", "forberedt"]],
    "show": [["show", "{doc}"]],
    "status": [["status"]],
    "suggest": [["suggest", "--dry-run"]],
    "suggestions accept": [["suggestions", "accept", "--all"]],
    "suggestions list": [["suggestions", "list"]],
    "suggestions reject": [["suggestions", "reject", "--all"]],
    "uncode": [["uncode", "1"]],
    "undo": [["undo"]],
    "codebook export": [
        ["codebook", "export", "{out}.yaml"],
        ["codebook", "export", "{out}.docx"],
        ["codebook", "export", "{out}.qdc"],
    ],
    "matrix": [["matrix"], ["matrix", "--view", "kontor{p}"]],
    "views list": [["views", "list"]],
    "views remove": [["views", "remove", "kontor{p}"]],
    "views save": [["views", "save", "ny", "--where", "office=Nordby{p}", "--text", "x{p}"]],
    "pseudonyms add": [["pseudonyms", "add", "Ola", "O{p}"]],
    "pseudonyms import": [["pseudonyms", "import", "{pseudonyms_csv}"]],
    "pseudonyms list": [["pseudonyms", "list"]],
    "pseudonyms remove": [["pseudonyms", "remove", "Kari{p}"]],
    "summary list": [["summary", "list"], ["summary", "list", "--by", "office"]],
    "summary set": [["summary", "set", "power", "Nordby{p}", "ny", "--by", "office"]],
    "summary remove": [["summary", "remove", "preparation", "Nordby{p}", "--by", "office"]],
}
NOT_RUN = {"open": "hands the terminal to the workbench (tests/tui/test_terminal_safety.py)"}


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Every command that runs on its own: leaves, and groups that list (`qcode codes`)."""
    if isinstance(command, click.Group):
        if path and command.invoke_without_command:
            yield " ".join(path)
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))
    else:
        yield " ".join(path)


COMMANDS = list(walk(cli))


def json_capable(path: str) -> bool:
    command: click.Command = cli
    for name in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return any(p.name == "as_json" for p in command.params)


CASES = [
    pytest.param(
        label,
        path,
        argv,
        as_json,
        id=f"{path}{' --json' if as_json else ''}[{i}]-{label}",
    )
    for label in PLANTED
    for path, argvs in RUNS.items()
    for i, argv in enumerate(argvs)
    for as_json in ((False, True) if json_capable(path) else (False,))
]


# -- the planted project -------------------------------------------------------------


def run(project: Path, *args: str) -> Result:
    """`color=True`: output as a terminal gets it. Without it click strips CSI sequences
    (`\x1b[2J` too) from output that is not a terminal, and a test would pass that a
    user's terminal would not."""
    return CliRunner().invoke(
        cli, ["--project", str(project), "--coder", "anna", *args], color=True
    )


STYLING = re.compile(r"\x1b\[[0-9;]*m")
"""qcode's own styling (`secho(..., bold=True)`): removed before the check. No planted
string is a select-graphic-rendition sequence, so none can hide behind this."""


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def plant(folder: Path, p: str) -> dict[str, str]:
    """A project in `folder` holding `p` wherever a project string can hold it; returns
    the placeholders the command lines use."""
    folder.mkdir(parents=True, exist_ok=True)
    project = folder / "planted.qcode"
    ok(run(project, "init", str(project)))
    source = folder / f"intervju{p}.txt"
    # the text importer refuses control characters as binary data: the text gets them
    # below, in place of a marker of the same length so every offset stays right
    m = "¤" * len(p)
    source.write_text(
        f"Forberedelse{m}:\nKari{m}: hun var forberedt{m} i dag.\nIntervjuer: og så {m}?\n"
        f"Kari{m}: forberedt{m}, ja.\n",
        encoding="utf-8",
    )
    ok(run(project, "import", str(source)))
    (folder / "book.yaml").write_text(
        BOOK.replace("[forberedt]", f"[forberedt, {json.dumps('x' + p)}]")
    )
    ok(run(project, "codebook", "load", str(folder / "book.yaml")))
    (doc,) = [d["name"] for d in json.loads(ok(run(project, "docs", "--json")).output)]
    ok(run(project, "attributes", "set", doc, f"office=Nordby{p}"))
    ok(run(project, "code", doc, "0", "20", "preparation", "--memo", f"memo{p}"))
    ok(run(project, "code", doc, "14", "40", "power"))
    ok(run(project, "memo", "add", f"om dokumentet{p}", "--doc", doc))
    ok(run(project, "categories", "add", "preparation", "Inner", "--key", "inner"))
    ok(run(project, "categories", "assign", "1", "inner"))
    ok(run(project, "suggest"))
    ok(run(project, "pseudonyms", "add", f"Kari{p}", "K"))
    ok(run(project, "views", "save", "kontor", "--where", f"office=Nordby{p}", "--text", f"i{p}"))
    with Project.open(project, coder="anna") as opened, opened.conn:
        # what input now refuses, as an older qcode or another tool could have stored it
        opened.conn.execute("UPDATE codes SET name = name || ?, description = ?", [p, f"d{p}"])
        opened.conn.execute("UPDATE views SET name = name || ?", [p])
        opened.conn.execute(
            "UPDATE documents SET text = replace(text, ?, ?), metadata = replace(metadata, ?, ?)",
            [m, p, m, json.dumps(p)[1:-1]],
        )
        for table, column in (("codings", "coder"), ("audit", "coder"), ("memos", "author")):
            opened.conn.execute(f"UPDATE {table} SET {column} = 'anna' || ?", [p])
        # a second coder beside anna, for `qcode agreement`
        opened.conn.execute(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", coder, created_at) '
            "SELECT guid || '-bo', document_id, code_id, start + 1, \"end\", 'bo' || ?, "
            "created_at FROM codings WHERE id = (SELECT min(id) FROM codings)",
            [p],
        )
        # a cell summary (the office's case holds `p` too), as a colleague's merge could bring
        opened.conn.execute(
            "INSERT INTO summaries (guid, code_id, by, case_value, text, author, created_at, "
            "updated_at) SELECT 'S1', id, 'office', ?, ?, ?, '2026-01-01', '2026-01-01' "
            "FROM codes WHERE key = 'preparation'",
            [f"Nordby{p}", f"oppsummert{p}\nlinje to{p}", f"anna{p}"],
        )
        row = opened.conn.execute(
            "SELECT c.id FROM codings c JOIN codes k ON k.id = c.code_id WHERE k.key = 'inner'"
        ).fetchone()
        category_coding = str(row[0])
    (folder / "attributes.csv").write_text(f"file,office\n{doc},Sørvik{p}\n", encoding="utf-8")
    (folder / "pseudonyms.csv").write_text(f"real,alias\nOla{p},O\n", encoding="utf-8")
    (folder / "guide.txt").write_text(f"1. Hvordan forberedte du deg{p}?\n", encoding="utf-8")
    # a colleague's copy: another coder's codings, a renamed code, another alias
    theirs = folder / "theirs.qcode"
    shutil.copy(project, theirs)
    with sqlite3.connect(theirs) as conn:
        conn.execute("UPDATE codes SET name = name || ?", [f" 2{p}"])
        conn.execute("UPDATE codings SET coder = ?", [f"bo{p}"])
        conn.execute("UPDATE pseudonyms SET alias = ?", [f"Q{p}"])
    conn.close()
    qdpx = planted_qdpx(folder, p)
    other = folder / "other"
    other.mkdir()
    (other / f"andre{p}.txt").write_text("Tekst\n", encoding="utf-8")
    return {
        "p": p,
        "doc": doc,
        "csv": str(folder / "attributes.csv"),
        "pseudonyms_csv": str(folder / "pseudonyms.csv"),
        "book": str(folder / "book.yaml"),
        "guide": str(folder / "guide.txt"),
        "file": str(other / f"andre{p}.txt"),
        "category_coding": category_coding,
        "project": str(project),
        "theirs": str(theirs),
        "qdpx": str(qdpx),
    }


def planted_qdpx(folder: Path, p: str) -> Path:
    """A REFI-QDA project from another tool holding `p` in its text and, where XML allows
    the character, in its names (XML 1.0 has no ESC: there it is left out of the names)."""
    xml_p = "".join(ch for ch in p if ch not in "\x1b\x07")
    text = f"Intervjuer: Hva{p} skjedde?\nKari: Vi var forberedt{p}.\n" + "Og så videre.\n" * 10
    doc = "D0C00000-0000-4000-8000-000000000001"
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p{xml_p}">'
        f'<Users><User guid="A0000000-0000-4000-8000-000000000001" name="ola{xml_p}"/></Users>'
        '<CodeBook><Codes><Code guid="C0000000-0000-4000-8000-000000000001" '
        f'name="Tema{xml_p}" isCodable="true" color="nonsense{xml_p}"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{doc}" name="kilde{xml_p}" '
        f'plainTextPath="internal://{doc}.txt">'
        '<PlainTextSelection guid="E0000000-0000-4000-8000-000000000001" startPosition="0" '
        'endPosition="400" creatingUser="A0000000-0000-4000-8000-000000000001">'
        '<Coding guid="F0000000-0000-4000-8000-000000000001" '
        'creatingUser="A0000000-0000-4000-8000-000000000009">'
        '<CodeRef targetGUID="C0000000-0000-4000-8000-000000000001"/></Coding>'
        "</PlainTextSelection></TextSource></Sources></Project>"
    )
    target = folder / "fra-annet-verktoy.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr(f"sources/{doc}.txt", text.encode("utf-8"))
    return target


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    base = tmp_path_factory.mktemp("planted")
    return {label: plant(base / str(i), p) for i, (label, p) in enumerate(PLANTED.items())}


def fresh(setup: dict[str, str], folder: Path) -> dict[str, str]:
    """A copy of the planted project in `folder`, with the placeholders pointing at it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "planted.qcode"
    shutil.copy(setup["project"], target)
    values = dict(setup, project=str(target))
    values["new"] = str(folder / f"ny{setup['p']}.qcode")
    values["out"] = str(folder / f"ut{setup['p']}")
    return values


def output_of(result: Result) -> str:
    """stdout and stderr, without qcode's own styling."""
    return STYLING.sub("", result.output + (result.stderr if result.stderr_bytes else ""))


# -- the tests -----------------------------------------------------------------------


def test_every_command_is_covered() -> None:
    missing = [c for c in COMMANDS if c not in RUNS and c not in NOT_RUN]
    assert missing == []
    assert len(COMMANDS) >= 50
    runs = sum(len(RUNS[c]) * (2 if json_capable(c) else 1) for c in RUNS)
    assert len(CASES) == runs * len(PLANTED)


@pytest.mark.parametrize(("label", "path", "argv", "as_json"), CASES)
def test_no_raw_control_character_reaches_the_terminal(
    planted: dict[str, dict[str, str]],
    tmp_path: Path,
    label: str,
    path: str,
    argv: list[str],
    as_json: bool,
) -> None:
    values = fresh(planted[label], tmp_path)
    args = [a.format(**values) for a in argv] + (["--json"] if as_json else [])
    result = run(Path(values["project"]), *args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    shown = output_of(result)
    assert RAW.findall(shown) == [], shown
    if as_json and result.exit_code == 0:
        json.loads(result.output)  # still JSON


def test_the_planted_text_is_shown_escaped_not_dropped(
    planted: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    for i, setup in enumerate(planted.values()):
        values = fresh(setup, tmp_path / str(i))
        shown = ok(run(Path(values["project"]), "show", values["doc"])).output
        assert visible(setup["p"]) in shown
        assert f"forberedt{visible(setup['p'])}" in shown


def test_json_gives_the_planted_strings_back_unchanged(
    planted: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    for setup in planted.values():
        project = Path(setup["project"])
        data = json.loads(ok(run(project, "show", setup["doc"], "--json")).output)
        assert setup["p"] in data["text"] and data["name"] == setup["doc"]
        codes = ok(run(project, "codes", "--json")).output
        assert RAW.findall(codes) == []
        assert all(c["name"].endswith(setup["p"]) for c in json.loads(codes))


@pytest.mark.parametrize("p", list(PLANTED.values()), ids=list(PLANTED))
def test_names_with_control_characters_are_refused_at_input(p: str, tmp_path: Path) -> None:
    setup = plant(tmp_path / "p", "")
    project = Path(setup["project"])
    for args in (
        ["codes", "add", f"Ny{p}"],
        ["codes", "rename", "power", f"Makt{p}"],
        ["categories", "add", "preparation", f"Ny{p}", "--key", "ny"],
        ["attributes", "set", setup["doc"], f"kontor{p}=Nordby"],
        ["status", "--coder", f"anna{p}"],
    ):
        result = run(project, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "control character" in result.output and visible(p) in result.output
        assert RAW.findall(result.output) == [] and result.output.count("\n") == 1
    book = tmp_path / "bad.yaml"
    book.write_text(BOOK.replace("name: Makt", f"name: {json.dumps('Makt' + p)}"))
    result = run(project, "codebook", "load", str(book))
    assert result.exit_code == 1 and "bad.yaml:" in result.output  # with its line
    assert "control character" in result.output and RAW.findall(result.output) == []


def test_rule_in_the_core() -> None:
    assert visible("a\x1b[2Jb\nc\td\x9b\u202e") == "a\\x1b[2Jb\nc\td\\x9b\\u202e"
    assert visible_line("a\nb\tc") == "a\\x0ab\\x09c"
    assert visible("Brukerens møte — «sitat» ﷺ") == "Brukerens møte — «sitat» ﷺ"
    dumped = json.dumps({"k": "x\x7f\x9b\u202e\u2066\x1b"}, ensure_ascii=False)
    assert RAW.findall(json_visible(dumped)) == []
    assert json.loads(json_visible(dumped)) == {"k": "x\x7f\x9b\u202e\u2066\x1b"}
    assert check_name("Makt og avmakt", "code name") == "Makt og avmakt"
    with pytest.raises(QcodeError, match=r"holds a control character \(\\x1b\)"):
        check_name("Makt\x1b[2J", "code name")
    with pytest.raises(QcodeError, match="control character"):
        parse_codebook(BOOK.replace("name: Makt", 'name: "Makt\\t2"'))
