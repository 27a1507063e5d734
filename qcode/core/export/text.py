"""The matrix as Markdown and as a standalone HTML page (for a wiki, an e-mail, a browser).

A cell's summary (the analyst's words, `core/analysis/summaries.py`) comes first in its
cell, set apart from the quotes: in bold "Summary:" and ruled off in Markdown, a shaded,
ruled box in HTML; one whose cell has no excerpts now is shown and flagged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

from qcode.core.analysis.matrix import Matrix
from qcode.core.analysis.summaries import CellSummary
from qcode.core.export.common import (
    ORPHAN_FLAG,
    SUMMARY_LABEL,
    clean,
    counts_label,
    plural,
    title_lines,
)

Summaries = Mapping[tuple[str, str], CellSummary]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _md_summary(summary: CellSummary) -> list[str]:
    lines = [md_escape(line) for line in summary.text.split("\n") if line.strip()]
    flag = f" *{ORPHAN_FLAG}*" if summary.orphan else ""
    return [f"**{SUMMARY_LABEL}:** " + "  \n".join(lines) + flag, "", "---", ""]


def write_markdown(
    matrix: Matrix, path: Path, pseudonyms: str, summaries: Summaries | None = None
) -> None:
    """Markdown has no cell that holds paragraphs, so excerpts are listed per code and case
    after a counts table, whatever the layout."""
    summaries = summaries or {}
    out = [f"# Excerpt matrix: {md_escape(matrix.project)}", ""]
    facts = title_lines(matrix, pseudonyms)
    out += [f"- **{label}:** {md_escape(value)}" for label, value in facts]
    out += ["", "## Overview", "", "Excerpts (and sources) for each code and case.", ""]
    out.append("| Code | " + " | ".join(md_escape(c.label) for c in matrix.cases) + " | Total |")
    out.append("|---" * (len(matrix.cases) + 2) + "|")
    for r, row in enumerate(matrix.rows):
        counts = [matrix.cells[r][k].counts for k in range(len(matrix.cases))]
        total = matrix.row_counts(r)
        out.append(
            f"| {'&nbsp;&nbsp;' * row.depth}{md_escape(row.name)} | "
            + " | ".join(f"{c.segments} ({c.sources})" if c.segments else "–" for c in counts)
            + f" | {total.segments} ({total.sources}) |"
        )
    out += ["", "## Excerpts", ""]
    deepest = max((row.depth for row in matrix.rows), default=0)
    for r, row in enumerate(matrix.rows):
        out += [f"{'#' * (row.depth + 3)} {md_escape(row.name)}", ""]
        c = matrix.row_counts(r)
        out += [f"*{counts_label(c.segments, c.sources)} · {plural(c.words, 'word')}*", ""]
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            if not cell.excerpts and not summary:
                continue
            out += [f"{'#' * min(deepest + 4, 6)} {md_escape(case.label)}", ""]
            if summary:
                out += _md_summary(summary)
            for e in cell.excerpts:
                lines = [md_escape(line) for line in e.text.split("\n")]
                out += ["> " + line if line else ">" for line in lines]
                out += [">", f"> — *{md_escape(e.citation)}*", ""]
    out += ["## Appendix: codebook", "", "| Code | Key | Description | Excerpts | Sources |"]
    out.append("|---|---|---|---|---|")
    for r, row in enumerate(matrix.rows):
        c = matrix.row_counts(r)
        desc = md_escape(" ".join(row.description.split())) or "–"
        out.append(f"| {md_escape(row.name)} | `{row.key}` | {desc} | {c.segments} | {c.sources} |")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


_CSS = """
body { font-family: Calibri, Carlito, "Segoe UI", Arial, sans-serif; margin: 2rem;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .4rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem;
           font-size: .9rem; }
dl.facts dt { font-weight: bold; color: #555; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #bbb; padding: .35rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #dce6f0; position: sticky; top: 0; }
table.grid td { min-width: 14rem; max-width: 32rem; }
td.num { text-align: right; }
tr.category > th, tr.category > td { background: #f4f6f9; }
.swatch { font-size: 1.1em; }
.key, .counts, cite { color: #595959; font-size: .8rem; }
cite { display: block; font-style: italic; }
.excerpt { margin: 0 0 .6rem 0; font-size: .92rem; white-space: pre-wrap; }
.summary { margin: 0 0 .6rem 0; padding: .3rem .5rem; background: #fff4d6;
           border-bottom: 2px solid #c9a227; font-style: italic; white-space: pre-wrap; }
.summary b { font-style: italic; }
.summary .orphan { color: #595959; font-size: .8rem; font-style: normal; }
blockquote { margin: .4rem 0 .8rem 1.5rem; padding-left: .8rem; border-left: 3px solid #ccd;
             white-space: pre-wrap; }
"""


def write_html(
    matrix: Matrix, path: Path, layout: str, pseudonyms: str, summaries: Summaries | None = None
) -> None:
    e = _esc
    summaries = summaries or {}
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb"><head><meta charset="utf-8">',
        f"<title>Excerpt matrix: {e(matrix.project)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Excerpt matrix: {e(matrix.project)}</h1>",
        '<dl class="facts">',
        *[f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in title_lines(matrix, pseudonyms)],
        "</dl>",
        "<h2>Overview</h2>",
        "<p>Excerpts (and sources) for each code and case.</p>",
        _overview(matrix),
        "<h2>Excerpts</h2>",
        _grid(matrix, summaries) if layout == "grid" else _listing(matrix, summaries),
        "<h2>Appendix: codebook</h2>",
        _codebook(matrix),
        "</body></html>",
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _esc(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _head(matrix: Matrix, total: bool = False) -> str:
    cells = "".join(f'<th scope="col">{_esc(c.label)}</th>' for c in matrix.cases)
    return f"<thead><tr><th>Code</th>{cells}{'<th>Total</th>' if total else ''}</tr></thead>"


def _row_head(matrix: Matrix, r: int, key: bool = True) -> str:
    row = matrix.rows[r]
    pad = f' style="padding-left: {0.5 + 1.2 * row.depth}rem"' if row.depth else ""
    swatch = f'<span class="swatch" style="color: {_esc(row.colour)}">■</span> '
    extra = f'<br><span class="key">{_esc(row.key)}</span>' if key else ""
    return f'<th scope="row"{pad}>{swatch}{_esc(row.name)}{extra}</th>'


def _tr(matrix: Matrix, r: int) -> str:
    return '<tr class="category">' if matrix.rows[r].depth else "<tr>"


def _overview(matrix: Matrix) -> str:
    out = ['<table class="overview">', _head(matrix, total=True), "<tbody>"]
    for r in range(len(matrix.rows)):
        cells = []
        for k in range(len(matrix.cases)):
            c = matrix.cells[r][k].counts
            shown = f"{c.segments} ({c.sources})" if c.segments else "–"
            cells.append(f'<td class="num">{shown}</td>')
        t = matrix.row_counts(r)
        total = f'<td class="num"><b>{t.segments} ({t.sources})</b></td>'
        out.append(f"{_tr(matrix, r)}{_row_head(matrix, r, key=False)}{''.join(cells)}{total}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


_EMPTY = '<span class="counts">–</span>'


def _html_summary(summary: CellSummary) -> str:
    flag = f' <span class="orphan">{ORPHAN_FLAG}</span>' if summary.orphan else ""
    return f'<div class="summary"><b>{SUMMARY_LABEL}:</b> {_esc(summary.text)}{flag}</div>'


def _grid(matrix: Matrix, summaries: Summaries) -> str:
    out = ['<table class="grid">', _head(matrix), "<tbody>"]
    for r, row in enumerate(matrix.rows):
        cells = []
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            first = _html_summary(summary) if summary else ""
            if not cell.excerpts:
                cells.append(f"<td>{first or _EMPTY}</td>")
                continue
            c = cell.counts
            parts = [first, f'<div class="counts">{counts_label(c.segments, c.sources)}</div>']
            parts += [
                f'<p class="excerpt">{_esc(x.text)}<cite>{_esc(x.citation)}</cite></p>'
                for x in cell.excerpts
            ]
            cells.append(f"<td>{''.join(parts)}</td>")
        out.append(f"{_tr(matrix, r)}{_row_head(matrix, r)}{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _listing(matrix: Matrix, summaries: Summaries) -> str:
    out = []
    deepest = max((row.depth for row in matrix.rows), default=0)
    for r, row in enumerate(matrix.rows):
        level = min(row.depth + 3, 6)
        out.append(f"<h{level}>{_esc(row.name)}</h{level}>")
        c = matrix.row_counts(r)
        out.append(f'<p class="counts">{counts_label(c.segments, c.sources)}</p>')
        case_level = min(deepest + 4, 6)
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            if not cell.excerpts and not summary:
                continue
            out.append(f"<h{case_level}>{_esc(case.label)}</h{case_level}>")
            if summary:
                out.append(_html_summary(summary))
            out += [
                f"<blockquote>{_esc(x.text)}<cite>{_esc(x.citation)}</cite></blockquote>"
                for x in cell.excerpts
            ]
    return "\n".join(out)


def _codebook(matrix: Matrix) -> str:
    out = [
        "<table><thead><tr><th>Code</th><th>Description</th><th>Excerpts</th>"
        "<th>Sources</th><th>Words</th></tr></thead><tbody>"
    ]
    for r, row in enumerate(matrix.rows):
        c = matrix.row_counts(r)
        out.append(
            f"{_tr(matrix, r)}{_row_head(matrix, r)}<td>{_esc(row.description) or '–'}</td>"
            f'<td class="num">{c.segments}</td><td class="num">{c.sources}</td>'
            f'<td class="num">{c.words}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)
