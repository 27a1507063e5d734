"""The JSON shapes of model objects, built in one place.

`qcode ... --json` output is an interface scripts depend on; the CLI and the exports
build it from these functions so one object always has one shape, with keys in a stable
order (the order a reader of the JSON expects, not the dataclass field order). Knowing the
results of every core package, this module sits above them (below export only).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qcode.core.model import AuditEntry, Code, Coding, Document, Memo, Section, Turn

if TYPE_CHECKING:  # types only: `qcode status --json` need not import search and suggestions
    from qcode.core.analysis.agreement import Comparison
    from qcode.core.analysis.agreement_data import AgreementResult
    from qcode.core.analysis.codebook_report import CodeReport
    from qcode.core.analysis.matrix import Matrix
    from qcode.core.analysis.summaries import CellSummary
    from qcode.core.analysis.views import SavedView
    from qcode.core.categories.derive import SegmentList
    from qcode.core.categories.suggest import SuggestResult as CategorySuggestions
    from qcode.core.coding.autocode import AutocodeResult
    from qcode.core.coding.coders import CoderSummary
    from qcode.core.coding.codings import CodingView
    from qcode.core.coding.suggest import SuggestResult
    from qcode.core.sources.documents import DocumentSummary


def section_json(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "level": section.level,
        "start": section.start,
        "end": section.end,
    }


def turn_json(turn: Turn) -> dict[str, Any]:
    return {
        "speaker": turn.speaker,
        "start": turn.start,
        "end": turn.end,
        "body_start": turn.body_start,
    }


def to_json(value: Any) -> Any:
    """A dataclass (or a list, tuple or dict of them) as plain JSON values: tuples become
    lists, nested dataclasses dicts; what `dataclasses.asdict` gives, kept in one place."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


# -- shapes of `qcode ... --json` (documents, codings, codes, memos, history) -------------


def document_summary_json(summary: DocumentSummary) -> dict[str, Any]:
    """One row of `qcode docs --json`."""
    d = summary.document
    return {
        "name": d.name,
        "kind": d.kind,
        "attributes": d.attributes,
        "chars": summary.chars,
        "codings": summary.codings,
        "guid": d.guid,
        "imported_at": d.imported_at,
        "original_path": d.original_path,
    }


def document_json(document: Document, codings: Sequence[CodingView]) -> dict[str, Any]:
    """A document with its text, structure and codings (`qcode show --json`); each
    coding carries the text it covers."""
    return {
        "name": document.name,
        "kind": document.kind,
        "text": document.text,
        "attributes": document.attributes,
        "guid": document.guid,
        "metadata": document.metadata,
        "sections": [section_json(s) for s in document.sections],
        "turns": [turn_json(t) for t in document.turns],
        "codings": [
            {
                "id": c.coding.id,
                "code": c.code_key,
                "start": c.coding.start,
                "end": c.coding.end,
                "coder": c.coding.coder,
                "memo": c.coding.memo,
                "text": document.text[c.coding.start : c.coding.end],
            }
            for c in codings
        ],
    }


def coding_view_json(view: CodingView) -> dict[str, Any]:
    """One row of `qcode codings --json`."""
    return {
        "id": view.coding.id,
        "document": view.document,
        "code": view.code_key,
        "start": view.coding.start,
        "end": view.coding.end,
        "coder": view.coding.coder,
        "created_at": view.coding.created_at,
        "memo": view.coding.memo,
    }


def coding_json(coding: Coding) -> dict[str, Any]:
    """A coding as stored (`qcode code --json`)."""
    return dataclasses.asdict(coding)


def code_json(code: Code, parent_key: str | None, codings: int) -> dict[str, Any]:
    """One code of the tree (`qcode codes --json`): the parent by key, with its count."""
    return {
        "key": code.key,
        "name": code.name,
        "level": code.level,
        "parent": parent_key,
        "colour": code.colour,
        "shortcut": code.shortcut,
        "codings": codings,
        "description": code.description,
        "keywords": list(code.keywords),
        "guid": code.guid,
    }


def code_tree_json(codes: Sequence[Code], counts: dict[int, int]) -> list[dict[str, Any]]:
    """The code tree in order, each code with its parent's key and its coding count."""
    keys = {c.id: c.key for c in codes}
    return [
        code_json(c, keys.get(c.parent_id) if c.parent_id else None, counts.get(c.id, 0))
        for c in codes
    ]


def code_report_json(entry: CodeReport) -> dict[str, Any]:
    """One code of `qcode codebook show --counts --json`: its own counts and with its
    categories."""
    return {
        "key": entry.code.key,
        "name": entry.code.name,
        "level": entry.code.level,
        "codings": entry.codings,
        "documents": entry.documents,
        "total_codings": entry.total_codings,
        "total_documents": entry.total_documents,
    }


def memo_json(memo: Memo, label: str) -> dict[str, Any]:
    """A memo with what it is on (`qcode memo list --json`)."""
    return {**dataclasses.asdict(memo), "on": label}


def coding_memo_json(view: CodingView) -> dict[str, Any]:
    """A coding's memo, listed beside the memos (`qcode memo list --json`)."""
    return {
        "coding": view.coding.id,
        "on": f"coding {view.coding.id}",
        "text": view.coding.memo,
        "author": view.coding.coder,
    }


def saved_view_json(view: SavedView, last_used: bool = False) -> dict[str, Any]:
    """A saved matrix view (`qcode views list --json`): its options as `qcode matrix`
    takes them; `filters` in the grammar of the workbench's filter prompt."""
    spec = view.spec
    return {
        "name": view.name,
        "rows": list(spec.rows),
        "by": spec.by,
        "nest": spec.nest,
        "filters": dataclasses.replace(spec.filters, coders=()).query(),
        "coders": list(spec.filters.coders),
        "include_empty": spec.include_empty,
        "layout": view.layout,
        "last_used": last_used,
        "created_by": view.created_by,
        "created_at": view.created_at,
        "updated_at": view.updated_at,
    }


def audit_entry_json(
    entry: AuditEntry, changes: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """An audit-log entry (`qcode log --json`), with its row changes when asked for."""
    shape = dataclasses.asdict(entry)
    return shape if changes is None else {**shape, "changes": changes}


def cell_summary_json(summary: CellSummary) -> dict[str, Any]:
    """A matrix cell's summary (`qcode summary list --json`): the cell, then the text."""
    return {
        "code": summary.code,
        "code_name": summary.code_name,
        "by": summary.by,
        "case": summary.case,
        "text": summary.text,
        "orphan": summary.orphan,
        "author": summary.author,
        "created_at": summary.created_at,
        "updated_at": summary.updated_at,
        "guid": summary.guid,
    }


def matrix_summaries_json(summaries: Sequence[CellSummary]) -> list[dict[str, Any]]:
    """The summaries of a matrix's cells (`qcode matrix --json`'s `summaries`), in the order
    given (the matrix's rows, then its cases)."""
    return [cell_summary_json(summary) for summary in summaries]


# -- shapes of categorising and auto-coding ------------------------------------------------


def coder_json(coder: CoderSummary) -> dict[str, Any]:
    """One coder (`qcode coders --json`)."""
    return {
        "name": coder.name,
        "codings": coder.codings,
        "first_change": coder.first_change,
        "last_change": coder.last_change,
        "active": coder.active,
        "mark": coder.mark,
    }


def segment_list_json(listing: SegmentList) -> dict[str, Any]:
    """A theme's segments and categories (`qcode categories list --json`)."""
    counts = listing.segments_per_category()
    return {
        "theme": {"key": listing.theme.key, "name": listing.theme.name},
        "categorised": listing.categorised,
        "total": listing.total,
        "categories": [
            {"key": c.key, "name": c.name, "level": c.level, "segments": counts.get(c.id, 0)}
            for c in listing.categories
        ],
        "segments": [dataclasses.asdict(s) for s in listing.segments],
        "coders": sorted({s.coder for s in listing.segments}, key=str.casefold),
    }


def category_suggestions_json(result: CategorySuggestions) -> dict[str, Any]:
    """Proposed categories for a theme (`qcode categories suggest --json`)."""
    return {
        "theme": result.theme.key,
        "uncategorised": result.uncategorised,
        "left_over": result.left_over,
        "proposals": [{**dataclasses.asdict(p), "size": p.size} for p in result.proposals],
    }


def accepted_category_json(code: Code, made: Sequence[Coding]) -> dict[str, Any]:
    """The category an accepted proposal made, with the codings that put segments in it."""
    return {"key": code.key, "name": code.name, "codings": [c.id for c in made]}


def autocode_json(result: AutocodeResult, dry_run: bool) -> dict[str, Any]:
    """What a structural auto-coding run made or would make (`qcode autocode ... --json`)."""
    return {
        "dry_run": dry_run,
        "codings": [
            {
                "document": p.document,
                "code": p.code,
                "start": p.start,
                "end": p.end,
                "label": p.label,
            }
            for p in result.planned
        ],
        "already": result.already,
        "unmatched": [{"document": d, "what": w} for d, w in result.unmatched],
        "new_codes": result.new_codes,
    }


def keyword_suggestions_json(result: SuggestResult) -> list[dict[str, Any]]:
    """New keyword suggestions (`qcode suggest --json`); ids are null on a dry run."""
    ids: list[int | None] = [*result.ids] or [None] * len(result.proposals)
    return [
        {
            "id": sid,
            "document": p.document,
            "code": p.code_key,
            "start": p.start,
            "end": p.end,
            "keyword": p.keyword,
            "score": p.score,
        }
        for sid, p in zip(ids, result.proposals, strict=True)
    ]


# -- shapes of inter-coder agreement -------------------------------------------------------


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The figures of one code, or of all together: fractions in 0..1 (κ and the alphas
    may go below 0), null where the formula divides by zero."""
    table = comparison.table
    return {
        "percent": table.percent,
        "kappa": table.kappa,
        "alpha": table.alpha,
        "u_alpha": comparison.u_alpha,
        "bp_kappa": table.bp_kappa,
        "a_only": table.a_only,
        "b_only": table.b_only,
        "both": table.both,
        "neither": table.neither,
        "segments_a": comparison.segments_a,
        "segments_b": comparison.segments_b,
    }


def agreement_json(result: AgreementResult) -> dict[str, Any]:
    """`qcode agreement --json`: per code and overall, on character units; each code and
    document of `per_document` only when it was asked for."""
    shape: dict[str, Any] = {
        "coders": list(result.coders),
        "unit": "char",
        "documents": len(result.documents),
        "characters": result.characters,
        "codes": [
            {"code": c.code.key, "name": c.code.name, **comparison_json(c.comparison)}
            for c in result.codes
        ],
        "overall": comparison_json(result.overall),
    }
    if result.per_document:
        shape["per_document"] = [
            {
                "document": d.document,
                "code": d.code.key,
                "characters": d.characters,
                **comparison_json(d.comparison),
            }
            for d in result.per_document
        ]
    return shape


def matrix_to_dict(matrix: Matrix) -> dict[str, Any]:
    """The matrix as JSON-ready data (what `qcode matrix --json` prints)."""
    return {
        "project": matrix.project,
        "made_on": matrix.made_on,
        "by": matrix.by,
        "filters": {
            "coders": list(matrix.spec.filters.coders),
            "kinds": list(matrix.spec.filters.kinds),
            "attributes": [list(a) for a in matrix.spec.filters.attributes],
            "text": matrix.spec.filters.text,
        },
        "include_empty": matrix.spec.include_empty,
        "left_out": matrix.left_out,
        "coders": list(matrix.coders),
        "rows": [vars(r) for r in matrix.rows],
        "cases": [{"label": c.label, "sources": list(c.sources)} for c in matrix.cases],
        "cells": [
            {
                "code": row.key,
                "case": case.label,
                **vars(matrix.cells[r][k].counts),
                "excerpts": [
                    {
                        **vars(e),
                        "coders": list(e.coders),
                        "coding_ids": list(e.coding_ids),
                        "nested": [list(span) for span in e.nested],
                    }
                    for e in matrix.cells[r][k].excerpts
                ],
            }
            for r, row in enumerate(matrix.rows)
            for k, case in enumerate(matrix.cases)
        ],
    }
