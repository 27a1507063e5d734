"""The README's "Reliability and security" figures are the tests' own: each number it
quotes is computed here from the table a test runs over, so changing a test without the
README (or the README without a test) fails."""

from __future__ import annotations

import os

import pytest

from qcode.core.project import doctor
from tests import (
    test_concurrency,
    test_formula_injection,
    test_fuzz_cli,
    test_fuzz_codebook,
    test_fuzz_importers,
    test_terminal_safety,
)
from tests.importers import test_hostile_archives, test_hostile_xml
from tests.paths import ROOT


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Reliability and security")
    return readme[start : readme.index("\n## ", start + 1)]


def _figures() -> list[str]:
    xml = test_hostile_xml
    cli = test_fuzz_cli
    terminal = test_terminal_safety
    dropped = [o for o in doctor.expected_schema().values() if o.type in ("index", "trigger")]
    return [
        f"{test_concurrency.WRITERS} processes × {test_concurrency.PER_WRITER} codings",
        f"{test_concurrency.KILL_TRIALS} kill trials",
        f"{len(dropped)} indexes and triggers dropped",
        f"{len(test_hostile_archives.CONTAINER_CASES)} classes: ratio bomb",
        f"{len(xml.ENCODINGS)} encodings × {len(xml.PAYLOADS)} payloads",
        f"× {len(xml.TARGETS)} parts = "
        f"{len(xml.ENCODINGS) * len(xml.PAYLOADS) * len(xml.TARGETS)} files",
        f"{len(test_fuzz_importers.FUZZ_TARGETS)} formats × "
        f"{len(test_fuzz_importers.MUTATIONS)} kinds of damage",
        f"{test_fuzz_importers.FUZZ_EXAMPLES} generated examples each",
        f"{len(test_fuzz_codebook.CODEBOOK_FUZZ_CLASSES)} classes of input, "
        f"{test_fuzz_codebook.FUZZ_EXAMPLES} generated examples each",
        f"{len(cli.COMMANDS)} commands × {len(cli.HOSTILE_ARGUMENTS)} arguments",
        f"× {len(cli.SHAPES)} shapes = "
        f"{len(cli.COMMANDS) * len(cli.HOSTILE_ARGUMENTS) * len(cli.SHAPES)} runs",
        f"{len(terminal.PLANTED)} escapes × {len(terminal.CASES) // len(terminal.PLANTED)} "
        f"command runs = {len(terminal.CASES)}",
        f"{len(test_formula_injection.HOSTILE)} hostile excerpts",
    ]


@pytest.mark.skipif(
    "QCODE_FUZZ_EXAMPLES" in os.environ, reason="a longer fuzzing run changes the counts"
)
@pytest.mark.parametrize("figure", _figures())
def test_the_readme_quotes_what_the_tests_run(figure: str) -> None:
    assert figure in _section()
