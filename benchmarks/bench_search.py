"""Benchmark: search with stemming, lemmas and compounds over a generated 10 MB corpus.

About 1,000 documents (half transcripts, half observation sheets, from
benchmarks/corpus.py) with some 20,000 invented word forms mixed in (so the vocabulary has
a realistic size) and real Norwegian forms the queries widen to: inflections of "samtale",
the irregular "gikk"/"gått"/"går" of "gå", compounds ending in "pumpe". Per query, the
time of `search` (as the search dialog calls it, at most 500 hits, and with no limit) is
set against a reference in the same run: one compiled, case-insensitive, whole-word regex
scan for the literal query word over the same texts, held in memory. The first search of a
session also builds the project's vocabulary; that is reported on its own.
Target: ≤ 100 ms per query.

    .venv/bin/python benchmarks/bench_search.py [--mb 10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import interview, lexicon, observation  # noqa: E402

from qcode.core.analysis import vocabulary as vocabulary_module  # noqa: E402
from qcode.core.analysis.search import search  # noqa: E402
from qcode.core.project.settings import set_language  # noqa: E402
from qcode.core.project.store import Project, new_guid, now  # noqa: E402

# Real forms the queries below widen to, mixed in at a low rate.
_REAL = (
    "samtalen samtaler samtalene gikk gått går varmepumpe varmepumpen vannpumpa pumpene "
    "arbeidsmøtet møtene kontorene veilederen"
)
REAL = _REAL.split()

# (kind, query, literal word for the reference scan)
QUERIES = [
    ("stem", "samtale", "samtale"),
    ("stem", "veileder", "veileder"),
    ("lemma", "gå", "gå"),
    ("compound", "pumpe", "pumpe"),
    ("compound", "møte", "møte"),
    ("phrase", '"kontoret i"', "kontoret i"),
]


def corpus(rng: random.Random, megabytes: float) -> list[str]:
    words = lexicon(rng, 20_000)
    texts, total, i = [], 0, 0
    target = int(megabytes * 1_000_000)
    while total < target:
        base = interview(rng, 10_000) if i % 2 else observation(rng, 10_000)
        out = []
        for token in base.split(" "):
            out.append(token)
            r = rng.random()
            if r < 0.35:  # Zipf-like: a few invented words are very common
                out.append(words[min(int(rng.paretovariate(0.8)) - 1, len(words) - 1)])
            elif r < 0.36:
                out.append(rng.choice(REAL))
        text = " ".join(out)
        texts.append(text)
        total += len(text.encode("utf-8"))
        i += 1
    return texts


def build_project(path: Path, texts: list[str]) -> Project:
    project = Project.create(path, coder="bench")
    with project.change("bench data") as ch:
        ch.insert_many(
            "documents",
            [
                {
                    "guid": new_guid(),
                    "name": f"kilde-{i:04}.txt",
                    "kind": "interview" if i % 2 else "observation",
                    "text": text,
                    "content_hash": new_guid(),
                    "imported_at": now(),
                }
                for i, text in enumerate(texts)
            ],
        )
    set_language(project, "nb")
    return project


def reference(texts: list[str], literal: str) -> int:
    words = literal.split()
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)
    return sum(1 for text in texts for _ in pattern.finditer(text))


def best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    args = parser.parse_args()
    texts = corpus(random.Random(11), args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        project = build_project(Path(folder) / "bench.qcode", texts)
        vocabulary_module._CACHE.clear()
        started = time.perf_counter()
        search(project, "samtale", limit=500)
        first = time.perf_counter() - started
        vocab = vocabulary_module.vocabulary(project, "nb")
        print(
            f"corpus {megabytes:.1f} MB, {len(texts)} documents, "
            f"{len(vocab.surfaces):,} distinct words"
        )
        print(f"first search of a session (builds the vocabulary): {first * 1000:.0f} ms")
        print(
            f"{'kind':9} {'query':14} {'hits':>7} {'500 ms':>7} {'all ms':>7} "
            f"{'ref ms':>7} {'ref hits':>8}"
        )
        worst = 0.0
        for kind, query, literal in QUERIES:
            limited, _ = best(lambda q=query: search(project, q, limit=500), args.repeat)
            everything, hits = best(lambda q=query: search(project, q, limit=10**9), args.repeat)
            ref, ref_hits = best(lambda w=literal: reference(texts, w), args.repeat)
            worst = max(worst, limited)
            print(
                f"{kind:9} {query:14} {len(hits):>7,} {limited * 1000:>7.1f} "  # type: ignore[arg-type]
                f"{everything * 1000:>7.1f} {ref * 1000:>7.1f} {ref_hits:>8,}"
            )
        print(f"slowest query (500 hits, as the search dialog asks): {worst * 1000:.1f} ms")
        print(f"target ≤ 100 ms: {'met' if worst <= 0.1 else 'NOT met'}")
        project.close()


if __name__ == "__main__":
    main()
