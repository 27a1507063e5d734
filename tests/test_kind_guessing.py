"""Kind guessing without --kind: observation forms, logs and transcripts in Norwegian,
Danish, Swedish and English; the example study's files get the kinds its README gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.importers import read_source
from tests.paths import ROOT

OBSERVATION_DA = """Observationsskema, supervisionsgruppe 2
Dato: 3. maj 2021
Kontor: Jobcenter Ringby
Møde: 2 af 4
Til stede: rådgiver R1, R2, R3, observatør

Forberedelse:
R2 havde ikke set sagen før mødet.

Samtalestyring:
R1 lod borgeren tale færdig.
"""

# No title naming the form: its fields (a meeting, who was present) decide.
OBSERVATION_FIELDS_ONLY_SV = """Möte 3, handledningsgrupp B
Datum: 2022-10-04
Plats: Socialkontoret Åsby
Närvarande: H1, H2, H3, handledare

Förberedelse:
H3 hade läst ärendet kvällen innan.
Makt:
Klienten fick inte veta varför beslutet togs.
"""

# Theme headings the turn finder may read as speaker labels: the title still decides.
OBSERVATION_HEADINGS_EN = """Observation notes - peer supervision, meeting 1
Date: 14 March 2019
Office: Westfield
Present: C1, C2, facilitator, observer

Preparation: C1 had met the client twice and had the file open.
Control: C2 kept the conversation on the benefit decision and stopped the digressions.
Power: The client said the decision was made elsewhere and nobody here could change it.
"""

LOG_SV = """Loggbok - deltagare D3
Datum: 2020-02-11
Vad hände:
En klient kom utan tid och ville prata om sin ansökan.
"""

INTERVIEW_NB = """Intervju 7 - Observasjon av egen praksis
Dato: 02.02.2022

I: Hvordan forbereder du deg før en vanskelig samtale?
R: Jeg leser saken, og så prøver jeg å tenke gjennom hva brukeren kan reagere på.
I: Og når det ikke går?
R: Da tar jeg det som det kommer, egentlig. Det blir mye improvisasjon i mottaket.
"""

FIELDS_WITHOUT_GATHERING = """Referat
Dato: 01.01.2020
Sted: Bergen
Kontor: NAV Fana

Noen tanker om året som gikk, skrevet for meg selv.
"""


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("skema.txt", OBSERVATION_DA, "observation"),
        ("mote3.txt", OBSERVATION_FIELDS_ONLY_SV, "observation"),
        ("notes.md", OBSERVATION_HEADINGS_EN, "observation"),
        ("logg.txt", LOG_SV, "log"),
        ("intervju7.txt", INTERVIEW_NB, "interview"),
        ("referat.txt", FIELDS_WITHOUT_GATHERING, None),
    ],
)
def test_kind_guessed_from_the_form(tmp_path: Path, name: str, text: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_source(path).suggested_kind == kind


def test_markdown_observation_sheet_with_list_fields(tmp_path: Path) -> None:
    path = tmp_path / "obs.md"
    path.write_text(
        "# Referat fra gruppemøte\n\n- **Dato:** 5.5.2020\n- **Møte:** 2\n"
        "- **Til stede:** V1, V2, fasilitator\n\n## Forberedelse\n\nIngen hadde lest saken.\n",
        encoding="utf-8",
    )
    assert read_source(path).suggested_kind == "observation"


def test_example_study_files_get_the_kinds_the_readme_gives() -> None:
    folder = ROOT / "examples" / "nav-study"
    expected = {"observasjon-": "observation", "intervju-deltaker": "interview",
                "intervju-ikke": "interview", "logg-": "log"}  # fmt: skip
    seen = 0
    for path in sorted(folder.iterdir()):
        for prefix, kind in expected.items():
            if path.name.startswith(prefix):
                assert read_source(path).suggested_kind == kind, path.name
                seen += 1
    assert seen == 20
