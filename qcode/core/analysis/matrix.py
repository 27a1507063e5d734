"""The theme × case excerpt matrix: which coded text falls under which code for which case.

The reference study compiled its excerpts "in matrix form" (theme × source) to see patterns
the raw material hides. This module builds that matrix as plain, frozen data, so the CLI,
the exporters and the TUI all show the same thing: rows are codes in tree order, columns
(cases) are sources or groups of sources, and each cell holds the excerpts with where they
come from. Nothing here writes to the project.

Excerpts are the coded span widened to whole words (a coding made by dragging a mouse
often starts or ends mid-word, and a report must not quote "ke meg forberede"), with
whitespace trimmed. The same span coded by two coders is one excerpt with two coders.
A span coded inside another excerpt of the same cell (a sentence coded again inside its
already coded section) is shown once: folded into the excerpt that holds it, its span kept
in `Excerpt.nested` so a reader can see it was coded on its own too.

Rows without a single excerpt are left out unless asked (`MatrixSpec.include_empty`): an
empty category is a page of "0 excerpts" in a report; `Matrix.left_out` says how many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from qcode.core.codebook.codes import list_codes, resolve_code
from qcode.core.errors import QcodeError
from qcode.core.excerpts import NONE_CASE, natural_key
from qcode.core.model import KINDS, Code
from qcode.core.project.store import Project
from qcode.core.sources.documents import attributes_by_document

from .matrix_model import (
    Case,
    Cell,
    Counts,
    Excerpt,
    Matrix,
    MatrixRow,
    count_words,
)
from .matrix_sources import SourceTexts, read_texts
from .matrix_spec import MatrixFilters, MatrixSpec

__all__ = [  # the model is defined beside, and read from here by every caller
    "ALL_CASE",
    "SPECIAL_BY",
    "build_matrix",
    "check_spec",
    "default_spec",
    "fold_nested",
    "Case",
    "Cell",
    "Counts",
    "Excerpt",
    "Matrix",
    "MatrixRow",
    "SourceTexts",
    "count_words",
]

ALL_CASE = "All sources"
SPECIAL_BY = ("source", "kind", "all")

# sorting by name: the same names sorted again at every build of the matrix view (8,000
# sources' names and every excerpt's source), a pure function of the name
_natural_key = lru_cache(maxsize=65_536)(natural_key)


# -- the model ---------------------------------------------------------------------------


def default_spec(project: Project) -> MatrixSpec:
    """What to show before the analyst has chosen: every theme that has codings (in
    codebook order), by the attribute that groups the sources best (set on the most
    sources, then the fewest cases of at least two), else by source. Read from the
    project, so another study's codebook and attributes get a sensible first matrix."""
    by_doc = attributes_by_document(project)
    values: dict[str, set[str]] = {}
    covered: dict[str, int] = {}
    order: dict[str, int] = {}
    for attrs in by_doc.values():
        for key, value in attrs.items():
            if value.strip():
                values.setdefault(key, set()).add(value.strip())
                covered[key] = covered.get(key, 0) + 1
                order.setdefault(key, len(order))
    grouping = [k for k, v in values.items() if 2 <= len(v) < max(2, len(by_doc))]
    grouping.sort(key=lambda k: (-covered[k], len(values[k]), order[k]))
    return MatrixSpec(rows=(), by=grouping[0] if grouping else "source")


# -- building it -------------------------------------------------------------------------


def check_spec(project: Project, spec: MatrixSpec) -> None:
    """Raise the one-line error `build_matrix` would for `spec` (an unknown code, attribute,
    kind or coder), without building it: what saving a view checks."""
    _check_filters(project, spec.filters)
    _row_codes(project, spec)
    _cases(project, spec.by, {})


def build_matrix(
    project: Project, spec: MatrixSpec | None = None, prepared: SourceTexts | None = None
) -> Matrix:
    """The matrix `spec` asks for (the default: coded themes × source). `prepared`: the
    sources as prepared by earlier builds of this project (see `SourceTexts`)."""
    spec = spec or MatrixSpec()
    filters = spec.filters
    _check_filters(project, filters)
    row_codes = _row_codes(project, spec)
    documents = _documents(project, filters)
    case_of, cases = _cases(project, spec.by, documents)
    row_index = {code.id: i for i, (code, _depth) in enumerate(row_codes)}
    case_index = {case.label: i for i, case in enumerate(cases)}

    codings = _codings(project, list(row_index), list(documents), filters.coders)
    needed = sorted({c["document_id"] for c in codings})
    texts = prepared.read(project, needed) if prepared is not None else read_texts(project, needed)

    # (row, case) -> {(doc, start, end): [coder list, coding ids]}
    grouped: dict[tuple[int, int], dict[tuple[int, int, int], tuple[list[str], list[int]]]] = {}
    for c in codings:
        doc_id = c["document_id"]
        start, end = texts[doc_id].widen(c["start"], c["end"])
        if start >= end:
            continue
        key = (row_index[c["code_id"]], case_index[case_of[doc_id]])
        slot = grouped.setdefault(key, {}).setdefault((doc_id, start, end), ([], []))
        if c["coder"] not in slot[0]:
            slot[0].append(c["coder"])
        slot[1].append(c["id"])

    needle = filters.text.casefold()
    all_coders: set[str] = set()
    cells: list[list[Cell]] = [[Cell() for _ in cases] for _ in row_codes]
    for (r, k), spans in grouped.items():
        excerpts = []
        for (doc_id, start, end), (coders, ids) in spans.items():
            doc = texts[doc_id]
            excerpt_text = doc.text[start:end]
            if needle and needle not in excerpt_text.casefold():
                continue
            excerpts.append(doc.excerpt(start, end, excerpt_text, tuple(coders), tuple(ids)))
            all_coders.update(coders)
        excerpts.sort(key=lambda e: (_natural_key(e.source), e.start, -e.end, e.coding_ids))
        cells[r][k] = Cell(fold_nested(excerpts))

    rows = [
        MatrixRow(code.key, code.name, code.level, depth, code.description, code.colour)
        for code, depth in row_codes
    ]
    kept = list(range(len(rows)))
    if not spec.include_empty:
        # a matrix with no excerpts at all keeps its rows: the analyst sees what was asked
        summarised = _summarised_rows(project, spec.by, row_codes, cases)
        kept = _rows_with_excerpts(rows, cells, summarised) or kept
    return Matrix(
        project=project.path.stem,
        made_on=date.today().isoformat(),
        by=spec.by,
        spec=spec,
        rows=tuple(rows[i] for i in kept),
        cases=tuple(cases),
        cells=tuple(tuple(cells[i]) for i in kept),
        coders=tuple(sorted(all_coders, key=str.casefold)),
        left_out=len(rows) - len(kept),
    )


def fold_nested(excerpts: list[Excerpt]) -> tuple[Excerpt, ...]:
    """One cell's excerpts (sorted by source, start, longest first) with each excerpt that
    lies inside another of the same source folded into it: the words are shown once, the
    inner span kept in `nested`, its coders and coding ids added to the outer one's."""
    out: list[Excerpt] = []
    for e in excerpts:
        outer = out[-1] if out else None
        if outer is None or outer.source != e.source or e.end > outer.end:
            out.append(e)
            continue
        coders = outer.coders + tuple(c for c in e.coders if c not in outer.coders)
        out[-1] = replace(
            outer,
            coders=coders,
            coding_ids=outer.coding_ids + e.coding_ids,
            nested=(*outer.nested, (e.start, e.end), *e.nested),
        )
    return tuple(out)


def _summarised_rows(
    project: Project, by: str, row_codes: list[tuple[Code, int]], cases: list[Case]
) -> set[int]:
    """Indexes of the rows with a cell summary in one of these cases (core/analysis/
    summaries.py): kept like a row with excerpts, so a summary whose excerpts are gone
    is still shown (flagged) rather than lost with its row."""
    labels = {case.label for case in cases}
    ids = {
        r["code_id"]
        for r in project.query("SELECT code_id, case_value FROM summaries WHERE by = ?", [by])
        if r["case_value"] in labels
    }
    return {i for i, (code, _depth) in enumerate(row_codes) if code.id in ids}


def _rows_with_excerpts(
    rows: list[MatrixRow], cells: list[list[Cell]], summarised: set[int] | None = None
) -> list[int]:
    """Indexes of the rows to show: those with excerpts (or a cell summary), and those with
    a row beneath them (deeper, before the next row at their depth) that has, so the tree
    stays whole."""
    also = summarised or set()
    has = [any(cell.excerpts for cell in row) or i in also for i, row in enumerate(cells)]
    kept = []
    for i, row in enumerate(rows):
        below = i + 1
        while below < len(rows) and rows[below].depth > row.depth:
            below += 1
        if any(has[i:below]):
            kept.append(i)
    return kept


def _check_filters(project: Project, filters: MatrixFilters) -> None:
    for kind in filters.kinds:
        if kind not in KINDS:
            raise QcodeError(f"unknown source kind '{kind}'; choose from {', '.join(KINDS)}")
    known = _attribute_keys(project)
    for key, _value in filters.attributes:
        if key not in known:
            raise QcodeError(f"no attribute '{key}' in the project{_known_hint(known)}")
    if filters.coders:
        coders = {r["coder"] for r in project.query("SELECT DISTINCT coder FROM codings")}
        missing = [c for c in filters.coders if c not in coders]
        if missing:
            listed = ", ".join(sorted(coders)) or "none yet"
            raise QcodeError(f"no codings by '{missing[0]}' (coders: {listed})")


def _attribute_keys(project: Project) -> list[str]:
    return [r["key"] for r in project.query("SELECT DISTINCT key FROM attributes ORDER BY key")]


def _known_hint(known: list[str]) -> str:
    return f" (attributes: {', '.join(known)})" if known else " (it has no attributes)"


def _row_codes(project: Project, spec: MatrixSpec) -> list[tuple[Code, int]]:
    """The row codes in tree order, with their depth in the matrix."""
    tree = list_codes(project)
    if not tree:
        raise QcodeError("the project has no codes yet (qcode codebook load FILE)")
    chosen: set[int] = set()
    for ref in spec.rows:
        ref = ref.strip()
        if not ref:
            continue
        if ref in ("themes", "categories") and not any(c.key == ref for c in tree):
            chosen.update(c.id for c in tree if (c.level == 1) == (ref == "themes"))
            continue
        chosen.add(resolve_code(project, ref).id)
    if not spec.rows:
        coded = {r["code_id"] for r in project.query("SELECT DISTINCT code_id FROM codings")}
        themes = [c for c in tree if c.level == 1]
        chosen = {c.id for c in themes if c.id in coded} or {c.id for c in themes}
    parents = {c.id: c.parent_id for c in tree}

    def ancestors(code_id: int) -> Iterable[int]:
        parent = parents.get(code_id)
        while parent is not None:
            yield parent
            parent = parents.get(parent)

    if spec.nest:
        chosen |= {c.id for c in tree if any(a in chosen for a in ancestors(c.id))}
    return [(c, sum(1 for a in ancestors(c.id) if a in chosen)) for c in tree if c.id in chosen]


@dataclass(frozen=True)
class _DocInfo:
    id: int
    name: str
    kind: str
    attributes: dict[str, str]


def _documents(project: Project, filters: MatrixFilters) -> dict[int, _DocInfo]:
    attrs = attributes_by_document(project)
    wanted: dict[str, set[str]] = {}
    for key, value in filters.attributes:
        wanted.setdefault(key, set()).add(value.casefold())
    out = {}
    for r in project.query("SELECT id, name, kind FROM documents"):
        doc_attrs = attrs.get(r["id"], {})
        if filters.kinds and r["kind"] not in filters.kinds:
            continue
        if any(doc_attrs.get(k, "").casefold() not in v for k, v in wanted.items()):
            continue
        out[r["id"]] = _DocInfo(r["id"], r["name"], r["kind"], doc_attrs)
    return out


def _cases(
    project: Project, by: str, documents: dict[int, _DocInfo]
) -> tuple[dict[int, str], list[Case]]:
    if by not in SPECIAL_BY:
        known = _attribute_keys(project)
        if by not in known:
            raise QcodeError(
                f"no attribute '{by}' to group by{_known_hint(known)}; or use source, kind or all"
            )
    case_of: dict[int, str] = {}
    for doc in documents.values():
        if by == "source":
            label = doc.name
        elif by == "kind":
            label = doc.kind
        elif by == "all":
            label = ALL_CASE
        else:
            label = doc.attributes.get(by, "").strip() or NONE_CASE
        case_of[doc.id] = label
    members: dict[str, list[str]] = {}
    for doc_id, label in case_of.items():
        members.setdefault(label, []).append(documents[doc_id].name)
    cases = [
        Case(label, tuple(sorted(names, key=_natural_key)))
        for label, names in sorted(members.items(), key=lambda item: _natural_key(item[0]))
    ]
    return case_of, cases


def _codings(
    project: Project, code_ids: list[int], doc_ids: list[int], coders: tuple[str, ...]
) -> list[dict[str, Any]]:
    if not code_ids or not doc_ids:
        return []
    sql = (
        'SELECT id, document_id, code_id, start, "end", coder FROM codings '
        "WHERE code_id IN (SELECT value FROM json_each(?)) "
        "AND document_id IN (SELECT value FROM json_each(?))"
    )
    params: list[Any] = [json.dumps(code_ids), json.dumps(doc_ids)]
    if coders:
        sql += " AND coder IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(coders)))
    return project.query(sql + " ORDER BY id", params)


# -- for scripts and the terminal ------------------------------------------------------
