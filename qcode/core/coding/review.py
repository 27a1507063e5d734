"""Reviewing keyword suggestions: the analyst accepts, rejects or skips each one.

Accepting turns a suggestion into a coding (same span, its code, the current coder) and
marks it accepted with the coding's id; rejecting marks it rejected, which `suggest`
remembers so the unit is never proposed again for that code. Each call is one undoable
step, however many suggestions it decides.

`ReviewQueue` is what a TUI drives: the next open suggestion in context (with the matched
words to highlight), accept / reject / skip, accept all of one code, and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qcode.core.codebook.codes import resolve_code
from qcode.core.coding.keywords import DEFAULT_THRESHOLD, Matcher, keyword, vocabulary
from qcode.core.errors import NotFound, QcodeError
from qcode.core.project.store import Project, new_guid, now

CONTEXT_CHARS = 80


@dataclass(frozen=True)
class SuggestionView:
    """One suggestion with what a person needs to judge it."""

    id: int
    document: str
    document_id: int
    code: str  # key
    code_name: str
    start: int
    end: int
    keyword: str
    score: float
    status: str
    text: str  # the suggested passage
    before: str  # context before it (same paragraph at most)
    after: str  # context after it
    matches: tuple[tuple[int, int], ...]  # the matched words, as document offsets
    coding_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "keyword": self.keyword,
            "score": self.score,
            "status": self.status,
            "text": self.text,
            "before": self.before,
            "after": self.after,
            "matches": [list(m) for m in self.matches],
            "coding_id": self.coding_id,
        }


@dataclass
class Decision:
    accepted: list[int]  # suggestion ids
    rejected: list[int]
    codings: list[int]  # codings created by accepting
    unchanged: list[int]  # already decided before


_SELECT = (
    "SELECT s.*, d.name AS document, d.text AS doc_text, c.key AS code_key, "
    "c.name AS code_name, c.keywords AS code_keywords FROM suggestions s "
    "JOIN documents d ON d.id = s.document_id JOIN codes c ON c.id = s.code_id"
)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    left = left[left.rfind("\n") + 1 :] if "\n" in left else left
    right = right[: right.find("\n")] if "\n" in right else right
    return left, right


def _matches(row: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """Where the code's keywords match inside the passage (recomputed: cheap for one
    passage, and always true to the current keywords)."""
    import json

    text = row["doc_text"][row["start"] : row["end"]]
    words = [k for t in json.loads(row["code_keywords"] or "[]") if (k := keyword(0, t))]
    if not words:
        return ()
    matcher = Matcher(words, vocabulary([text]), DEFAULT_THRESHOLD)
    spans = sorted({(h.start, h.end) for h in matcher.scan(text)})
    return tuple((row["start"] + s, row["start"] + e) for s, e in spans)


def _view(row: dict[str, Any]) -> SuggestionView:
    before, after = _context(row["doc_text"], row["start"], row["end"])
    return SuggestionView(
        id=row["id"],
        document=row["document"],
        document_id=row["document_id"],
        code=row["code_key"],
        code_name=row["code_name"],
        start=row["start"],
        end=row["end"],
        keyword=row["keyword"],
        score=row["score"],
        status=row["status"],
        text=row["doc_text"][row["start"] : row["end"]],
        before=before,
        after=after,
        matches=_matches(row),
        coding_id=row["coding_id"],
    )


def list_suggestions(
    project: Project,
    code: str | None = None,
    status: str | None = "open",
    document: str | None = None,
) -> list[SuggestionView]:
    """Suggestions in reading order (document, then position), open ones by default."""
    where: list[str] = []
    params: list[Any] = []
    if code is not None:
        where.append("s.code_id = ?")
        params.append(resolve_code(project, code).id)
    if status is not None:
        where.append("s.status = ?")
        params.append(status)
    if document is not None:
        where.append("d.name = ?")
        params.append(document)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY d.name, s.start, c.sort_order, s.id"
    return [_view(r) for r in project.query(sql, params)]


def open_in_order(project: Project, code: str | None = None) -> list[int]:
    """Ids of the open suggestions in `list_suggestions`' reading order, without reading
    any document's text: a review queue needs the order of thousands, and a view of one."""
    sql = (
        "SELECT s.id FROM suggestions s JOIN documents d ON d.id = s.document_id "
        "JOIN codes c ON c.id = s.code_id WHERE s.status = 'open'"
    )
    params: list[Any] = []
    if code is not None:
        sql += " AND s.code_id = ?"
        params.append(resolve_code(project, code).id)
    sql += " ORDER BY d.name, s.start, c.sort_order, s.id"
    return [r["id"] for r in project.query(sql, params)]


def get_suggestion(project: Project, suggestion_id: int) -> SuggestionView:
    rows = project.query(_SELECT + " WHERE s.id = ?", [suggestion_id])
    if not rows:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    return _view(rows[0])


def suggestion_counts(project: Project) -> dict[str, dict[str, int]]:
    """{code key: {"open": n, "accepted": n, "rejected": n}}."""
    out: dict[str, dict[str, int]] = {}
    for r in project.query(
        "SELECT c.key, s.status, count(*) AS n FROM suggestions s "
        "JOIN codes c ON c.id = s.code_id GROUP BY c.key, s.status ORDER BY c.sort_order"
    ):
        out.setdefault(r["key"], {"open": 0, "accepted": 0, "rejected": 0})[r["status"]] = r["n"]
    return out


def decide(project: Project, ids: list[int], verdict: str) -> Decision:
    """Accept or reject suggestions by id, as one undoable step. A suggestion decided
    before is left as it is and reported; an unknown id aborts with nothing changed."""
    if verdict not in ("accept", "reject"):
        raise ValueError(verdict)
    if not ids:
        raise QcodeError("no suggestions given")
    result = Decision([], [], [], [])
    stamp = now()
    with project.change(verdict, "", {"suggestions": ids if len(ids) <= 50 else len(ids)}) as ch:
        for sid in dict.fromkeys(ids):
            row = project.row("suggestions", sid)
            if row is None:
                raise NotFound(f"no suggestion with id {sid}")
            if row["status"] != "open":
                result.unchanged.append(sid)
                continue
            values: dict[str, Any] = {"decided_by": project.coder, "decided_at": stamp}
            if verdict == "accept":
                coding_id = _existing_coding(project, row) or ch.insert(
                    "codings",
                    {
                        "guid": new_guid(),
                        "document_id": row["document_id"],
                        "code_id": row["code_id"],
                        "start": row["start"],
                        "end": row["end"],
                        "coder": project.coder,
                        "created_at": stamp,
                        "memo": "",
                    },
                )
                ch.update(
                    "suggestions", sid, {**values, "status": "accepted", "coding_id": coding_id}
                )
                result.accepted.append(sid)
                result.codings.append(coding_id)
            else:
                ch.update("suggestions", sid, {**values, "status": "rejected"})
                result.rejected.append(sid)
        done = len(result.accepted) + len(result.rejected)
        ch.summary = f"{verdict}ed {done} suggestion(s)"
    return result


def _existing_coding(project: Project, row: dict[str, Any]) -> int | None:
    """The analyst may have coded the same span by hand meanwhile: accepting then links
    to that coding instead of making a duplicate."""
    same = project.query(
        'SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND start = ? AND "end" = ? '
        "AND coder = ?",
        [row["document_id"], row["code_id"], row["start"], row["end"], project.coder],
    )
    return same[0]["id"] if same else None


def accept(project: Project, ids: list[int]) -> Decision:
    return decide(project, ids, "accept")


def reject(project: Project, ids: list[int]) -> Decision:
    return decide(project, ids, "reject")


def open_ids(project: Project, code: str) -> list[int]:
    code_id = resolve_code(project, code).id
    rows = project.query(
        "SELECT id FROM suggestions WHERE status = 'open' AND code_id = ? ORDER BY id", [code_id]
    )
    return [r["id"] for r in rows]


def decide_all(project: Project, code: str, verdict: str) -> Decision:
    """Accept or reject every open suggestion of one code, as one step."""
    ids = open_ids(project, code)
    if not ids:
        raise QcodeError(f"no open suggestions for code '{code}'")
    return decide(project, ids, verdict)


class ReviewQueue:
    """Open suggestions one at a time, for an interactive reviewer.

    Skipped suggestions stay open (for a later session) and come back only after the
    rest of the queue; decisions go straight to the project, each one undoable."""

    def __init__(self, project: Project, code: str | None = None) -> None:
        self.project = project
        self.code = code
        self.skipped: list[int] = []

    def current(self) -> SuggestionView | None:
        """The next open suggestion not skipped; when only skipped ones are left, those
        (the skip list then starts again). Only that one is read in full."""
        ids = open_in_order(self.project, self.code)
        if not ids:
            return None
        skipped = set(self.skipped)
        chosen = next((i for i in ids if i not in skipped), None)
        if chosen is None:
            self.skipped.clear()
            chosen = ids[0]
        return get_suggestion(self.project, chosen)

    def accept(self) -> SuggestionView | None:
        item = self.current()
        if item is not None:
            accept(self.project, [item.id])
        return self.current()

    def reject(self) -> SuggestionView | None:
        item = self.current()
        if item is not None:
            reject(self.project, [item.id])
        return self.current()

    def skip(self) -> SuggestionView | None:
        item = self.current()
        if item is not None:
            self.skipped.append(item.id)
        return self.current()

    def accept_all(self, code: str | None = None) -> Decision:
        target = code or self.code
        if target is None:
            raise QcodeError("accept all needs a code")
        return decide_all(self.project, target, "accept")

    def counts(self) -> dict[str, int]:
        """open, skipped (this session), accepted, rejected: for a progress line."""
        totals = {"open": 0, "accepted": 0, "rejected": 0}
        for key, by_status in suggestion_counts(self.project).items():
            if self.code is None or key == resolve_code(self.project, self.code).key:
                for status, n in by_status.items():
                    totals[status] += n
        return {**totals, "skipped": len(self.skipped)}
