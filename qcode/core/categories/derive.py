"""Level-2 categories: sorting a theme's coded segments into categories derived from them.

In the reference study the analysts read the text coded with each level-1 theme and
developed categories under it ("time pressure", "unprepared for conversations", ... under
"complexity of the counsellor role"). Here a **segment** is a coding of the theme itself;
**assigning** it to a category adds a coding of the same span with the category (so it shows
in the reader, the matrix and every export like any coding) and records in
`codings.derived_from` which coding it came from, so a category can always say where it
came from (`provenance.py`).

Every function here is one undoable step. Reshaping the tree (merge, split, promote,
demote) lives in `reshape.py`, suggestions in `suggest.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from qcode.core.codebook.codes import add_code, descendants, list_codes, resolve_code
from qcode.core.codebook.format import slugify
from qcode.core.coding.coders import check_coders
from qcode.core.coding.codings import get_coding
from qcode.core.errors import QcodeError
from qcode.core.excerpts import excerpt_span, natural_key
from qcode.core.model import Code, Coding
from qcode.core.project.store import Change, Project, new_guid, now
from qcode.core.rows import code_from_row
from qcode.core.sources.documents import attributes_by_document, document_texts


@dataclass(frozen=True)
class Assigned:
    """A category a segment is in: the category's code and the coding that puts it there."""

    code_id: int
    key: str
    name: str
    coding_id: int
    coder: str


@dataclass(frozen=True)
class Segment:
    """A coded span as the analyst sorts it: the coding, its text and where it stands."""

    coding_id: int
    code_id: int
    code_key: str
    document_id: int
    document: str
    start: int
    end: int
    text: str  # the coded span widened to whole words
    coder: str
    created_at: str
    memo: str = ""
    derived_from: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    categories: tuple[Assigned, ...] = ()


@dataclass(frozen=True)
class SegmentList:
    """A theme's segments, uncategorised first, with the theme's categories (tree order)."""

    theme: Code
    categories: list[Code]
    segments: list[Segment]

    @property
    def total(self) -> int:
        return len(self.segments)

    @property
    def categorised(self) -> int:
        return sum(1 for s in self.segments if s.categories)

    def segments_per_category(self) -> dict[int, int]:
        """How many of the theme's segments each category (by code id) holds."""
        counts: dict[int, int] = {}
        for segment in self.segments:
            for assigned in segment.categories:
                counts[assigned.code_id] = counts.get(assigned.code_id, 0) + 1
        return counts


# -- reading -------------------------------------------------------------------------------


def code_path(project: Project, code: Code) -> list[Code]:
    """The code and its ancestors, theme first."""
    path = [code]
    while path[0].parent_id is not None:
        row = project.row("codes", path[0].parent_id)
        if row is None:
            break
        path.insert(0, code_from_row(row))
    return path


def theme_of(project: Project, code: Code) -> Code:
    return code_path(project, code)[0]


def _segments_of(project: Project, code: Code) -> tuple[list[Code], list[Segment]]:
    """Codings of `code`, each with the codings of its descendants on the same span."""
    below = [c for c in list_codes(project) if c.id in set(descendants(project, code.id))]
    rows = project.query(
        "SELECT c.*, d.name AS document FROM codings c "
        "JOIN documents d ON d.id = c.document_id WHERE c.code_id = ?",
        [code.id],
    )
    texts = document_texts(project, [r["document_id"] for r in rows])
    assigned: dict[tuple[int, int, int], list[Assigned]] = {}
    if below:
        marks = ",".join("?" * len(below))
        for r in project.query(
            f'SELECT c.id, c.document_id, c.start, c."end", c.coder, c.code_id, k.key, k.name '
            f"FROM codings c JOIN codes k ON k.id = c.code_id WHERE c.code_id IN ({marks}) "
            "ORDER BY k.sort_order, k.name, c.id",
            [c.id for c in below],
        ):
            span = (r["document_id"], r["start"], r["end"])
            assigned.setdefault(span, []).append(
                Assigned(r["code_id"], r["key"], r["name"], r["id"], r["coder"])
            )
    attributes = attributes_by_document(project)
    segments = []
    for r in rows:
        text = texts[r["document_id"]]
        start, end = excerpt_span(text, r["start"], r["end"])
        segments.append(
            Segment(
                coding_id=r["id"],
                code_id=code.id,
                code_key=code.key,
                document_id=r["document_id"],
                document=r["document"],
                start=r["start"],
                end=r["end"],
                text=text[start:end],
                coder=r["coder"],
                created_at=r["created_at"],
                memo=r["memo"],
                derived_from=r.get("derived_from"),
                attributes=attributes.get(r["document_id"], {}),
                categories=tuple(assigned.get((r["document_id"], r["start"], r["end"]), ())),
            )
        )
    segments.sort(
        key=lambda s: (bool(s.categories), natural_key(s.document), s.start, s.end, s.coding_id)
    )
    return below, segments


def segments(project: Project, theme: str, coders: Sequence[str] = ()) -> SegmentList:
    """The theme's coded segments (codings of the theme itself) with the categories each is
    already in: uncategorised first, then by document and offset. `coders`: only the
    segments these coders coded (each must have codings; all coders when empty)."""
    code = resolve_code(project, theme)
    wanted = check_coders(project, coders)
    below, found = _segments_of(project, code)
    if wanted:
        found = [s for s in found if s.coder in wanted]
    return SegmentList(code, below, found)


def category_segments(project: Project, category: str) -> list[Segment]:
    """The codings of a category, each with its sub-categories on the same span."""
    _, found = _segments_of(project, resolve_code(project, category))
    return sorted(found, key=lambda s: (natural_key(s.document), s.start, s.end, s.coding_id))


# -- creating categories -------------------------------------------------------------------


def _free_key(project: Project, name: str, parent: Code | None) -> str:
    """A key for a new code: its name's slug, else prefixed with the parent's key (two
    themes may both grow a category "Time"), else numbered."""
    base = slugify(name) or "category"
    candidates = [base]
    if parent is not None:
        candidates.append(f"{parent.key}-{base}")
    taken = {r["key"] for r in project.query("SELECT key FROM codes")}
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    n = 2
    while f"{candidates[-1]}-{n}" in taken:
        n += 1
    return f"{candidates[-1]}-{n}"


def add_category(
    project: Project,
    theme: str,
    name: str,
    key: str | None = None,
    colour: str | None = None,
    shortcut: str | None = None,
    description: str = "",
) -> Code:
    """A new category under `theme` (a theme, or a category for a deeper level)."""
    parent = resolve_code(project, theme)
    _check_new_name(project, parent, name)
    key = key or _free_key(project, name, parent)
    return add_code(project, name, key, parent.key, colour, shortcut, description)


def _check_new_name(project: Project, parent: Code, name: str) -> None:
    """Two sibling categories of one name would be told apart by nobody."""
    if not name.strip():
        raise QcodeError("a category needs a name")
    same = project.query(
        "SELECT key, name FROM codes WHERE parent_id = ? AND lower(name) = lower(?)",
        [parent.id, name.strip()],
    )
    if same:
        raise QcodeError(
            f"'{parent.name}' already has a category '{same[0]['name']}' ({same[0]['key']})"
        )


def insert_code(ch: Change, name: str, key: str, parent: Code, description: str = "") -> Code:
    """Insert a category row inside an action already under way (split, accept a
    suggestion), so creating it and filling it are one undoable step."""
    project = ch.project
    if project.query("SELECT 1 FROM codes WHERE key = ?", [key]):
        raise QcodeError(f"a code with key '{key}' already exists")
    (order,) = project.conn.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM codes").fetchone()
    code_id = ch.insert(
        "codes",
        {
            "guid": new_guid(),
            "key": key,
            "name": name.strip(),
            "parent_id": parent.id,
            "level": parent.level + 1,
            "colour": parent.colour,
            "shortcut": None,
            "description": description,
            "sort_order": order,
            "created_at": now(),
            "created_by": project.coder,
        },
    )
    return code_from_row(project.row("codes", code_id) or {})


# -- assigning -----------------------------------------------------------------------------


def _is_below(project: Project, category: Code, code_id: int) -> bool:
    return category.id in descendants(project, code_id)


def _check_assignable(project: Project, coding: Coding, category: Code) -> Code:
    source = code_from_row(project.row("codes", coding.code_id) or {})
    if not _is_below(project, category, source.id):
        where = theme_of(project, category)
        raise QcodeError(
            f"coding {coding.id} is coded as '{source.name}', but '{category.name}' is a "
            + (
                f"category of '{where.name}'"
                if where.id != category.id
                else "theme, not one of its categories"
            )
        )
    return source


def _same_span(
    project: Project, coding: Coding | dict[str, Any], code_ids: Iterable[int]
) -> list[dict[str, Any]]:
    ids = list(code_ids)
    if not ids:
        return []
    c = coding if isinstance(coding, dict) else coding.__dict__
    return project.query(
        f'SELECT * FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
        f"AND code_id IN ({','.join('?' * len(ids))}) ORDER BY id",
        [c["document_id"], c["start"], c["end"], *ids],
    )


def assign_in(ch: Change, coding: Coding, category: Code, replace: bool = False) -> int:
    """Assign inside an action under way; returns the new coding's id."""
    project = ch.project
    source = _check_assignable(project, coding, category)
    existing = _same_span(project, coding, [category.id])
    if any(r["coder"] == project.coder for r in existing):
        raise QcodeError(f"coding {coding.id} is already in category '{category.name}'")
    if replace:
        others = [i for i in descendants(project, source.id) if i != category.id]
        for row in _same_span(project, coding, others):
            ch.delete("codings", row["id"])
    return ch.insert(
        "codings",
        {
            "guid": new_guid(),
            "document_id": coding.document_id,
            "code_id": category.id,
            "start": coding.start,
            "end": coding.end,
            "coder": project.coder,
            "created_at": now(),
            "memo": "",
            "derived_from": coding.id,
        },
    )


def _doc_name(project: Project, document_id: int) -> str:
    rows = project.query("SELECT name FROM documents WHERE id = ?", [document_id])
    return rows[0]["name"] if rows else "?"


def assign(project: Project, coding_id: int, category: str, replace: bool = False) -> Coding:
    """Put the segment `coding_id` into `category` (which must be below the segment's code):
    a coding of the same span with the category, derived from the segment.

    With `replace`, the segment leaves the other categories it is in under the same code in
    the same step: that is how a segment moves from one category to another."""
    target = resolve_code(project, category)
    coding = get_coding(project, coding_id)
    verb = "moved" if replace else "assigned"
    summary = (
        f"{verb} coding {coding_id} ({_doc_name(project, coding.document_id)} "
        f"{coding.start}-{coding.end}) to category {target.key}"
    )
    params = {"coding": coding_id, "category": target.key, "replace": replace}
    with project.change("category assign", summary, params) as ch:
        coding = get_coding(project, coding_id)  # re-read under the write lock
        new_id = assign_in(ch, coding, target, replace)
    return get_coding(project, new_id)


def reassign(project: Project, coding_id: int, source: str, target: str) -> Coding:
    """Move a segment from category `source` to category `target`, as one step."""
    old = resolve_code(project, source)
    new = resolve_code(project, target)
    coding = get_coding(project, coding_id)
    summary = f"moved coding {coding_id} from category {old.key} to {new.key}"
    params = {"coding": coding_id, "from": old.key, "to": new.key}
    with project.change("category assign", summary, params) as ch:
        coding = get_coding(project, coding_id)
        removed = unassign_in(ch, coding, old)
        if not removed:
            raise QcodeError(f"coding {coding_id} is not in category '{old.name}'")
        new_id = assign_in(ch, coding, new)
    return get_coding(project, new_id)


def unassign_in(ch: Change, coding: Coding, category: Code) -> int:
    rows = _same_span(ch.project, coding, [category.id])
    for row in rows:
        if row["id"] != coding.id:
            ch.delete("codings", row["id"])
    return sum(1 for r in rows if r["id"] != coding.id)


def unassign(project: Project, coding_id: int, category: str) -> int:
    """Take the segment `coding_id` out of `category` (every coding of the category on the
    segment's span); returns how many codings were removed."""
    target = resolve_code(project, category)
    get_coding(project, coding_id)
    summary = f"took coding {coding_id} out of category {target.key}"
    with project.change(
        "category unassign", summary, {"coding": coding_id, "category": target.key}
    ) as ch:
        removed = unassign_in(ch, get_coding(project, coding_id), target)
        if not removed:
            raise QcodeError(f"coding {coding_id} is not in category '{target.name}'")
    return removed
