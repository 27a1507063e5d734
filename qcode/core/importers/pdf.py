"""Reading the text layer of .pdf files.

PDF is where text goes to lose its structure: we take the text layer page by page so a
coding can be traced to its page (`metadata["pages"]`), and look for speaker turns as in
plain text. Headings are not guessed: a PDF's lines are the layout's, so running page
headers and wrapped sentences ending in ':' would pass for headings. A scanned PDF has no
text layer; importing it as an empty document would silently lose the source, so it is
refused with advice to run OCR.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from qcode.core.errors import InputError

from .result import ImportedSource, finish, normalise_newlines
from .turns import find_turns


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs repairs of damaged files as warnings; the user gets our one-line error
    (or the text) instead, so keep its log quiet while we read and restore it after."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(old)


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except Exception:
        raise InputError(path, "not a valid .pdf (damaged or truncated)") from None
    if reader.is_encrypted:
        try:
            # many "protected" PDFs have an empty user password and only restrict printing
            opened = bool(reader.decrypt(""))
        except Exception:
            opened = False
        if not opened:
            raise InputError(path, "is encrypted (password-protected); save an unprotected copy")
    return reader


def read_pdf(path: Path) -> ImportedSource:
    """Page texts joined by newlines, with each page's span in metadata."""
    with _quiet_pypdf():
        return _read_pdf(path)


def _read_pdf(path: Path) -> ImportedSource:
    reader = _open(path)
    pages: list[dict[str, Any]] = []
    parts: list[str] = []
    pos = 0
    try:
        for number, page in enumerate(reader.pages, start=1):
            page_text = normalise_newlines(page.extract_text() or "").rstrip()
            parts.append(page_text)
            pages.append({"page": number, "start": pos, "end": pos + len(page_text)})
            pos += len(page_text) + 1
    except InputError:
        raise
    except Exception:
        raise InputError(path, "not a valid .pdf (damaged or truncated)") from None
    text = "\n".join(parts)
    if not text.strip():
        raise InputError(path, "has no text layer (scanned PDF?); run OCR first")
    return finish(text, [], find_turns(text), {"format": "pdf", "pages": pages})
