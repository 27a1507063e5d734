"""What every exporter shares: escaping, labels, and reading back what was written."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from qcode.core.matrix import Matrix

# Characters XML 1.0 forbids (and lone surrogates, which cannot be encoded).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]*>")


def clean(text: str) -> str:
    """Text without control characters a file format cannot hold."""
    return _NOT_XML.sub("", text)


def xml_escape(text: str) -> str:
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    return xml_escape(text).replace('"', "&quot;")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts_label(segments: int, sources: int) -> str:
    return f"{plural(segments, 'excerpt')} · {plural(sources, 'source')}"


def title_lines(matrix: Matrix, pseudonyms: str) -> list[tuple[str, str]]:
    """The facts a reader of the export needs first, as (label, value) pairs."""
    spec = matrix.spec
    rows = ", ".join(r.name for r in matrix.rows if r.depth == 0)
    if spec.nest:
        rows += " (with their categories)"
    return [
        ("Project", matrix.project),
        ("Made on", matrix.made_on),
        ("Rows", rows),
        ("Columns", f"{matrix.by_label} ({plural(len(matrix.cases), 'case')})"),
        ("Coders", ", ".join(matrix.coders) or "none"),
        ("Filters", spec.filters.describe()),
        ("Pseudonyms", pseudonyms),
        ("Excerpts", str(matrix.excerpt_count)),
    ]


def written_text(path: Path, fmt: str) -> str:
    """The text a reader would find in the file, tags and entities resolved: what the
    check for real names left behind must look at."""
    if fmt in ("docx", "xlsx"):
        parts = []
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith(".xml"):
                    parts.append(_TAGS.sub(" ", zf.read(name).decode("utf-8", "replace")))
        return html.unescape("\n".join(parts))
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if fmt == "html":
        return html.unescape(_TAGS.sub(" ", text))
    return text
