"""The excerpt paragraphs of the Word export, made for a whole cell or section at once.

A matrix of 50,000 excerpts is 100,000 strings to escape (each excerpt's text and its
citation); escaped one at a time that was a third of the body's writing. Here the strings
of a batch are joined, checked once for characters `clean` would change (control
characters, which are rare), escaped with three replacements over the joined text (C
speed) and split back. The XML is the same as escaping each string on its own: without
control characters escaping only maps `&`, `<` and `>` to entities, which neither make nor
remove white space or line breaks, so a text's lines and whether they keep their spaces
(`text_xml`) are read off the escaped text alike. A batch that holds a control
character, or the joining character itself, is written a string at a time as before
(`run_xml`, `text_xml`: a control character such as U+001C counts as white space before
`clean` removes it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qcode.core.analysis.matrix import Excerpt
from qcode.core.export.common import citations, xml_escape
from qcode.core.export.i18n import Labels

# Characters `common.clean` removes or turns into a space (its _NOT_XML and _BREAKS).
_CHANGED_BY_CLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_JOIN = "\ue000"  # a private-use character: joins a batch, checked to be in none of it
_NEWLINES = re.compile(r"\n+")


def run_xml(text: str, rpr: str = "") -> str:
    """A run; line breaks in the text become <w:br/> (several in a row count as one)."""
    if "\n" not in text:
        return f"<w:r>{rpr}{text_xml(text)}</w:r>"
    return f"<w:r>{rpr}{'<w:br/>'.join(text_xml(line) for line in _NEWLINES.split(text))}</w:r>"


def text_xml(text: str) -> str:
    """Text element; white space is kept as written only where Word would collapse it."""
    if text[:1].isspace() or text[-1:].isspace() or "  " in text or "\t" in text:
        return f'<w:t xml:space="preserve">{xml_escape(text)}</w:t>'
    return f"<w:t>{xml_escape(text)}</w:t>"


def escape_all(texts: Sequence[str]) -> list[str] | None:
    """`[xml_escape(t) for t in texts]`, made in one pass over the joined texts; None when
    a text holds a character `clean` changes (or the joining one)."""
    joined = _JOIN.join(texts)
    if _CHANGED_BY_CLEAN.search(joined) or joined.count(_JOIN) != len(texts) - 1:
        return None
    escaped = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.split(_JOIN)


def _t_escaped(escaped: str) -> str:
    """`text_xml` of a text already escaped (the checks read the same: see above)."""
    if escaped[:1].isspace() or escaped[-1:].isspace() or "  " in escaped or "\t" in escaped:
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def _run_escaped(escaped: str) -> str:
    """`run_xml` (no run properties) of a text already escaped."""
    if "\n" not in escaped:
        return f"<w:r>{_t_escaped(escaped)}</w:r>"
    return f"<w:r>{'<w:br/>'.join(_t_escaped(line) for line in _NEWLINES.split(escaped))}</w:r>"


def excerpt_paras(
    excerpts: Sequence[Excerpt], style: str, cite_style: str, labels: Labels, quote: bool = False
) -> str:
    """Each excerpt as a paragraph of `style`: its text, a line break and its citation in
    the character style `cite_style`; all joined."""
    if not excerpts:
        return ""
    texts = [f"«{e.text}»" for e in excerpts] if quote else [e.text for e in excerpts]
    cited = citations(excerpts, labels)
    head = f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
    cite = f'<w:r><w:rPr><w:rStyle w:val="{cite_style}"/></w:rPr><w:br/><w:t>'
    escaped = escape_all(texts + cited)
    if escaped is None:  # a control character somewhere: one at a time
        return "".join(
            f"{head}{run_xml(text)}{cite}{xml_escape(c)}</w:t></w:r></w:p>"
            for text, c in zip(texts, cited, strict=True)
        )
    n = len(excerpts)
    return "".join(
        f"{head}{_run_escaped(text)}{cite}{c}</w:t></w:r></w:p>"
        for text, c in zip(escaped[:n], escaped[n:], strict=True)
    )
