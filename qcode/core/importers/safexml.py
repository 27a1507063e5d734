"""One XML policy for every document format: no DTD, no entities, no network, whatever the
encoding.

XML that declares entities can expand to gigabytes (the "billion laughs" bomb) or read a
local file or a URL into the document (an external entity); no Office, LibreOffice or REFI
file needs a DOCTYPE. A check that greps the raw bytes for `<!DOCTYPE` is blind to a
document in UTF-16 or UTF-32, where every character takes two or four bytes, so the check
here decodes the bytes the way an XML parser would (byte-order mark, else the first bytes'
pattern, else the encoding the declaration names) and looks at the text. Bytes in an
encoding we cannot decode are refused rather than guessed at. Then the parser itself is
built with entities, DTD loading and network access off, and a tree that still carries a
DTD is refused: two locks, so a gap in one is not a hole.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from qcode.core.errors import InputError

_MARKERS = ("<!DOCTYPE", "<!ENTITY")
_LONGEST = max(len(m) for m in _MARKERS)
_CHUNK = 1024 * 1024

# XML 1.0 Appendix F: the first four bytes of a document without a byte-order mark.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC: the markup characters are shared by its pages
)
# Without a mark or a declaration, bytes with NULs near the start are scanned as each wide
# encoding in turn: we would rather refuse a strange file than miss a DTD in it.
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


class UnsafeXML(Exception):
    """Why an XML part is refused, in words for the user."""


def xml_encoding(data: bytes) -> tuple[str, int]:
    """(Python codec, bytes to skip) for XML `data`, found as a parser would find it."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    for signature, codec in _SIGNATURES:
        if data.startswith(signature):
            return codec, 0
    match = _DECLARED.match(data[:1024])
    if match is None:
        return "utf-8", 0
    name = match.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise UnsafeXML(f"declares an encoding Python cannot read ({name})")
    codec = info.name
    if codec in ("utf-16", "utf-32"):  # declared without a BOM: the signature decides
        codec += "-le" if data[1:2] == b"\x00" else "-be"
    return codec, 0


def check_no_dtd(data: bytes) -> None:
    """Raise `UnsafeXML` when the decoded text declares a DTD or an entity anywhere."""
    codec, skip = xml_encoding(data)
    _scan(data, codec, skip)
    if codec != "utf-8":  # a declaration can disagree with the bytes; look at both readings
        _scan(data, "utf-8", 0)
    elif b"\x00" in data[:1024]:
        for wide in _WIDE:
            _scan(data, wide, 0)


def _scan(data: bytes, codec: str, skip: int) -> None:
    """Look for the markers in `data` decoded as `codec`, a megabyte at a time."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    tail = ""
    for start in range(skip, len(data), _CHUNK):
        final = start + _CHUNK >= len(data)
        text = tail + decoder.decode(data[start : start + _CHUNK], final)
        upper = text.upper()
        if any(marker in upper for marker in _MARKERS):
            raise UnsafeXML("declares XML entities")
        tail = text[-_LONGEST:]


def check_parts(path: Path, parts: Iterable[tuple[str, bytes]]) -> None:
    """Refuse the file if any of these (name, bytes) parts declares a DTD or an entity."""
    for name, data in parts:
        try:
            check_no_dtd(data)
        except UnsafeXML as exc:
            raise refusal(path, name, str(exc)) from None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def parse_xml(data: bytes, path: Path, fmt: str, member: str) -> etree._Element:
    """The root element of one checked XML part, or a one-line refusal naming the file."""
    try:
        check_no_dtd(data)
    except UnsafeXML as exc:
        raise refusal(path, member, str(exc)) from None
    try:
        root = etree.fromstring(data, _parser())
    except Exception:
        raise InputError(path, f"not a valid {fmt} (damaged or truncated)") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise refusal(path, member, "declares XML entities")
    return root


def refusal(path: Path, member: str, why: str) -> InputError:
    """The one line for a part we will not parse."""
    if why == "declares XML entities":
        return InputError(
            path, f"declares XML entities; refusing to read it (possible XML bomb in {member})"
        )
    return InputError(path, f"part {member!r} {why}; refusing to read it")
