"""REFI-QDA export and import of a 1,000-document, 50,000-coding project (issue 12).

The project: 1,000 documents (half transcripts, half observation sheets; --size characters
each, 10,000 by default: the 10 MB of text of the other benchmarks' study, in five times as
many documents), the bench codebook, attributes, and --codings random codings by two
coders. It is built once, untimed.

Measured, each in a fresh Python process (so peak memory is that step's own: the process's
maximum resident set, interpreter and imports included):

- **export**: `qcode export-project OUT.qdpx` (`export_project`): the project read, the
  XML built with lxml (users, codebook, cases and variables from attributes, sections and
  turns as selections, every coding), the texts and the XML zipped, the file read back
  for real names as every export is.
- **export reference**, as the issue states it: the same texts read from the project (one
  SELECT: the least an exporter must do to have them) and written into a zip beside an
  XML built with ElementTree from the codings' rows and of the same size as qcode's
  `project.qde` (padded with selections of the same shape when smaller).
- **import**: `qcode init NEW.qcode --from OUT.qdpx` (`init_from_refi`): the zip within
  its limits, the XML without entities, each text decoded and normalised with its
  selections, then the merge rules bring everything into a new project as one undoable
  step (audit images, the full-text index).
- **import reference**: qcode's `project.qde` parsed with ElementTree, every selection's
  attributes read, and every text read from the zip and decoded.

The references write and read no database, as the issue states them; qcode's import writes
a project with its full-text index and audit log. Printed: time (wall and CPU), peak
memory, and the ratios (targets: <= 3x, <= 500 MB).

Run: .venv/bin/python benchmarks/bench_refi.py [--documents 1000] [--codings 50000]
     [--size 10000] [--rounds 1] [--quick]   (--quick: a small project, the test that keeps
     this script working)
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import coded_project, write_corpus  # noqa: E402

NS = "urn:QDA-XML:project:1.0"


def _q(local: str) -> str:
    return f"{{{NS}}}{local}"


# -- the four measured steps (each run in a process of its own) ---------------------------


def qcode_export(project: Path, out: Path) -> str:
    from qcode.core.exchange.refi_write import export_project
    from qcode.core.project.store import Project

    with Project.open(project, coder="bench") as p:
        done = export_project(p, out)
    return f"{done.documents} documents, {done.codings} codings"


def qcode_import(qdpx: Path, target: Path) -> str:
    from qcode.core.exchange.refi_import import init_from_refi

    report = init_from_refi(target, qdpx, "bench")
    return f"{report.documents} documents, {report.codings} codings"


def reference_export(project: Path, out: Path, qde_size: int) -> str:
    """The same texts and an ElementTree XML of `qde_size` bytes, zipped."""
    conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    documents = conn.execute("SELECT id, guid, name, text FROM documents ORDER BY id").fetchall()
    codings = conn.execute(
        'SELECT c.guid, c.document_id, c.start, c."end", c.coder, c.created_at, k.guid '
        "FROM codings c JOIN codes k ON k.id = c.code_id ORDER BY c.document_id, c.id"
    ).fetchall()
    codes = conn.execute("SELECT guid, name, colour FROM codes ORDER BY id").fetchall()
    conn.close()
    ET.register_namespace("", NS)
    root = ET.Element(_q("Project"), name="bench")
    users = ET.SubElement(root, _q("Users"))
    for coder in sorted({c[4] for c in codings}):
        ET.SubElement(users, _q("User"), guid=coder, name=coder)
    book = ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes"))
    for guid, name, colour in codes:
        ET.SubElement(book, _q("Code"), guid=guid, name=name, isCodable="true", color=colour)
    sources = ET.SubElement(root, _q("Sources"))
    by_document: dict[int, list[tuple]] = {}
    for row in codings:
        by_document.setdefault(row[1], []).append(row)
    last = None
    for doc_id, guid, name, _ in documents:
        last = ET.SubElement(
            sources, _q("TextSource"), guid=guid, name=name, plainTextPath=f"internal://{guid}.txt"
        )
        for coding in by_document.get(doc_id, []):
            _selection(last, coding)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    if last is not None and codings and len(body) < qde_size:  # pad to qcode's size
        one = len(ET.tostring(_selection(ET.Element("x"), codings[0]), encoding="utf-8"))
        for i in range((qde_size - len(body)) // one):
            _selection(last, codings[i % len(codings)])
        body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", body)
        for _, guid, _, text in documents:
            archive.writestr(f"sources/{guid}.txt", text.encode("utf-8"))
    return f"XML {len(body) / 1e6:.1f} MB"


def _selection(parent: ET.Element, coding: tuple) -> ET.Element:
    guid, _, start, end, coder, created, code = coding
    selection = ET.SubElement(
        parent,
        _q("PlainTextSelection"),
        guid=guid,
        startPosition=str(start),
        endPosition=str(end),
        creatingUser=coder,
        creationDateTime=created,
    )
    inner = ET.SubElement(
        selection, _q("Coding"), guid=guid, creatingUser=coder, creationDateTime=created
    )
    ET.SubElement(inner, _q("CodeRef"), targetGUID=code)
    return selection


def reference_import(qdpx: Path) -> str:
    """qcode's project.qde parsed with ElementTree, the selections read, the texts read."""
    with zipfile.ZipFile(qdpx) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        spans = [
            (s.get("guid"), int(s.get("startPosition") or 0), int(s.get("endPosition") or 0))
            for s in root.iter(_q("PlainTextSelection"))
        ]
        characters = 0
        for source in root.iter(_q("TextSource")):
            path = (source.get("plainTextPath") or "").removeprefix("internal://")
            characters += len(archive.read(f"sources/{path}").decode("utf-8"))
    return f"{len(spans)} selections, {characters / 1e6:.1f} M characters"


def _run_step(argv: list[str]) -> None:
    """`--step NAME ARGS...`: run one step here and print its figures as JSON."""
    name, *paths = argv
    # qcode's modules are loaded before the clock starts: a step measures the work, not
    # the start of a process (the CLI's start-up has a benchmark of its own)
    import qcode.core.exchange.refi_import  # noqa: F401
    import qcode.core.exchange.refi_write  # noqa: F401

    started, cpu = time.perf_counter(), time.process_time()
    if name == "export":
        said = qcode_export(Path(paths[0]), Path(paths[1]))
    elif name == "import":
        said = qcode_import(Path(paths[0]), Path(paths[1]))
    elif name == "reference-export":
        said = reference_export(Path(paths[0]), Path(paths[1]), int(paths[2]))
    elif name == "reference-import":
        said = reference_import(Path(paths[0]))
    else:
        raise SystemExit(f"unknown step {name}")
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux -> MB
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "said": said}))


def step(*args: str | Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--step", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"step {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    return {
        "wall": min(r["wall"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "said": runs[0]["said"],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _run_step(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=50_000)
    parser.add_argument("--size", type=int, default=10_000, help="characters per document")
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.documents, args.codings, args.size, args.rounds = 20, 400, 2_000, 1

    with tempfile.TemporaryDirectory(prefix="qcode-bench-refi-") as tmp:
        folder = Path(tmp)
        files = write_corpus(folder / "corpus", args.documents, args.size)
        per_doc = max(1, args.codings // args.documents)
        project = coded_project(folder / "study.qcode", files, {"*": per_doc}, None, seed=11)
        conn = sqlite3.connect(project)
        with conn:  # two coders, as a team's project has
            conn.execute("UPDATE codings SET coder = 'bo' WHERE id % 2 = 0")
        n = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        megabytes = conn.execute("SELECT sum(length(text)) FROM documents").fetchone()[0] / 1e6
        conn.close()

        exports, imports, ref_exports, ref_imports = [], [], [], []
        for round_ in range(args.rounds):
            out = folder / f"study-{round_}.qdpx"
            exports.append(step("export", project, out))
            with zipfile.ZipFile(out) as archive:
                qde_size = archive.getinfo("project.qde").file_size
            ref_exports.append(step("reference-export", project, folder / "ref.qdpx", qde_size))
            (folder / "ref.qdpx").unlink()
            imports.append(step("import", out, folder / f"imported-{round_}.qcode"))
            ref_imports.append(step("reference-import", out))
        export, ref_export = best(exports), best(ref_exports)
        imported, ref_import = best(imports), best(ref_imports)

    print(
        f"REFI-QDA exchange: {args.documents} documents ({megabytes:.0f} MB of text), "
        f"{n} codings; project.qde {qde_size / 1e6:.1f} MB"
    )
    for label, ours, ref in (("export", export, ref_export), ("import", imported, ref_import)):
        print(
            f"  {label:<7} qcode     {ours['wall']:6.2f} s  (CPU {ours['cpu']:6.2f} s)  "
            f"peak {ours['peak_mb']:5.0f} MB   [{ours['said']}]"
        )
        print(
            f"  {'':<7} reference {ref['wall']:6.2f} s  (CPU {ref['cpu']:6.2f} s)  "
            f"peak {ref['peak_mb']:5.0f} MB   [{ref['said']}]"
        )
        print(
            f"  {'':<7} ratio     {ours['wall'] / ref['wall']:6.1f}x  "
            f"(CPU {ours['cpu'] / ref['cpu']:.1f}x; targets <= 3x, <= 500 MB)"
        )


if __name__ == "__main__":
    main()
