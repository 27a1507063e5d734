"""Every export format at three study sizes, each against a reference written in the same run.

An export must cost in proportion to what it writes: ten times the excerpts, about ten
times the time. The matrix is by source (one case per document), so a grid of 2,000 sources
is 334 Word tables of six cases each: work done once per table instead of once per matrix
(counting a row's excerpts again for every table) shows here as a ratio that grows with
the size. Per size and format this prints qcode's time (`export_matrix` with pseudonyms and
the read-back of the written file for names left), the reference's, their ratio, and the
peak resident memory of a fresh process doing what `qcode matrix -o` does (VmHWM: lxml's and
zlib's memory included, which tracemalloc does not see). The ratio is of the fastest
wall-clock times of the runs (--repeat), the CPU ratio of the smallest CPU times, which
waiting for a core on a shared machine does not inflate.

The references do the least that writes the same excerpts with their citations:
- docx grid: python-docx, one table of six cases at a time built as XML and parsed once;
- docx list: python-docx, the excerpt paragraphs built as XML and parsed 500 at a time;
- xlsx: openpyxl in write-only mode, the grid sheet and the one-row-per-excerpt sheet;
- csv: `csv.writer` over the same values; md and html: the escaped lines joined and written.
Targets (issue 14): docx at 50,000 excerpts over 2,000 sources within 3 × the reference;
peak memory <= 300 MB for every format (xlsx is written in openpyxl's write-only mode, and
the read-back reads a part without a tree: see export/xml_pieces.py); the other formats
linear (the ratio does not grow with the size).

Run: .venv/bin/python benchmarks/bench_export_scale.py [--quick] [--formats docx-grid,...]
"""

from __future__ import annotations

import argparse
import csv
import html
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx  # noqa: E402
from bench_matrix_docx import make_project  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from qcode.core.analysis.matrix import Matrix, build_matrix  # noqa: E402
from qcode.core.analysis.matrix_spec import MatrixSpec  # noqa: E402
from qcode.core.export import export_matrix  # noqa: E402
from qcode.core.export.common import xml_escape  # noqa: E402
from qcode.core.export.pseudonyms import Pseudonymiser  # noqa: E402
from qcode.core.project.store import Project  # noqa: E402

SIZES = ((5_000, 200), (25_000, 1_000), (50_000, 2_000))  # (excerpts, sources)
QUICK_SIZES = ((300, 13),)
FORMATS = ("docx-grid", "docx-list", "xlsx", "html-grid", "html-list", "md", "csv")
SPEC = MatrixSpec(rows=("power", "conversation-control", "preparation"), by="source")


def _excerpt_xml(matrix: Matrix, r: int, k: int) -> str:
    return "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(e.text)}</w:t></w:r>'
        f'<w:r><w:br/><w:t xml:space="preserve">{xml_escape(e.citation)}</w:t></w:r></w:p>'
        for e in matrix.cells[r][k].excerpts
    )


def ref_docx_grid(matrix: Matrix, path: Path) -> None:
    """Tables of six cases, each built as XML and parsed once, appended to the body."""
    document = docx.Document()
    body = document.element.body
    for first in range(0, len(matrix.cases), 6):
        chunk = range(first, min(first + 6, len(matrix.cases)))
        rows = ["<w:tr>" + "".join(
            f"<w:tc><w:p><w:r><w:t>{xml_escape(matrix.cases[k].label)}</w:t></w:r></w:p></w:tc>"
            for k in chunk
        ) + "</w:tr>"]  # fmt: skip
        for r in range(len(matrix.rows)):
            cells = "".join(f"<w:tc>{_excerpt_xml(matrix, r, k) or '<w:p/>'}</w:tc>" for k in chunk)
            rows.append(f"<w:tr>{cells}</w:tr>")
        body.append(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"))
    document.save(str(path))


def ref_docx_list(matrix: Matrix, path: Path) -> None:
    """The excerpt paragraphs built as XML and parsed 500 at a time."""
    document = docx.Document()
    body = document.element.body
    rows, cases = range(len(matrix.rows)), range(len(matrix.cases))
    paragraphs = [_excerpt_xml(matrix, r, k) for r in rows for k in cases]
    for first in range(0, len(paragraphs), 500):
        batch = "".join(paragraphs[first : first + 500])
        for p in parse_xml(f"<w:body {nsdecls('w')}>{batch}</w:body>"):
            body.append(p)
    document.save(str(path))


def _long_rows(matrix: Matrix) -> list[list[str | int]]:
    return [
        [row.key, row.name, case.label, e.source, e.kind, e.start, e.end, e.line,
         e.speaker or "", e.section or "", ", ".join(e.coders), e.words, e.text]
        for r, row in enumerate(matrix.rows)
        for k, case in enumerate(matrix.cases)
        for e in matrix.cells[r][k].excerpts
    ]  # fmt: skip


def ref_xlsx(matrix: Matrix, path: Path) -> None:
    """openpyxl write-only: the grid sheet and the excerpts sheet, same cells."""
    wb = Workbook(write_only=True)
    grid = wb.create_sheet("Matrix")
    grid.append(["Code", *[c.label for c in matrix.cases]])
    for r, row in enumerate(matrix.rows):
        grid.append([row.name] + [
            "\n\n".join(f"{e.text}\n[{e.citation}]" for e in cell.excerpts)
            for cell in matrix.cells[r]
        ])  # fmt: skip
    listing = wb.create_sheet("Excerpts")
    for values in _long_rows(matrix):
        listing.append(values)
    wb.save(str(path))


def ref_csv(matrix: Matrix, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC).writerows(_long_rows(matrix))


def _lines(matrix: Matrix, template: str, escape: Callable[[str], str]) -> str:
    return "\n".join(
        template.format(escape(e.text), escape(e.citation))
        for row in matrix.cells
        for cell in row
        for e in cell.excerpts
    )


def ref_html(matrix: Matrix, path: Path) -> None:
    path.write_text(_lines(matrix, "<p>{}<cite>{}</cite></p>", html.escape), encoding="utf-8")


def ref_md(matrix: Matrix, path: Path) -> None:
    path.write_text(_lines(matrix, "> {}\n>\n> — *{}*\n", str), encoding="utf-8")


REFERENCES: dict[str, Callable[[Matrix, Path], None]] = {
    "docx-grid": ref_docx_grid,
    "docx-list": ref_docx_list,
    "xlsx": ref_xlsx,
    "html-grid": ref_html,
    "html-list": ref_html,
    "md": ref_md,
    "csv": ref_csv,
}


def _timed(work: Callable[..., object], *args: object) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process: on a machine others share, the CPU time
    is the steadier figure (it leaves out the time spent waiting for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    work(*args)
    return time.perf_counter() - start, time.process_time() - cpu


def peak_rss(project_path: Path, out: Path, layout: str) -> float:
    """Peak resident memory (MB) of a fresh process doing `qcode matrix -o` with this spec."""
    code = (
        "import sys\n"
        "from qcode.core.export import write_matrix\n"
        "from qcode.core.analysis.matrix_spec import MatrixSpec\n"
        "from qcode.core.project.store import Project\n"
        "with Project.open(sys.argv[1]) as p:\n"
        f"    write_matrix(p, MatrixSpec(rows={SPEC.rows!r}, by='source'), sys.argv[2], "
        f"layout={layout!r})\n"
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(project_path), str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.split()[-1]) / 1024


def run_size(folder: Path, excerpts: int, sources: int, formats: list[str], repeat: int) -> None:
    project_path = folder / f"scale-{excerpts}.qcode"
    make_project(project_path, excerpts, documents=sources)
    with Project.open(project_path) as project:
        matrix = build_matrix(project, SPEC)
        table = Pseudonymiser.for_project(project)
    assert matrix.excerpt_count == excerpts, matrix.excerpt_count
    assert len(matrix.cases) == sources, len(matrix.cases)
    for name in formats:
        fmt, _, layout = name.partition("-")
        layout = layout or "grid"
        ext = fmt
        ours, ref = [], []
        for i in range(repeat):  # interleaved, so drift hits both alike
            ref_path = folder / f"ref-{name}-{i}.{ext}"
            ref.append(_timed(REFERENCES[name], matrix, ref_path))
            out = folder / f"qcode-{name}-{i}.{ext}"
            ours.append(_timed(export_matrix, matrix, out, fmt, layout, table))
        rss = peak_rss(project_path, folder / f"rss-{name}.{ext}", layout)
        wall, ref_wall = min(t for t, _ in ours), min(t for t, _ in ref)
        cpu, ref_cpu = min(c for _, c in ours), min(c for _, c in ref)
        print(
            f"{excerpts:>7,} × {sources:>5,}  {name:<10} qcode {wall:7.3f} s   "
            f"reference {ref_wall:7.3f} s   ratio {wall / ref_wall:5.2f}   "
            f"CPU ratio {cpu / max(ref_cpu, 1e-6):5.2f}   peak RSS {rss:6.1f} MB",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size (for the tests)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    parser.add_argument("--sizes", help="EXCERPTS:SOURCES,... (default: the three sizes)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    if args.sizes:
        sizes = tuple(tuple(int(n) for n in s.split(":")) for s in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else SIZES
    with tempfile.TemporaryDirectory() as tmp:
        for excerpts, sources in sizes:
            run_size(Path(tmp), excerpts, sources, formats, args.repeat)


if __name__ == "__main__":
    main()
