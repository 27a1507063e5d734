"""Fixtures for the reader widget's tests (others may add their own below)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from qcode.core.model import Section, Turn

if TYPE_CHECKING:
    from qcode.tui.widgets.reader import Highlight

READER_TEXT = (
    "Veiledningsgruppe på NAV Nordby\n"
    "Intervjuer: Hvordan forbereder du deg før en vanskelig samtale? Fortell gjerne.\n"
    "Informant: Jeg leser saken i Modia først. Så ser jeg på Arena, og så prøver jeg å "
    "finne ut hva brukeren ønsker. Det tar tid, og tiden strekker ikke alltid til når "
    "køen i skranken er lang.\n"
    "\n"
    "Makt og avmakt\n"
    "Intervjuer: Føler du deg maktesløs noen ganger?\n"
    "Informant: Ja. Når vedtaket er fattet, kan jeg ikke endre det, og brukeren blir sint "
    "på meg. Da står jeg der med svarteper.\n"
)


@pytest.fixture
def reader_doc() -> tuple[str, list[Highlight], list[Section], list[Turn]]:
    """A short interview with two sections, four turns and overlapping codings."""
    from qcode.tui.widgets.reader import Highlight  # only the reader tests need the widget

    text = READER_TEXT
    turns = []
    for m in re.finditer(r"^(Intervjuer|Informant): ", text, re.M):
        turns.append(Turn(m.group(1), m.start(), text.index("\n", m.start()), m.end()))
    second = text.index("Makt og avmakt")
    sections = [
        Section("Veiledningsgruppe på NAV Nordby", 0, second - 1),
        Section("Makt og avmakt", second, len(text)),
    ]

    def span(first: str, last: str) -> tuple[int, int]:
        start = text.index(first)
        return start, text.index(last, start) + len(last)

    highlights = [
        Highlight(1, *span("Jeg leser", "først."), "forberedelse", "#e6194b"),
        Highlight(2, *span("Så ser jeg", "ønsker."), "forberedelse", "#e6194b"),
        Highlight(3, *span("Det tar tid", "lang."), "tidspress", "#3cb44b"),
        Highlight(4, *span("Ja.", "sint"), "makt", "#4363d8"),
        Highlight(5, *span("Når vedtaket", "fattet"), "samtalestyring", "#f58231"),
    ]
    return text, highlights, sections, turns


# -- the app's fixtures: the example study as a project --------------------------------

from pathlib import Path  # noqa: E402

from qcode.core.codebook.codes import load_codebook as load_into  # noqa: E402
from qcode.core.codebook.format import load_codebook  # noqa: E402
from qcode.core.project.store import Project  # noqa: E402
from qcode.core.sources import documents  # noqa: E402

from ..conftest import CODEBOOKS, EXAMPLE  # noqa: E402


def build_example(path: Path) -> Path:
    """The example study imported as `make demo` does, without codings."""
    with Project.create(path, coder="tester") as project:
        load_into(project, load_codebook(CODEBOOKS / "nav-guidance-groups.yaml"), "nav")
        attrs = EXAMPLE / "attributes.csv"
        for kind, pattern in (
            ("observation", "observasjon-*"),
            ("interview", "intervju-*"),
            ("log", "logg-*"),
        ):
            files = sorted(EXAMPLE.glob(pattern))
            documents.import_files(project, files, kind=kind, attributes_csv=attrs)
    return path


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "template.qcode")


def copy_project(source: Path, target: Path) -> Path:
    """A consistent copy of a project file, its write-ahead log included."""
    with Project.open(source) as project:
        project.conn.execute("VACUUM INTO ?", [str(target)])
    return target


@pytest.fixture
def example(tmp_path: Path, example_template: Path) -> Path:
    """A fresh copy of the example project for one test."""
    return copy_project(example_template, tmp_path / "study.qcode")


# -- the snapshot study: the example study, coded, with fixed times ----------------------

FIXED_TIME = "2024-03-01T09:30:00Z"
SNAPSHOT_CODER = "analyst"
SNAPSHOT_SOURCE = "observasjon-nordby-a-1.txt"


def code_snapshot_study(path: Path) -> Path:
    """Three overlapping codings and a memo on the first observation, keyword suggestions
    for `power`, and every creation time set to FIXED_TIME, so nothing on screen depends
    on when or where the test runs."""
    from qcode.core.coding import codings
    from qcode.core.coding.suggest import suggest

    with Project.open(path, coder=SNAPSHOT_CODER) as project:
        doc = documents.get_document(project, SNAPSHOT_SOURCE)
        text = doc.text
        a = text.index("A2 hadde ingen mulighet")
        first = codings.add_coding(project, doc, a, a + 140, "preparation")
        b = text.index("Bruker la brevet")
        codings.add_coding(project, doc, b, b + 200, "conversation-control")
        codings.add_coding(project, doc, b + 60, b + 120, "power")
        codings.set_coding_memo(project, first.id, "Typisk: ingen tid til forberedelse.")
        suggest(project, code="power")
        for table in ("codes", "codings", "memos", "suggestions"):
            project.conn.execute(f"UPDATE {table} SET created_at = ?", [FIXED_TIME])
        project.conn.commit()
    return path


@pytest.fixture(scope="session")
def snapshot_template(tmp_path_factory: pytest.TempPathFactory, example_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("snapshot")
    return code_snapshot_study(copy_project(example_template, folder / "template.qcode"))


@pytest.fixture
def snapshot_study(tmp_path: Path, snapshot_template: Path) -> Path:
    """The example study coded for snapshots (a fresh copy per test)."""
    return copy_project(snapshot_template, tmp_path / "study.qcode")
