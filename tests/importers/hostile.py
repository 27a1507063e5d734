"""Builders for hostile files, made in the test so no bomb lives in the repository.

`raw_zip` writes a zip by hand, so a test can make its headers say what it likes: a size
that is not the real one, entries that share their compressed bytes, a duplicate name.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

import docx as python_docx

MIB = 1024 * 1024


@dataclass
class RawEntry:
    """One zip entry as written: `packed` is stored as is, the header says `size`/`crc`."""

    name: str
    packed: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    at: int | None = None  # point the central directory at another entry's local header


def deflated(name: str, data: bytes) -> RawEntry:
    """An honest entry."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = packer.compress(data) + packer.flush()
    return RawEntry(name, packed, len(data), zlib.crc32(data))


def zeros_entry(name: str, mib: int) -> RawEntry:
    """`mib` MiB of zeros, deflated without ever holding them: a deflate stream of 1 MiB of
    zeros cut with a full flush is the same bytes every time, so it can be repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    packed = block * mib + packer.flush(zlib.Z_FINISH)
    # No CRC: working it out reads the gigabyte, and a reader that refuses the entry never
    # gets as far as checking it (a test that needs one sets it).
    return RawEntry(name, packed, mib * MIB, 0)


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip whose local headers and central directory say exactly what the entries say."""
    out = bytearray()
    offsets: list[int] = []
    for entry in entries:
        name = entry.name.encode()
        offsets.append(len(out))
        if entry.at is not None:  # shares another entry's bytes: nothing of its own
            continue
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.packed),
            entry.size,
            len(name),
            0,
        )
        out += name + entry.packed
    directory = bytearray()
    for index, entry in enumerate(entries):
        name = entry.name.encode()
        offset = offsets[entry.at] if entry.at is not None else offsets[index]
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.packed),
            entry.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += name
    start = len(out)
    out += directory
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0
    )
    return bytes(out)


@functools.cache
def _base_docx() -> bytes:
    buffer = io.BytesIO()
    document = python_docx.Document()
    document.add_paragraph("Intervjuer: Hvordan gikk det?")
    document.add_paragraph("Kari: Det gikk bra.")
    document.save(buffer)
    return buffer.getvalue()


def docx_members() -> dict[str, bytes]:
    """The parts of a small real .docx made by python-docx (a fresh dict each call)."""
    with zipfile.ZipFile(io.BytesIO(_base_docx())) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def docx_with(members: dict[str, bytes], *extra: RawEntry, drop: tuple[str, ...] = ()) -> bytes:
    """A .docx of `members` (honestly packed) plus hand-made entries."""
    entries = [deflated(name, data) for name, data in members.items() if name not in drop]
    return raw_zip(entries + list(extra))


def main_part_as(members: dict[str, bytes], part: str) -> dict[str, bytes]:
    """Move the main document to `part` (say word/document.bin): the content types and the
    package relationships point there, as a hostile file would have them."""
    moved = dict(members)
    moved[part] = moved.pop("word/document.xml")
    types = moved["[Content_Types].xml"].replace(b"/word/document.xml", b"/" + part.encode())
    moved["[Content_Types].xml"] = types
    moved["_rels/.rels"] = moved["_rels/.rels"].replace(b"word/document.xml", part.encode())
    rels = moved.pop("word/_rels/document.xml.rels")
    folder, _, leaf = part.rpartition("/")
    moved[f"{folder}/_rels/{leaf}.rels"] = rels
    return moved


def pdf_of(content: bytes, *, flate: bool, pages: int = 1) -> bytes:
    """A PDF whose pages all show one content stream (deflated when `flate`)."""
    stream = zlib.compress(content, 9) if flate else content
    filters = " /Filter /FlateDecode" if flate else ""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)}{filters} >>\nstream\n".encode() + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * pages
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of numbered `objects` (object 1 the catalog) with a correct cross-reference
    table: what pypdf needs to read a file made by hand."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
