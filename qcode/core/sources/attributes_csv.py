"""The attributes CSV: one row per source file, first column the file name.

Spreadsheets write these in several dialects (comma, semicolon in Norwegian Excel, tab)
and encodings (UTF-8 with or without BOM, Windows-1252), so all of those are accepted;
anything ambiguous is an error with the line, never a silent guess.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.errors import InputError


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
