"""XML that declares a DTD or entities is refused in every encoding a parser would read it
in, in every part a reader would parse; XML without one still imports.

`ENCODINGS` × `PAYLOADS` × the parts in `TARGETS` is the table the README's "hostile
inputs tried" figure counts for XML. The wide encodings are the ones a byte grep for
`<!DOCTYPE` (the check before issue 10) let through; `test_old_byte_check_missed_these`
counts them.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentText
from odf.text import P

from qcode.core.errors import InputError
from qcode.core.importers import read_source
from qcode.core.importers.safexml import UnsafeXML, check_no_dtd
from tests.importers.hostile import deflated, docx_members, docx_with, main_part_as, raw_zip

SECRET = "HEMMELIG-11223344556"


def _plain(codec: str, bom: bytes = b"") -> Callable[[str], bytes]:
    return lambda text: bom + text.encode(codec)


def _utf7(text: str) -> bytes:
    # UTF-7 may write '<' and '!' as base64: '+ADwAIQ-' is '<!' to a decoder.
    return text.encode("utf-7").replace(b"<!", b"+ADwAIQ-")


# label written in the XML declaration, and how the text becomes bytes
ENCODINGS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "utf-8": ("UTF-8", _plain("utf-8")),
    "utf-8 with BOM": ("UTF-8", _plain("utf-8", codecs.BOM_UTF8)),
    "utf-16-le with BOM": ("UTF-16", _plain("utf-16-le", codecs.BOM_UTF16_LE)),
    "utf-16-be with BOM": ("UTF-16", _plain("utf-16-be", codecs.BOM_UTF16_BE)),
    "utf-16-le without BOM": ("UTF-16LE", _plain("utf-16-le")),
    "utf-16-be without BOM": ("UTF-16BE", _plain("utf-16-be")),
    "utf-32-le with BOM": ("UTF-32", _plain("utf-32-le", codecs.BOM_UTF32_LE)),
    "utf-32-be with BOM": ("UTF-32", _plain("utf-32-be", codecs.BOM_UTF32_BE)),
    "utf-32-le without BOM": ("UTF-32LE", _plain("utf-32-le")),
    "utf-32-be without BOM": ("UTF-32BE", _plain("utf-32-be")),
    "iso-8859-1 declared": ("ISO-8859-1", _plain("latin-1")),
    "utf-7 declared": ("UTF-7", _utf7),
    "ebcdic (cp037)": ("IBM037", _plain("cp037")),
}

PAYLOADS: dict[str, Callable[[Path, str], str]] = {
    "billion laughs": lambda _d, root: (
        f'<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    ),
    "external entity: local file": lambda d, root: (
        f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{d / "secret.txt"}">]>'
    ),
    "external entity: URL": lambda _d, root: (
        f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "http://127.0.0.1:9/leak">]>'
    ),
    "parameter entity": lambda _d, root: (
        f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
    ),
    "external DTD": lambda _d, root: f'<!DOCTYPE {root} SYSTEM "http://127.0.0.1:9/x.dtd">',
}


def _rewrite(xml: bytes, label: str, encode: Callable[[str], bytes], dtd: str) -> bytes:
    """The part re-declared in another encoding, with the DTD after the declaration."""
    body = xml.decode("utf-8").split("?>", 1)[1]
    return encode(f'<?xml version="1.0" encoding="{label}"?>{dtd}{body}')


def _odt_members(folder: Path) -> dict[str, bytes]:
    doc = OpenDocumentText()
    doc.text.addElement(P(text="Intervjuer: Hvordan gikk det?"))
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _docx_part(part: str) -> Callable[[Path, Callable[[bytes], bytes]], bytes]:
    def build(folder: Path, change: Callable[[bytes], bytes]) -> bytes:
        members = docx_members()
        members[part] = change(members[part])
        return docx_with(members)

    return build


def _docx_main_part_named_bin(folder: Path, change: Callable[[bytes], bytes]) -> bytes:
    moved = main_part_as(docx_members(), "word/document.bin")
    moved["word/document.bin"] = change(moved["word/document.bin"])
    return docx_with(moved)


def _odt_content(folder: Path, change: Callable[[bytes], bytes]) -> bytes:
    members = _odt_members(folder)
    members["content.xml"] = change(members["content.xml"])
    return raw_zip([deflated(name, data) for name, data in members.items()])


# (file suffix, root element name for the DOCTYPE, builder)
TARGETS: dict[str, tuple[str, str, Callable[[Path, Callable[[bytes], bytes]], bytes]]] = {
    "docx word/document.xml": (".docx", "w:document", _docx_part("word/document.xml")),
    "docx main part as word/document.bin": (".docx", "w:document", _docx_main_part_named_bin),
    "docx [Content_Types].xml": (".docx", "Types", _docx_part("[Content_Types].xml")),
    "docx _rels/.rels": (".docx", "Relationships", _docx_part("_rels/.rels")),
    "odt content.xml": (".odt", "office:document-content", _odt_content),
}

CASES = [
    (target, encoding, payload)
    for target in TARGETS
    for encoding in ENCODINGS
    for payload in PAYLOADS
]


@pytest.mark.parametrize(("target", "encoding", "payload"), CASES)
def test_dtd_and_entities_refused_in_every_encoding(
    target: str, encoding: str, payload: str, tmp_path: Path
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    suffix, root, build = TARGETS[target]
    label, encode = ENCODINGS[encoding]
    dtd = PAYLOADS[payload](tmp_path, root)
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(build(tmp_path, lambda xml: _rewrite(xml, label, encode, dtd)))
    with pytest.raises(InputError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: declares XML entities; refusing to read it")
    assert "\n" not in message and SECRET not in message


def test_old_byte_check_missed_these() -> None:
    """The encodings a raw-bytes grep for `<!DOCTYPE` did not see (10 of 13: UTF-16 and
    UTF-32 with and without BOM, UTF-7, EBCDIC); each is now refused by `check_no_dtd`."""
    hidden = []
    for name, (label, encode) in ENCODINGS.items():
        data = encode(f'<?xml version="1.0" encoding="{label}"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
        if b"<!DOCTYPE" not in data.upper() and b"<!ENTITY" not in data.upper():
            hidden.append(name)
        with pytest.raises(UnsafeXML):
            check_no_dtd(data)
    assert len(hidden) == 10, hidden


@pytest.mark.parametrize("encoding", ["utf-8 with BOM", "utf-16-le with BOM", "utf-16-be with BOM"])
def test_xml_without_a_dtd_imports_in_any_encoding(encoding: str, tmp_path: Path) -> None:
    """No false alarm: the same documents without a DOCTYPE still import."""
    label, encode = ENCODINGS[encoding]
    build = _docx_part("word/document.xml")
    path = tmp_path / "ok.docx"
    path.write_bytes(build(tmp_path, lambda xml: _rewrite(xml, label, encode, "")))
    assert "Kari: Det gikk bra." in read_source(path).text


def test_html_part_with_a_doctype_is_not_xml(tmp_path: Path) -> None:
    """An HTML chunk Word embeds (altChunk) has `<!DOCTYPE html>` but is not parsed as XML;
    its content type says so, and the document still imports."""
    members = docx_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="htm" ContentType="text/html"/><Default ', 1
    )
    members["word/afchunk.htm"] = b"<!DOCTYPE html><html><body>hei</body></html>"
    path = tmp_path / "altchunk.docx"
    path.write_bytes(docx_with(members))
    assert "Kari: Det gikk bra." in read_source(path).text


def test_unknown_declared_encoding_is_refused(tmp_path: Path) -> None:
    build = _docx_part("word/document.xml")
    path = tmp_path / "odd.docx"
    path.write_bytes(build(tmp_path, lambda xml: _rewrite(xml, "X-MADE-UP", _plain("utf-8"), "")))
    with pytest.raises(InputError, match=r"declares an encoding Python cannot read \(X-MADE-UP\)"):
        read_source(path)
