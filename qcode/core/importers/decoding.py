"""Turning the bytes of a text file into `str`, or refusing them (plain text, subtitles and
RTF all start here).

Researchers' files come from Word's "Save as text", old Windows machines and
transcription services; most are UTF-8, some carry a BOM or are UTF-16, and a few are
legacy Windows-1252. We decode what we can recognise with certainty, say so in a note when
we had to guess, and refuse binary data rather than import garbage that would later be
coded and quoted.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from qcode.core.errors import InputError

# Above this share of control characters a "text" file is really binary data.
CONTROL_SHARE_LIMIT = 0.05
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab, newlines and form
# feeds are ordinary in text. One regex scan instead of a per-character category lookup.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def read_bytes(path: Path) -> bytes:
    """Read a file, turning OS errors into the one-line error users see."""
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec), label
    return None


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """Notepad-era UTF-16 without BOM: ASCII text leaves NULs on every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / (len(data) / 2)
    odd_nul = data[1::2].count(0) / (len(data) / 2)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = len(_CONTROLS.findall(text))
    return controls > 0 and controls / len(text) > CONTROL_SHARE_LIMIT


def decode_text(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Return (text, encoding label, notes); raise InputError for empty or binary data.

    The text is not yet newline-normalised, so callers can still look at the raw form.
    """
    notes: list[str] = []
    try:
        with_bom = _decode_bom(data)
    except UnicodeDecodeError:
        raise InputError(path, "is not a text file (invalid data after a Unicode BOM)") from None
    if with_bom is not None:
        text, encoding = with_bom
    elif b"\x00" in data:
        codec = _guess_utf16_without_bom(data)
        if codec is None:
            raise InputError(path, "is not a text file (binary data)")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise InputError(path, "is not a text file (binary data)") from None
        encoding = codec
        notes.append(f"decoded as {codec.upper()} without a byte-order mark; check the text")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data)
            notes.append(_LEGACY_NOTES[encoding])
    if not text.strip():
        raise InputError(path, "is empty")
    if _looks_binary(text):
        raise InputError(path, "is not a text file (binary data)")
    return text, encoding, notes


_LEGACY_NOTES = {
    "cp1252": "decoded as Windows-1252 (cp1252), not UTF-8; check æøå and other accents",
    "latin-1": "decoded as ISO-8859-1 (latin-1), not UTF-8; check æøå and other accents",
}


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Windows-1252 is what non-UTF-8 text from Word and Notepad almost always is; it
    leaves five bytes undefined, and if one occurs we fall back to latin-1, which never
    fails, and the note tells the user to check."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
