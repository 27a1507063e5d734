"""What a project holds, in one summary: for `qcode status` and the TUI's start page."""

from __future__ import annotations

from dataclasses import dataclass, field

from qcode.core.project.store import Project


@dataclass(frozen=True)
class ProjectStatus:
    path: str
    schema_version: int
    created_at: str
    documents_by_kind: dict[str, int] = field(default_factory=dict)
    characters: int = 0
    sections: int = 0
    turns: int = 0
    attributes: int = 0
    themes: int = 0
    categories: int = 0
    codings: int = 0
    coders: list[str] = field(default_factory=list)
    memos: int = 0
    changes: int = 0
    last_change: str = ""


def project_status(project: Project) -> ProjectStatus:
    def one(sql: str) -> int:
        return int(project.conn.execute(sql).fetchone()[0] or 0)

    kinds = {
        r["kind"]: r["n"]
        for r in project.query(
            "SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY kind"
        )
    }
    last = project.query("SELECT at, coder, summary FROM audit ORDER BY id DESC LIMIT 1")
    return ProjectStatus(
        path=str(project.path),
        schema_version=project.schema_version(),
        created_at=project.meta("created_at") or "",
        documents_by_kind=kinds,
        characters=one("SELECT sum(length(text)) FROM documents"),
        sections=one("SELECT sum(json_array_length(sections)) FROM documents"),
        turns=one("SELECT sum(json_array_length(turns)) FROM documents"),
        attributes=one("SELECT count(*) FROM attributes"),
        themes=one("SELECT count(*) FROM codes WHERE level = 1"),
        categories=one("SELECT count(*) FROM codes WHERE level > 1"),
        codings=one("SELECT count(*) FROM codings"),
        coders=[
            r["coder"] for r in project.query("SELECT DISTINCT coder FROM codings ORDER BY coder")
        ],
        memos=one("SELECT count(*) FROM memos"),
        changes=one("SELECT count(*) FROM audit"),
        last_change=f"{last[0]['at']} {last[0]['coder']}: {last[0]['summary']}" if last else "",
    )


def last_change(project: Project) -> int | None:
    """The id of the newest audit entry, or None before the first change. Every change,
    undo and redo by any process adds an entry, so a viewer that remembers this number
    notices changes made elsewhere (a script, a colleague) by comparing it."""
    row = project.conn.execute("SELECT max(id) FROM audit").fetchone()
    return None if row is None or row[0] is None else int(row[0])
