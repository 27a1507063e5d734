"""The text an XML part holds, read without building its tree.

The read-back (`leaks`) needs every text node, every attribute value and each paragraph's
joined text of every part of a written file. An lxml tree of a Word body of 50,000 excerpts
(20 MB of markup) takes 170 MB, more than the rest of the export together; so a part is
read here with regular expressions over its markup, a megabyte at a time, and lxml only
checks, without a tree, that the part is well-formed XML (a part that is not is read as
plain text by the caller, as before).

Reading XML by regular expressions is exact here because the markup is first made regular:
line ends normalised as a parser does (XML 1.0 §2.11); comments, processing instructions
and the declaration cut out (they end a text node, as in a tree); CDATA sections turned
into escaped text (a parser joins them to the text around them). After that every `<`
starts a tag (neither text nor an attribute value can hold one), a tag ends at the first
`>` outside quotes, and text is what lies between tags. Values are unescaped as XML
defines (the five named entities and character references, nothing else: no DTD is read,
a part with a DOCTYPE goes to the tree reader, whose parser resolves no entities, loads no
DTD and uses no network), attribute values normalised as a parser does (§3.3.3: a literal
tab or line end is a space). tests/test_leaks_streaming.py holds the two readers equal on
random markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

CHUNK = 1 << 20  # characters of markup read at a time, cut just before a tag

_DECLARED = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DECLARATION = re.compile(r"\s*<\?xml\s.*?\?>", re.S)
_QUOTED_GT = re.compile(r"""=\s*(?:"[^"<]*>|'[^'<]*>)""")
TEXT_RUN = re.compile(r">([^<]+)")
_SPECIAL = re.compile(r"<(?:!--.*?-->|\?.*?\?>|!\[CDATA\[(.*?)\]\]>)", re.S)
_SPECIAL_START = re.compile(r"<[!?]")
_TAG = re.compile(r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_ATTRIBUTE = re.compile(r"""[ \t\n]([^\s=/>"']+)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')""")
_CHAR_REFERENCE = re.compile(r"&#[xX]?[0-9a-fA-F]+;")
_REFERENCE = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_NAMED_ENTITIES = [(f"&{name};", char) for name, char in _NAMED.items() if name != "amp"] + [
    ("&amp;", "&")
]
_ATTRIBUTE_SPACE = str.maketrans("\t\n", "  ")
_TEXT_NODES = etree.XPath("//text()", smart_strings=False)
# Every attribute value but a font's `script` (DrawingML `<a:font script="Hans" …>`): an
# ISO 15924 script code that every Office theme lists, never the file's content, and one
# of them (`Hans`) is also a common first name.
_ATTRIBUTE_VALUES = etree.XPath("//@*[local-name() != 'script']", smart_strings=False)


class Pieces(NamedTuple):
    """What a part holds for a reader, each list in document order without repeats (the
    read-back matches a string once)."""

    texts: list[str]  # text nodes that are not white space
    attributes: list[str]  # values that are not empty, but a font's `script`
    # No comment, processing instruction or CDATA, and no `>` in an attribute value (a
    # tag is `<` to the first `>`, text is what lies between tags), and no character
    # reference that html.unescape reads otherwise than XML.
    plain: bool


class _NoTree:
    """A parser target that keeps nothing: lxml then checks the markup and builds no tree."""

    def close(self) -> None:
        return None


def tree_pieces(data: bytes) -> Pieces | None:
    """What `stream_pieces` reads, from lxml's tree of the part (None: not well-formed).
    For a part the streaming reader leaves alone (another encoding, a DOCTYPE), and the
    reference the tests hold it to. XPath collects in C what a loop over every element
    would in Python."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    texts = [s for s in _TEXT_NODES(root) if s.strip()]
    attributes = [s for s in _ATTRIBUTE_VALUES(root) if s]
    return Pieces(list(dict.fromkeys(texts)), list(dict.fromkeys(attributes)), False)


def is_well_formed(data: bytes) -> bool:
    """Whether `data` parses as XML, checked by libxml2 without a tree."""
    parser = etree.XMLParser(
        target=_NoTree(), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    return True


def utf8_markup(data: bytes) -> str | None:
    """The markup of a UTF-8 part without a DOCTYPE, or None: a part in another encoding,
    or one that declares a DTD, is for the tree reader."""
    try:
        markup = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    declared = _DECLARED.match(markup[:1024])
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    if "<!DOCTYPE" in markup:
        return None
    return markup


def stream_pieces(markup: str) -> Pieces:
    """The part's text nodes and attribute values (see `Pieces`). `markup` is a
    well-formed part (see `is_well_formed`)."""
    if "\r" in markup:
        markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    declaration = _DECLARATION.match(markup)  # before the root: no text of the part
    start = declaration.end() if declaration else 0  # (cut by position: no copy)
    cut = _SPECIAL_START.search(markup, start) is not None  # one scan for "<!" or "<?"
    if cut:
        markup, start = _SPECIAL.sub(_special, markup), 0
    # Where no attribute value holds a `>` (a writer that escapes it, as lxml does), a tag
    # ends at the first `>` and text runs from one to the next `<`: cheaper to find.
    plain = _QUOTED_GT.search(markup, start) is None
    texts: dict[str, None] = {}
    attributes: dict[str, None] = {}
    references: set[str] = set()
    for chunk in _chunks(markup, start):
        if plain:
            runs = TEXT_RUN.findall(chunk)
            tags = TEXT_RUN.sub(">", chunk)
        else:
            runs = _TAG.sub("\x00", chunk).split("\x00")
            tags = "".join(_TAG.findall(chunk))
        if cut:  # a comment or the like ended a text node inside a run
            runs = [text for run in runs for text in run.split("\x00")]
        for text in dict.fromkeys(runs):  # in C, before the loop in Python
            if "&" in text:
                text = _unescape(text)
            if text.strip():
                texts[text] = None
        if "&#" in chunk:
            references.update(_CHAR_REFERENCE.findall(chunk))
        spaced = "\t" in tags or "\n" in tags  # else no value holds white space to turn
        for name, double, single in dict.fromkeys(_ATTRIBUTE.findall(tags)):
            value = double or single
            if not value or name.startswith("xmlns") and (name == "xmlns" or name[5] == ":"):
                continue
            if name.endswith("script") and name.rpartition(":")[2] == "script":
                continue  # see _ATTRIBUTE_VALUES
            if spaced:
                value = value.translate(_ATTRIBUTE_SPACE)
            attributes[_unescape(value)] = None
    # html.unescape, which the caller joins a paragraph's runs with, reads a few character
    # references otherwise than XML does (&#138; as Windows-1252's Š): not plain then.
    same = all(html.unescape(ref) == _unescape(ref) for ref in references)
    return Pieces(list(texts), list(attributes), plain and not cut and same)


def _special(match: re.Match[str]) -> str:
    """A comment, processing instruction or the declaration ends a text node (NUL: XML
    cannot hold it); a CDATA section's text is escaped so it joins the text around it."""
    cdata = match.group(1)
    if cdata is None:
        return "\x00"
    return cdata.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(markup: str, start: int) -> Iterator[str]:
    """`markup` in pieces of about CHUNK characters, each cut just before a `<` (which
    starts a tag: see the module's docstring), so no tag or text node is cut in two."""
    while start < len(markup):
        cut = markup.find("<", start + CHUNK)
        if cut < 0:
            cut = len(markup)
        yield markup[start:cut]
        start = cut


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    if "&#" not in text:
        # Only the five named entities (Word writes &amp; &lt; &gt; in every third
        # excerpt): replaced in turn, &amp; last so that the & it gives starts nothing.
        # An unknown name (&nbsp;) is left, as _REFERENCE leaves it.
        for entity, char in _NAMED_ENTITIES:
            if entity in text:
                text = text.replace(entity, char)
        return text
    return _REFERENCE.sub(_reference, text)


def _reference(match: re.Match[str]) -> str:
    hex_code, code, name = match.groups()
    if name:
        return _NAMED[name]
    return chr(int(hex_code, 16) if hex_code else int(code))
