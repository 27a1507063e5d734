"""The Word export writes the same document when its writing is made faster.

The files in tests/golden_docx/ are the word/document.xml that the writer gave for the
matrices of `docx_golden` before the excerpt paragraphs were escaped a batch at a time
(docx_excerpts.py); every change to how the body is put together must give them byte for
byte. A change meant to alter the document updates them, and says why, in its own commit.
The property test holds the batched paragraphs equal to the one-at-a-time definition on
text of every awkward kind.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.core.analysis.matrix import Excerpt
from qcode.core.export import export_matrix
from qcode.core.export.common import citation, xml_escape
from qcode.core.export.docx_excerpts import escape_all, excerpt_paras, run_xml
from qcode.core.export.i18n import translator
from qcode.core.export.pseudonyms import Pseudonymiser
from tests.docx_golden import PSEUDONYMS, golden_matrix, golden_summaries

GOLDEN = Path(__file__).parent / "golden_docx"

# (file, cases, layout, language, pseudonyms on)
CASES = [
    ("g13-grid-nb-1", 13, "grid", "nb", True),  # three grid tables, two overview tables
    ("g8-list-nb-1", 8, "list", "nb", True),
    ("g8-grid-en-0", 8, "grid", "en", False),
    ("g8-list-en-0", 8, "list", "en", False),
    ("g1-grid-en-1", 1, "grid", "en", True),  # portrait, one case
]


@pytest.mark.parametrize(("name", "cases", "layout", "lang", "pseudonyms"), CASES)
def test_document_xml_is_unchanged(
    tmp_path: Path, name: str, cases: int, layout: str, lang: str, pseudonyms: bool
) -> None:
    matrix = golden_matrix(cases)
    out = tmp_path / "m.docx"
    export_matrix(
        matrix, out, "docx", layout, Pseudonymiser(PSEUDONYMS), pseudonyms_on=pseudonyms,
        summaries=golden_summaries(matrix), lang=lang,
    )  # fmt: skip
    with zipfile.ZipFile(out) as zf:
        written = zf.read("word/document.xml").decode("utf-8")
    expected = (GOLDEN / f"{name}.xml").read_text(encoding="utf-8")
    if written != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(written, expected, strict=False)) if a != b),
            min(len(written), len(expected)),
        )
        pytest.fail(
            f"{name}: document.xml differs at {at}: "
            f"written …{written[at - 60 : at + 60]!r}… expected …{expected[at - 60 : at + 60]!r}…"
        )


def _one_at_a_time(excerpt: Excerpt, style: str, cite_style: str, quote: bool) -> str:
    """The excerpt paragraph as the writer made it before batching (docx._excerpt_para)."""
    text = f"«{excerpt.text}»" if quote else excerpt.text
    cite = f'<w:rPr><w:rStyle w:val="{cite_style}"/></w:rPr>'
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run_xml(text)}'
        f"<w:r>{cite}<w:br/><w:t>{xml_escape(citation(excerpt, translator('nb')))}</w:t></w:r>"
        "</w:p>"
    )


AWKWARD = st.text(
    alphabet=st.sampled_from(
        list("ab Kø&<>\"'\t\n\r«»") + ["\x00", "\x01", "\x0b", "\x0c", "\x1c", "\ue000"]
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(AWKWARD, min_size=0, max_size=5),
    speakers=st.lists(st.one_of(st.none(), AWKWARD), min_size=5, max_size=5),
    quote=st.booleans(),
)
def test_batched_paragraphs_equal_one_at_a_time(
    texts: list[str], speakers: list[str | None], quote: bool
) -> None:
    excerpts = [
        Excerpt(
            f"kilde {i}&.txt",
            "interview",
            0,
            len(t),
            t,
            i + 1,
            1,
            speakers[i],
            None,
            ("tester",),
            (i,),
            1,
        )  # fmt: skip
        for i, t in enumerate(texts)
    ]
    expected = "".join(_one_at_a_time(e, "Excerpt", "Cite", quote) for e in excerpts)
    assert excerpt_paras(excerpts, "Excerpt", "Cite", translator("nb"), quote) == (expected)


@given(st.lists(AWKWARD, max_size=6))
def test_escape_all_is_xml_escape_of_each(texts: list[str]) -> None:
    escaped = escape_all(texts)
    assert escaped is None or escaped == [xml_escape(t) for t in texts]


MARKUP_BITS = st.sampled_from(
    ["<w:p>", "</w:p>", "<w:p w:x='1'>", "<w:p/>", "<p>", "</p>", "<si>", "</si>", "<is>",
     "</is>", "<a:b:p>", "<w:pPr>", "</w:pPr>", "<w:r>", "</w:r>", "text", "Kari", " ", "\n",
     "<x:si\n>", "</x:si>", "<w:p attr='/'/>", "<"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(MARKUP_BITS, max_size=20).map("".join))
def test_read_back_blocks_are_those_of_the_expression(markup: str) -> None:
    """The read-back's paragraphs (found by their opening tag and str.find, for the Word
    export's speed) are the spans the regular expression it replaced gives."""
    from qcode.core.export.leaks import _BLOCK_MARKUP, _blocks

    assert list(_blocks(markup)) == [m.span(2) for m in _BLOCK_MARKUP.finditer(markup)]


NAME_TEXT = st.lists(
    st.sampled_from(
        ["kari", "karis", "kari's", "ola", "ola-", "per", "pernille", "kari nordmann",
         "kari_nordmann", "åse", "ase", " ", ".", "s", "x", "é", "\u0301", "2", "_"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(NAME_TEXT)
def test_names_are_matched_where_the_pattern_would_find_them(folded: str) -> None:
    """The pseudonymiser tries its pattern only where a name's first word starts (for the
    speed of a 50,000-excerpt export): the same matches as the pattern's own finditer."""
    from qcode.core.export.pseudonymiser import Pseudonymiser

    table = Pseudonymiser(
        [("Kari", "A"), ("Kari Nordmann", "B"), ("Ola", "C"), ("Per", "D"), ("Åse", "E")]
    )
    ours = [(m.span(), m.group("name")) for m in table._finditer(folded)]
    theirs = [(m.span(), m.group("name")) for m in table._pattern.finditer(folded)]
    assert ours == theirs


@given(
    st.lists(
        st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&", "amp;",
                         "lt;", "&#60;", "&#x3C;", "a", " ", ";", "#"]),
        max_size=10,
    ).map("".join)
)  # fmt: skip
def test_named_entities_unescaped_as_the_expression_does(text: str) -> None:
    """The read-back replaces the five named entities in turn where no character reference
    is (faster on a Word body): the same text as the expression that reads them all."""
    from qcode.core.export.xml_pieces import _REFERENCE, _reference, _unescape

    assert _unescape(text) == _REFERENCE.sub(_reference, text)
