"""REFI-QDA import: `qcode init --from` and `qcode import-project`, tolerant of what real
exports hold, exact about where each coding lands, and refusing hostile files in one line.

Every fixture is a hand-made .qdpx (built here, in tmp_path) for one tolerance; the real
ATLAS.ti files are read from ../shared/testdata/refi/qdpx/ when present."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.cli.main import cli
from qcode.core.errors import InputError
from qcode.core.exchange.refi_offsets import in_code_points
from qcode.core.exchange.refi_read import read_refi
from qcode.core.project.store import Project
from tests.builders import Run
from tests.paths import SHARED_TESTDATA

REFI_DATA = SHARED_TESTDATA / "refi" / "qdpx"
NS = "urn:QDA-XML:project:1.0"
ANN = "11111111-1111-4111-8111-111111111111"
BO = "22222222-2222-4222-8222-222222222222"
THEME = "33333333-3333-4333-8333-333333333333"
CHILD = "44444444-4444-4444-8444-444444444444"
DOC = "55555555-5555-4555-8555-555555555555"


def guid(n: int) -> str:
    return f"{n:08X}-0000-4000-8000-000000000000"


def project_xml(
    sources: str, codes: str = "", extra: str = "", ns: str = NS, attrs: str = ""
) -> str:
    codebook = codes or (
        f'<Code guid="{THEME}" name="Weather" isCodable="true" color="#1F77B4">'
        f'<Code guid="{CHILD}" name="Rain" isCodable="true" color="#FF7F0E"/></Code>'
    )
    xmlns = f' xmlns="{ns}"' if ns else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project{xmlns} name="t" {attrs}>'
        f'<Users><User guid="{ANN}" name="Ann"/><User guid="{BO}" name="Bo"/></Users>'
        f"<CodeBook><Codes>{codebook}</Codes></CodeBook>"
        f"<Sources>{sources}</Sources>{extra}</Project>"
    )


def selection(
    n: int, start: int, end: int, code: str = THEME, user: str = ANN, inner: str = ""
) -> str:
    return (
        f'<PlainTextSelection guid="{guid(n)}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{user}" creationDateTime="2024-01-0{1 + n % 9}T10:00:00Z">{inner}'
        f'<Coding guid="{guid(1000 + n)}" creatingUser="{user}" '
        f'creationDateTime="2024-01-0{1 + n % 9}T10:00:00Z"><CodeRef targetGUID="{code}"/>'
        f"</Coding></PlainTextSelection>"
    )


def source(
    selections: str,
    path: str = f"internal://{DOC}.txt",
    name: str = "interview",
    g: str = DOC,
    inner: str = "",
) -> str:
    head = f'<TextSource guid="{g}" name="{name}" plainTextPath="{path}">'
    return f"{head}{inner}{selections}</TextSource>"


def qdpx(where: Path, xml: str, files: dict[str, bytes | str], qde: str = "project.qde") -> Path:
    with zipfile.ZipFile(where, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(qde, xml)
        for name, data in files.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return where


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"QCODE_CODER": "tester"})


def init_from(tmp_path: Path, archive: Path, *extra: str) -> tuple[Path, dict[str, Any]]:
    target = tmp_path / "new.qcode"
    result = cli_run("init", str(target), "--from", str(archive), "--json", *extra)
    assert result.exit_code == 0, result.output
    return target, json.loads(result.stdout)


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def coded(path: Path) -> list[tuple[str, str, str]]:
    """(code name, coded text, coder) of every coding, in document order."""
    return [
        (name, text[start:end], coder)
        for name, text, start, end, coder in rows(
            path,
            'SELECT c.name, d.text, g.start, g."end", g.coder FROM codings g '
            "JOIN codes c ON c.id = g.code_id JOIN documents d ON d.id = g.document_id "
            "ORDER BY d.id, g.start, c.name",
        )
    ]


def text_of(path: Path) -> str:
    return str(rows(path, "SELECT text FROM documents ORDER BY id")[0][0])


# -- offsets: UTF-16 (NVivo), BOM, CRLF, NFD ---------------------------------------------------

ASTRAL = "Hei 😀 alle. Været 🌧️ var vått 𝄞 i går, og regnet 🌧 kom igjen.\n"


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_nvivo_utf16_offsets_are_detected_and_the_codings_land_on_their_words(
    tmp_path: Path,
) -> None:
    words = ["Været", "vått", "regnet", "igjen"]
    spans = []
    for word in words:
        i = ASTRAL.index(word)
        spans.append((utf16(ASTRAL, i), utf16(ASTRAL, i + len(word))))
    sels = "".join(selection(n, s, e) for n, (s, e) in enumerate(spans, start=1))
    archive = qdpx(
        tmp_path / "nvivo.qdpx", project_xml(source(sels)), {f"sources/{DOC}.txt": ASTRAL}
    )
    target, report = init_from(tmp_path, archive)
    assert [t for _, t, _ in coded(target)] == words
    assert report["offsets"] == {"interview": "utf16"}
    assert any("UTF-16" in w for w in report["warnings"])
    # told otherwise, the file is read in code points: the same numbers, other places
    forced = tmp_path / "forced"
    forced.mkdir()
    target, report = init_from(forced, archive, "--offsets", "codepoints")
    assert [t for _, t, _ in coded(target)] != words
    assert report["offsets"] == {"interview": "codepoints"}


def test_codepoint_offsets_with_astral_characters_stay_code_points(tmp_path: Path) -> None:
    words = ["alle", "vått", "kom"]
    sels = "".join(
        selection(n, ASTRAL.index(w), ASTRAL.index(w) + len(w)) for n, w in enumerate(words, 1)
    )
    archive = qdpx(tmp_path / "std.qdpx", project_xml(source(sels)), {f"sources/{DOC}.txt": ASTRAL})
    target, report = init_from(tmp_path, archive)
    assert [t for _, t, _ in coded(target)] == words
    assert report["offsets"] == {"interview": "codepoints"}


def test_detection_prefers_the_unit_that_keeps_selections_inside_the_text() -> None:
    text = "😀" * 10 + " ord"
    # in UTF-16 the text is 24 units long; a selection 20-24 is "ord" (in bounds only so)
    spans, unit = in_code_points(text, [(21, 24)])
    assert unit == "utf16" and text[spans[0][0] : spans[0][1]] == "ord"
    spans, unit = in_code_points("abc", [(0, 3)])
    assert unit == "codepoints"


def test_bom_and_crlf_are_not_stored_and_offsets_follow(tmp_path: Path) -> None:
    raw = "Første linje.\r\nAndre linje med regn.\r\nTredje.\r\n"
    start = raw.index("regn")
    sels = selection(1, start, start + 4) + selection(2, raw.index("Tredje"), len(raw), CHILD)
    data = b"\xef\xbb\xbf" + raw.encode("utf-8")
    archive = qdpx(tmp_path / "crlf.qdpx", project_xml(source(sels)), {f"sources/{DOC}.txt": data})
    target, _ = init_from(tmp_path, archive)
    assert text_of(target) == "Første linje.\nAndre linje med regn.\nTredje."
    assert [t for _, t, _ in coded(target)] == ["regn", "Tredje."]


def test_decomposed_text_is_stored_composed_with_codings_moved(tmp_path: Path) -> None:
    raw = unicodedata.normalize("NFD", "Kaféen på Løkken: vi så Åse og Ørjan der.\n")
    start = (
        raw.index("Ørjan") if "Ørjan" in raw else raw.index(unicodedata.normalize("NFD", "Ørjan"))
    )
    word = unicodedata.normalize("NFD", "Åse og Ørjan")
    begin = raw.index(word)
    sels = selection(1, begin, begin + len(word)) + selection(2, 0, raw.index(":"), CHILD)
    archive = qdpx(tmp_path / "nfd.qdpx", project_xml(source(sels)), {f"sources/{DOC}.txt": raw})
    target, _ = init_from(tmp_path, archive)
    assert start > 0
    assert unicodedata.is_normalized("NFC", text_of(target))
    assert [t for _, t, _ in coded(target)] == ["Kaféen på Løkken", "Åse og Ørjan"]


# -- where the texts are -----------------------------------------------------------------------

TEXT = "Det regnet hele dagen, og vi ble våte.\n"


def test_atlas_style_names_a_qde_after_the_project_and_uses_Sources(tmp_path: Path) -> None:
    start = TEXT.index("regnet")
    archive = qdpx(
        tmp_path / "atlas.qdpx",
        project_xml(source(selection(1, start, start + 6))),
        {f"Sources/{DOC}.txt": TEXT},
        qde="My Study.qde",
    )
    target, report = init_from(tmp_path, archive)
    assert coded(target) == [("Weather", "regnet", "Ann")]
    assert report["documents"] == 1 and report["codes"] == 2 and report["codings"] == 1


def test_bare_relative_and_absolute_paths(tmp_path: Path) -> None:
    outside = tmp_path / "media"
    outside.mkdir()
    (outside / "rel.txt").write_text("Relativ tekst om regn.\n", encoding="utf-8")
    (outside / "abs.txt").write_text("Absolutt tekst om sol.\n", encoding="utf-8")
    (outside / "secret.key").write_text("not a text source\n", encoding="utf-8")
    sources = (
        source(selection(1, 0, 3), path="bare.txt", name="bare", g=guid(501))
        + source(selection(2, 0, 7), path="relative:///rel.txt", name="rel", g=guid(502))
        + source(
            selection(3, 0, 8), path=f"absolute://{outside / 'abs.txt'}", name="abs", g=guid(503)
        )
        + source(
            selection(4, 0, 3), path=f"absolute://{outside / 'secret.key'}", name="key", g=guid(504)
        )
    )
    archive = qdpx(
        tmp_path / "paths.qdpx",
        project_xml(sources, attrs=f'basePath="{outside}"'),
        {"sources/bare.txt": "Bar tekst.\n"},
    )
    target, report = init_from(tmp_path, archive)
    assert sorted(r[0] for r in rows(target, "SELECT name FROM documents")) == [
        "abs",
        "bare",
        "rel",
    ]
    assert sorted(t for _, t, _ in coded(target)) == ["Absolutt", "Bar", "Relativ"]
    assert any("'key'" in w and "not in the file" in w for w in report["warnings"])
    assert any("read from disk" in w for w in report["warnings"])


def test_a_loose_qde_reads_its_sources_folder(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / f"{DOC}.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("dagen")
    loose = tmp_path / "project.qde"
    loose.write_text(project_xml(source(selection(1, start, start + 5))), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target, _ = init_from(out, loose)
    assert coded(target) == [("Weather", "dagen", "Ann")]


# -- mending what is odd -----------------------------------------------------------------------


@pytest.mark.parametrize("ns", ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:0:4", ""])
def test_namespace_variants(tmp_path: Path, ns: str) -> None:
    archive = qdpx(
        tmp_path / "ns.qdpx",
        project_xml(source(selection(1, 4, 10)), ns=ns),
        {f"sources/{DOC}.txt": TEXT},
    )
    target, _ = init_from(tmp_path, archive)
    assert coded(target) == [("Weather", "regnet", "Ann")]


def test_bad_guids_and_colours_are_mended_and_references_still_meet(tmp_path: Path) -> None:
    codes = (
        '<Code guid="not-a-guid" name="Weather" isCodable="true" color="blueish">'
        '<Code guid="{44444444-4444-4444-8444-444444444444}" name="Rain" isCodable="true" '
        'color="#abc"/></Code>'
    )
    sels = (
        '<PlainTextSelection guid="x1" startPosition="4" endPosition="10" creatingUser="nobody">'
        '<Coding guid="c1"><CodeRef targetGUID="not-a-guid"/></Coding></PlainTextSelection>'
        + selection(2, 11, 15, code=CHILD.lower())
    )
    archive = qdpx(
        tmp_path / "bad.qdpx", project_xml(source(sels), codes), {f"sources/{DOC}.txt": TEXT}
    )
    target, report = init_from(tmp_path, archive)
    assert coded(target) == [("Weather", "regnet", "unknown"), ("Rain", "hele", "Ann")]
    colours = dict(rows(target, "SELECT name, colour FROM codes"))
    assert colours == {"Weather": "#808080", "Rain": "#aabbcc"}
    assert any("invalid GUID 'not-a-guid'" in w for w in report["warnings"])
    assert any("'blueish' is not a colour" in w for w in report["warnings"])
    assert any("unknown" in w for w in report["warnings"])
    levels = dict(rows(target, "SELECT name, level FROM codes"))
    assert levels == {"Weather": 1, "Rain": 2}


def test_out_of_range_empty_and_reversed_selections(tmp_path: Path) -> None:
    n = len(TEXT)
    sels = (
        selection(1, n - 6, n + 50)  # runs past the end: clipped
        + selection(2, 5, 5, CHILD)  # empty: left out
        + selection(3, 10, 4, CHILD)  # reversed: read the right way round
        + selection(4, n + 10, n + 20)  # wholly outside: left out
    )
    archive = qdpx(tmp_path / "range.qdpx", project_xml(source(sels)), {f"sources/{DOC}.txt": TEXT})
    target, report = init_from(tmp_path, archive)
    assert coded(target) == [("Rain", "regnet", "Ann"), ("Weather", "våte.", "Ann")]
    warnings = " | ".join(report["warnings"])
    assert "clipped" in warnings and "empty or outside" in warnings and "ends before" in warnings


def test_member_code_guid_sets_cases_notes_and_a_note_without_coding(tmp_path: Path) -> None:
    note = lambda n, text: (  # noqa: E731
        f'<Note guid="{guid(n)}" name="n{n}" creatingUser="{BO}" '
        f'creationDateTime="2024-02-01T09:00:00Z"><PlainTextContent>{text}</PlainTextContent></Note>'
    )
    codes = (
        f'<Code guid="{THEME}" name="Weather" isCodable="true" color="#1F77B4">'
        f"<Description>All about weather\nInclude: rain and sun\nExclude: climate</Description>"
        f'<NoteRef targetGUID="{guid(902)}"/></Code>'
    )
    sels = (
        selection(1, 4, 10, inner="").replace(
            "</Coding>", f'<NoteRef targetGUID="{guid(903)}"/></Coding>'
        )
        + f'<PlainTextSelection guid="{guid(2)}" startPosition="11" endPosition="15">'
        "<Description>Why all day?</Description></PlainTextSelection>"
    )
    extra = (
        "<Variables>"
        f'<Variable guid="{guid(801)}" name="office" typeOfVariable="Text"/>'
        f'<Variable guid="{guid(802)}" name="age" typeOfVariable="Integer"/></Variables>'
        f'<Cases><Case guid="{guid(811)}" name="interview">'
        f'<VariableValue><VariableRef targetGUID="{guid(801)}"/>'
        "<TextValue>Bergen</TextValue></VariableValue>"
        f'<VariableValue><VariableRef targetGUID="{guid(802)}"/>'
        "<IntegerValue>42</IntegerValue></VariableValue>"
        f'<SourceRef targetGUID="{DOC}"/></Case></Cases>'
        f"<Notes>{note(901, 'Project note')}{note(902, 'Code note')}{note(903, 'Coding note')}"
        f"{note(904, 'Document note')}</Notes>"
        f'<Sets><Set guid="{guid(821)}" name="Wave 1"><MemberSource guid="{DOC}"/></Set>'
        f'<Set guid="{guid(822)}" name="Core codes"><MemberCode guid="{THEME}"/></Set></Sets>'
    )
    inner = f'<NoteRef targetGUID="{guid(904)}"/>'
    archive = qdpx(
        tmp_path / "rich.qdpx",
        project_xml(source(sels, inner=inner), codes, extra),
        {f"sources/{DOC}.txt": TEXT},
    )
    target, report = init_from(tmp_path, archive)
    attrs = dict(rows(target, "SELECT key, value FROM attributes"))
    assert attrs == {"office": "Bergen", "age": "42", "set: Wave 1": "yes"}
    memos = {(t, text, a) for t, text, a in rows(target, "SELECT target, text, author FROM memos")}
    assert ("project", "Project note", "Bo") in memos
    assert ("code", "Code note", "Bo") in memos
    assert ("document", "Document note", "Bo") in memos
    assert any(
        t == "document" and "Why all day?" in text and "11-15" in text for t, text, _ in memos
    )
    assert rows(target, "SELECT memo FROM codings") == [("Coding note",)]
    assert rows(target, "SELECT description, include_note, exclude_note FROM codes") == [
        ("All about weather", "rain and sun", "climate")
    ]
    assert any("note but no coding" in w for w in report["warnings"])
    assert any("Core codes" in w for w in report["warnings"])
    assert not any("GUID" in w for w in report["warnings"])  # its GUIDs are all good
    assert report["memos"] == 4


def test_the_qcode_structure_codes_become_sections_and_turns(tmp_path: Path) -> None:
    text = "Intervjuer: Hvordan var været?\n\nÅse: Det regnet.\n"
    a, b = text.index("Åse"), len(text) - 1
    structure = (
        f'<Code guid="{guid(700)}" name="qcode structure" isCodable="true">'
        f'<Code guid="{guid(701)}" name="sections" isCodable="true">'
        f'<Code guid="{guid(703)}" name="Del 1" isCodable="true">'
        "<Description>qcode section, level 2</Description></Code></Code>"
        f'<Code guid="{guid(702)}" name="speakers" isCodable="true">'
        f'<Code guid="{guid(704)}" name="Intervjuer" isCodable="true"/>'
        f'<Code guid="{guid(705)}" name="Åse" isCodable="true"/></Code></Code>'
        f'<Code guid="{THEME}" name="Weather" isCodable="true"/>'
    )
    sels = (
        selection(1, 0, b, guid(703)).replace(
            "<PlainTextSelection ", '<PlainTextSelection name="section" '
        )
        + selection(2, 0, 30, guid(704)).replace(
            "<PlainTextSelection ", '<PlainTextSelection name="turn body=12" '
        )
        + selection(3, a, b, guid(705)).replace(
            "<PlainTextSelection ", f'<PlainTextSelection name="turn body={a + 5}" '
        )
        + selection(4, text.index("regnet"), text.index("regnet") + 6)
    )
    archive = qdpx(
        tmp_path / "s.qdpx", project_xml(source(sels), structure), {f"sources/{DOC}.txt": text}
    )
    target, report = init_from(tmp_path, archive)
    assert [r[0] for r in rows(target, "SELECT name FROM codes")] == ["Weather"]
    sections, turns = rows(target, "SELECT sections, turns FROM documents")[0]
    assert json.loads(sections) == [{"title": "Del 1", "level": 2, "start": 0, "end": b}]
    assert json.loads(turns) == [
        {"speaker": "Intervjuer", "start": 0, "end": 30, "body_start": 12},
        {"speaker": "Åse", "start": a, "end": b, "body_start": a + 5},
    ]
    assert report["codings"] == 1


# -- through the merge rules ------------------------------------------------------------------


def test_import_project_twice_adds_nothing_and_dry_run_changes_nothing(
    tmp_path: Path, run: Run, project_path: Path
) -> None:
    start = TEXT.index("regnet")
    archive = qdpx(
        tmp_path / "a.qdpx",
        project_xml(source(selection(1, start, start + 6) + selection(2, 0, 3, CHILD, BO))),
        {f"sources/{DOC}.txt": TEXT},
    )
    dry = json.loads(run("import-project", str(archive), "--dry-run", "--json").stdout)
    assert dry["dry_run"] and dry["codings"] == 2
    assert rows(project_path, "SELECT count(*) FROM codings") == [(0,)]
    first = json.loads(run("import-project", str(archive), "--json").stdout)
    assert set(first) >= {"documents", "codes", "codings", "coders", "memos", "warnings"}
    assert (first["documents"], first["codes"], first["codings"]) == (1, 2, 2)
    assert first["coders"] == ["Ann", "Bo"]
    again = json.loads(run("import-project", str(archive), "--json").stdout)
    assert (again["documents"], again["codes"], again["codings"]) == (0, 0, 0)
    assert again["codings_already_there"] == 2
    history = run("log").output
    assert "import-project" in history
    run("undo")  # the second import added nothing: one step to take back
    assert rows(project_path, "SELECT count(*) FROM documents") == [(0,)]


def test_a_code_matching_ours_by_name_takes_their_codings(
    tmp_path: Path, run: Run, project_path: Path
) -> None:
    run("codes", "add", "Weather", "--key", "weather")
    archive = qdpx(
        tmp_path / "a.qdpx", project_xml(source(selection(1, 4, 10))), {f"sources/{DOC}.txt": TEXT}
    )
    report = json.loads(run("import-project", str(archive), "--json").stdout)
    assert report["codes_matched"] == 1 and report["codes"] == 1
    assert rows(project_path, "SELECT c.key FROM codings g JOIN codes c ON c.id = g.code_id") == [
        ("weather",)
    ]


def test_text_report_names_counts_and_warnings(tmp_path: Path, run: Run) -> None:
    archive = qdpx(
        tmp_path / "a.qdpx",
        project_xml(source(selection(1, 4, 10) + selection(2, 0, 200))),
        {f"sources/{DOC}.txt": TEXT},
    )
    result = run("import-project", str(archive))
    assert "codings    added 2" in result.output
    assert "warning: source 'interview': 1 selection(s) ran past the text" in result.output


# -- refusals: one line naming the file, nothing changed ------------------------------------------


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_xml(source("")))
        z.writestr(f"sources/{DOC}.txt", b"\0" * (300 * 1024 * 1024))
    return path


HOSTILE = {
    "not a zip": lambda p: (p.write_bytes(b"this is not a zip at all"), p)[1],
    "truncated": lambda p: (
        p.write_bytes(
            qdpx(p, project_xml(source("")), {f"sources/{DOC}.txt": TEXT}).read_bytes()[:80]
        ),
        p,
    )[1],
    "no qde": lambda p: qdpx(p, "", {f"sources/{DOC}.txt": TEXT}, qde="readme.md"),
    "two qde": lambda p: qdpx(
        p, project_xml(source("")), {"sub/b.qde": "<Project/>", "c/d.qde": "x"}, qde="x/a.qde"
    ),
    "not xml": lambda p: qdpx(p, "<Project><unclosed>", {f"sources/{DOC}.txt": TEXT}),
    "entities": lambda p: qdpx(
        p,
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaa">]><Project>&a;</Project>',
        {},
    ),
    "entities utf16": lambda p: qdpx(
        p,
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE P [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project>&x;</Project>'.encode(
            "utf-16"
        ),  # type: ignore[dict-item]
        {},
    ),
    "wrong root": lambda p: qdpx(p, "<CodeBook/>", {}),
    "zip bomb": _bomb,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_broken_files_are_refused_in_one_line(
    tmp_path: Path, run: Run, project_path: Path, case: str
) -> None:
    archive = HOSTILE[case](tmp_path / "bad.qdpx")
    dump = list(sqlite3.connect(project_path).iterdump())
    result = run("import-project", str(archive), ok=False)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(archive) in lines[0], result.output
    assert "Traceback" not in result.output
    assert list(sqlite3.connect(project_path).iterdump()) == dump
    target = tmp_path / "never.qcode"
    made = cli_run("init", str(target), "--from", str(archive))
    assert made.exit_code != 0 and len(made.output.strip().splitlines()) == 1, made.output
    assert not target.exists()


# -- the real ATLAS.ti files -------------------------------------------------------------------


def _real(name: str) -> Path:
    path = REFI_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent (test data beside the checkout)")
    return path


def test_atlas_ti_qdpx_without_its_texts_brings_its_codebook_and_says_so(
    tmp_path: Path,
) -> None:
    """The sample lists 8 text sources and ships none: its codebook is still worth having."""
    archive = _real("atlasti-TestProject.qdpx")
    target = tmp_path / "atlas.qcode"
    result = cli_run("init", str(target), "--from", str(archive), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 0 and report["codes"] >= 10 and report["codings"] == 0
    assert any("8 text source(s) listed" in w for w in report["warnings"])
    with Project.open(target) as project:
        assert project.query("SELECT count(*) AS n FROM codes")[0]["n"] == report["codes"]


def test_a_qdpx_with_neither_texts_nor_codes_is_refused_naming_the_file(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "project.qde",
            '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
            '<TextSource guid="01106019-2518-43dd-bbd1-8f0252bacb30" name="a" '
            'plainTextPath="internal://missing.txt"/></Sources></Project>',
        )
    target = tmp_path / "empty.qcode"
    result = cli_run("init", str(target), "--from", str(archive))
    assert result.exit_code != 0
    assert str(archive) in result.output and "1 text source(s) listed" in result.output
    assert not target.exists()


def test_atlas_ti_project_with_its_texts_supplied(tmp_path: Path) -> None:
    """The real .qde (codes named 'Coke::diet Coke', pictures, PDFs with representations,
    video transcripts) with texts written for each TextSource it names, long enough for
    its selections."""
    qde = _real("atlasti-Project.qde")
    from lxml import etree

    root = etree.fromstring(qde.read_bytes())
    files: dict[str, bytes | str] = {}
    for element in root.iter("{*}TextSource", "{*}Representation"):
        ref = element.get("plainTextPath")
        if not ref:
            continue
        ends = [int(s.get("endPosition")) for s in element.iter("{*}PlainTextSelection")]
        words = " ".join(f"word{i}" for i in range(max(ends + [10]) // 5 + 5))
        files["Sources/" + ref.removeprefix("internal://")] = words + "\n"
    archive = qdpx(
        tmp_path / "atlas.qdpx", qde.read_text(encoding="utf-8"), files, qde="Project.qde"
    )
    reading = read_refi(archive)
    bundle = reading.bundle
    assert len(bundle.codes) == 14
    assert {c.name for c in bundle.codes} >= {"Coke::diet Coke", '"rushed"', "cornflakes"}
    assert {c.coder for c in bundle.codings} == {"Friedrich Markgraf"}
    assert any("picture source" in w for w in bundle.warnings)
    assert any("note but no coding" in w for w in bundle.warnings)
    target, report = init_from(tmp_path, archive)
    assert report["documents"] >= 5 and report["codings"] == len(bundle.codings) > 0
    assert rows(target, "SELECT count(*) FROM codes") == [(14,)]


def test_the_benchmark_runs_in_quick_mode() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "bench_refi_import.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio" in done.stdout and "200 codings" in done.stdout


def test_a_windows_1252_source_is_decoded_and_said(tmp_path: Path) -> None:
    raw = "Søren og Åse møttes i går.\r\n"
    start = raw.index("Åse")
    archive = qdpx(
        tmp_path / "cp.qdpx",
        project_xml(source(selection(1, start, start + 3))),
        {f"sources/{DOC}.txt": raw.encode("cp1252")},
    )
    target, report = init_from(tmp_path, archive)
    assert text_of(target) == raw.strip()
    assert coded(target) == [("Weather", "Åse", "Ann")]
    assert any("Windows-1252" in w for w in report["warnings"])


GOOD_XML = project_xml(
    source(selection(1, 4, 10) + selection(2, 11, 15, CHILD, BO)),
    extra=f'<Notes><Note guid="{guid(9)}"><PlainTextContent>n</PlainTextContent></Note></Notes>',
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, len(GOOD_XML)),
    length=st.integers(0, 40),
    insert=st.sampled_from(["", "<", ">", '"', "&", "<Code/>", "\x00", "é", "]]>", "guid="]),
    damage_zip=st.integers(-1, 2000),
)
def test_damaged_files_import_or_give_one_line(
    tmp_path: Path, cut: int, length: int, insert: str, damage_zip: int
) -> None:
    """Any damage to the XML or the zip: a bundle, or one InputError naming the file."""
    xml = GOOD_XML[:cut] + insert + GOOD_XML[cut + length :]
    archive = qdpx(tmp_path / "fuzz.qdpx", xml, {f"sources/{DOC}.txt": TEXT})
    if 0 <= damage_zip < archive.stat().st_size:
        data = bytearray(archive.read_bytes())
        data[damage_zip] ^= 0x5A
        archive.write_bytes(bytes(data))
    try:
        reading = read_refi(archive)
    except InputError as exc:
        assert str(exc).startswith(str(archive)) and "\n" not in str(exc)
        return
    for coding in reading.bundle.codings:
        doc = next(d for d in reading.bundle.documents if d.guid == coding.document_guid)
        assert 0 <= coding.start < coding.end <= len(doc.text)


def test_another_tools_transcript_gets_its_turns_found_a_qcode_file_keeps_its_own(
    tmp_path: Path,
) -> None:
    """A source from NVivo carries no qcode structure: its speaker turns are found as
    `qcode import` finds them, and the document is an interview. A file qcode wrote says
    what its structure is (here: none), and nothing is guessed."""
    text = (
        "Intervjuer: Hvordan var møtet?\n\nÅse: Det var langt.\n\n"
        "Intervjuer: Og så?\n\nÅse: Så gikk vi hjem.\n"
    )
    xml = project_xml(source(selection(1, text.index("langt"), text.index("langt") + 5)))
    archive = qdpx(tmp_path / "nvivo.qdpx", xml, {f"sources/{DOC}.txt": text})
    target, _ = init_from(tmp_path, archive)
    turns = json.loads(rows(target, "SELECT turns FROM documents")[0][0])
    assert [t["speaker"] for t in turns] == ["Intervjuer", "Åse", "Intervjuer", "Åse"]
    assert rows(target, "SELECT kind FROM documents") == [("interview",)]
    ours = tmp_path / "ours"
    ours.mkdir()
    xml = xml.replace('name="t"', 'name="t" origin="qcode 0.9"')
    archive = qdpx(ours / "qcode.qdpx", xml, {f"sources/{DOC}.txt": text})
    target, _ = init_from(ours, archive)
    assert rows(target, "SELECT turns, kind FROM documents") == [("[]", "other")]
