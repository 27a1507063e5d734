"""REFI-QDA import (`qcode init --from X.qdpx`) against a bare reader, measured in one run.

A .qdpx of 200 documents (~50 KB each, half transcripts, half observation sheets, ~10 MB)
and 5,000 codings by two coders over 12 codes (two nested) is written once. qcode reads it
as `init --from` does: the zip within its limits, the XML without entities, each text
decoded and normalised (newlines, NFC) with its selections moved, the offset unit decided
per source, then the merge rules bring the bundle into a new project as one undoable step
(audit images included). The reference does the least any importer must: parse the .qde
with lxml, read the texts from the zip, and insert the same documents, codes and codings
into a new project with `executemany` in one transaction.

Printed: import time, the reference, and their ratio, by wall clock and by CPU time (this
is one process, and CPU time moves less with the load of a shared machine). qcode also
finds speaker turns and headings in another tool's texts, as `qcode import` does; the
reference does not.

Run: .venv/bin/python benchmarks/bench_refi_import.py [--documents 200] [--codings 5000]
     [--quick]   (a small project: the test that keeps this script working)
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402
from lxml import etree  # noqa: E402

from qcode.core.exchange.refi_import import init_from_refi  # noqa: E402
from qcode.core.project.store import Project  # noqa: E402
from qcode.core.sources.reading import content_hash  # noqa: E402

NS = "urn:QDA-XML:project:1.0"
USERS = {
    "Anna": "A1000000-0000-4000-8000-000000000001",
    "Bo": "B1000000-0000-4000-8000-000000000002",
}


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def write_qdpx(target: Path, texts: list[tuple[str, str]], codings: int, seed: int = 5) -> None:
    """A .qdpx holding `texts` (name, text) and about `codings` codings on word spans."""
    rng = random.Random(seed)
    codes = [(guid(rng), f"Tema {i}", None) for i in range(10)]
    codes += [(guid(rng), f"Kategori {i}", codes[0][0]) for i in range(2)]
    per_doc = max(1, codings // len(texts))
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="bench">']
    parts.append("<Users>")
    parts += [f'<User guid="{g}" name="{n}"/>' for n, g in USERS.items()]
    parts.append("</Users><CodeBook><Codes>")
    for g, name, _ in codes[:10]:
        children = "".join(
            f'<Code guid="{cg}" name="{cn}" isCodable="true" color="#336699"/>'
            for cg, cn, cp in codes[10:]
            if cp == g
        )
        parts.append(f'<Code guid="{g}" name="{name}" isCodable="true" color="#1F77B4">')
        parts.append(children + "</Code>")
    parts.append("</Codes></CodeBook><Sources>")
    files: dict[str, str] = {}
    for name, text in texts:
        doc = guid(rng)
        files[f"sources/{doc}.txt"] = text
        parts.append(
            f"<TextSource guid={quoteattr(doc)} name={quoteattr(name)} "
            f'plainTextPath="internal://{doc}.txt">'
        )
        for _ in range(per_doc):
            start = rng.randrange(0, max(1, len(text) - 400))
            while start > 0 and text[start - 1] != " ":
                start -= 1
            end = min(len(text), start + rng.randint(20, 300))
            while end < len(text) and text[end] not in " \n":
                end += 1
            user = USERS[rng.choice(list(USERS))]
            code = rng.choice(codes)[0]
            parts.append(
                f'<PlainTextSelection guid="{guid(rng)}" startPosition="{start}" '
                f'endPosition="{end}" creatingUser="{user}" '
                'creationDateTime="2024-03-01T10:00:00Z">'
                f'<Coding guid="{guid(rng)}" creatingUser="{user}" '
                'creationDateTime="2024-03-01T10:00:00Z">'
                f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
            )
        parts.append("</TextSource>")
    parts.append("</Sources></Project>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "".join(parts))
        for name, text in files.items():
            archive.writestr(name, text)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def reference_import(qdpx: Path, target: Path) -> int:
    """Parse, read the texts, insert the rows: no checks, no normalising, no audit."""
    Project.create(target, coder="bench").close()
    with zipfile.ZipFile(qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        users = {u.get("guid"): u.get("name") for u in root.iter(f"{{{NS}}}User")}
        code_rows = []
        code_ids: dict[str, int] = {}

        def visit(element: etree._Element, parent: str | None, level: int) -> None:
            for code in element.iterchildren(f"{{{NS}}}Code"):
                code_ids[code.get("guid")] = len(code_ids) + 1
                code_rows.append(
                    (
                        len(code_ids),
                        code.get("guid"),
                        f"k{len(code_ids)}",
                        code.get("name"),
                        code_ids.get(parent) if parent else None,
                        level,
                        (code.get("color") or "").lower(),
                    )
                )
                visit(code, code.get("guid"), level + 1)

        visit(root.find(f"{{{NS}}}CodeBook/{{{NS}}}Codes"), None, 1)
        documents = []
        codings = []
        for doc_id, source in enumerate(root.iter(f"{{{NS}}}TextSource"), start=1):
            path = (source.get("plainTextPath") or "").removeprefix("internal://")
            text = archive.read(f"sources/{path}").decode("utf-8")
            documents.append(
                (doc_id, source.get("guid"), source.get("name"), text, content_hash(text))
            )
            for sel in source.iterchildren(f"{{{NS}}}PlainTextSelection"):
                for coding in sel.iterchildren(f"{{{NS}}}Coding"):
                    ref = coding.find(f"{{{NS}}}CodeRef")
                    codings.append(
                        (
                            coding.get("guid"),
                            doc_id,
                            code_ids[ref.get("targetGUID")],
                            int(sel.get("startPosition")),
                            int(sel.get("endPosition")),
                            users.get(coding.get("creatingUser"), "unknown"),
                            coding.get("creationDateTime"),
                        )
                    )
    conn = sqlite3.connect(target)
    with conn:
        conn.executemany(
            "INSERT INTO documents (id, guid, name, kind, text, content_hash, imported_at, "
            "metadata, sections, turns) VALUES (?, ?, ?, 'other', ?, ?, '', '{}', '[]', '[]')",
            documents,
        )
        conn.executemany(
            "INSERT INTO codes (id, guid, key, name, parent_id, level, colour, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '')",
            code_rows,
        )
        conn.executemany(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", coder, created_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            codings,
        )
    conn.close()
    return len(codings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--codings", type=int, default=5000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    size = 50_000
    if args.quick:
        args.documents, args.codings, size = 10, 200, 5_000

    with tempfile.TemporaryDirectory(prefix="qcode-bench-refi-") as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder / "corpus", args.documents, size)
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
        qdpx = folder / "study.qdpx"
        write_qdpx(qdpx, texts, args.codings)
        megabytes = sum(len(t) for _, t in texts) / 1e6

        Project.create(folder / "warm.qcode", coder="bench").close()  # first-use costs
        started, cpu = time.perf_counter(), time.process_time()
        n = reference_import(qdpx, folder / "reference.qcode")
        reference, reference_cpu = time.perf_counter() - started, time.process_time() - cpu

        started, cpu = time.perf_counter(), time.process_time()
        report = init_from_refi(folder / "imported.qcode", qdpx, "bench")
        imported, imported_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert report.codings == n, (report.codings, n, report.warnings[:3])
        assert report.documents == args.documents

    print(
        f"import of a .qdpx: {args.documents} documents ({megabytes:.0f} MB of text), {n} codings"
    )
    print(f"  qcode init --from  {imported:6.2f} s   (CPU {imported_cpu:.2f} s)")
    print(
        f"  reference          {reference:6.2f} s   (CPU {reference_cpu:.2f} s; "
        "lxml parse + executemany of the same rows)"
    )
    print(
        f"  ratio              {imported / reference:6.1f}x  "
        f"(CPU {imported_cpu / reference_cpu:.1f}x)"
    )


if __name__ == "__main__":
    main()
