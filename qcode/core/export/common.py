"""What every exporter shares: escaping and labels."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from qcode.core.analysis.matrix import Matrix

# Characters XML 1.0 forbids (and lone surrogates, which cannot be encoded).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")


def clean(text: str) -> str:
    """Text without control characters a file format cannot hold. A vertical tab (Word's
    manual line break) or form feed (page break) separates words, so it becomes a space."""
    return _NOT_XML.sub("", _BREAKS.sub(" ", text))


def cleaned(value: Any) -> Any:
    """`value` (a string, or a dataclass, tuple, list or dict holding strings) with every
    string `clean`: for writers that hand text to a library (python-docx) that refuses a
    control character with an exception instead of leaving it out."""
    if isinstance(value, str):
        return clean(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: cleaned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(cleaned(v) for v in value)
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: cleaned(v) for k, v in value.items()}
    return value


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
    if matrix.left_out:  # rows without excerpts (MatrixSpec.include_empty shows them)
        rows += f"; {plural(matrix.left_out, 'code')} without excerpts left out"
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


# A cell summary (core/analysis/summaries.py) is written first in its cell, under this
# label; one whose cell has no excerpts now is kept and flagged so.
SUMMARY_LABEL = "Summary"
ORPHAN_FLAG = "(no excerpts now)"


def summary_line(text: str, orphan: bool) -> str:
    """A summary as one plain-text writer shows it: `Summary: … (no excerpts now)`."""
    return f"{SUMMARY_LABEL}: {text}" + (f" {ORPHAN_FLAG}" if orphan else "")
