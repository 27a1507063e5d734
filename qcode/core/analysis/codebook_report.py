"""The derived codebook: the code tree as it stands after categorising, with counts and
an example excerpt per code.

This is what goes into a thesis appendix: each theme, the categories developed under it,
how much text each covers (codings, documents) and one excerpt that shows what it means.
A theme's own counts and its counts with its categories are kept apart: a segment sorted
into a category is usually coded with the theme too, and adding the two would count it
twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qcode.core.codebook.codes import list_codes
from qcode.core.excerpts import excerpt_span, natural_key
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.sources.documents import document_texts

EXAMPLE_TARGET = 160  # characters: long enough to say something, short enough to quote
EXAMPLE_MAX = 400


@dataclass(frozen=True)
class Example:
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CodeReport:
    code: Code
    depth: int  # 0 for a theme
    codings: int  # codings of the code itself
    documents: int
    total_codings: int  # with every category below it
    total_documents: int
    example: Example | None

    @property
    def has_categories(self) -> bool:
        return self.total_codings != self.codings or self.total_documents != self.documents


def _example(text: str, document: str, start: int, end: int) -> Example:
    s, e = excerpt_span(text, start, end)
    excerpt = " ".join(text[s:e].split())
    if len(excerpt) > EXAMPLE_MAX:
        cut = excerpt.rfind(" ", 0, EXAMPLE_MAX)
        excerpt = excerpt[: cut if cut > EXAMPLE_MAX // 2 else EXAMPLE_MAX].rstrip(",;:") + " …"
    return Example(document, s, e, excerpt)


def codebook_report(project: Project, examples: bool = True) -> list[CodeReport]:
    """Every code in tree order with its counts (and an example excerpt)."""
    tree = list_codes(project)
    rows = project.query(
        'SELECT c.code_id, c.document_id, c.start, c."end", d.name FROM codings c '
        "JOIN documents d ON d.id = c.document_id"
    )
    own: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        own.setdefault(r["code_id"], []).append(r)
    children: dict[int | None, list[int]] = {}
    for code in tree:
        children.setdefault(code.parent_id, []).append(code.id)

    def below(code_id: int) -> list[int]:
        out = [code_id]
        for child in children.get(code_id, []):
            out += below(child)
        return out

    depth: dict[int, int] = {}
    for code in tree:
        depth[code.id] = depth[code.parent_id] + 1 if code.parent_id in depth else 0
    chosen = {c.id: _pick(own.get(c.id, [])) for c in tree} if examples else {}
    texts = document_texts(project, [r["document_id"] for r in chosen.values() if r])
    report = []
    for code in tree:
        mine = own.get(code.id, [])
        everything = [r for i in below(code.id) for r in own.get(i, [])]
        pick = chosen.get(code.id)
        report.append(
            CodeReport(
                code=code,
                depth=depth[code.id],
                codings=len(mine),
                documents=len({r["document_id"] for r in mine}),
                total_codings=len(everything),
                total_documents=len({r["document_id"] for r in everything}),
                example=_example(
                    texts[pick["document_id"]], pick["name"], pick["start"], pick["end"]
                )
                if pick
                else None,
            )
        )
    return report


def _pick(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The coding whose length is nearest a quotable excerpt; the first in document order
    among equals, so the same project gives the same example."""
    if not rows:
        return None
    return min(
        rows,
        key=lambda r: (
            abs((r["end"] - r["start"]) - EXAMPLE_TARGET),
            natural_key(r["name"]),
            r["start"],
        ),
    )
