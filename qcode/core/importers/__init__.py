"""Reading source files into text plus structure (sections, speaker turns).

`read_source(path)` is the one entry point; it dispatches on the file extension and
returns an `ImportedSource`. Nothing here touches the project store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcode.core.errors import InputError

from .result import ImportedSource
from .sections import find_sections
from .turns import find_turns

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".txt",
    ".md",
    ".docx",
    ".odt",
    ".rtf",
    ".pdf",
    ".vtt",
    ".srt",
)

__all__ = ["SUPPORTED_EXTENSIONS", "ImportedSource", "find_sections", "find_turns", "read_source"]


def _reader(suffix: str) -> Callable[[Path], ImportedSource]:
    """Import format modules lazily: reading a .txt should not load lxml and pypdf."""
    if suffix in (".txt", ".md"):
        from .text import read_text_file

        fmt = suffix[1:]
        return lambda p: read_text_file(p, fmt)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx
    if suffix == ".odt":
        from .odt import read_odt

        return read_odt
    if suffix == ".rtf":
        from .rtf import read_rtf

        return read_rtf
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf
    from .subtitles import read_subtitles

    kind = suffix[1:]
    return lambda p: read_subtitles(p, kind)


def read_source(path: Path) -> ImportedSource:
    """Read one source file; every problem with the file is an `InputError` naming it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise InputError(
            path, f"unsupported file type {shown}; supported: {', '.join(SUPPORTED_EXTENSIONS)}"
        )
    try:
        if path.is_dir():
            raise InputError(path, "is a directory, not a file")
        if not path.exists():
            raise InputError(path, "file not found")
        if path.stat().st_size == 0:
            raise InputError(path, "is empty")
    except OSError as exc:  # a name too long for the file system, a folder we may not enter
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        result = _reader(suffix)(path)
    except RecursionError:
        raise InputError(path, "is nested too deeply to read") from None
    except MemoryError:
        raise InputError(path, "is too large to read") from None
    if not result.text.strip():
        raise InputError(path, "is empty (no text in it)")
    return result
