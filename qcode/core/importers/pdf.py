"""Reading the text layer of .pdf files.

PDF is where text goes to lose its structure: we take the text layer page by page so a
coding can be traced to its page (`metadata["pages"]`), and look for speaker turns as in
plain text. Headings are not guessed: a PDF's lines are the layout's, so running page
headers and wrapped sentences ending in ':' would pass for headings. A scanned PDF has no
text layer; importing it as an empty document would silently lose the source, so it is
refused with advice to run OCR. Words hyphenated at a line's end are made whole and a
sentence broken by a page loses the blank lines between (rules in `dehyphenate`).

A text layer has no blank lines, only vertical gaps, and a transcript's blank line is
structure: it sets a key of speakers (`I1: Interviewer 1`) apart from the conversation and
ends a turn. So where a line sits at least `BLANK_LINE_GAP` times the page's usual line
distance below the one before (an empty line in the document the PDF was made from, or
paragraph spacing as wide as one; tighter spacing stays a plain line break), the text gets
a blank line there (`with_blank_lines`).

A PDF's streams are compressed, so a small hostile file can unpack to gigabytes. pypdf
bounds each decompression (75 MB by default); we read with tighter bounds than that
(`PDF_LIMITS`: a page's text never needs 32 MB of content stream) and refuse files larger
than `MAX_PDF_BYTES` (pypdf reads the whole file into memory) or with more than `MAX_PAGES`
pages, each with one line that says why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdf
from pypdf import PdfReader

from qcode.core.errors import InputError

from .dehyphenate import join_hyphenated as _join_hyphenated
from .dehyphenate import page_joint as _page_joint
from .dehyphenate import vocabulary as _vocabulary
from .result import ImportedSource, finish, normalise_newlines
from .turns import find_turns

MIB = 1024 * 1024
MAX_PDF_BYTES = 256 * MIB
MAX_PAGES = 10_000
# an empty line's gap is two line distances; paragraph spacing stays well below 1.75
BLANK_LINE_GAP = 1.75
# pypdf's Configuration fields (pypdf >= 6.9); older pypdf keeps its own 75 MB defaults.
PDF_LIMITS: dict[str, int] = {
    "maximum_declared_stream_length": 64 * MIB,
    "array_based_stream_maximum_output_length": 32 * MIB,
    "zlib_maximum_output_length": 32 * MIB,
    "lzw_maximum_output_length": 32 * MIB,
    "run_length_maximum_output_length": 32 * MIB,
    "brotli_maximum_output_length": 32 * MIB,
    "jbig2_maximum_output_length": 32 * MIB,
    "stream_decoding_work_maximum_length": 96 * MIB,
}


def _limits() -> AbstractContextManager[Any]:
    """pypdf's decompression bounds, tightened for the time we read, where pypdf has them."""
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return nullcontext()
    known = getattr(pypdf, "Configuration", None)
    fields = getattr(known, "__dataclass_fields__", {})
    limits: AbstractContextManager[Any] = apply(
        **{name: value for name, value in PDF_LIMITS.items() if name in fields}
    )
    return limits


def _too_much(path: Path, exc: Exception) -> InputError | None:
    """pypdf's refusal to unpack past a limit, as our one line (None for other errors)."""
    if type(exc).__name__ != "LimitReachedError":
        return None
    return InputError(
        path, "a compressed part unpacks past qcode's limit; refusing it (possible PDF bomb)"
    )


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
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_PDF_BYTES:
        raise InputError(
            path, f"is {size / MIB:,.0f} MB; at most {MAX_PDF_BYTES // MIB} MB for a .pdf"
        )
    try:
        reader = PdfReader(str(path))
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except Exception as exc:
        raise _too_much(path, exc) or InputError(
            path, "not a valid .pdf (damaged or truncated)"
        ) from None
    if reader.is_encrypted:
        try:
            # many "protected" PDFs have an empty user password and only restrict printing
            opened = bool(reader.decrypt(""))
        except Exception:
            opened = False
        if not opened:
            raise InputError(path, "is encrypted (password-protected); save an unprotected copy")
    return reader


def _page_text(page: Any) -> str:
    """The page's text layer as pypdf reads it, with blank lines where the page has them."""
    chunks: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        chunks.append((text, float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])))

    text = page.extract_text(visitor_text=visit) or ""
    return with_blank_lines(text, chunks)


def with_blank_lines(text: str, chunks: list[tuple[str, float]]) -> str:
    """`text` with a blank line before each line set apart by a gap of at least
    `BLANK_LINE_GAP` usual line distances. `chunks` are the pieces pypdf emitted with the
    height each was drawn at; when they do not add up to `text` (pypdf reworked it), the
    text is kept as it is rather than guessed at."""
    if "".join(piece for piece, _ in chunks) != text:
        return text
    starts: list[tuple[int, float]] = []  # (offset of a line's first chunk, its height)
    at = 0
    line_start = True
    for piece, y in chunks:
        if line_start and piece.strip():
            starts.append((at, y))
            line_start = False
        at += len(piece)
        if piece.endswith("\n"):
            line_start = True
    steps = [above - below for (_, above), (_, below) in pairwise(starts)]
    usual = sorted(d for d in steps if d > 0)
    if len(usual) < 2:
        return text
    line = usual[(len(usual) - 1) // 4]  # the lower quartile: lines inside a paragraph
    cuts = [
        at
        for ((_, above), (at, below)) in pairwise(starts)
        if above - below >= BLANK_LINE_GAP * line and text[at - 1 : at] == "\n"
    ]
    if not cuts:
        return text
    parts, last = [], 0
    for at in cuts:
        parts.append(text[last:at])
        last = at
    parts.append(text[last:])
    return "\n".join(parts)


def read_pdf(path: Path) -> ImportedSource:
    """Page texts joined by newlines, with each page's span in metadata."""
    with _quiet_pypdf(), _limits():
        return _read_pdf(path)


def _read_pdf(path: Path) -> ImportedSource:
    reader = _open(path)
    pages: list[dict[str, Any]] = []
    parts: list[str] = []
    pos = 0
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise _too_much(path, exc) or InputError(
            path, "not a valid .pdf (damaged or truncated)"
        ) from None
    if count > MAX_PAGES:
        raise InputError(path, f"has {count:,} pages; at most {MAX_PAGES:,} for a .pdf")
    try:
        texts = [normalise_newlines(_page_text(page)).rstrip() for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:
        raise _too_much(path, exc) or InputError(
            path, "not a valid .pdf (damaged or truncated)"
        ) from None
    words = _vocabulary(texts)
    for number, page_text in enumerate(texts, start=1):
        page_text = _join_hyphenated(page_text, words)
        if parts:
            before, page_text, sep = _page_joint(parts[-1], page_text, words)
            pages[-1]["end"] = pages[-1]["start"] + len(before)
            parts[-1] = before + sep
            pos = pages[-1]["end"] + len(sep)
        parts.append(page_text)
        pages.append({"page": number, "start": pos, "end": pos + len(page_text)})
        pos += len(page_text)
    text = "".join(parts)
    if not text.strip():
        raise InputError(path, "has no text layer (scanned PDF?); run OCR first")
    return finish(text, [], find_turns(text), {"format": "pdf", "pages": pages})
