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
    citation,
    clean,
    counts_label,
    title_lines,
    word_count,
)
from qcode.core.export.i18n import ENGLISH, Labels

Summaries = Mapping[tuple[str, str], CellSummary]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _md_summary(summary: CellSummary, labels: Labels) -> list[str]:
    lines = [md_escape(line) for line in summary.text.split("\n") if line.strip()]
    flag = f" *{md_escape(labels.gettext(ORPHAN_FLAG))}*" if summary.orphan else ""
    label = md_escape(labels.gettext(SUMMARY_LABEL))
    return [f"**{label}:** " + "  \n".join(lines) + flag, "", "---", ""]


def write_markdown(
    matrix: Matrix,
    path: Path,
    pseudonyms: str,
    summaries: Summaries | None = None,
    labels: Labels = ENGLISH,
) -> None:
    """Markdown has no cell that holds paragraphs, so excerpts are listed per code and case
    after a counts table, whatever the layout."""
    _ = labels.gettext
    summaries = summaries or {}
    title = _("Excerpt matrix: {project}").format(project=md_escape(matrix.project))
    out = [f"# {title}", ""]
    facts = title_lines(matrix, pseudonyms, labels)
    out += [f"- **{label}:** {md_escape(value)}" for label, value in facts]
    out += ["", f"## {_('Overview')}", "", _("Excerpts (and sources) for each code and case.")]
    out.append("")
    cases = " | ".join(md_escape(c.label) for c in matrix.cases)
    out.append(f"| {_('Code')} | {cases} | {_('Total')} |")
    out.append("|---" * (len(matrix.cases) + 2) + "|")
    for r, row in enumerate(matrix.rows):
        counts = [matrix.cells[r][k].counts for k in range(len(matrix.cases))]
        total = matrix.row_counts(r)
        out.append(
            f"| {'&nbsp;&nbsp;' * row.depth}{md_escape(row.name)} | "
            + " | ".join(f"{c.segments} ({c.sources})" if c.segments else "–" for c in counts)
            + f" | {total.segments} ({total.sources}) |"
        )
    out += ["", f"## {_('Excerpts')}", ""]
    deepest = max((row.depth for row in matrix.rows), default=0)
    for r, row in enumerate(matrix.rows):
        out += [f"{'#' * (row.depth + 3)} {md_escape(row.name)}", ""]
        c = matrix.row_counts(r)
        said = f"{counts_label(c.segments, c.sources, labels)} · {word_count(labels, c.words)}"
        out += [f"*{said}*", ""]
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            if not cell.excerpts and not summary:
                continue
            out += [f"{'#' * min(deepest + 4, 6)} {md_escape(case.label)}", ""]
            if summary:
                out += _md_summary(summary, labels)
            for e in cell.excerpts:
                lines = [md_escape(line) for line in e.text.split("\n")]
                out += ["> " + line if line else ">" for line in lines]
                out += [">", f"> — *{md_escape(citation(e, labels))}*", ""]
    heads = (_("Code"), _("Key"), _("Description"), _("Excerpts"), _("Sources"))
    out += [f"## {_('Appendix: codebook')}", "", "| " + " | ".join(heads) + " |"]
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
    matrix: Matrix,
    path: Path,
    layout: str,
    pseudonyms: str,
    summaries: Summaries | None = None,
    labels: Labels = ENGLISH,
) -> None:
    e = _esc
    _ = labels.gettext
    summaries = summaries or {}
    title = e(_("Excerpt matrix: {project}").format(project=matrix.project))
    facts = title_lines(matrix, pseudonyms, labels)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(_html_lang(labels))}"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        '<dl class="facts">',
        *[f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts],
        "</dl>",
        f"<h2>{e(_('Overview'))}</h2>",
        f"<p>{e(_('Excerpts (and sources) for each code and case.'))}</p>",
        _overview(matrix, labels),
        f"<h2>{e(_('Excerpts'))}</h2>",
        _grid(matrix, summaries, labels)
        if layout == "grid"
        else _listing(matrix, summaries, labels),
        f"<h2>{e(_('Appendix: codebook'))}</h2>",
        _codebook(matrix, labels),
        "</body></html>",
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _esc(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _html_lang(labels: Labels) -> str:
    """The page's `lang`: what the catalogue's header says (`Language: nb`), else English."""
    return labels.info().get("language", "en") or "en"


def _head(matrix: Matrix, labels: Labels, total: bool = False) -> str:
    cells = "".join(f'<th scope="col">{_esc(c.label)}</th>' for c in matrix.cases)
    last = f"<th>{_esc(labels.gettext('Total'))}</th>" if total else ""
    return f"<thead><tr><th>{_esc(labels.gettext('Code'))}</th>{cells}{last}</tr></thead>"


def _row_head(matrix: Matrix, r: int, key: bool = True) -> str:
    row = matrix.rows[r]
    pad = f' style="padding-left: {0.5 + 1.2 * row.depth}rem"' if row.depth else ""
    swatch = f'<span class="swatch" style="color: {_esc(row.colour)}">■</span> '
    extra = f'<br><span class="key">{_esc(row.key)}</span>' if key else ""
    return f'<th scope="row"{pad}>{swatch}{_esc(row.name)}{extra}</th>'


def _tr(matrix: Matrix, r: int) -> str:
    return '<tr class="category">' if matrix.rows[r].depth else "<tr>"


def _overview(matrix: Matrix, labels: Labels) -> str:
    out = ['<table class="overview">', _head(matrix, labels, total=True), "<tbody>"]
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


def _html_summary(summary: CellSummary, labels: Labels) -> str:
    orphan = _esc(labels.gettext(ORPHAN_FLAG))
    flag = f' <span class="orphan">{orphan}</span>' if summary.orphan else ""
    label = _esc(labels.gettext(SUMMARY_LABEL))
    return f'<div class="summary"><b>{label}:</b> {_esc(summary.text)}{flag}</div>'


def _grid(matrix: Matrix, summaries: Summaries, labels: Labels) -> str:
    out = ['<table class="grid">', _head(matrix, labels), "<tbody>"]
    for r, row in enumerate(matrix.rows):
        cells = []
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            first = _html_summary(summary, labels) if summary else ""
            if not cell.excerpts:
                cells.append(f"<td>{first or _EMPTY}</td>")
                continue
            c = cell.counts
            counts = counts_label(c.segments, c.sources, labels)
            parts = [first, f'<div class="counts">{_esc(counts)}</div>']
            parts += [
                f'<p class="excerpt">{_esc(x.text)}<cite>{_esc(citation(x, labels))}</cite></p>'
                for x in cell.excerpts
            ]
            cells.append(f"<td>{''.join(parts)}</td>")
        out.append(f"{_tr(matrix, r)}{_row_head(matrix, r)}{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _listing(matrix: Matrix, summaries: Summaries, labels: Labels) -> str:
    out = []
    deepest = max((row.depth for row in matrix.rows), default=0)
    for r, row in enumerate(matrix.rows):
        level = min(row.depth + 3, 6)
        out.append(f"<h{level}>{_esc(row.name)}</h{level}>")
        c = matrix.row_counts(r)
        out.append(f'<p class="counts">{_esc(counts_label(c.segments, c.sources, labels))}</p>')
        case_level = min(deepest + 4, 6)
        for k, case in enumerate(matrix.cases):
            cell = matrix.cells[r][k]
            summary = summaries.get((row.key, case.label))
            if not cell.excerpts and not summary:
                continue
            out.append(f"<h{case_level}>{_esc(case.label)}</h{case_level}>")
            if summary:
                out.append(_html_summary(summary, labels))
            out += [
                f"<blockquote>{_esc(x.text)}<cite>{_esc(citation(x, labels))}</cite></blockquote>"
                for x in cell.excerpts
            ]
    return "\n".join(out)


def _codebook(matrix: Matrix, labels: Labels) -> str:
    _ = labels.gettext
    heads = (_("Code"), _("Description"), _("Excerpts"), _("Sources"), _("Words"))
    out = ["<table><thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in heads)]
    out[0] += "</tr></thead><tbody>"
    for r, row in enumerate(matrix.rows):
        c = matrix.row_counts(r)
        out.append(
            f"{_tr(matrix, r)}{_row_head(matrix, r)}<td>{_esc(row.description) or '–'}</td>"
            f'<td class="num">{c.segments}</td><td class="num">{c.sources}</td>'
            f'<td class="num">{c.words}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)
