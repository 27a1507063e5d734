"""Pseudonyms: real names replaced by aliases in everything qcode exports.

Reports quote participants, and the reference study anonymised every quotation. The table
lives in the project (tracked, so adding or removing a name is undoable) and every export
applies it unless told not to. Matching is by whole word and ignores case, longest name
first ("Kari Nordmann" before "Kari"), and takes the genitive along: Norwegian "Karis" and
"Kari's" become "Deltaker As" and "Deltaker A's"; a name ending in s written "Hans'" takes
the alias's own genitive.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from qcode.core.analysis.matrix import Case, Cell, Excerpt, Matrix
from qcode.core.codebook.format import slugify
from qcode.core.errors import InputError, NotFound, QcodeError
from qcode.core.project.store import Project, now


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


# -- applying them -----------------------------------------------------------------------


class Pseudonymiser:
    """Replaces real names by aliases in text, and finds real names left in text."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.aliases = {_fold(real): alias for real, alias in pairs}
        self.shouting = {_fold(real): real.isupper() for real, _ in pairs}
        self.reals = sorted((real for real, _ in pairs), key=lambda r: (-len(r), r.casefold()))
        # Most text holds no name at all: a substring test on the first word of each name
        # rules that out before the (much slower) case-insensitive pattern runs.
        self._first_words = {_fold(real).split()[0] for real in self.reals}
        # Per name, a pattern over case-folded text that starts with a literal, which the
        # regex engine finds fast; the word boundary before it is checked by hand.
        self._folded = {
            real: re.compile(
                r"\s+".join(re.escape(part) for part in _fold(real).split())
                + r"(?=(?:['’]?s)?(?!\w))"
            )
            for real in self.reals
        }
        if self.reals:
            names = "|".join(_name_pattern(r) for r in self.reals)
            self._replace = re.compile(
                rf"(?<!\w)(?P<name>{names})(?P<gen>['’]s(?!\w)|s(?!\w)|['’](?!\w))?(?!\w)",
                re.IGNORECASE,
            )

    def __bool__(self) -> bool:
        return bool(self.reals)

    @classmethod
    def for_project(cls, project: Project) -> Pseudonymiser:
        return cls([(p.real, p.alias) for p in list_pseudonyms(project)])

    def apply(self, text: str) -> str:
        if not self.reals or not text:
            return text
        folded = text.casefold()
        if not any(word in folded for word in self._first_words):
            return text
        return self._replace.sub(self._substitute, text)

    def _apply_unchecked(self, text: str) -> str:
        return self._replace.sub(self._substitute, text)

    def _substitute(self, match: re.Match[str]) -> str:
        name = match.group("name")
        folded = _fold(name)
        alias = self.aliases[folded]
        if name.isupper() and not self.shouting[folded]:  # "KARI" in a heading
            alias = alias.upper()
        gen = match.group("gen") or ""
        if gen in ("'", "’"):  # "Hans'": the alias takes its own genitive
            if name[-1:].lower() not in "sxz":  # a closing quote, not a genitive
                return alias + gen
            gen = gen if alias[-1:].lower() in "sxz" else "s"
        return alias + gen

    def find(self, text: str, markup: bool = False) -> list[str]:
        """Real names that occur in `text` as whole words (genitives included); in
        `markup` (XML), only outside tags."""
        folded = text.casefold()
        hits = []
        for real, pattern in self._folded.items():
            for match in pattern.finditer(folded):
                start = match.start()
                if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                    continue
                if markup and folded.rfind("<", 0, start) > folded.rfind(">", 0, start):
                    continue  # inside a tag: an element or attribute name, not text
                hits.append(real)
                break
        return sorted(hits, key=str.casefold)

    def matrix(self, matrix: Matrix) -> Matrix:
        """The matrix with every name in its excerpts, sources, cases, speakers, sections
        and row labels replaced (speaker codes are named after the people speaking)."""
        if not self.reals:
            return matrix
        names: dict[str, str] = {}

        def name(value: str) -> str:
            if value not in names:
                names[value] = self.apply(value)
            return names[value]

        texts = [e.text for row in matrix.cells for cell in row for e in cell.excerpts]
        candidates = self._may_hold_names(texts)
        position = iter(range(len(texts)))

        def excerpt(e: Excerpt) -> Excerpt:
            changed = (
                name(e.source),
                self._apply_unchecked(e.text) if next(position) in candidates else e.text,
                name(e.speaker) if e.speaker else e.speaker,
                name(e.section) if e.section else e.section,
            )
            if changed == (e.source, e.text, e.speaker, e.section):
                return e
            source, text, speaker, section = changed
            return Excerpt(
                source, e.kind, e.start, e.end, text, e.line, e.paragraph, speaker, section,
                e.coders, e.coding_ids, e.words,
            )  # fmt: skip

        return replace(
            matrix,
            rows=tuple(
                replace(
                    r,
                    name=name(r.name),
                    key=self._key(r.key),
                    description=self.apply(r.description),
                )
                for r in matrix.rows
            ),
            cases=tuple(
                Case(name(c.label), tuple(name(s) for s in c.sources)) for c in matrix.cases
            ),
            cells=tuple(
                tuple(Cell(tuple(excerpt(e) for e in cell.excerpts)) for cell in row)
                for row in matrix.cells
            ),
        )

    def _key(self, key: str) -> str:
        """A code key is shown in exports and may be made of a name (`speaker-kari`):
        the alias, slugified, takes the name's place (`speaker-deltaker-a`)."""
        changed = self.apply(key)
        return key if changed == key else slugify(changed)

    def _may_hold_names(self, texts: list[str]) -> set[int]:
        """Indices of the texts in which the first word of some name occurs (in any case),
        found with one substring scan of all texts per name instead of a regex per text."""
        joined = "\0".join(texts).casefold()
        if len(joined) != sum(len(t) for t in texts) + max(len(texts) - 1, 0):
            # a letter that case-folds into two ("ß"): fold text by text
            joined = "\0".join(text.casefold() for text in texts)
            texts = [text.casefold() for text in texts]
        starts = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        found: set[int] = set()
        for word in self._first_words:
            at = joined.find(word)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.add(index)
                at = joined.find(
                    word, starts[index + 1] if index + 1 < len(starts) else len(joined)
                )
        return found


def _name_pattern(real: str) -> str:
    """A name as a pattern: any run of white space between its words matches."""
    return r"\s+".join(re.escape(part) for part in real.split())


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()
