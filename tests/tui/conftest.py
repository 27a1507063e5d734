"""Fixtures for the workbench tests: a short interview for the reader, the example study
as a project, and the coded study the snapshots show."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qcode.core.model import Section, Turn
from tests.builders import build_example, code_snapshot_study, copy_project

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


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "template.qcode")


@pytest.fixture
def example(tmp_path: Path, example_template: Path) -> Path:
    """A fresh copy of the example project for one test."""
    return copy_project(example_template, tmp_path / "study.qcode")


@pytest.fixture(scope="session")
def snapshot_template(tmp_path_factory: pytest.TempPathFactory, example_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("snapshot")
    return code_snapshot_study(copy_project(example_template, folder / "template.qcode"))


@pytest.fixture
def snapshot_study(tmp_path: Path, snapshot_template: Path) -> Path:
    """The example study coded for snapshots (tests/builders.py), a fresh copy per test."""
    return copy_project(snapshot_template, tmp_path / "study.qcode")
