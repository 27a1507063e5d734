"""`qcode export-project`: the project as a REFI-QDA 1.5 .qdpx that other tools can read.

Checked against the standard's own schema (read from ../shared beside the checkout; the
test skips, saying why, without it), part by part against the project it came from, and
by a real client (qc) where it is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from qcode.cli.main import cli
from qcode.core.coding.codings import add_coding, add_memo, set_coding_memo
from qcode.core.errors import QcodeError
from qcode.core.exchange import refi_common as rc
from qcode.core.exchange.refi_pseudonyms import pseudonymised_text
from qcode.core.exchange.refi_write import export_project, variable_type
from qcode.core.export.pseudonyms import Pseudonymiser, add_pseudonym
from qcode.core.project.store import Project
from qcode.core.sources.documents import get_document, import_files
from tests.coded_study import study_copy
from tests.paths import SHARED_TESTDATA

SCHEMA = SHARED_TESTDATA / "refi" / "schema" / "Project-mrt2019.xsd"
QC_TOOLS = SHARED_TESTDATA.parent / "tools" / "qc"
QC_VENV = Path(os.environ.get("PEER_QC_VENV", "/tmp/peer-qc"))
NS = {"q": rc.PROJECT_NS}
EMOJI_TEXT = "Hei 😀 sa Kari, og 🎉🎉 så gikk hun.\nNeste linje 𝄞 med noter.\n"


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Project]:
    """The coded study with a document of astral characters, memos of all four kinds,
    and a code with a memo."""
    (tmp_path / "emoji.txt").write_text(EMOJI_TEXT, encoding="utf-8")
    with Project.open(study_copy(tmp_path), coder="anna") as project:
        import_files(project, [tmp_path / "emoji.txt"], "other")
        start = EMOJI_TEXT.index("🎉🎉")
        add_coding(project, "emoji.txt", start, start + len("🎉🎉 så gikk hun."), "power")
        start = EMOJI_TEXT.index("Neste")
        coding = add_coding(project, "emoji.txt", start, start + len("Neste linje 𝄞"), "power")
        set_coding_memo(project, coding.id, "Noter 𝄞 i teksten")
        add_memo(project, "Prosjektnotat: studien i korte trekk")
        add_memo(project, "Notat om Nordby-kontoret", document="obs-nordby-1.txt")
        add_memo(project, "Makt er vanskelig å avgrense", code="power")
        yield project


def _export(project: Project, tmp_path: Path, **kwargs: bool) -> tuple[etree._Element, dict]:
    out = tmp_path / "out.qdpx"
    export_project(project, out, **kwargs)
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = {
            n.removeprefix("sources/").removesuffix(".txt"): zf.read(n)
            for n in zf.namelist()
            if n.startswith("sources/")
        }
    return root, texts


def test_the_export_is_valid_against_the_standards_schema(study: Project, tmp_path: Path) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA} (shared test data beside the repo)")
    root, _ = _export(study, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(root), schema.error_log


def test_users_are_the_coders_with_stable_guids(study: Project, tmp_path: Path) -> None:
    root, _ = _export(study, tmp_path)
    users = {u.get("name"): u.get("guid") for u in root.findall("q:Users/q:User", NS)}
    guid = study.meta("project_guid") or ""
    assert set(users) == {"anna", "bo", "qcode"}
    assert users["bo"] == rc.user_guid(guid, "bo")
    again, _ = _export(study, tmp_path)  # a re-export gives the same users
    assert {u.get("name"): u.get("guid") for u in again.findall("q:Users/q:User", NS)} == users


def test_codes_keep_hierarchy_colour_and_description(study: Project, tmp_path: Path) -> None:
    root, _ = _export(study, tmp_path)
    codes = {r["guid"]: r for r in study.query("SELECT * FROM codes")}
    parent_of = {r["id"]: r["guid"] for r in codes.values()}
    seen = 0
    for el in root.iter(f"{{{rc.PROJECT_NS}}}Code"):
        row = codes.get(el.get("guid"))
        if row is None:
            continue
        seen += 1
        assert el.get("name") == row["name"]
        assert el.get("color").lower() == row["colour"]
        assert el.get("isCodable") == "true"
        parent = el.getparent()
        expected_parent = parent_of.get(row["parent_id"]) if row["parent_id"] else None
        assert (parent.get("guid") if parent.tag.endswith("Code") else None) == expected_parent
        desc = el.findtext("q:Description", default="", namespaces=NS)
        assert rc.split_description(desc) == (
            row["description"],
            row["include_note"],
            row["exclude_note"],
        )
    assert seen == len(codes) > 30


def test_sources_hold_the_exact_text(study: Project, tmp_path: Path) -> None:
    root, texts = _export(study, tmp_path)
    docs = {r["guid"]: r for r in study.query("SELECT guid, name, text FROM documents")}
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(docs) == len(texts) == 5
    for source in sources:
        doc = docs[source.get("guid")]
        assert source.get("name") == doc["name"]
        assert source.get("plainTextPath") == f"internal://{doc['guid']}.txt"
        data = texts[doc["guid"]]
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        assert data.decode("utf-8") == doc["text"]


def test_codings_keep_exact_offsets_coder_and_time(study: Project, tmp_path: Path) -> None:
    """Offsets are code points of the .txt: the selected text is the coded text, astral
    characters included (UTF-16 would count each emoji twice)."""
    root, texts = _export(study, tmp_path)
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
    rows = study.query(
        "SELECT c.guid, c.start, c.end, c.coder, c.created_at, d.guid AS doc, k.guid AS code "
        "FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id"
    )
    for row in rows:
        sel = root.find(f".//q:PlainTextSelection[@guid='{rc.selection_guid(row['guid'])}']", NS)
        assert sel is not None
        assert sel.getparent().get("guid") == row["doc"]
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert (start, end) == (row["start"], row["end"])
        coding = sel.find("q:Coding", NS)
        assert coding.get("guid") == row["guid"]
        assert users[coding.get("creatingUser")] == row["coder"]
        assert coding.get("creationDateTime") == row["created_at"]
        assert coding.find("q:CodeRef", NS).get("targetGUID") == row["code"]
    emoji = get_document(study, "emoji.txt")
    text = texts[emoji.guid].decode("utf-8")
    selected = [
        text[int(s.get("startPosition")) : int(s.get("endPosition"))]
        for s in root.findall(
            f"q:Sources/q:TextSource[@guid='{emoji.guid}']/q:PlainTextSelection", NS
        )
    ]
    assert selected == ["🎉🎉 så gikk hun.", "Neste linje 𝄞"]


def test_cases_and_typed_variables_from_attributes(study: Project, tmp_path: Path) -> None:
    root, _ = _export(study, tmp_path)
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
        for v in root.findall("q:Variables/q:Variable", NS)
    }
    assert sorted(variables.values()) == [
        ("group", "Text"),
        ("meeting", "Integer"),
        ("office", "Text"),
    ]
    nordby = get_document(study, "obs-nordby-1.txt")
    (case,) = root.xpath(f"q:Cases/q:Case[q:SourceRef/@targetGUID='{nordby.guid}']", namespaces=NS)
    assert case.get("name") == "obs-nordby-1.txt"
    values = {
        variables[v.find("q:VariableRef", NS).get("targetGUID")][0]: v[1].text
        for v in case.findall("q:VariableValue", NS)
    }
    assert values == {"office": "Nordby", "group": "A", "meeting": "1"}
    assert len(root.findall("q:Cases/q:Case", NS)) == 5


def test_variable_types() -> None:
    assert variable_type(["1", "-20", "+3"]) == "Integer"
    assert variable_type(["1", "2.5"]) == "Float"
    assert variable_type(["true", "false"]) == "Boolean"
    assert variable_type(["True"]) == "Text"  # not reformatted: stays as written
    assert variable_type(["2013-03-01", "2014-12-31"]) == "Date"
    assert variable_type(["2013-02-30"]) == "Text"
    assert variable_type(["1,5"]) == "Text"


def test_notes_of_all_four_kinds(study: Project, tmp_path: Path) -> None:
    root, _ = _export(study, tmp_path)
    notes = {
        n.get("guid"): n.findtext("q:PlainTextContent", namespaces=NS)
        for n in root.findall("q:Notes/q:Note", NS)
    }

    def note(ref_parent: etree._Element) -> list[str]:
        return [notes[r.get("targetGUID")] for r in ref_parent.findall("q:NoteRef", NS)]

    assert note(root) == ["Prosjektnotat: studien i korte trekk"]
    nordby = get_document(study, "obs-nordby-1.txt")
    assert note(root.find(f".//q:TextSource[@guid='{nordby.guid}']", NS)) == [
        "Notat om Nordby-kontoret"
    ]
    power = study.query("SELECT guid FROM codes WHERE key = 'power'")[0]["guid"]
    assert note(root.find(f".//q:Code[@guid='{power}']", NS)) == ["Makt er vanskelig å avgrense"]
    coded = [
        c for c in root.iter(f"{{{rc.PROJECT_NS}}}Coding") if c.find("q:NoteRef", NS) is not None
    ]
    assert [note(c) for c in coded] == [["Noter 𝄞 i teksten"]]
    assert len(notes) == 4


def test_sections_and_turns_as_structure_codes(study: Project, tmp_path: Path) -> None:
    root, _ = _export(study, tmp_path)
    top = root.find(f"q:CodeBook/q:Codes/q:Code[@name='{rc.STRUCTURE_ROOT}']", NS)
    assert top is not None
    sections = top.find(f"q:Code[@name='{rc.STRUCTURE_SECTIONS}']", NS)
    speakers = top.find(f"q:Code[@name='{rc.STRUCTURE_SPEAKERS}']", NS)
    assert {c.get("name") for c in speakers.findall("q:Code", NS)} == {
        "Intervjuer",
        "Kari Nordmann",
    }
    levels = {
        c.get("name"): rc.parse_section_description(c.findtext("q:Description", namespaces=NS))
        for c in sections.findall("q:Code", NS)
    }
    assert levels["Forberedelse"] == 1
    qcode_user = rc.user_guid(study.meta("project_guid") or "", rc.STRUCTURE_USER)
    interview = get_document(study, "interview.txt")
    source = root.find(f".//q:TextSource[@guid='{interview.guid}']", NS)
    turns = [
        s
        for s in source.findall("q:PlainTextSelection", NS)
        if s.get("name", "").startswith("turn")
    ]
    assert len(turns) == len(interview.turns) > 0
    for sel, turn in zip(turns, interview.turns, strict=True):
        assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (
            turn.start,
            turn.end,
        )
        assert rc.parse_turn_selection_name(sel.get("name")) == (turn.body_start or turn.start)
        assert sel.get("creatingUser") == qcode_user
    nordby = get_document(study, "obs-nordby-1.txt")
    source = root.find(f".//q:TextSource[@guid='{nordby.guid}']", NS)
    named = [s for s in source.findall("q:PlainTextSelection", NS) if s.get("name") == "section"]
    assert len(named) == len(nordby.sections) > 0


def test_pseudonymise_replaces_names_and_moves_offsets(study: Project, tmp_path: Path) -> None:
    add_pseudonym(study, "Kari Nordmann", "Deltaker A")
    add_pseudonym(study, "Kari", "Ka")
    table = Pseudonymiser.for_project(study)
    result = export_project(study, tmp_path / "p.qdpx", pseudonymise=True, strict=True)
    assert result.leaked == []
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    assert not any("Kari" in text for text in texts.values())
    rows = study.query(
        "SELECT c.guid, c.start, c.end, d.guid AS doc, d.text FROM codings c "
        "JOIN documents d ON d.id = c.document_id"
    )
    for row in rows:
        sel = root.find(f".//q:PlainTextSelection[@guid='{rc.selection_guid(row['guid'])}']", NS)
        text = texts[f"sources/{row['doc']}.txt"]
        got = text[int(sel.get("startPosition")) : int(sel.get("endPosition"))]
        original = row["text"][row["start"] : row["end"]]
        if original.startswith("ri hadde"):  # began inside "Kari": now at the alias's end
            assert got == original.removeprefix("ri")
        else:
            assert got == table.apply(original)
    speakers = {c.get("name") for c in root.iter(f"{{{rc.PROJECT_NS}}}Code")}
    assert "Deltaker A" in speakers and "Kari Nordmann" not in speakers


def test_offsets_move_with_aliases() -> None:
    table = Pseudonymiser([("Kari Nordmann", "A"), ("Ola", "Olaf Olsen")])
    text = "Før Kari Nordmann kom, sa Ola: hei."
    new, move = pseudonymised_text(table, text)
    assert new == "Før A kom, sa Olaf Olsen: hei."
    start = text.index("kom")
    assert new[move(start) : move(start + 3)] == "kom"
    assert new[move(text.index("Ola")) : move(text.index(":"))] == "Olaf Olsen"
    inside = text.index("Nordmann")  # a span from inside a name starts at the alias's end
    assert move(inside) == new.index(" kom")


def test_strict_without_pseudonymise_is_refused(study: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match="--pseudonymise"):
        export_project(study, tmp_path / "x.qdpx", strict=True)
    assert not (tmp_path / "x.qdpx").exists()


def test_a_failed_export_leaves_the_old_file_and_no_half_file(
    study: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.qdpx"
    out.write_bytes(b"the previous export")
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def fail_later(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fail_later)
    with pytest.raises(QcodeError, match="No space left"):
        export_project(study, out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if "tmp" in p.name) == []


def test_cli_export_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = study_copy(tmp_path)
    runner = CliRunner()
    out = tmp_path / "study.qdpx"
    result = runner.invoke(cli, ["--project", str(project), "export-project", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (4 documents, 40 codes, 11 codings,")
    assert zipfile.is_zipfile(out)
    bad = runner.invoke(cli, ["--project", str(project), "export-project", str(tmp_path / "x.zip")])
    assert bad.exit_code != 0 and "ends in .qdpx" in bad.output
    assert not (tmp_path / "x.zip").exists()


def test_a_real_client_reads_the_export(study: Project, tmp_path: Path) -> None:
    """qc (`qualitative-coding`) imports the file as its users do. qc keeps codings by
    line and puts a selection not named `line:N` on line 0 (README: REFI-QDA exchange),
    so only sources, codes and coders are compared exactly."""
    if not (QC_VENV / "bin" / "qc").exists():
        pytest.skip(f"qc is not installed in {QC_VENV} (bash {QC_TOOLS}/setup_qc.sh)")
    out = tmp_path / "study.qdpx"
    export_project(study, out)
    done = subprocess.run(
        [sys.executable, str(QC_TOOLS / "qc_read_qdpx.py"), str(out), "--venv", str(QC_VENV)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ok"], seen.get("error")
    assert seen["sources"] == seen["qde_sources"] == 5
    assert seen["codes"] == seen["qde_codes"]
    assert sorted(seen["coders"]) == ["anna", "bo", "qcode"]
    assert 0 < seen["codings"] <= seen["qde_codings"]
