"""Pseudonyms: real names replaced by aliases in everything qcode exports.

Reports quote participants, and the reference study anonymised every quotation. The table
lives in the project (tracked, so adding or removing a name is undoable) and every export
applies it unless told not to. How names are matched and replaced is `pseudonymiser`'s
business; how a written file is checked for names left in it, `leaks`'.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from qcode.core.errors import InputError, NotFound, QcodeError
from qcode.core.export.pseudonymiser import Pseudonymiser
from qcode.core.project.store import Project, now

__all__ = [
    "Pseudonym",
    "PseudonymImport",
    "Pseudonymiser",
    "add_pseudonym",
    "import_pseudonyms",
    "list_pseudonyms",
    "remove_pseudonym",
]


@dataclass(frozen=True)
class Pseudonym:
    real: str
    alias: str
    created_at: str = ""
    created_by: str = ""


def list_pseudonyms(project: Project) -> list[Pseudonym]:
    rows = project.query("SELECT * FROM pseudonyms ORDER BY real COLLATE NOCASE")
    return [Pseudonym(r["real"], r["alias"], r["created_at"], r["created_by"]) for r in rows]


def _check(real: str, alias: str, where: str = "") -> tuple[str, str]:
    real, alias = " ".join(real.split()), " ".join(alias.split())
    if not re.search(r"\w", real):
        raise QcodeError(f"{where}a real name needs at least one letter (got '{real}')")
    if not alias:
        raise QcodeError(f"{where}no alias for '{real}'")
    return real, alias


def add_pseudonym(project: Project, real: str, alias: str) -> tuple[Pseudonym, bool]:
    """Add REAL → ALIAS, or change the alias of a name already there. Returns the entry and
    whether it was new."""
    real, alias = _check(real, alias)
    with project.change("pseudonym", f"pseudonym for '{real}'", {"real": real}) as ch:
        row = project.query("SELECT id FROM pseudonyms WHERE real = ?", [real])
        if row:
            ch.update("pseudonyms", row[0]["id"], {"real": real, "alias": alias})
        else:
            ch.insert(
                "pseudonyms",
                {"real": real, "alias": alias, "created_at": now(), "created_by": project.coder},
            )
    entry = next(p for p in list_pseudonyms(project) if p.real.casefold() == real.casefold())
    return entry, not row


def remove_pseudonym(project: Project, real: str) -> Pseudonym:
    real = " ".join(real.split())
    with project.change("pseudonym remove", f"removed pseudonym for '{real}'") as ch:
        rows = project.query("SELECT * FROM pseudonyms WHERE real = ?", [real])
        if not rows:
            raise NotFound(f"no pseudonym for '{real}' (qcode pseudonyms list)")
        ch.delete("pseudonyms", rows[0]["id"])
    return Pseudonym(rows[0]["real"], rows[0]["alias"])


@dataclass(frozen=True)
class PseudonymImport:
    added: int
    updated: int
    unchanged: int


def import_pseudonyms(project: Project, path: Path) -> PseudonymImport:
    """Read a CSV of `real,alias` rows (a header row `real,alias` is optional) and apply
    it as one change. Any bad row refuses the whole file, naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    pairs: dict[str, tuple[str, str, int]] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if line == 1 and [c.casefold() for c in cells[:2]] == ["real", "alias"]:
                continue
            if len(cells) != 2:
                raise InputError(path, f"expected 2 columns (real,alias), found {len(cells)}", line)
            try:
                real, alias = _check(cells[0], cells[1])
            except QcodeError as exc:
                raise InputError(path, str(exc), line) from None
            if real.casefold() in pairs:
                first_line = pairs[real.casefold()][2]
                raise InputError(path, f"'{real}' appears twice (first at line {first_line})", line)
            pairs[real.casefold()] = (real, alias, line)
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", reader.line_num) from None
    if not pairs:
        raise InputError(path, "has no rows; expected real,alias")
    added = updated = unchanged = 0
    with project.change("pseudonym import", f"imported pseudonyms from {path.name}") as ch:
        existing = {
            r["real"].casefold(): r for r in project.query("SELECT id, real, alias FROM pseudonyms")
        }
        new_rows = []
        for folded, (real, alias, _line) in pairs.items():
            old = existing.get(folded)
            if old is None:
                new_rows.append(
                    {"real": real, "alias": alias, "created_at": now(), "created_by": project.coder}
                )
                added += 1
            elif (old["real"], old["alias"]) != (real, alias):
                ch.update("pseudonyms", old["id"], {"real": real, "alias": alias})
                updated += 1
            else:
                unchanged += 1
        ch.insert_many("pseudonyms", new_rows)
    return PseudonymImport(added, updated, unchanged)
