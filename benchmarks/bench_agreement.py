"""`qcode agreement` on a large two-coder study, against a same-run reference.

The study: 200 documents of ~50,000 characters (10 MB), coded by two coders with 5,000
codings each on the bench codebook's 33 codes; B's codings are A's with their boundaries
moved a little, some given another code, some left out, and some of B's own, so every
figure has work to do. Measured: `agreement()` for all codes in-process (reading the
codings and document lengths from the project, the per-code and overall figures), and
the command a user runs (`qcode agreement --coders anna,bo --json`, start-up included).

The reference is the least any interval method must do: read the same 10,000 codings
from the project and sort their 20,000 endpoints on one continuum, in plain Python
(no numpy). The ratio says how many such passes agreement costs. Target: <= 2 s.

Run: .venv/bin/python benchmarks/bench_agreement.py [--documents 200] [--size 50000]
     [--codings 5000] [--quick]   (a small run: the test that keeps this script working)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import coded_project, write_corpus  # noqa: E402

from qcode.core.analysis.agreement_data import AgreementSpec, agreement  # noqa: E402
from qcode.core.project.store import Project, new_guid, now  # noqa: E402

QCODE = [str(Path(sys.executable).with_name("qcode"))]


def add_two_coders(path: Path, per_coder: int, seed: int = 3) -> None:
    """`per_coder` codings by anna, and bo's: hers moved, recoded, dropped, or his own."""
    rng = random.Random(seed)
    with Project.open(path, coder="bench") as project:
        docs = [
            (r[0], r[1]) for r in project.conn.execute("SELECT id, length(text) FROM documents")
        ]
        codes = [r[0] for r in project.conn.execute("SELECT id FROM codes")]
        rows, stamp = [], now()

        def row(doc: int, start: int, end: int, code: int, coder: str) -> dict[str, object]:
            return {"guid": new_guid(), "document_id": doc, "start": start, "end": end,
                    "code_id": code, "coder": coder, "created_at": stamp}  # fmt: skip

        for _ in range(per_coder):
            doc, length = rng.choice(docs)
            start = rng.randrange(length - 30)
            end = min(length, start + rng.randint(20, 600))
            code = rng.choice(codes)
            rows.append(row(doc, start, end, code, "anna"))
            roll = rng.random()
            if roll < 0.1:  # bo codes something else instead
                other, size = rng.choice(docs)
                s = rng.randrange(size - 30)
                rows.append(row(other, s, min(size, s + rng.randint(20, 600)), code, "bo"))
                continue
            b_start = max(0, start + rng.randint(-15, 15))
            b_end = min(length, max(b_start + 1, end + rng.randint(-15, 15)))
            b_code = rng.choice(codes) if roll < 0.2 else code
            rows.append(row(doc, b_start, b_end, b_code, "bo"))
        with project.change("bench: two coders") as ch:
            ch.insert_many("codings", rows)


def reference(path: Path) -> float:
    """Read the codings and sort their endpoints on one continuum: plain Python."""
    began = time.perf_counter()
    with Project.open(path) as project:
        offsets, total = {}, 0
        for doc_id, length in project.conn.execute(
            "SELECT id, length(text) FROM documents ORDER BY id"
        ):
            offsets[doc_id] = total
            total += length
        endpoints = []
        for doc_id, start, end in project.conn.execute(
            'SELECT document_id, start, "end" FROM codings WHERE coder IN (?, ?)', ["anna", "bo"]
        ):
            shift = offsets[doc_id]
            endpoints += [start + shift, end + shift]
        endpoints.sort()
    return time.perf_counter() - began


def in_process(path: Path) -> tuple[float, int]:
    began = time.perf_counter()
    with Project.open(path) as project:
        result = agreement(project, AgreementSpec(("anna", "bo")))
    return time.perf_counter() - began, len(result.codes)


def command(path: Path) -> float:
    began = time.perf_counter()
    subprocess.run(
        [*QCODE, "--project", str(path), "agreement", "--coders", "anna,bo", "--json"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--size", type=int, default=50_000, help="characters per document")
    parser.add_argument("--codings", type=int, default=5_000, help="per coder")
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    parser.add_argument("--quick", action="store_true", help="a small run (for the tests)")
    args = parser.parse_args()
    if args.quick:
        args.documents, args.size, args.codings, args.repeat = 10, 3_000, 200, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_corpus(folder / "corpus", args.documents, args.size)
        path = coded_project(folder / "study.qcode", files, {"*": 0}, None, seed=3)
        add_two_coders(path, args.codings)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
        ref = min(reference(path) for _ in range(args.repeat))
        runs = [in_process(path) for _ in range(args.repeat)]
        core = min(t for t, _ in runs)
        codes = runs[0][1]
        cli = min(command(path) for _ in range(args.repeat))
        print(
            f"corpus: {args.documents} documents, {chars / 1e6:.1f} MB; "
            f"2 coders x {args.codings:,} codings; {codes} codes"
        )
        print(f"reference (read + sort endpoints):  {ref:.3f} s")
        print(f"agreement in-process:               {core:.3f} s  ratio {core / ref:.1f}")
        print(f"qcode agreement --json (start-up):  {cli:.3f} s  ratio {cli / ref:.1f}")
        print("target: qcode agreement <= 2 s")


if __name__ == "__main__":
    main()
