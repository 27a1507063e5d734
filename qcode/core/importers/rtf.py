"""Reading .rtf files.

RTF still comes out of older transcription software and Mac TextEdit. We only want its
text; the structure is then found as in plain text, since RTF headings are usually just
bold or larger font, which striprtf does not report.
"""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from qcode.core.errors import InputError

from .decoding import read_bytes
from .result import ImportedSource, finish, normalise_newlines
from .structure import detect_structure

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path) -> ImportedSource:
    """Text of an RTF file, honouring its declared ANSI code page for `\\'xx` escapes."""
    data = read_bytes(path)
    if not data.strip():
        raise InputError(path, "is empty")
    if not data.lstrip().startswith(b"{\\rtf"):
        raise InputError(path, "not a valid .rtf (does not start with {\\rtf)")
    match = _CODEPAGE.search(data[:2000])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    try:
        # RTF is 7-bit by definition; latin-1 maps any stray 8-bit byte without failing.
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception:
        raise InputError(path, "not a valid .rtf (could not parse it)") from None
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "is empty (no text in the RTF)")
    sections, turns = detect_structure(text)
    return finish(text, sections, turns, {"format": "rtf"})
