"""What every exporter shares: escaping and labels."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from qcode.core.analysis.matrix import Excerpt, Matrix
from qcode.core.export.i18n import ENGLISH, N_, Labels

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


def excerpt_count(labels: Labels, n: int) -> str:
    return labels.ngettext("{n} excerpt", "{n} excerpts", n).format(n=n)


def source_count(labels: Labels, n: int) -> str:
    return labels.ngettext("{n} source", "{n} sources", n).format(n=n)


def word_count(labels: Labels, n: int) -> str:
    return labels.ngettext("{n} word", "{n} words", n).format(n=n)


def counts_label(segments: int, sources: int, labels: Labels = ENGLISH) -> str:
    return f"{excerpt_count(labels, segments)} · {source_count(labels, sources)}"


def citation(excerpt: Excerpt, labels: Labels = ENGLISH) -> str:
    """`Excerpt.citation` in the export's language: source, line and who speaks."""
    return _cited(excerpt, labels.gettext("line {n}"))


def citations(excerpts: Sequence[Excerpt], labels: Labels = ENGLISH) -> list[str]:
    """`citation` of each excerpt, the label of a line looked up once (a Word export
    cites 50,000 excerpts)."""
    line = labels.gettext("line {n}")
    return [_cited(e, line) for e in excerpts]


def _cited(excerpt: Excerpt, line: str) -> str:
    who = excerpt.speaker or excerpt.section
    cited = f"{excerpt.source}, {line.format(n=excerpt.line)}"
    return f"{cited}, {who}" if who else cited


def title_lines(matrix: Matrix, pseudonyms: str, labels: Labels = ENGLISH) -> list[tuple[str, str]]:
    """The facts a reader of the export needs first, as (label, value) pairs."""
    _ = labels.gettext
    spec = matrix.spec
    rows = ", ".join(r.name for r in matrix.rows if r.depth == 0)
    if spec.nest:
        rows += " " + _("(with their categories)")
    if matrix.left_out:  # rows without excerpts (MatrixSpec.include_empty shows them)
        n = matrix.left_out
        rows += "; " + labels.ngettext(
            "{n} code without excerpts left out", "{n} codes without excerpts left out", n
        ).format(n=n)
    cases = labels.ngettext("{n} case", "{n} cases", len(matrix.cases)).format(n=len(matrix.cases))
    return [
        (_("Project"), matrix.project),
        (_("Made on"), matrix.made_on),
        (_("Rows"), rows),
        (_("Columns"), f"{matrix.by_label} ({cases})"),
        (_("Coders"), ", ".join(matrix.coders) or _("none")),
        (_("Filters"), _filters(spec.filters.describe(), labels)),
        (_("Pseudonyms"), pseudonyms),
        (_("Excerpts"), str(matrix.excerpt_count)),
    ]


def _filters(described: str, labels: Labels) -> str:
    return labels.gettext("none") if described == "none" else described


def pseudonyms_note(labels: Labels, on: bool, replaced: int) -> str:
    """What the title block says about pseudonyms."""
    if not on:
        return labels.gettext("off: real names shown")
    if replaced:
        return labels.ngettext(
            "applied ({n} name replaced by an alias)",
            "applied ({n} names replaced by aliases)",
            replaced,
        ).format(n=replaced)
    return labels.gettext("none defined")


# A cell summary (core/analysis/summaries.py) is written first in its cell, under this
# label; one whose cell has no excerpts now is kept and flagged so.
SUMMARY_LABEL = N_("Summary")
ORPHAN_FLAG = N_("(no excerpts now)")
