"""The command line: project discovery, JSON shapes, one-line errors, names matched as people
type them. (Help texts and the README's command list: test_docs.py.)"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from qcode.cli.main import cli
from tests.builders import BOOK, Run, as_json, write
from tests.paths import CODEBOOKS

INTERVIEW = (
    "Intervjuer: Hvordan forbereder du deg til samtalene?\n"
    "Informant: Jeg leser gjennom saken i Modia før bruker kommer.\n"
    "Intervjuer: Og hvem styrer samtalen?\n"
    "Informant: Det er vel jeg, men noen ganger tar bruker over.\n"
)


@pytest.fixture
def study(run: Run, tmp_path: Path) -> Run:
    run("codebook", "load", str(write(tmp_path / "book.yaml", BOOK)))
    write(tmp_path / "intervju.txt", INTERVIEW)
    write(tmp_path / "attrs.csv", "file,office,participant\nintervju.txt,Nordby,yes\n")
    run(
        "import",
        "--kind",
        "interview",
        "--attributes",
        str(tmp_path / "attrs.csv"),
        str(tmp_path / "intervju.txt"),
    )
    return run


def all_commands() -> list[list[str]]:
    out: list[list[str]] = [[]]

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            out.append([*prefix, name])
            if isinstance(command, click.Group):
                walk(command, [*prefix, name])

    walk(cli, [])
    return out


def test_required_commands_exist() -> None:
    names = {" ".join(c) for c in all_commands()}
    for required in [
        "init",
        "import",
        "docs",
        "show",
        "codes",
        "codebook load",
        "codebook show",
        "codebook export",
        "code",
        "uncode",
        "memo",
        "undo",
        "search",
        "status",
    ]:
        assert required in names


def test_docs_json_shape(study: Run) -> None:
    docs = as_json(study("docs", "--json"))
    assert docs[0]["name"] == "intervju.txt"
    assert docs[0]["kind"] == "interview"
    assert docs[0]["attributes"] == {"office": "Nordby", "participant": "yes"}
    assert docs[0]["chars"] == len(INTERVIEW.rstrip("\n")) or docs[0]["chars"] == len(INTERVIEW)
    assert docs[0]["codings"] == 0


def test_code_show_uncode_round_trip(study: Run) -> None:
    start = INTERVIEW.index("Jeg leser")
    end = INTERVIEW.index(" før bruker")
    study("code", "intervju.txt", str(start), str(end), "Forberedelse")  # by name
    shown = as_json(study("show", "intervju.txt", "--json"))
    assert set(shown) >= {"name", "kind", "text", "attributes", "sections", "turns", "codings"}
    assert [t["speaker"] for t in shown["turns"]] == ["Intervjuer", "Informant"] * 2
    coding = shown["codings"][0]
    assert coding["code"] == "preparation" and coding["coder"] == "tester"
    assert shown["text"][coding["start"] : coding["end"]] == "Jeg leser gjennom saken i Modia"
    codes = as_json(study("codes", "--json"))
    assert {c["key"]: c["codings"] for c in codes} == {"power": 0, "preparation": 1}
    assert codes[0].keys() >= {"key", "name", "level", "parent", "colour", "shortcut", "codings"}
    study("uncode", str(coding["id"]))
    assert as_json(study("show", "intervju.txt", "--json"))["codings"] == []
    study("undo")
    assert len(as_json(study("show", "intervju.txt", "--json"))["codings"]) == 1


def test_bad_span_and_unknown_code_are_one_line_errors(study: Run) -> None:
    result = study("code", "intervju.txt", "10", "99999", "power", ok=False)
    assert result.exit_code == 1
    assert "not inside 'intervju.txt'" in result.output
    assert "Traceback" not in result.output
    result = study("code", "intervju.txt", "0", "10", "powr", ok=False)
    assert result.exit_code == 1 and "did you mean 'power'" in result.output
    result = study("show", "intervju.tx", ok=False)
    assert result.exit_code == 1 and "did you mean 'intervju.txt'" in result.output


def test_search_finds_inflected_forms_with_offsets(study: Run) -> None:
    hits = as_json(study("search", "styre", "--json"))
    assert len(hits) == 1
    hit = hits[0]
    assert INTERVIEW[hit["start"] : hit["end"]] == "styrer"
    assert hit["document"] == "intervju.txt" and hit["line"] == 3


def test_memos_on_project_document_code_and_coding(study: Run) -> None:
    study("memo", "add", "Første inntrykk av materialet.")
    study("memo", "add", "Informanten er erfaren.", "--doc", "intervju.txt")
    study("memo", "add", "Bruk ved eksplisitt maktspråk.", "--code", "power")
    study("code", "intervju.txt", "0", "10", "power")
    study("memo", "add", "Usikker koding.", "--coding", "1")
    memos = as_json(study("memo", "list", "--json"))
    assert [m["on"] for m in memos] == [
        "project",
        "document intervju.txt",
        "code power",
        "coding 1",
    ]


def test_status_and_log(study: Run) -> None:
    status = as_json(study("status", "--json"))
    assert status["documents_by_kind"] == {"interview": 1}
    assert status["turns"] == 4 and status["themes"] == 2
    log = study("log").output
    assert "import" in log and "codebook load" in log


def test_project_found_from_env_and_from_folder(tmp_path: Path, monkeypatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init", "a.qcode"]).exit_code == 0
    assert runner.invoke(cli, ["status"]).exit_code == 0  # the only *.qcode here
    assert runner.invoke(cli, ["init", "b.qcode"]).exit_code == 0
    result = runner.invoke(cli, ["status"])
    assert result.exit_code == 1 and "several projects" in result.output
    monkeypatch.setenv("QCODE_PROJECT", str(tmp_path / "b.qcode"))
    assert "b.qcode" in runner.invoke(cli, ["status"]).output
    assert "a.qcode" in runner.invoke(cli, ["status", "--project", "a.qcode"]).output


def test_no_project_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QCODE_PROJECT", raising=False)
    result = CliRunner().invoke(cli, ["docs"])
    assert result.exit_code == 1 and "no project" in result.output


def test_coder_option_and_env(study: Run, monkeypatch) -> None:
    study("--coder", "ola", "code", "intervju.txt", "0", "10", "power")
    study("code", "intervju.txt", "11", "20", "power", "--coder", "kari")
    coders = [c["coder"] for c in as_json(study("show", "intervju.txt", "--json"))["codings"]]
    assert coders == ["ola", "kari"]


def test_codebook_export_round_trips(study: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    study("codebook", "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Makt og avmakt" in text and "preparation" in text
    again = study("codebook", "load", str(out)).output
    assert "0 added, 0 updated, 2 unchanged" in again


def test_init_with_shipped_codebook(tmp_path: Path) -> None:
    path = tmp_path / "nav.qcode"
    result = CliRunner().invoke(
        cli, ["init", str(path), "--codebook", str(CODEBOOKS / "nav-guidance-groups.yaml")]
    )
    assert result.exit_code == 0, result.output
    codes = as_json(CliRunner().invoke(cli, ["--project", str(path), "codes", "--json"]))
    keys = {c["key"] for c in codes}
    assert {"preparation", "conversation-control", "power"} <= keys


def test_remove_document_takes_its_codings_and_undo_brings_them_back(study: Run) -> None:
    study("code", "intervju.txt", "0", "10", "power")
    study("memo", "add", "Om dokumentet.", "--doc", "intervju.txt")
    result = study("remove", "intervju.txt", "--yes")
    assert "removed intervju.txt and 1 coding(s)" in result.output
    assert as_json(study("docs", "--json")) == []
    assert as_json(study("memo", "list", "--json")) == []
    study("undo")
    shown = as_json(study("show", "intervju.txt", "--json"))
    assert len(shown["codings"]) == 1 and shown["attributes"]["office"] == "Nordby"
    assert as_json(study("memo", "list", "--json"))[0]["text"] == "Om dokumentet."


def test_remove_asks_before_dropping_codings(study: Run) -> None:
    study("code", "intervju.txt", "0", "10", "power")
    result = study("remove", "intervju.txt", ok=False)  # no terminal: confirm reads EOF
    assert result.exit_code != 0
    assert len(as_json(study("docs", "--json"))) == 1


def test_attributes_set_load_and_list(study: Run, tmp_path: Path) -> None:
    study("attributes", "set", "intervju.txt", "group=A", "participant=")
    attrs = as_json(study("docs", "--json"))[0]["attributes"]
    assert attrs == {"group": "A", "office": "Nordby"}
    write(tmp_path / "more.csv", "file,meeting\nintervju.txt,2\nukjent.txt,1\n")
    result = study("attributes", "load", str(tmp_path / "more.csv"))
    assert "no document named 'ukjent.txt'" in result.output
    assert as_json(study("attributes", "list", "--json")) == {
        "group": {"A": 1},
        "meeting": {"2": 1},
        "office": {"Nordby": 1},
    }
    result = study("attributes", "set", "intervju.txt", "nokey", ok=False)
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_codes_add_theme_and_category(study: Run) -> None:
    study("codes", "add", "Tillit", "--parent", "power", "--shortcut", "t")
    study("codes", "add", "Humor", "--colour", "teal")
    codes = {c["key"]: c for c in as_json(study("codes", "--json"))}
    assert codes["tillit"]["parent"] == "power" and codes["tillit"]["level"] == 2
    assert codes["humor"]["colour"] == "#008080" and codes["humor"]["parent"] is None
    result = study("codes", "add", "Noe", "--shortcut", "t", ok=False)
    assert result.exit_code == 1 and "shortcut 't'" in result.output


def test_import_a_folder_takes_its_source_files(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.txt", "Forberedelse:\nLeste saken.\n")
    write(folder / "sub" / "b.md", "# Makt\nBruker styrte.\n")
    write(folder / "attributes.csv", "file,office\na.txt,Nordby\n")
    write(folder / ".skjult.txt", "skjult\n")
    result = run("import", str(folder))
    assert "2 imported" in result.output
    assert sorted(d["name"] for d in as_json(run("docs", "--json"))) == ["a.txt", "b.md"]


def test_log_verbose_lists_the_rows_touched(study: Run) -> None:
    study("code", "intervju.txt", "0", "10", "power")
    entries = as_json(study("log", "-v", "--json"))
    assert entries[0]["action"] == "code"
    assert entries[0]["changes"][0]["table"] == "codings"
    assert "insert 1 codings" in study("log", "-v").output


def test_code_names_match_ignoring_case_beyond_ascii(run: Run, tmp_path: Path) -> None:
    """A code named "Økonomi" (key "penger") was not found as "økonomi": SQLite's lower()
    folds only ASCII letters."""
    run("codes", "add", "Økonomi", "--key", "penger")
    run("import", str(write(tmp_path / "n.txt", "Det handler om penger.\n")))
    run("code", "n.txt", "0", "5", "økonomi")
    assert as_json(run("codings", "--json"))[0]["code"] == "penger"


def test_document_names_match_ignoring_case_beyond_ascii(run: Run, tmp_path: Path) -> None:
    """`qcode show INTERVJU-ÅSE.TXT` found nothing (no "did you mean" either), while
    `qcode show INTERVJU-DELTAKER-1.DOCX` finds intervju-deltaker-1.docx."""
    run("import", str(write(tmp_path / "intervju-åse.txt", "Noe tekst.\n")))
    assert "intervju-åse.txt" in run("show", "INTERVJU-ÅSE.TXT", "--no-text").output
