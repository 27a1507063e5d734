"""The attributes CSV: one row per source file, first column the file name.

Spreadsheets write these in several dialects (comma, semicolon in Norwegian Excel, tab)
and encodings (UTF-8 with or without BOM, Windows-1252), so all of those are accepted;
anything ambiguous is an error with the line, never a silent guess.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.errors import InputError
from qcode.core.importers import SUPPORTED_EXTENSIONS


@dataclass
class AttributeTable:
    path: Path
    keys: list[str]
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # file name -> attributes
    lines: dict[str, int] = field(default_factory=dict)  # file name -> line in the CSV


def read_attributes_csv(path: Path) -> AttributeTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    if b"\x00" in data:
        raise InputError(path, "is not a CSV text file (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError(path, "is empty; expected a header row: file,attribute,...")
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", 1) from None
    keys = [h.strip() for h in header[1:]]
    if not keys:
        raise InputError(path, "has no attribute columns; expected file,attribute,...", 1)
    for index, key in enumerate(keys):
        if not key:
            raise InputError(path, f"column {index + 2} has no name in the header", 1)
    if len(set(keys)) != len(keys):
        raise InputError(path, "the header names a column twice", 1)
    table = AttributeTable(path, keys)
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise InputError(
                    path, f"row has {len(row)} columns but the header has {len(header)}", line
                )
            name = row[0].strip()
            if not name:
                raise InputError(path, "row has no file name in the first column", line)
            if name in table.rows:
                raise InputError(
                    path, f"'{name}' appears twice (first at line {table.lines[name]})", line
                )
            values = [cell.strip() for cell in row[1:]] + [""] * (len(keys) - len(row) + 1)
            table.rows[name] = dict(zip(keys, values, strict=True))
            table.lines[name] = line
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", reader.line_num) from None
    return table


# -- matching rows to files ----------------------------------------------------------------
# A row names its file as the person typing the CSV remembers it: `Intervju-1` for
# `intervju-1.docx`, or the .txt the transcript was before it became a .docx. Such a row is
# matched when exactly one file fits; two fitting files mean we would be guessing, so the
# row is reported (as ambiguous) instead of setting attributes on the wrong document.

CLOSEST = 3  # closest file names shown for a row that matches nothing


@dataclass
class UnmatchedRow:
    """A CSV row that sets nothing: why, and the file names the user may have meant."""

    name: str
    line: int
    closest: list[str] = field(default_factory=list)
    ambiguous: bool = False  # True: several files fit (listed in `closest`)


@dataclass
class RowMatches:
    files: dict[str, str] = field(default_factory=dict)  # row name -> file name
    unmatched: list[UnmatchedRow] = field(default_factory=list)


def _stem(name: str) -> str:
    """The name without a source file's extension, folded: what two spellings share."""
    dot = name.rfind(".")
    if dot > 0 and name[dot:].lower() in SUPPORTED_EXTENSIONS:
        name = name[:dot]
    return name.casefold()


def match_rows(table: AttributeTable, file_names: list[str]) -> RowMatches:
    """Each row's file: the exact name, else the one file with the same name ignoring case,
    else the one file with the same name ignoring case and extension. A row that fits no
    file, or several, is returned in `unmatched` with the closest names (difflib)."""
    result = RowMatches()
    exact = set(file_names)
    claimed = {name for name in table.rows if name in exact}
    free = [f for f in file_names if f not in claimed]
    by_folded: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for f in free:
        by_folded.setdefault(f.casefold(), []).append(f)
        by_stem.setdefault(_stem(f), []).append(f)
    loose: dict[str, list[str]] = {}  # file -> rows matched to it loosely
    for name in table.rows:
        if name in exact:
            result.files[name] = name
            continue
        fits = by_folded.get(name.casefold()) or by_stem.get(_stem(name), [])
        if len(fits) == 1:
            result.files[name] = fits[0]
            loose.setdefault(fits[0], []).append(name)
        else:
            result.unmatched.append(
                UnmatchedRow(name, table.lines[name], sorted(fits), ambiguous=len(fits) > 1)
            )
    for f, rows in loose.items():
        if len(rows) > 1:  # two rows fit one file: neither is trusted
            for name in rows:
                del result.files[name]
                result.unmatched.append(UnmatchedRow(name, table.lines[name], [f], True))
    stems: dict[str, list[str]] = {}  # compared without extensions: ".txt" is no likeness
    for f in file_names:
        stems.setdefault(_stem(f), []).append(f)
    for row in result.unmatched:
        if not row.closest:
            near = difflib.get_close_matches(_stem(row.name), stems, CLOSEST, 0.6)
            row.closest = [f for stem in near for f in stems[stem]][:CLOSEST]
    result.unmatched.sort(key=lambda r: r.line)
    return result


def describe_unmatched(row: UnmatchedRow) -> str:
    """One line for a row that set nothing, naming the files that were near."""
    where = f"line {row.line} '{row.name}'"
    if row.ambiguous:
        return f"{where} fits several files ({', '.join(row.closest)}); write the full name"
    hint = f"; closest: {', '.join(row.closest)}" if row.closest else ""
    return f"{where} matches no file{hint}"
