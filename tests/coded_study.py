"""A small coded study shared by the matrix, export and pseudonym tests.

Four sources at two offices (one interview without an office), the NAV codebook, and
codings by two coders on spans found with `text.index`, some starting or ending mid-word.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qcode.core.codebook import codes as codes_core
from qcode.core.codebook.format import load_codebook
from qcode.core.coding.codings import add_coding
from qcode.core.project.store import Project
from qcode.core.sources.documents import get_document, import_files
from tests.paths import CODEBOOKS

OBS_NORDBY = """OBSERVASJONSSKJEMA
Kontor: NAV Nordby

Forberedelse:
Kari hadde ingen mulighet til å forberede seg. Bruker kom uanmeldt & sint.

Makt og avmakt:
Karis opplevelse var at bruker fikk overtaket. Hun satt med svarteper <igjen>.
"""

OBS_SORVIK_10 = """OBSERVASJONSSKJEMA
Kontor: NAV Sørvik

Samtalestyring:
Ola tok styringen tidlig og sa hva han kunne hjelpe med.
"""

OBS_SORVIK_2 = """OBSERVASJONSSKJEMA
Kontor: NAV Sørvik

Forberedelse:
Gruppen snakket om å lese seg opp før samtalen. Kari Nordmann var ikke til stede.
"""

INTERVIEW = """Intervju med informant

Intervjuer: Hva er mest krevende?
Kari Nordmann: Du kan ikke forberede deg. Du står der uforberedt, hver gang.
Intervjuer: Og makt?
Kari Nordmann: Jeg følte meg maktesløs, egentlig.
"""

ATTRIBUTES = """file,office,group,meeting
obs-nordby-1.txt,Nordby,A,1
obs-sorvik-10.txt,Sørvik,C,10
obs-sorvik-2.txt,Sørvik,C,2
interview.txt,,,
"""


def code_text(project: Project, doc: str, needle: str, code: str, trim: int = 0) -> int:
    """Code the first occurrence of `needle` (less `trim` characters at each end)."""
    text = get_document(project, doc).text
    start = text.index(needle)
    return add_coding(project, doc, start + trim, start + len(needle) - trim, code).id


def build_study(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "obs-nordby-1.txt": OBS_NORDBY,
        "obs-sorvik-10.txt": OBS_SORVIK_10,
        "obs-sorvik-2.txt": OBS_SORVIK_2,
        "interview.txt": INTERVIEW,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    path = folder / "study.qcode"
    with Project.create(path, coder="anna") as project:
        codes_core.load_codebook(project, load_codebook(CODEBOOKS / "nav-guidance-groups.yaml"))
        observations = [folder / n for n in files if n.startswith("obs")]
        import_files(project, observations, "observation", folder / "attributes.csv")
        import_files(project, [folder / "interview.txt"], "interview", folder / "attributes.csv")
        # mid-word start and end: "ri hadde ... forberede se" widens to whole words
        code_text(
            project,
            "obs-nordby-1.txt",
            "Kari hadde ingen mulighet til å forberede seg.",
            "preparation",
            trim=2,
        )
        code_text(project, "obs-nordby-1.txt", "Bruker kom uanmeldt & sint.", "unannounced-visit")
        code_text(
            project, "obs-nordby-1.txt", "Karis opplevelse var at bruker fikk overtaket.", "power"
        )
        code_text(project, "obs-nordby-1.txt", "Hun satt med svarteper <igjen>.", "power")
        code_text(project, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "conversation-control")
        code_text(
            project,
            "obs-sorvik-2.txt",
            "Gruppen snakket om å lese seg opp før samtalen.",
            "preparation",
        )
        code_text(project, "interview.txt", "Du kan ikke forberede deg.", "preparation")
        code_text(project, "interview.txt", "Du står der uforberedt, hver gang.", "unprepared")
        code_text(project, "interview.txt", "Jeg følte meg maktesløs, egentlig.", "power")
    with Project.open(path, coder="bo") as project:
        # a second coder: the same span (merged into one excerpt) and one of their own
        code_text(project, "interview.txt", "Du kan ikke forberede deg.", "preparation")
        code_text(project, "obs-sorvik-2.txt", "Kari Nordmann var ikke til stede.", "preparation")
    return path


_TEMPLATE: list[Path] = []


def _template() -> Path:
    """The study, built once per test process and copied for each test."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="qcode-matrix-study-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = build_study(folder)
        with Project.open(path) as project:
            project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


def study_copy(folder: Path) -> Path:
    """A fresh copy of the coded study (study.qcode) in `folder`."""
    target = folder / "study.qcode"
    target.write_bytes(_template().read_bytes())
    return target


@contextmanager
def open_study(folder: Path) -> Iterator[Project]:
    with Project.open(study_copy(folder), coder="anna") as project:
        yield project
