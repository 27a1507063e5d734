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
