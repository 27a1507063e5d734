"""Cell summaries: the analyst's own words on one cell of the matrix (framework charting).

The framework method (Gale et al. 2013; NVivo's framework matrix) adds to a matrix of raw
excerpts what it lacks: a short summary of each cell, written while reading it. A cell is
a code (a row) × a case (a column), and a case is a value of the attribute the matrix's
columns come from (`MatrixSpec.by`): an office, a group, a source's name when there is one
column per document (`by` = `source`), a kind, or "All sources" (`all`). So a summary is
stored as (code, by, case value), and it shows in every matrix whose columns come from that
attribute, whatever its filters.

A summary outlives its excerpts: when the codings of its cell are removed or moved, the
summary stays and is flagged `orphan` ("no excerpts now"), because it is the analyst's work
and losing it silently would be worse than showing it beside an empty cell.

The API, for the CLI, the workbench and the exports:

- `summaries_for(project, matrix)` → `{(row_key, case_label): CellSummary}` for the cells
  of that matrix (one query; a screen keeps the dict and asks it per cell),
- `get_summary(project, code, case, by)` → one `CellSummary` or None,
- `set_summary(project, code, case, text, by)` (add or replace: one audited, undoable
  change), `remove_summary(project, code, case, by)`, `list_summaries(project, by=None)`,
- `case_values(project, by)` → the cases summaries can be written for under `by`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from qcode.core.analysis.matrix import ALL_CASE, SPECIAL_BY, Matrix
from qcode.core.codebook.codes import list_codes, resolve_code
from qcode.core.errors import NotFound, QcodeError, did_you_mean
from qcode.core.excerpts import NONE_CASE, natural_key
from qcode.core.model import Code
from qcode.core.project.store import Project, new_guid, now
from qcode.core.safetext import UNSAFE
from qcode.core.sources.documents import attributes_by_document

__all__ = [
    "CellSummary",
    "case_values",
    "get_summary",
    "list_summaries",
    "remove_summary",
    "set_summary",
    "summaries_for",
]

_LISTED = 12  # case values named in an error before "… (N in all)"


@dataclass(frozen=True)
class CellSummary:
    """One cell's summary. `code` is the row's code key, `case` the column's label (a
    value of the attribute `by`); `orphan` is true when the cell has no excerpts now."""

    code: str
    code_name: str
    by: str
    case: str
    text: str
    author: str
    created_at: str
    updated_at: str
    guid: str = ""
    orphan: bool = False


# -- cases -------------------------------------------------------------------------------


def _check_by(project: Project, by: str) -> str:
    by = by.strip()
    if by in SPECIAL_BY:
        return by
    keys = [r["key"] for r in project.query("SELECT DISTINCT key FROM attributes ORDER BY key")]
    if by in keys:
        return by
    listed = f"attributes: {', '.join(keys)}" if keys else "the project has no attributes"
    raise QcodeError(
        f"no attribute '{by}' to group by ({listed}; or source, kind, all)"
        f"{did_you_mean(by, [*keys, *SPECIAL_BY])}"
    )


def _case_of(project: Project, by: str) -> dict[int, str]:
    """Each document's case under `by`, as the matrix labels its columns."""
    documents = project.query("SELECT id, name, kind FROM documents")
    if by == "source":
        return {d["id"]: d["name"] for d in documents}
    if by == "kind":
        return {d["id"]: d["kind"] for d in documents}
    if by == "all":
        return {d["id"]: ALL_CASE for d in documents}
    attrs = attributes_by_document(project)
    return {d["id"]: attrs.get(d["id"], {}).get(by, "").strip() or NONE_CASE for d in documents}


def case_values(project: Project, by: str = "source") -> list[str]:
    """The cases under `by` (the matrix's columns when nothing is filtered out), sorted
    as the matrix sorts them."""
    by = _check_by(project, by)
    return sorted(set(_case_of(project, by).values()), key=natural_key)


def _match(case: str, values: list[str]) -> str | None:
    """`case` among `values`: as typed, else with its white space tidied, else the one
    value equal to it ignoring case."""
    for candidate in (case, case.strip(), " ".join(case.split())):
        if candidate in values:
            return candidate
    folded = [
        v for v in values if " ".join(v.split()).casefold() == " ".join(case.split()).casefold()
    ]
    return folded[0] if len(folded) == 1 else None


def _resolve_case(project: Project, by: str, case: str) -> str:
    """The case as stored: exactly as given, else the one value equal to it ignoring case."""
    values = case_values(project, by)
    found = _match(case, values)
    if found is not None:
        return found
    case = case.strip()
    if not values:
        raise NotFound(f"no {by} '{case}': the project has no sources yet")
    shown = ", ".join(values[:_LISTED])
    if len(values) > _LISTED:
        shown += f", … ({len(values)} in all)"
    raise NotFound(f"no {by} '{case}'{did_you_mean(case, values)}; the {by} values: {shown}")


# -- reading -----------------------------------------------------------------------------


def _from_row(row: dict[str, object], code: Code, orphan: bool = False) -> CellSummary:
    return CellSummary(
        code=code.key,
        code_name=code.name,
        by=str(row["by"]),
        case=str(row["case_value"]),
        text=str(row["text"]),
        author=str(row["author"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        guid=str(row["guid"]),
        orphan=orphan,
    )


def _filled_cells(project: Project, bys: Iterable[str]) -> set[tuple[int, str, str]]:
    """(code id, by, case) of every cell that holds at least one coding."""
    pairs = project.query("SELECT DISTINCT code_id, document_id FROM codings")
    out: set[tuple[int, str, str]] = set()
    for by in set(bys):
        case_of = _case_of(project, by)
        out |= {
            (p["code_id"], by, case_of[p["document_id"]])
            for p in pairs
            if p["document_id"] in case_of
        }
    return out


def list_summaries(project: Project, by: str | None = None) -> list[CellSummary]:
    """Every summary (or those under `by`), in codebook order, then by attribute and case;
    `orphan` when no coding of the code lies in a source of the case any more."""
    if by is not None:
        by = _check_by(project, by)
        rows = project.query("SELECT * FROM summaries WHERE by = ?", [by])
    else:
        rows = project.query("SELECT * FROM summaries")
    if not rows:
        return []
    codes = list_codes(project)
    order = {c.id: i for i, c in enumerate(codes)}
    by_id = {c.id: c for c in codes}
    filled = _filled_cells(project, (r["by"] for r in rows))
    rows.sort(
        key=lambda r: (order.get(r["code_id"], len(order)), r["by"], natural_key(r["case_value"]))
    )
    return [
        _from_row(r, by_id[r["code_id"]], (r["code_id"], r["by"], r["case_value"]) not in filled)
        for r in rows
        if r["code_id"] in by_id
    ]


def summaries_for(project: Project, matrix: Matrix) -> dict[tuple[str, str], CellSummary]:
    """The summaries of `matrix`'s cells, keyed (row key, case label); a summary whose cell
    has no excerpts in this matrix is flagged `orphan`. Summaries of rows or cases the
    matrix does not show are left out. One query: a screen may call it after each change."""
    rows = project.query("SELECT * FROM summaries WHERE by = ?", [matrix.by])
    if not rows:
        return {}
    row_index = {r.key: i for i, r in enumerate(matrix.rows)}
    case_index = {c.label: k for k, c in enumerate(matrix.cases)}
    codes = {c.id: c for c in list_codes(project)}
    out: dict[tuple[str, str], CellSummary] = {}
    for r in rows:
        code = codes.get(r["code_id"])
        if code is None or code.key not in row_index or r["case_value"] not in case_index:
            continue
        cell = matrix.cells[row_index[code.key]][case_index[r["case_value"]]]
        out[(code.key, r["case_value"])] = _from_row(r, code, orphan=not cell.excerpts)
    return out


def get_summary(
    project: Project, code: str | Code, case: str, by: str = "source"
) -> CellSummary | None:
    """One cell's summary, or None (no check that the case exists: a cheap lookup)."""
    found = code if isinstance(code, Code) else resolve_code(project, code)
    rows = project.query(
        "SELECT * FROM summaries WHERE code_id = ? AND by = ? AND case_value = ?",
        [found.id, by, case],
    )
    return _from_row(rows[0], found) if rows else None


# -- changing ----------------------------------------------------------------------------


def _where(code: Code, by: str, case: str) -> str:
    """How the audit log names a cell: `power × Nordby` by source, else `power × office=Nordby`."""
    return f"{code.key} × {case}" if by == "source" else f"{code.key} × {by}={case}"


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise QcodeError(
            "a summary needs some text (to delete one: qcode summary remove CODE CASE)"
        )
    bad = UNSAFE.search(text)
    if bad:
        raise QcodeError(f"a summary cannot hold the control character U+{ord(bad.group()):04X}")
    return text


def set_summary(
    project: Project, code: str | Code, case: str, text: str, by: str = "source"
) -> CellSummary:
    """Write the summary of cell (code, case) under `by`, replacing the one there: one
    audited, undoable change (none at all when the text is the same). The code is a key or
    name; the case must be one of `case_values(project, by)`."""
    text = _clean_text(text)
    by = _check_by(project, by)
    found = code if isinstance(code, Code) else resolve_code(project, code)
    case = _resolve_case(project, by, case)
    where = _where(found, by, case)
    params = {"code": found.key, "by": by, "case": case}
    with project.change("summary", f"summary of {where}", params) as ch:
        rows = project.query(
            "SELECT id, text FROM summaries WHERE code_id = ? AND by = ? AND case_value = ?",
            [found.id, by, case],
        )
        stamp = now()
        if not rows:
            ch.insert(
                "summaries",
                {
                    "guid": new_guid(),
                    "code_id": found.id,
                    "by": by,
                    "case_value": case,
                    "text": text,
                    "author": project.coder,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
        elif rows[0]["text"] != text:
            ch.summary = f"changed summary of {where}"
            ch.update(
                "summaries",
                rows[0]["id"],
                {"text": text, "author": project.coder, "updated_at": stamp},
            )
    summary = get_summary(project, found, case, by)
    assert summary is not None
    return summary


def remove_summary(
    project: Project, code: str | Code, case: str, by: str = "source"
) -> CellSummary:
    """Delete the summary of cell (code, case) under `by` (one undoable change)."""
    by = _check_by(project, by)
    found = code if isinstance(code, Code) else resolve_code(project, code)
    near = [s.case for s in list_summaries(project, by) if s.code == found.key]
    stored = _match(case, near)
    existing = get_summary(project, found, stored, by) if stored is not None else None
    if existing is None:
        hint = did_you_mean(case, near) or (f" (its summaries: {', '.join(near)})" if near else "")
        where = f"'{case}'" if by == "source" else f"{by}='{case}'"
        raise NotFound(f"no summary of {found.key} × {where}{hint}")
    where = _where(found, by, existing.case)
    params = {"code": found.key, "by": by, "case": existing.case}
    with project.change("summary remove", f"removed summary of {where}", params) as ch:
        rows = project.query(
            "SELECT id FROM summaries WHERE code_id = ? AND by = ? AND case_value = ?",
            [found.id, by, existing.case],
        )
        ch.delete("summaries", rows[0]["id"])
    return existing
