"""The coders of a project: who coded what, and when they last changed anything.

Every coding and every audit entry names its coder, so a project shared by two analysts
(one WAL file on a server, or copies merged with `qcode merge`) knows its coders without
a table of its own. This module answers what `qcode coders` lists and what the workbench
needs to tell coders apart: a one-character mark per coder for the reader's margin, the
codings per code counted for some coders only, and the check that a coder asked for
(`--coded-by`, the workbench's filter) has codings at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qcode.core.errors import QcodeError
from qcode.core.project.store import Project


@dataclass(frozen=True)
class CoderSummary:
    """One coder: codings made, and the first and last change (ISO 8601, UTC) from the
    codings' creation times and the audit log's entries by this coder."""

    name: str
    codings: int
    first_change: str | None
    last_change: str | None
    active: bool  # the coder this session codes as (--coder, $QCODE_CODER, the OS user)
    mark: str  # one character telling this coder's codings apart in the workbench


@dataclass(frozen=True)
class CoderFilter:
    """Whose codings a view shows: every coder's, the active coder's ("mine",
    which follows a switch of coder), or one chosen coder's."""

    coder: str | None = None  # None: every coder (unless `mine`)
    mine: bool = False

    def coders(self, active: str) -> tuple[str, ...]:
        """The coders shown; empty for all of them."""
        if self.mine:
            return (active,)
        return (self.coder,) if self.coder else ()

    def describe(self, active: str) -> str:
        if self.mine:
            return "mine only"
        return f"{self.coder} only" if self.coder else "all coders"


ALL_CODERS = CoderFilter()


def list_coders(project: Project) -> list[CoderSummary]:
    """Every coder with codings or audit entries, and the active coder even before their
    first change; sorted by name."""
    seen: dict[str, list[str | int | None]] = {}  # name -> [codings, first, last]
    for r in project.query(
        "SELECT coder, count(*) AS n, min(created_at) AS first, max(created_at) AS last "
        "FROM codings GROUP BY coder"
    ):
        seen[r["coder"]] = [r["n"], r["first"], r["last"]]
    for r in project.query(
        "SELECT coder, min(at) AS first, max(at) AS last FROM audit GROUP BY coder"
    ):
        entry = seen.setdefault(r["coder"], [0, None, None])
        entry[1] = _earlier(entry[1], r["first"])
        entry[2] = _later(entry[2], r["last"])
    seen.setdefault(project.coder, [0, None, None])
    marks = coder_marks(project)
    return [
        CoderSummary(
            name,
            int(n or 0),
            str(first) if first else None,
            str(last) if last else None,
            name == project.coder,
            marks.get(name, ""),
        )
        for name, (n, first, last) in sorted(seen.items(), key=lambda kv: kv[0].casefold())
    ]


def _earlier(a: str | int | None, b: str | None) -> str | None:
    values = [str(v) for v in (a, b) if v]
    return min(values) if values else None


def _later(a: str | int | None, b: str | None) -> str | None:
    values = [str(v) for v in (a, b) if v]
    return max(values) if values else None


def coders_with_codings(project: Project) -> list[str]:
    """The coders who have codings, in the order they first coded (so an older coder keeps
    their mark when a new one joins)."""
    return [
        r["coder"]
        for r in project.query(
            "SELECT coder FROM codings GROUP BY coder ORDER BY min(created_at), min(id)"
        )
    ]


def coder_marks(project: Project) -> dict[str, str]:
    """coder -> mark for every coder with codings (see `assign_marks`)."""
    return assign_marks(coders_with_codings(project))


def assign_marks(names: Sequence[str]) -> dict[str, str]:
    """A distinct one-character mark per name, in the order given: the name's initial in
    capitals, else its next letter not yet taken, else a digit, else "?"."""
    marks: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        letters = [ch.upper() for ch in name if ch.isalnum() and len(ch.upper()) == 1]
        spare = [d for d in "123456789" if d not in taken]
        choice = next((ch for ch in letters if ch not in taken), spare[0] if spare else "?")
        marks[name] = choice
        taken.add(choice)
    return marks


def check_coders(project: Project, names: Iterable[str]) -> tuple[str, ...]:
    """`names` without repeats, each a coder with codings; an unknown one is refused in a
    line that lists the coders there are."""
    wanted = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    known = coders_with_codings(project)
    for name in wanted:
        if name not in known:
            listed = ", ".join(sorted(known, key=str.casefold)) or "none yet"
            raise QcodeError(f"no codings by '{name}' (coders: {listed})")
    return wanted


def coding_counts_by(project: Project, coders: Sequence[str]) -> dict[int, int]:
    """Codings per code id, counting only those by `coders` (all coders when empty)."""
    if not coders:
        sql, params = "SELECT code_id, count(*) AS n FROM codings GROUP BY code_id", []
    else:
        marks = ",".join("?" * len(coders))
        sql = (
            f"SELECT code_id, count(*) AS n FROM codings WHERE coder IN ({marks}) GROUP BY code_id"
        )
        params = list(coders)
    return {r["code_id"]: r["n"] for r in project.query(sql, params)}
