"""Benchmark: keyword suggestions over a generated 10 MB corpus.

50 codes × 5 keywords (some of them phrases) are matched fuzzily against ~1,000
documents (half transcripts, half observation sheets, from benchmarks/corpus.py, with a
vocabulary of some 20,000 invented word forms mixed in so that the fuzzy step has a
realistic vocabulary to search). Reported: throughput of the whole suggestion step
(vocabulary, fuzzy matching, scan, sentence units) and its ratio to an exact-match
compiled-regex scan of the same keywords over the same texts, measured in the same run.
Target: ratio ≤ 10. Also, for information: `--strict` (which also reads every unit's
words for the codebook's theme words, each code given a 20-word description here) and the
end-to-end `suggest` on a project (with the database writes).

    .venv/bin/python benchmarks/bench_suggest.py [--mb 10]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import interview, lexicon, observation  # noqa: E402

from qcode.core.coding.keywords import DEFAULT_THRESHOLD, _alternation, fold, keyword  # noqa: E402
from qcode.core.coding.suggest import _load_documents, propose, suggest  # noqa: E402
from qcode.core.project.store import Project, new_guid, now  # noqa: E402


def corpus(rng: random.Random, megabytes: float) -> tuple[list[str], list[str]]:
    words = lexicon(rng, 20_000)
    texts, total, i = [], 0, 0
    target = int(megabytes * 1_000_000)
    while total < target:
        base = interview(rng, 10_000) if i % 2 else observation(rng, 10_000)
        # Mix invented words into the sentences (Zipf-like: a few words are very common).
        out = []
        for token in base.split(" "):
            out.append(token)
            if rng.random() < 0.35:
                out.append(words[min(int(rng.paretovariate(0.8)) - 1, len(words) - 1)])
        text = " ".join(out)
        texts.append(text)
        total += len(text.encode("utf-8"))
        i += 1
    return texts, words


def keywords(rng: random.Random, words: list[str]) -> dict[int, list[str]]:
    common = words[50:2000]  # mid-frequency forms: keywords are not the commonest words
    out = {}
    for code in range(1, 51):
        kws = [rng.choice(common) for _ in range(4)]
        kws.append(f"{rng.choice(common)} {rng.choice(common)}")
        out[code] = kws
    return out


def descriptions(rng: random.Random, words: list[str]) -> dict[int, str]:
    """A 20-word description per code, from the whole lexicon (common and rare words)."""
    return {code: " ".join(rng.choice(words) for _ in range(20)) for code in range(1, 51)}


def regex_scan(texts: list[str], kws: list[str], trie: bool = False) -> int:
    """Exact, case-insensitive, whole-word matches of the keywords: the plain way (one
    alternation) or, with `trie`, compiled the way qcode compiles its forms."""
    if trie:
        body = _alternation({k.lower() for k in kws}).replace(" ", r"\ ")
        pattern = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")
        return sum(1 for text in texts for _ in pattern.finditer(fold(text)))
    alternatives = sorted({re.escape(k) for k in kws}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return sum(1 for text in texts for _ in pattern.finditer(text))


def build_project(path: Path, texts: list[str], by_code: dict[int, list[str]]) -> Project:
    project = Project.create(path, coder="bench")
    with project.change("bench data") as ch:
        for code, kws in by_code.items():
            ch.insert(
                "codes",
                {
                    "id": code,
                    "guid": new_guid(),
                    "key": f"theme-{code}",
                    "name": f"Tema {code}",
                    "keywords": json.dumps(kws),
                    "sort_order": code,
                    "created_at": now(),
                },
            )
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
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB")
    args = parser.parse_args()
    rng = random.Random(11)
    texts, words = corpus(rng, args.mb)
    by_code = keywords(rng, words)
    kws = [k for c, ks in by_code.items() for t in ks if (k := keyword(c, t))]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents, {size_mb:.1f} MB; {len(kws)} keywords, 50 codes")

    start = time.perf_counter()
    exact_hits = regex_scan(texts, [k.text for k in kws])
    t_regex = time.perf_counter() - start
    start = time.perf_counter()
    trie_hits = regex_scan(texts, [k.text for k in kws], trie=True)
    t_trie = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        project = build_project(Path(folder) / "bench.qcode", texts, by_code)
        docs = _load_documents(project, None)
        start = time.perf_counter()
        proposals = propose(docs, kws, DEFAULT_THRESHOLD, "sentence")
        t_fuzzy = time.perf_counter() - start
        start = time.perf_counter()
        strict = propose(
            docs,
            kws,
            DEFAULT_THRESHOLD,
            "sentence",
            strict=True,
            language="nb",
            descriptions=descriptions(rng, words),
        )
        t_strict = time.perf_counter() - start
        start = time.perf_counter()
        result = suggest(project)
        t_full = time.perf_counter() - start
        project.close()

    print(f"exact regex scan:        {t_regex:6.2f} s  {size_mb / t_regex:6.1f} MB/s", end="")
    print(f"  {exact_hits} hits")
    print(f"exact regex, as a trie:  {t_trie:6.2f} s  {size_mb / t_trie:6.1f} MB/s", end="")
    print(f"  {trie_hits} hits")
    print(
        f"fuzzy suggestions:       {t_fuzzy:6.2f} s  {size_mb / t_fuzzy:6.1f} MB/s  "
        f"{len(proposals)} sentence suggestions"
    )
    print(f"ratio fuzzy / regex:     {t_fuzzy / t_regex:6.2f}  (target <= 10)")
    print(
        f"--strict (theme words):  {t_strict:6.2f} s  {size_mb / t_strict:6.1f} MB/s  "
        f"{len(strict)} sentence suggestions; ratio to regex {t_strict / t_regex:.2f}"
    )
    print(f"ratio fuzzy / trie regex:{t_fuzzy / t_trie:6.2f}")
    print(
        f"qcode suggest (with DB): {t_full:6.2f} s  {size_mb / t_full:6.1f} MB/s  "
        f"{len(result.ids)} rows written"
    )


if __name__ == "__main__":
    main()
