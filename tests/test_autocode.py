"""Structural auto-coding: sections by theme, answers by guide question, turns by speaker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.core.codebook.codes import load_codebook as load_codes
from qcode.core.codebook.format import load_codebook
from qcode.core.coding import autocode
from qcode.core.coding.guide import parse_guide
from qcode.core.errors import InputError, QcodeError
from qcode.core.project import undo
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.builders import Run, as_json, write
from tests.paths import CODEBOOKS, EXAMPLE

GUIDE = EXAMPLE / "intervjuguide.txt"


def build(path: Path) -> Project:
    project = Project.create(path, coder="analyst")
    load_codes(project, load_codebook(CODEBOOKS / "nav-guidance-groups.yaml"))
    attrs = EXAMPLE / "attributes.csv"
    for kind, pattern in (
        ("observation", "observasjon-*"),
        ("interview", "intervju-*"),
        ("log", "logg-*"),
    ):
        import_files(project, sorted(EXAMPLE.glob(pattern)), kind, attrs)
    return project


@pytest.fixture
def study(tmp_path: Path):
    with build(tmp_path / "study.qcode") as project:
        yield project


def coded(project: Project, key: str) -> list[dict]:
    return project.query(
        'SELECT d.name, d.text, c.start, c."end" FROM codings c JOIN documents d '
        "ON d.id = c.document_id JOIN codes k ON k.id = c.code_id WHERE k.key = ? "
        "ORDER BY d.name, c.start",
        [key],
    )


# -- sections ----------------------------------------------------------------------------


def test_sections_of_the_example_sheets_get_their_themes(study: Project) -> None:
    result = autocode.autocode_sections(study)
    assert result.already == 0
    sheets = lambda key: {r["name"] for r in coded(study, key)}  # noqa: E731
    assert len(sheets("preparation")) == 8
    assert len(sheets("conversation-control")) == 9
    assert len(sheets("power")) == 11
    # the body is coded, not the heading line
    for row in coded(study, "power"):
        passage = row["text"][row["start"] : row["end"]]
        assert not passage.lower().lstrip("# ").startswith("makt"), passage[:40]
        assert passage == passage.strip()
    unmatched = {title for _, title in result.unmatched}
    assert {"Annet", "Episode", "Siden sist", "Valgt episode"} <= unmatched


def test_sections_twice_makes_no_duplicates_and_one_undo_takes_it_back(study: Project) -> None:
    first = autocode.autocode_sections(study)
    second = autocode.autocode_sections(study)
    assert second.planned == [] and second.already == len(first.planned)
    (count,) = study.conn.execute("SELECT count(*) FROM codings").fetchone()
    assert count == len(first.planned)
    entries = study.query("SELECT action, params FROM audit WHERE action = 'autocode sections'")
    assert len(entries) == 1  # the second run changed nothing
    assert json.loads(entries[0]["params"]) == {"documents": [], "kind": None}
    undo.undo(study)
    assert study.conn.execute("SELECT count(*) FROM codings").fetchone() == (0,)


def test_dry_run_and_filters(study: Project) -> None:
    dry = autocode.autocode_sections(study, ["observasjon-nordby-a-1.txt"], dry_run=True)
    assert {p.document for p in dry.planned} == {"observasjon-nordby-a-1.txt"}
    assert study.conn.execute("SELECT count(*) FROM codings").fetchone() == (0,)
    assert not study.query("SELECT 1 FROM audit WHERE action LIKE 'autocode%'")
    logs = autocode.autocode_sections(study, kind="log", dry_run=True)
    assert {p.document for p in logs.planned} <= {
        r["name"] for r in study.query("SELECT name FROM documents WHERE kind = 'log'")
    }
    with pytest.raises(QcodeError, match="no document named"):
        autocode.autocode_sections(study, ["nope.txt"])


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Samtalestyring / grensesetting", "conversation-control"),
        ("Makt og avmakt:", "power"),
        ("FORBEREDELSE", "preparation"),
        ("## Makt/avmakt", "power"),
        ("Forberedelse til samtalen", "preparation"),
        ("Gruppeprosessen", "experience-exchange"),
        ("Forberedelsen", "preparation"),
        ("Episoder som ble presentert", None),
        ("Annet", None),
    ],
)
def test_titles_match_themes_fuzzily(study: Project, title: str, key: str | None) -> None:
    themes = study.query("SELECT id, key, name, aliases FROM codes WHERE parent_id IS NULL")
    theme, _ = autocode.match_title(title, themes)
    assert (theme["key"] if theme else None) == key


def test_section_body_after_heading_or_after_colon() -> None:
    from qcode.core.model import Section

    text = "Forberedelse:\nHun leste saken.\n\nTidspress: Det var kø.\n"
    assert autocode.section_body(text, Section("Forberedelse", 0, 31)) == (14, 30)
    start, end = autocode.section_body(text, Section("Tidspress", 32, 54)) or (0, 0)
    assert text[start:end] == "Det var kø."


# -- questions ---------------------------------------------------------------------------


def test_answers_are_coded_with_the_guide_question(study: Project) -> None:
    result = autocode.autocode_questions(study, GUIDE)
    assert result.unmatched == []
    keys = [
        r["key"]
        for r in study.query(
            "SELECT k.key FROM codes k JOIN codes p ON p.id = k.parent_id "
            "WHERE p.key = 'questions' ORDER BY k.sort_order"
        )
    ]
    assert [k.split("-")[0] for k in keys] == [f"q{n}" for n in range(1, 9)]
    for doc in [
        r["name"] for r in study.query("SELECT name FROM documents WHERE kind = 'interview'")
    ]:
        asked = {
            r["key"].split("-")[0]
            for r in study.query(
                "SELECT k.key FROM codings c JOIN codes k ON k.id = c.code_id "
                "JOIN documents d ON d.id = c.document_id WHERE d.name = ?",
                [doc],
            )
        }
        assert asked == {f"q{n}" for n in range(1, 9)}, doc

    def answer_key(doc: str, words: str) -> str:
        for key in keys:
            for row in coded(study, key):
                if row["name"] == doc and words in row["text"][row["start"] : row["end"]]:
                    return key.split("-")[0]
        return ""

    assert answer_key("intervju-deltaker-1.docx", "Du har makt på papiret") == "q3"  # follow-up
    assert answer_key("intervju-deltaker-1.docx", "PM-møte") == "q6"
    assert answer_key("intervju-ikke-deltaker-2.txt", "Jeg satt med makten") == "q3"
    assert answer_key("intervju-ikke-deltaker-2.txt", "Det smitter") == "q5"
    # the interviewer's words are never coded as an answer
    for key in keys:
        for row in coded(study, key):
            assert not row["text"][row["start"] : row["end"]].startswith(("Intervjuer", "I:"))


def test_guide_files() -> None:
    numbered = parse_guide("# guide\n1. Hva gjør du?\n  - oppfølging\n2) Hvorfor?\n")
    assert [(q.number, q.text, q.follow_ups) for q in numbered] == [
        (1, "Hva gjør du?", ("oppfølging",)),
        (2, "Hvorfor?", ()),
    ]
    plain = parse_guide("What do you do?\nWhy?\n")
    assert [q.number for q in plain] == [1, 2]
    with pytest.raises(InputError, match="no questions"):
        parse_guide("\n# nothing\n", "g.txt")
    with pytest.raises(InputError, match="appears twice"):
        parse_guide("1. a?\n1. b?\n", "g.txt")


def test_interviewer_is_who_asks_when_no_role_label(project: Project, tmp_path: Path) -> None:
    from qcode.core.coding.roles import interviewer_speakers
    from qcode.core.model import Turn

    text = "Kari: Hva gjør du?\nOla: Jeg jobber.\nKari: Og hvorfor?\nOla: Fordi.\n"
    turns = [
        Turn("Kari", 0, 18, 6),
        Turn("Ola", 19, 35, 24),
        Turn("Kari", 36, 53, 42),
        Turn("Ola", 54, 64, 59),
    ]
    assert interviewer_speakers(text, turns) == {"Kari"}
    assert interviewer_speakers("I: Hei.\nR: Hei.", [Turn("I", 0, 7, 3), Turn("R", 8, 15, 11)]) == {
        "I"
    }


# -- speakers -----------------------------------------------------------------------------


def test_every_turn_is_coded_with_its_speaker(study: Project) -> None:
    result = autocode.autocode_speakers(study, kind="interview")
    (turns,) = study.conn.execute(
        "SELECT sum(json_array_length(turns)) FROM documents WHERE kind = 'interview'"
    ).fetchone()
    assert len(result.planned) == turns
    names = {
        r["name"]
        for r in study.query(
            "SELECT k.name FROM codes k JOIN codes p ON p.id = k.parent_id WHERE p.key = 'speakers'"
        )
    }
    assert {"Intervjuer", "Informant 1", "I", "R"} <= names
    for row in coded(study, "speaker-r"):
        assert not row["text"][row["start"] : row["end"]].startswith("R:")


# -- CLI -----------------------------------------------------------------------------------


def test_cli_autocode(run: Run, tmp_path: Path) -> None:
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    sheet = write(
        tmp_path / "sheet.txt",
        "OBSERVASJONSSKJEMA\nDato: 01.02.2013\n\nMAKT OG AVMAKT\nBruker hadde overtaket.\n\n"
        "Samtalestyring / grensesetting:\nHun satte grenser.\n\nRare ting:\nIngenting.\n",
    )
    run("import", "--kind", "observation", str(sheet))
    dry = as_json(run("autocode", "sections", "--dry-run", "--json"))
    assert dry["dry_run"] and {c["code"] for c in dry["codings"]} == {
        "power",
        "conversation-control",
    }
    assert {u["what"] for u in dry["unmatched"]} >= {"Rare ting"}
    out = run("autocode", "sections").output
    assert "2 coding(s) made, 0 already there" in out
    assert "not coded: sheet.txt: Rare ting" in out
    assert "0 coding(s) made, 2 already there" in run("autocode", "sections").output
    bad = run("autocode", "questions", str(tmp_path / "missing.txt"), ok=False)
    assert bad.exit_code == 1 and "missing.txt: no such file" in bad.output


SHEET = (
    "Møte 1 (12.09.12)\n\nForberedelse:\nHun hadde lest saken kvelden før.\n\n"
    "Samtalestyring:\nHun satte en tydelig ramme.\n\n"
    "Makt og avmakt:\nBruker følte seg overkjørt.\n\n"
    "Møte 2 (17.10.12)\n\nForberedelse:\nIngen tid, bruker kom uanmeldt.\n\n"
    "Samtalestyring: Han avbrøt hele tiden, og hun mistet tråden.\n\n"
    "Makt og avmakt:\nHun følte seg maktesløs overfor vedtaket.\n\n"
    "Møte 3 (21.11.12)\n\nForberedelse:\nGruppa hadde laget en huskeliste.\n\n"
    "Samtalestyring:\nSamtalen ble flyttet inn på et samtalerom.\n\n"
    "Makt og avmakt:\nHvem hadde egentlig kontroll?\n"
)


def test_cli_autocode_sheet_of_meetings_codes_each_theme_inside_its_meeting(
    run: Run, tmp_path: Path
) -> None:
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    run("import", "--kind", "observation", str(write(tmp_path / "moter.txt", SHEET)))
    shown = as_json(run("show", "--json", "moter.txt"))
    assert shown["turns"] == []  # `Forberedelse:` is no speaker
    sections = shown["sections"]
    assert all(set(s) == {"title", "level", "start", "end"} for s in sections)
    assert [(s["title"], s["level"]) for s in sections[:4]] == [
        ("Møte 1 (12.09.12)", 1),
        ("Forberedelse", 2),
        ("Samtalestyring", 2),
        ("Makt og avmakt", 2),
    ]
    done = as_json(run("autocode", "sections", "--json"))
    codings = done["codings"]
    assert sorted(c["code"] for c in codings) == sorted(
        ["preparation", "conversation-control", "power"] * 3
    )
    assert done["unmatched"] == []  # meeting headings name no theme and are not listed
    for c in codings:
        coded = SHEET[c["start"] : c["end"]]
        assert "Møte" not in coded and not coded.startswith(c["label"])
        if c["code"] == "power":
            assert not any(w in coded for w in ("uanmeldt", "huskeliste", "lest saken"))
    assert (
        SHEET[codings[4]["start"] : codings[4]["end"]]
        == "Han avbrøt hele tiden, og hun mistet tråden."
    )


def test_innermost_theme_heading_codes_its_span(run: Run, tmp_path: Path) -> None:
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    text = (
        "## Makt og avmakt\nBruker hadde overtaket.\n\n### Forberedelse\nHun var uforberedt.\n\n"
        "### Eksempel\nHan ropte.\n\n## Annet\nSlutt.\n"
    )
    run("import", "--kind", "observation", str(write(tmp_path / "nested.md", text)))
    codings = as_json(run("autocode", "sections", "--json"))["codings"]
    spans = {c["code"]: text[c["start"] : c["end"]] for c in codings}
    assert spans == {
        "power": "Bruker hadde overtaket.",
        "preparation": "Hun var uforberedt.",
    }
