"""Observation sheets that hold several meetings, each with the same theme headings.

The failure this guards against: in a file with `Møte 1`, `Møte 2` ... and the themes
`Forberedelse:`, `Samtalestyring:`, `Makt og avmakt:` under each, the one-word headings
were taken as speaker labels (the sheet got "turns" by speaker "Forberedelse"), only the
multi-word heading became a section, and that section ran over the next meeting's other
themes. Fresh sheets in Norwegian, Danish, Swedish and English (.txt, .md, .docx) are built
here with the sections they should get; the test measures section precision and recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx as python_docx
import pytest

from qcode.core.importers import ImportedSource, find_turns, read_source
from qcode.core.importers.sections import is_meeting_heading

# Both floors must hold on every sheet below; over all of them together the README quotes
# precision and recall 1.0, checked by `test_all_sheets_together`.
MIN_SECTION_PRECISION = 0.95
MIN_SECTION_RECALL = 0.95
README_FIGURE = 1.0


@dataclass(frozen=True)
class Block:
    """One paragraph of a sheet; `title`/`level` when it opens a section."""

    text: str
    title: str | None = None
    level: int = 0


def meeting(line: str, title: str | None = None) -> Block:
    return Block(line, title or line.lstrip("#").strip().strip("*").strip(), 1)


def theme(line: str, title: str) -> Block:
    return Block(line, title, 2)


def note(text: str) -> Block:
    return Block(text)


def layout(blocks: list[Block], sep: str) -> tuple[str, set[tuple[str, int, int, int]]]:
    """The text of the blocks joined by `sep`, and the (title, level, start, end) of every
    section: from its heading to the end of the last block before the next heading of the
    same or a higher level."""
    starts, pos = [], 0
    for block in blocks:
        starts.append(pos)
        pos += len(block.text) + len(sep)
    text = sep.join(b.text for b in blocks)
    expected = set()
    for i, block in enumerate(blocks):
        if block.title is None:
            continue
        last = i
        for j in range(i + 1, len(blocks)):
            if blocks[j].title is not None and blocks[j].level <= block.level:
                break
            last = j
        end = starts[last] + len(blocks[last].text)
        expected.add((block.title, block.level, starts[i], end))
    return text, expected


NB = [
    note("Observasjonsskjema – kollegaveiledning, gruppe B (NAV Haugstad)"),
    meeting("Møte 1 (12.09.12)"),
    theme("Forberedelse:", "Forberedelse"),
    note("B1 hadde lest saken kvelden før og visste hva hun ville si til brukeren."),
    theme("Samtalestyring:", "Samtalestyring"),
    note("Hun satte en tydelig ramme. B3: «Du sa fra med en gang hva du kunne gjøre.»"),
    theme("Makt og avmakt:", "Makt og avmakt"),
    note("Bruker opplevde seg overkjørt av vedtaket og sa at han ikke ble hørt."),
    meeting("Møte 2 (17.10.12)"),
    theme("Forberedelse:", "Forberedelse"),
    note("Ingen tid til å forberede seg; bruker kom uanmeldt rett før lunsj."),
    theme(
        "Samtalestyring: Han avbrøt hele tiden, og B2 mistet tråden midt i forklaringen.",
        "Samtalestyring",
    ),
    theme("Makt og avmakt:", "Makt og avmakt"),
    note("B2 følte seg maktesløs: vedtaket var fattet av andre, men hun sto der alene."),
    meeting("Møte 3 (21.11.12)"),
    theme("Forberedelse:", "Forberedelse"),
    note("Gruppa hadde laget en huskeliste som B4 brukte før samtalen."),
    theme("Samtalestyring:", "Samtalestyring"),
    note("Samtalen ble flyttet inn på et samtalerom, og det roet ned situasjonen."),
    theme("Makt og avmakt:", "Makt og avmakt"),
    note("Refleksjon om hvem som egentlig hadde kontroll i møtet med bruker."),
]

DA = [
    Block(
        "# Observationsskema – kollegial vejledning", "Observationsskema – kollegial vejledning", 2
    ),
    meeting("## Møde 1", "Møde 1"),
    theme("Forberedelse:", "Forberedelse"),
    note("D1 havde ikke nået at læse sagen, og borgeren havde ventet i en halv time."),
    theme("Samtalestyring:", "Samtalestyring"),
    note("Hun lod borgeren tale ud og samlede op til sidst med tre konkrete aftaler."),
    theme("Magt og afmagt:", "Magt og afmagt"),
    note("Borgeren sagde at kommunen bestemmer alt, og D1 kunne ikke ændre afgørelsen."),
    meeting("## Møde 2 – 4. april", "Møde 2 – 4. april"),
    theme("Forberedelse:", "Forberedelse"),
    note("Denne gang havde D2 ringet borgeren dagen før og aftalt hvad de skulle tale om."),
    theme("Samtalestyring:", "Samtalestyring"),
    note("Samtalen gled ud i andre emner, og D2 fik ikke sagt det vigtigste."),
    theme("Magt og afmagt:", "Magt og afmagt"),
    note("Gruppen talte om hvordan en afgørelse kan føles som et overgreb for borgeren."),
]

SV = [
    meeting("Möte 1 (5 mars)"),
    theme(
        "Förberedelse: S1 hade gått igenom ärendet tillsammans med en kollega innan.",
        "Förberedelse",
    ),
    theme(
        "Samtalsstyrning: Hon bestämde dagordningen och höll tiden utan att stressa.",
        "Samtalsstyrning",
    ),
    theme(
        "Makt: Brukaren sade att myndigheten alltid har sista ordet i hans ärende.",
        "Makt",
    ),
    meeting("Möte 2 (2 april)"),
    theme(
        "Förberedelse: Ingen tid alls, brukaren stod redan i receptionen och väntade.",
        "Förberedelse",
    ),
    theme(
        "Samtalsstyrning: S2 tappade tråden när brukaren började prata om sin ekonomi.",
        "Samtalsstyrning",
    ),
    theme(
        "Makt: S2 kände sig maktlös eftersom beslutet redan var fattat av andra.",
        "Makt",
    ),
]

EN = [
    note("Observation sheet – peer guidance group, office West"),
    meeting("Meeting 1 (3 March)"),
    theme("Preparation:", "Preparation"),
    note("W1 had read the case notes the evening before and knew what to offer."),
    theme("Control:", "Control"),
    note("She set the frame early and came back to it when the client drifted off."),
    theme("Power:", "Power"),
    note("The client said the office decides everything about his life anyway."),
    meeting("Meeting 2 (31 March)"),
    theme("Preparation:", "Preparation"),
    note("No time at all; the client walked in ten minutes before closing."),
    theme("Control: W2 lost the thread when the client began to talk about debts.", "Control"),
    theme("Power:", "Power"),
    note("W2 felt powerless because the decision had been made by someone else."),
]


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    document = python_docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    document.save(str(path))


CASES = [
    ("nb.txt", NB, "\n\n"),
    ("nb.docx", NB, "\n"),
    ("da.md", DA, "\n\n"),
    ("sv.txt", SV, "\n\n"),
    ("en.txt", EN, "\n\n"),
    ("en.docx", EN, "\n"),
]


def _import(
    tmp_path: Path, name: str, blocks: list[Block], sep: str
) -> tuple[ImportedSource, set[tuple[str, int, int, int]]]:
    text, expected = layout(blocks, sep)
    path = tmp_path / name
    if name.endswith(".docx"):
        _write_docx(path, [b.text for b in blocks])
    else:
        path.write_text(text, encoding="utf-8")
    result = read_source(path)
    assert result.text == text
    return result, expected


@pytest.mark.parametrize(("name", "blocks", "sep"), CASES, ids=[c[0] for c in CASES])
def test_sheet_sections_precision_recall_and_no_turns(
    tmp_path: Path, name: str, blocks: list[Block], sep: str
) -> None:
    result, expected = _import(tmp_path, name, blocks, sep)
    found = {(s.title, s.level, s.start, s.end) for s in result.sections}
    hits = len(found & expected)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(expected)
    assert precision >= MIN_SECTION_PRECISION, sorted(found - expected)
    assert recall >= MIN_SECTION_RECALL, sorted(expected - found)
    assert result.turns == [], "a sheet's theme headings are not speakers"


def test_a_theme_never_runs_over_the_next_meeting(tmp_path: Path) -> None:
    result, _ = _import(tmp_path, "nb.txt", NB, "\n\n")
    text = result.text
    power = [s for s in result.sections if s.title == "Makt og avmakt"]
    assert len(power) == 3
    for section in power:
        body = text[section.start : section.end]
        assert "Forberedelse" not in body and "Møte" not in body
    meetings = [s for s in result.sections if s.level == 1]
    assert [s.title for s in meetings] == [
        "Møte 1 (12.09.12)",
        "Møte 2 (17.10.12)",
        "Møte 3 (21.11.12)",
    ]
    assert meetings[0].end < meetings[1].start and meetings[2].end == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "Møte 2 (17.10.12)",
        "Meeting 3",
        "Møde 1",
        "Möte 2",
        "## Møte 2 av 3",
        "2. møte",
        "Session 4:",
    ],
)
def test_meeting_headings(line: str) -> None:
    assert is_meeting_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Møte: 1 av 3",  # a form field of a one-meeting sheet
        "Meeting 3 was cancelled because of the snow.",
        "Møtet varte i to timer",
        "Mødet 2 gik fint, og alle var der og snakkede længe om sagen.",
    ],
)
def test_not_meeting_headings(line: str) -> None:
    assert not is_meeting_heading(line)


def test_transcript_with_session_headings_keeps_its_turns() -> None:
    text = (
        "Session 1\n\nKari: Hei, hvordan går det?\nOla: Bra, takk.\nKari: Fint.\n"
        "Ola: Og du?\n\nSession 2\n\nKari: Da fortsetter vi.\nOla: Ja.\nKari: Hva skjedde?\n"
    )
    from qcode.core.importers.structure import detect_structure

    sections, turns = detect_structure(text)
    assert [t.speaker for t in turns] == [t.speaker for t in find_turns(text)]
    assert len(turns) == 7
    assert [(s.title, s.level) for s in sections] == [("Session 1", 1), ("Session 2", 1)]


def test_role_labels_alone_on_a_line_stay_speakers_in_a_sheet() -> None:
    from qcode.core.importers.structure import detect_structure

    text = "Møte 1\n\nI:\nHva skjedde?\nR:\nHan ble sint.\nI:\nOg så?\nR:\nHan gikk.\n"
    _, turns = detect_structure(text)
    assert [t.speaker for t in turns] == ["I", "R", "I", "R"]


def test_all_sheets_together(tmp_path: Path) -> None:
    found_total = expected_total = hits = 0
    for name, blocks, sep in CASES:
        result, expected = _import(tmp_path, name, blocks, sep)
        found = {(s.title, s.level, s.start, s.end) for s in result.sections}
        found_total += len(found)
        expected_total += len(expected)
        hits += len(found & expected)
    assert expected_total == 57  # sections in the six files
    assert hits / found_total == README_FIGURE
    assert hits / expected_total == README_FIGURE


@pytest.mark.parametrize(("blocks", "lang"), [(NB, "nb"), (EN, "en")])
def test_meetings_styled_as_headings_keep_their_themes_as_sections(
    tmp_path: Path, blocks: list[Block], lang: str
) -> None:
    """A Word sheet whose meetings carry Heading 1 and whose themes are typed labels: the
    themes were read as speakers (`Forberedelse` talking), and a theme ran over the next."""
    text, expected = layout(blocks, "\n")
    document = python_docx.Document()
    for block in blocks:
        if is_meeting_heading(block.text):
            document.add_heading(block.text, 1)
        else:
            document.add_paragraph(block.text)
    path = tmp_path / f"{lang}-styled.docx"
    document.save(str(path))
    result = read_source(path)
    assert result.text == text
    assert result.turns == []
    found = {(s.title, s.level, s.start, s.end) for s in result.sections}
    assert found == expected
