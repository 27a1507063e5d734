"""Two coders' codings read from a project and compared (`qcode agreement`).

What is compared: the documents both coders coded (each has at least one coding in it,
with any code, so a code one coder never used there counts as disagreement), laid end
to end as one continuum of characters in import order; the codes either coder used in
them (or those asked for). Positions come from the store as code points, and document
lengths from SQLite's `length()`, so no document text is read into Python.

Bad input is refused before anything is computed, in one line: two different coders
must be given, each known to the project and with codings; codes and documents named
must exist, and a document named must have been coded by both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from qcode.core.analysis.agreement import Comparison, compare, overall
from qcode.core.analysis.unitized import Span
from qcode.core.codebook.codes import list_codes, resolve_code
from qcode.core.errors import NotFound, QcodeError, did_you_mean
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.sources.documents import get_document


@dataclass(frozen=True)
class AgreementSpec:
    """What to compare: exactly two coders; optionally some codes and documents."""

    coders: tuple[str, ...]
    codes: tuple[str, ...] = ()  # keys or names; empty: every code either coder used
    documents: tuple[str, ...] = ()  # names or ids; empty: every document both coded
    per_document: bool = False  # also each code in each document


@dataclass(frozen=True)
class CodeAgreement:
    code: Code
    comparison: Comparison


@dataclass(frozen=True)
class DocumentAgreement:
    """One code in one document (where either coder coded it), on that document alone."""

    document: str
    code: Code
    characters: int
    comparison: Comparison


@dataclass(frozen=True)
class AgreementResult:
    coders: tuple[str, str]
    project: str
    made_on: str
    documents: tuple[str, ...]  # the compared documents, in continuum order
    characters: int  # their length together: the units of each code
    codes: tuple[CodeAgreement, ...]
    overall: Comparison
    per_document: tuple[DocumentAgreement, ...] = field(default=())


def agreement(project: Project, spec: AgreementSpec) -> AgreementResult:
    """Every figure for `spec`, per code and overall (and per document if asked)."""
    first, second = _checked_coders(project, spec.coders)
    codes = [resolve_code(project, ref) for ref in spec.codes]
    wanted = {code.id for code in codes}
    coded = _documents_coded(project, (first, second))
    if spec.documents:
        doc_ids = _named_documents(project, spec.documents, coded, (first, second))
    else:
        doc_ids = sorted(d for d, coders in coded.items() if len(coders) == 2)
    if not doc_ids:
        raise QcodeError(
            f"{first} and {second} have coded no document in common: nothing to compare"
        )
    names, lengths = _lengths(project, doc_ids)
    offsets: dict[int, int] = {}
    total = 0
    for doc_id in doc_ids:
        offsets[doc_id] = total
        total += lengths[doc_id]

    # code -> coder index -> document -> spans within the document
    spans: dict[int, tuple[dict[int, list[Span]], dict[int, list[Span]]]] = defaultdict(
        lambda: (defaultdict(list), defaultdict(list))
    )
    rows = project.conn.execute(
        'SELECT code_id, document_id, start, "end", coder FROM codings WHERE coder IN (?, ?)',
        [first, second],
    )
    for code_id, doc_id, start, end, coder in rows:
        if (wanted and code_id not in wanted) or doc_id not in offsets:
            continue
        length = lengths[doc_id]
        start, end = min(start, length), min(end, length)
        if end > start:
            spans[code_id][0 if coder == first else 1][doc_id].append((start, end))

    if not codes:
        codes = _codes_in_order(project, set(spans))
    per_code = []
    per_document = []
    for code in codes:
        by_a, by_b = spans.get(code.id, ({}, {}))
        per_code.append(
            CodeAgreement(code, compare(_laid(by_a, offsets), _laid(by_b, offsets), total))
        )
        if spec.per_document:
            for doc_id in doc_ids:
                if doc_id in by_a or doc_id in by_b:
                    length = lengths[doc_id]
                    figures = compare(by_a.get(doc_id, []), by_b.get(doc_id, []), length)
                    per_document.append(DocumentAgreement(names[doc_id], code, length, figures))
    return AgreementResult(
        coders=(first, second),
        project=project.path.name,
        made_on=date.today().isoformat(),
        documents=tuple(names[d] for d in doc_ids),
        characters=total,
        codes=tuple(per_code),
        overall=overall(c.comparison for c in per_code),
        per_document=tuple(per_document),
    )


def _laid(by_document: dict[int, list[Span]], offsets: dict[int, int]) -> list[Span]:
    """A coder's spans of one code on the continuum (each document at its offset)."""
    out: list[Span] = []
    for doc_id, spans in by_document.items():
        shift = offsets[doc_id]
        out.extend((start + shift, end + shift) for start, end in spans)
    return out


def _checked_coders(project: Project, coders: Sequence[str]) -> tuple[str, str]:
    given = [c.strip() for c in coders if c.strip()]
    if len(given) != 2:
        one = f" (given: {', '.join(given)})" if given else ""
        raise QcodeError(f"agreement compares two coders: give --coders A,B{one}")
    if given[0] == given[1]:
        raise QcodeError(f"give two different coders (both are '{given[0]}')")
    with_codings = {
        coder: count
        for coder, count in project.conn.execute(
            "SELECT coder, count(*) FROM codings GROUP BY coder"
        )
    }
    known = set(with_codings) | {
        row[0] for row in project.conn.execute("SELECT DISTINCT coder FROM audit")
    }
    for coder in given:
        if coder not in known:
            listed = ", ".join(sorted(with_codings)) or "none yet"
            raise NotFound(
                f"no coder '{coder}' in the project{did_you_mean(coder, with_codings)} "
                f"(coders with codings: {listed})"
            )
        if coder not in with_codings:
            raise QcodeError(f"coder '{coder}' has no codings to compare")
    return given[0], given[1]


def _documents_coded(project: Project, coders: tuple[str, str]) -> dict[int, set[str]]:
    coded: dict[int, set[str]] = defaultdict(set)
    for doc_id, coder in project.conn.execute(
        "SELECT DISTINCT document_id, coder FROM codings WHERE coder IN (?, ?)", coders
    ):
        coded[doc_id].add(coder)
    return coded


def _named_documents(
    project: Project,
    refs: Sequence[str],
    coded: dict[int, set[str]],
    coders: tuple[str, str],
) -> list[int]:
    chosen: list[int] = []
    for ref in refs:
        document = get_document(project, ref.strip())
        for coder in coders:
            if coder not in coded.get(document.id, set()):
                raise QcodeError(
                    f"document '{document.name}' has no codings by {coder} "
                    "(agreement compares documents both coders coded)"
                )
        if document.id not in chosen:
            chosen.append(document.id)
    return sorted(chosen)


def _lengths(project: Project, doc_ids: list[int]) -> tuple[dict[int, str], dict[int, int]]:
    """Names and lengths in characters (code points, as coding offsets count them); no
    list of ids in the SQL, which SQLite limits to 32,766 parameters."""
    names: dict[int, str] = {}
    lengths: dict[int, int] = {}
    wanted = set(doc_ids)
    for doc_id, name in project.conn.execute("SELECT id, name FROM documents"):
        if doc_id in wanted:
            names[doc_id] = name
            (lengths[doc_id],) = project.conn.execute(
                "SELECT length(text) FROM documents WHERE id = ?", [doc_id]
            ).fetchone()
    return names, lengths


def _codes_in_order(project: Project, ids: set[int]) -> list[Code]:
    """The codes in the code tree's order (as `qcode codes` lists them)."""
    return [code for code in list_codes(project) if code.id in ids] if ids else []
