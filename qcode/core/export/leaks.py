"""Reading back what an export wrote, to find real names left in it.

Replacing names while writing is not enough to trust: a string can reach a file by a
path the pseudonymiser was never shown (a page header, a document property, a library's
default). So every export is read back as a reader of the file would meet it, and every
real name found there is reported with where it is.

A Word or Excel file is a zip of parts; every part is read, whatever its name: the body,
headers and footers, comments, `docProps/core.xml` (title, author, ...) and `app.xml`,
relationships (a hyperlink's target), sheets and shared strings. From an XML part the
check takes each text node, the text of each paragraph (Word splits a paragraph into runs,
and a name can be split between two) and every attribute value (an author on a revision,
an image's description). A part that is not XML is read as text. HTML is read both as the
text a browser shows and as markup (attribute values), Markdown with and without its
backslash escapes, YAML both as written and as the strings it holds.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree

from qcode.core.export.common import clean
from qcode.core.export.pseudonymiser import Pseudonymiser

CONTEXT = 30  # characters shown on either side of a name found
_TAGS = re.compile(r"<[^>]*>")
_MD_ESCAPE = re.compile(r"\\(.)")
# Elements whose text is one run of reading split into pieces: Word and DrawingML
# paragraphs, shared-string and inline-string items of a sheet.
_BLOCKS = {"p", "si", "is"}


@dataclass(frozen=True)
class Leak:
    name: str  # the real name as listed in the table
    part: str  # where: a part of the zip ("word/header1.xml"), or the file's text
    context: str  # a short stretch of the text around it

    def describe(self) -> str:
        return f"{self.name} in {self.part} («{self.context}»)"


def find_leaks(table: Pseudonymiser, path: Path, fmt: str) -> list[Leak]:
    """Every real name of `table` that the file holds, once per name and part."""
    if not table:
        return []
    found: dict[tuple[str, str], Leak] = {}
    for part, texts in read_back(path, fmt):
        if not table.may_hold_names("\n".join(texts)):
            continue
        for text in texts:
            for real, start, end in table.matches(text):
                if (real, part) not in found:
                    found[(real, part)] = Leak(real, part, _context(text, start, end))
    return sorted(found.values(), key=lambda leak: (leak.name.casefold(), leak.part))


def describe_leaks(leaks: list[Leak], most: int = 3) -> str:
    """One line: the first few leaks with where they are, and how many more."""
    shown = "; ".join(leak.describe() for leak in leaks[:most])
    more = len(leaks) - most
    return shown + (f"; and {more} more" if more > 0 else "")


def read_back(path: Path, fmt: str) -> Iterator[tuple[str, list[str]]]:
    """The file's text as (where, pieces of text) pairs."""
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                data = zf.read(info)
                yield info.filename, _part_texts(info.filename, data)
        return
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    yield "text", text.splitlines() or [text]
    if fmt == "html":
        yield "text shown", html.unescape(_TAGS.sub(" ", text)).splitlines()
        yield "markup", html.unescape(text).splitlines()
    elif fmt == "md":
        yield "text unescaped", _MD_ESCAPE.sub(r"\1", text).splitlines()
    elif fmt == "yaml":
        yield "YAML values", list(_yaml_strings(text))


def _part_texts(name: str, data: bytes) -> list[str]:
    head = data[:200].lstrip()
    if not (name.endswith((".xml", ".rels")) or head.startswith(b"<?xml")):
        return [data.decode("utf-8", "replace")]
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return [data.decode("utf-8", "replace")]
    texts: list[str] = []
    for element in root.iter():
        if element.text:
            texts.append(element.text)
        if element.tail and element.tail.strip():
            texts.append(element.tail)
        texts += [value for value in element.attrib.values() if value]
        tag = element.tag
        if isinstance(tag, str) and tag.rsplit("}", 1)[-1] in _BLOCKS and len(element):
            texts.append("".join(element.itertext()))
    return texts


def _yaml_strings(text: str) -> Iterator[str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack += list(value.keys()) + list(value.values())
        elif isinstance(value, list):
            stack += value


def _context(text: str, start: int, end: int) -> str:
    before = " ".join(text[max(0, start - CONTEXT) : start].split())
    after = " ".join(text[end : end + CONTEXT].split())
    name = " ".join(text[start:end].split())
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end + CONTEXT < len(text) else ""
    return clean(lead + f"{before} {name} {after}".strip() + tail)
