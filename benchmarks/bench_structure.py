"""Structure detection (speaker turns and sections) against one compiled-regex pass.

`detect_structure` is what every plain-text import runs: it scans each line for a label in
a dozen house styles, judges the labels as a conversation, drops keys and notes, and finds
headings. The reference is the least any label finder must do: split the same text into
lines and match one compiled regex (`Name:` at the line start) against each. Both run in
the same process over the same generated transcripts (benchmarks/corpus.py; half plain
`Intervjuer:` labels, half timestamped `[00:01:02] intervjuer:` and `0:0<TAB>I1<TAB>` lines),
interleaved, best of `--repeat`. Target: ratio <= 5.

Measured (issue 11): 24-26 MB/s, ratio 22-24; the target is not met. The reference costs
about 0.3 us a line; building one `Label` and one `Turn` object per line, with nothing
else, already costs 0.09 s on 10 MB, about 5x the reference, so the target needs turns
found without a Python object per candidate line (a whole-text regex pass that yields only
spans), which this module does not yet do.

Run: .venv/bin/python benchmarks/bench_structure.py [--megabytes 10]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import interview  # noqa: E402

from qcode.core.importers.structure import detect_structure  # noqa: E402

DOCUMENT_SIZE = 10_000
REFERENCE = re.compile(r"[ \t]*([^:\n]{1,40}):(?=\s|$)")


def timestamped(text: str, style: int) -> str:
    """The same interview with a timestamp before each label, in one of two styles."""
    lines = []
    for i, line in enumerate(text.splitlines()):
        speaker, _, body = line.partition(": ")
        if style:
            lines.append(f"[00:{i // 60 % 60:02d}:{i % 60:02d}] {speaker.lower()}: {body}")
        else:
            lines.append(f"{i // 60}:{i % 60}\t{('I1', 'IP1')[i % 2]}\t{body}")
    return "\n".join(lines) + "\n"


def corpus(megabytes: float) -> list[str]:
    rng = random.Random(11)
    documents: list[str] = []
    total = 0
    while total < megabytes * 1e6:
        text = interview(rng, DOCUMENT_SIZE)
        if len(documents) % 2:
            text = timestamped(text, len(documents) // 2 % 2)
        documents.append(text)
        total += len(text.encode("utf-8"))
    return documents


def reference(documents: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = 0
    match = REFERENCE.match
    for text in documents:
        for line in text.split("\n"):
            if match(line):
                found += 1
    return time.perf_counter() - start, found


def detection(documents: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    turns = 0
    for text in documents:
        _, found = detect_structure(text)
        turns += len(found)
    return time.perf_counter() - start, turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents = corpus(args.megabytes)
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    lines = sum(d.count("\n") for d in documents)
    ref_times, our_times = [], []
    turns = 0
    for _ in range(args.repeat):  # interleaved, so drift hits both alike
        ref_times.append(reference(documents)[0])
        elapsed, turns = detection(documents)
        our_times.append(elapsed)
    ref, ours = min(ref_times), min(our_times)
    assert turns == lines, (turns, lines)  # every line of these transcripts is a turn
    print(f"corpus: {len(documents)} transcripts, {megabytes:.1f} MB, {lines:,} turns")
    print(f"reference (one compiled regex per line): {ref:.3f} s  {megabytes / ref:,.1f} MB/s")
    print(f"detect_structure:                        {ours:.3f} s  {megabytes / ours:,.1f} MB/s")
    print(f"ratio detection/reference: {ours / ref:.2f}  (target <= 5)")


if __name__ == "__main__":
    main()
