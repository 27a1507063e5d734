"""Fixtures for the reader widget's tests (others may add their own below)."""

from __future__ import annotations

import re

import pytest

from qcode.core.model import Section, Turn
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


@pytest.fixture
def example(tmp_path: Path, example_template: Path) -> Path:
    """A fresh copy of the example project for one test."""
    target = tmp_path / "study.qcode"
    with Project.open(example_template) as source:  # a consistent copy, WAL included
        source.conn.execute("VACUUM INTO ?", [str(target)])
    return target
