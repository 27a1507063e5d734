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

from qcode.core.export.common import clean
from qcode.core.export.folding import fold
from qcode.core.export.pseudonymiser import Pseudonymiser
from qcode.core.export.xml_pieces import (
    TEXT_RUN,
    Pieces,
    is_well_formed,
    stream_pieces,
    tree_pieces,
    utf8_markup,
)

CONTEXT = 30  # characters shown on either side of a name found
BATCH = 20_000  # pieces folded and matched at a time
_TAGS = re.compile(r"<[^>]*>")
_MD_ESCAPE = re.compile(r"\\(.)")
# Elements whose text is one run of reading split into pieces: Word and DrawingML
# paragraphs, shared-string and inline-string items of a sheet.
_BLOCKS = {"p", "si", "is"}
# A block's opening tag; its end tag is then found by str.find, which is what the lazy
# `(.*?)</\1>` of _BLOCK_MARKUP matches (the first end tag of the same name), without the
# regular expression engine trying the back reference at every character (`_blocks`).
_BLOCK_OPEN = re.compile(
    r"<((?:[\w.-]+:)?(?:" + "|".join(sorted(_BLOCKS)) + r"))(?:\s[^>]*)?(?<!/)>"
)
# A whole block, the content in group 2: what `_blocks` finds, said as one expression (the
# tests hold `_blocks` to it).
_BLOCK_MARKUP = re.compile(_BLOCK_OPEN.pattern + r"(.*?)</\1>", re.S)


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
    for part, pieces in read_back(path, fmt):
        # A batch at a time, in order, so the first place a name is found (and the
        # context shown) is the first in the part, and the copies folding makes stay
        # small (a sheet of 50,000 excerpts is 700,000 pieces).
        for first in range(0, len(pieces), BATCH):
            # The same string is matched once: a Word body repeats its style names and
            # attribute values thousands of times (a part read as XML has no repeats).
            texts = list(dict.fromkeys(pieces[first : first + BATCH]))
            # One fold of the batch (C speed), split back into its pieces: only a piece
            # that may hold a name is matched in full. NUL joins them because XML text
            # cannot hold it and folding leaves it alone.
            folded = fold("\x00".join(texts)).split("\x00")
            if len(folded) != len(texts):  # a piece that held NUL itself (not XML)
                folded = [fold(text) for text in texts]
            for index in table.pieces_that_may_hold(folded):
                text = texts[index]
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
    if fmt in ("docx", "xlsx", "qdpx"):  # zips: every part is read
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                yield info.filename, _zip_part_texts(zf, info)
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


def _zip_part_texts(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[str]:
    """`_part_texts` of a part of a zip, its bytes let go once decoded: 40 MB less held
    while a large sheet is read."""
    data = zf.read(info)
    markup = utf8_markup(data) if _is_xml(info.filename, data) else None
    if markup is None or not is_well_formed(data):
        return _part_texts(info.filename, data)
    del data
    return _markup_texts(markup, stream_pieces(markup))


def _part_texts(name: str, data: bytes) -> list[str]:
    if not _is_xml(name, data):
        return [data.decode("utf-8", "replace")]
    # Every text node (element text and tails), every attribute value, and each
    # paragraph's text joined across its runs (a name split over two runs is one word to
    # a reader). Read without a tree where the part allows (`xml_pieces`): a tree of a
    # large Word body was most of an export's memory.
    markup = utf8_markup(data)
    if markup is None:
        pieces = tree_pieces(data)
        markup = data.decode("utf-8", "replace")
    else:
        pieces = stream_pieces(markup) if is_well_formed(data) else None
    if pieces is None:
        return [data.decode("utf-8", "replace")]
    return _markup_texts(markup, pieces)


def _is_xml(name: str, data: bytes) -> bool:
    return name.endswith((".xml", ".rels")) or data[:200].lstrip().startswith(b"<?xml")


def _markup_texts(markup: str, pieces: Pieces) -> list[str]:
    texts = pieces.texts + pieces.attributes
    # Paragraphs by a regular expression over the markup: joining each one's runs through
    # a tree cost five times the parse on a 10,000-excerpt matrix. A paragraph inside
    # another (a text box) ends the outer one early here; its words are still read above.
    for start, end in _blocks(markup):
        if markup.find("<", start, end) < 0:  # no runs: its text is a text node above
            continue
        if not pieces.plain:
            texts.append(html.unescape(_TAGS.sub("", markup[start:end])))
            continue
        # The runs' text as _TAGS.sub would leave it, read in place. A paragraph with one
        # run of text (a sheet's every inline string) adds no words to that run, read as a
        # text node above (and unescaped alike: see `Pieces.plain`).
        runs = TEXT_RUN.findall(markup, start - 1, end)
        if len(runs) > 1 and sum(not run.isspace() for run in runs) > 1:
            texts.append(html.unescape("".join(runs)))
    return texts


def _blocks(markup: str) -> Iterator[tuple[int, int]]:
    """The spans of the blocks' contents, as `_BLOCK_MARKUP.finditer(markup)` gives them
    (`match.span(2)`), in a third of the time on a large Word body: an opening tag without
    its end tag is passed over, as the expression's search moves on from it."""
    search, find = _BLOCK_OPEN.search, markup.find
    at = 0
    while (opening := search(markup, at)) is not None:
        end_tag = f"</{opening.group(1)}>"
        close = find(end_tag, opening.end())
        if close < 0:
            at = opening.start() + 1
            continue
        yield opening.end(), close
        at = close + len(end_tag)


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
