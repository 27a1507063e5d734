"""Generated corpora for benchmarks: deterministic, Norwegian-looking, realistic in shape."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "bruker",
    "veileder",
    "samtale",
    "saken",
    "møtet",
    "NAV",
    "kontoret",
    "tiltak",
    "arbeid",
    "sykmelding",
    "forberedelse",
    "makt",
    "avmakt",
    "styring",
    "tid",
    "systemet",
    "Modia",
    "Arena",
    "Gosys",
    "lov",
    "ytelse",
    "og",
    "i",
    "på",
    "som",
    "det",
    "er",
    "at",
    "en",
    "til",
    "av",
    "for",
    "med",
    "har",
    "ikke",
    "jeg",
    "vi",
    "de",
    "han",
    "hun",
    "men",
    "så",
    "altså",
    "liksom",
    "egentlig",
    "kanskje",
    "veldig",
    "litt",
    "mye",
    "ganske",
    "helt",
    "både",
    "eller",
    "når",
]

THEMES = ("Forberedelse:", "SAMTALESTYRING", "Makt og avmakt:", "Tidspress:", "Annet:")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + rng.choice(".!?")


def interview(rng: random.Random, size: int) -> str:
    parts, total, turn = [], 0, 0
    while total < size:
        speaker = "Intervjuer" if turn % 2 == 0 else "Informant"
        body = " ".join(sentence(rng) for _ in range(rng.randint(1, 2 if turn % 2 == 0 else 6)))
        line = f"{speaker}: {body}"
        parts.append(line)
        total += len(line) + 1
        turn += 1
    return "\n".join(parts) + "\n"


def observation(rng: random.Random, size: int) -> str:
    parts = ["Dato: 12.03.2013", "Kontor: Nordby", ""]
    total = 40
    while total < size:
        for title in THEMES:
            body = " ".join(sentence(rng) for _ in range(rng.randint(3, 8)))
            parts += [title, body, ""]
            total += len(title) + len(body) + 3
    return "\n".join(parts)


# Invented words for corpora with a realistic vocabulary size (a few common words, a long
# tail), shared by the suggestion and search benchmarks.
_SYLLABLES = (
    "ba be bi bo bu da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro "
    "sa se si so ta te ti to va ve vi vo for ber st sk tr gr sp"
)
SYLLABLES = _SYLLABLES.split()
ENDINGS = ["", "", "en", "et", "er", "ene", "e", "a", "t", "te", "s"]


def lexicon(rng: random.Random, size: int) -> list[str]:
    """About `size` invented words: stems of 2-4 syllables, each with a few endings."""
    stems: set[str] = set()
    while len(stems) < size // 4:
        stems.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted({stem + rng.choice(ENDINGS) for stem in sorted(stems) for _ in range(4)})


def write_corpus(
    folder: Path, documents: int = 1000, size: int = 10_000, seed: int = 7
) -> list[Path]:
    """`documents` files of about `size` characters: half transcripts, half sheets."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(documents):
        if i % 2:
            path, text = folder / f"intervju-{i:04d}.txt", interview(rng, size)
        else:
            path, text = folder / f"observasjon-{i:04d}.txt", observation(rng, size)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# -- whole projects, for the workbench benchmarks ------------------------------------------

OFFICES = ("Nordby", "Sørvik", "Vestby", "Østvik")


def codebook_yaml(themes: int = 11, categories: int = 2, shortcuts: bool = True) -> str:
    """A codebook of `themes` level-1 codes `tema-0`..., the first three with `categories`
    level-2 codes `kat-0-0`... each, the first ten themes with shortcut keys 0-9 when
    `shortcuts` (so a keypress in the reader codes at once, as in a real study)."""
    lines = ["qcode-codebook: 1", "name: Bench", "themes:"]
    for i in range(themes):
        lines += [f"  - name: Tema {i}", f"    key: tema-{i}"]
        if shortcuts and i < 10:
            lines.append(f"    shortcut: '{i}'")
        if i < 3 and categories:
            lines.append("    categories:")
            for j in range(categories):
                lines += [f"      - name: Kategori {i}.{j}", f"        key: kat-{i}-{j}"]
    return "\n".join(lines) + "\n"


def write_attributes_csv(path: Path, names: list[str]) -> Path:
    """office (four values), group (A/B) and a participant number per source, the shape of
    the example study's attributes CSV."""
    rows = ["file,office,group,participant"]
    for i, name in enumerate(names):
        rows.append(f"{name},{OFFICES[i % len(OFFICES)]},{'AB'[i // 2 % 2]},{i + 1}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def coded_project(
    path: Path, files: list[Path], codings: dict[str, int], kind: str | None, seed: int
) -> Path:
    """A project at `path`: the bench codebook, `files` imported as a user would (with the
    attributes CSV), and `codings[name]` (else `codings["*"]`) random codings of 20-600
    characters per document, stored as one change."""
    from qcode.core.codebook.codes import list_codes, load_codebook
    from qcode.core.codebook.format import parse_codebook
    from qcode.core.project.store import Project, new_guid, now
    from qcode.core.sources.documents import import_files

    rng = random.Random(seed)
    csv = write_attributes_csv(path.with_suffix(".csv"), [p.name for p in files])
    with Project.create(path, coder="bench") as project:
        load_codebook(project, parse_codebook(codebook_yaml()))
        codes = [c.id for c in list_codes(project)]
        import_files(project, files, kind=kind, attributes_csv=csv)
        rows, stamp = [], now()
        for r in project.query("SELECT id, name, length(text) AS n FROM documents"):
            for _ in range(codings.get(r["name"], codings.get("*", 0))):
                start = rng.randrange(r["n"] - 1)
                end = min(r["n"], start + rng.randint(20, 600))
                rows.append({"guid": new_guid(), "document_id": r["id"], "start": start,
                             "end": end, "code_id": rng.choice(codes), "coder": "bench",
                             "created_at": stamp})  # fmt: skip
        with project.change("bench codings") as ch:
            ch.insert_many("codings", rows)
    return path


def transcript_project(folder: Path) -> Path:
    """A 1 MB transcript (stor.txt) with 5,000 codings beside three 10 KB ones with 50."""
    rng = random.Random(5)
    files = [folder / "stor.txt"] + [folder / f"liten-{i}.txt" for i in range(3)]
    for path in files:
        text = interview(rng, 1_000_000 if path.name == "stor.txt" else 10_000)
        path.write_text(text, encoding="utf-8")
    return coded_project(folder / "transcript.qcode", files, {"stor.txt": 5000, "*": 50},
                         "interview", seed=5)  # fmt: skip


def many_documents_project(folder: Path, documents: int = 10_000, size: int = 2_000) -> Path:
    """`documents` sources of about `size` characters (half transcripts, half observation
    sheets) with two codings each."""
    files = write_corpus(folder / "many", documents, size=size, seed=3)
    return coded_project(folder / "many.qcode", files, {"*": 2}, None, seed=9)
