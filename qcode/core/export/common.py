"""What every exporter shares: escaping, labels, and reading back what was written."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from qcode.core.analysis.matrix import Matrix

# Characters XML 1.0 forbids (and lone surrogates, which cannot be encoded).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")
_TAGS = re.compile(r"<[^>]*>")
_FORMATTING_PARTS = re.compile(
    r"(styles|theme\d*|fontTable|settings|webSettings|numbering|calcChain)\.xml$"
)


def clean(text: str) -> str:
    """Text without control characters a file format cannot hold. A vertical tab (Word's
    manual line break) or form feed (page break) separates words, so it becomes a space."""
    return _NOT_XML.sub("", _BREAKS.sub(" ", text))


def xml_escape(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def written_text(path: Path, fmt: str) -> tuple[str, bool]:
    """What the check for real names left behind must look at, and whether it is markup
    (then a name counts only outside tags). Word and Excel files are searched as XML,
    which spares stripping megabytes of tags; entities do not matter, as names hold no
    & < or >."""
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(path) as zf:
            parts = [
                zf.read(name).decode("utf-8", "replace")
                for name in zf.namelist()
                # every part but the ones that only hold formatting
                if name.endswith(".xml") and not _FORMATTING_PARTS.search(name)
            ]
        return "\n".join(parts), True
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if fmt == "html":
        return html.unescape(_TAGS.sub(" ", text)), False
    return text, False
