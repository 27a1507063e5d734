"""A small Norwegian study for the category tests: two themes, twelve coded sentences.

The sentences echo the reference study's level-2 categories (time pressure, being
unprepared, many case-handling systems, many laws), so grouping them by similarity has a
right answer a reader can check.
"""

from __future__ import annotations

from pathlib import Path

from qcode.core.codebook.codes import load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.coding import codings
from qcode.core.project.store import Project
from qcode.core.sources import documents

BOOK = """
qcode-codebook: 1
name: Kategoritest
themes:
  - name: Rollens kompleksitet
    key: complexity
    shortcut: k
    description: Hva som gjør veilederrollen sammensatt.
  - name: Relasjonelle utfordringer
    key: relational
    shortcut: r
"""

# (document, sentence, theme); each sentence is one coded segment.
SENTENCES = [
    (
        "observasjon-a.txt",
        "Veilederen sa at tidspresset er stort, vi har for liten tid til hver bruker.",
        "complexity",
    ),
    (
        "observasjon-a.txt",
        "Saksbehandlingssystemene er mange, Arena og Gosys må oppdateres hver gang.",
        "complexity",
    ),
    (
        "observasjon-a.txt",
        "Hun møtte uforberedt til samtalen fordi saken kom samme dag.",
        "complexity",
    ),
    ("observasjon-a.txt", "Brukeren var sint på NAV og mente at ingen lyttet.", "relational"),
    (
        "observasjon-b.txt",
        "Det er for liten tid, tidspresset gjør at samtalene blir korte.",
        "complexity",
    ),
    (
        "observasjon-b.txt",
        "Mange systemer: Arena, Gosys og Modia gir mye dobbeltarbeid.",
        "complexity",
    ),
    (
        "observasjon-b.txt",
        "Vi må kunne mange lover, folketrygdloven og sosialtjenesteloven.",
        "complexity",
    ),
    ("intervju-1.txt", "Ofte uforberedt til samtalen, jeg rekker ikke å lese saken.", "complexity"),
    ("intervju-1.txt", "Tidspresset er verst på mandager, det er aldri tid nok.", "complexity"),
    (
        "intervju-1.txt",
        "Kunnskap om lover og regelverk, folketrygdloven endres stadig.",
        "complexity",
    ),
    ("intervju-2.txt", "Jeg følte meg uforberedt, saken var ikke lest før samtalen.", "complexity"),
    ("intervju-2.txt", "Brukeren hadde dårlig erfaring med NAV fra før.", "relational"),
]


def build(project: Project, folder: Path) -> dict[str, list[int]]:
    """Import the documents, code each sentence with its theme; returns the coding ids per
    document in sentence order."""
    load_codebook(project, parse_codebook(BOOK), "book.yaml")
    texts: dict[str, list[tuple[str, str]]] = {}
    for doc, sentence, theme in SENTENCES:
        texts.setdefault(doc, []).append((sentence, theme))
    paths = []
    for doc, items in texts.items():
        path = folder / doc
        path.write_text("\n".join(s for s, _ in items) + "\n", encoding="utf-8")
        paths.append(path)
    documents.import_files(project, paths, kind="other")
    ids: dict[str, list[int]] = {}
    for doc, items in texts.items():
        offset = 0
        for sentence, theme in items:
            coding = codings.add_coding(project, doc, offset, offset + len(sentence), theme)
            ids.setdefault(doc, []).append(coding.id)
            offset += len(sentence) + 1
    return ids
