"""Reading LibreOffice / OpenDocument .odt files.

Where Word is not installed (a locked-down research server, a Linux laptop) notes are
written in LibreOffice. We read content.xml directly: the structure we need (headings
with outline levels, paragraphs, lists, tables) is plain in the XML, and a direct read
lets the same container limits and XML policy as for .docx (`container.py`, `safexml.py`)
run before anything is parsed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qcode.core.errors import InputError

from .container import open_container
from .result import ImportedSource, finish
from .safexml import check_parts, parse_xml
from .sections import clean_title, spans_from_headings
from .turns import scan_labels, turns_from_labels

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


_P, _H = _t("p"), _t("h")
_S, _TAB, _BREAK = _t("s"), _t("tab"), _t("line-break")
# Inline elements whose text is not running text: footnotes, annotations, change records.
_SKIP_INLINE = {_t("note"), _t("tracked-changes"), f"{{{OFFICE}}}annotation"}
_TABLE = f"{{{TABLE}}}table"
_ROW = f"{{{TABLE}}}table-row"
_CELL = f"{{{TABLE}}}table-cell"
_COVERED = f"{{{TABLE}}}covered-table-cell"
# Containers whose children are block content in reading order.
_CONTAINERS = {
    _t("list"),
    _t("list-item"),
    _t("list-header"),
    _t("section"),
    _t("soft-page-break"),
    f"{{{TABLE}}}table-header-rows",
    f"{{{TABLE}}}table-rows",
    f"{{{TABLE}}}table-row-group",
}


def _inline_text(element: Any) -> str:
    """Text of a paragraph or heading, with ODF's encoded spaces, tabs and breaks."""
    out: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_INLINE:
            pass
        elif tag == _S:
            count = child.get(_t("c")) or "1"
            out.append(" " * min(int(count) if count.isdigit() else 1, 1000))
        elif tag == _TAB:
            out.append("\t")
        elif tag == _BREAK:
            out.append("\n")
        else:
            out.append(_inline_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _cell_text(cell: Any) -> str:
    parts = [" ".join(_inline_text(p).split()) for p in cell.iter(_P, _H)]
    return " ".join(p for p in parts if p)


def _row_text(row: Any) -> str:
    cells: list[str] = []
    for cell in row:
        if cell.tag == _CELL:
            text = _cell_text(cell)
            repeat = cell.get(f"{{{TABLE}}}number-columns-repeated") or "1"
            count = int(repeat) if repeat.isdigit() else 1
            cells.extend([text] * (min(count, 64) if text else 1))
        elif cell.tag == _COVERED:
            cells.append("")
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


class _Builder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.heads: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, line: str) -> int:
        start = self.pos
        line = line.replace("\x00", "").replace("\r", "")
        self.lines.append(line)
        self.pos += len(line) + 1
        return start

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.add(_inline_text(child).rstrip("\n"))
            elif tag == _H:
                line = _inline_text(child).rstrip("\n")
                start = self.add(line)
                level = child.get(_t("outline-level")) or "1"
                title = clean_title(" ".join(line.split()))
                if title:
                    self.heads.append((start, int(level) if level.isdigit() else 1, title))
            elif tag == _TABLE:
                self.table(child)
            elif tag in _CONTAINERS:
                self.walk(child)

    def table(self, table: Any) -> None:
        for row in table.iter(_ROW):
            # skip rows of nested tables; their text is already in the outer cell
            if next(row.iterancestors(_CELL), None) is not None:
                continue
            text = _row_text(row)
            if text:
                self.add(text)


def read_odt(path: Path) -> ImportedSource:
    """Paragraphs, headings (as sections with their outline level) and table rows."""
    container = open_container(path, ".odt")
    check_parts(path, ((n, d) for n, d in container.members.items() if n.lower().endswith(".xml")))
    root = parse_xml(container.get("content.xml"), path, ".odt", "content.xml")
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise InputError(path, "not a valid .odt (no text body; is it a spreadsheet?)")
    builder = _Builder()
    builder.walk(body)
    text = "\n".join(builder.lines)
    sections = spans_from_headings(text, builder.heads)
    heading_starts = {start for start, _, _ in builder.heads}
    labels = [lb for lb in scan_labels(text) if lb.start not in heading_starts]
    turns = turns_from_labels(text, labels, stops=heading_starts)
    return finish(text, sections, turns, {"format": "odt"})
