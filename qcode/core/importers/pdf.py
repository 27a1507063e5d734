"""Reading the text layer of .pdf files.

PDF is where text goes to lose its structure: we take the text layer page by page so a
coding can be traced to its page (`metadata["pages"]`), then look for turns and headings
as in plain text. A scanned PDF has no text layer; importing it as an empty document would
silently lose the source, so it is refused with advice to run OCR.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from qcode.core.errors import InputError

from .result import ImportedSource, finish, normalise_newlines
from .structure import detect_structure


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except Exception:
        raise InputError(path, "not a valid .pdf (damaged or truncated)") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many "protected" PDFs only restrict printing
        except Exception:
            opened = 0
        if not opened:
            raise InputError(path, "is encrypted (password-protected); save an unprotected copy")
    return reader


def read_pdf(path: Path) -> ImportedSource:
    """Page texts joined by newlines, with each page's span in metadata."""
    reader = _open(path)
    pages: list[dict] = []
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
    sections, turns = detect_structure(text)
    return finish(text, sections, turns, {"format": "pdf", "pages": pages})
