"""The read-back reads an XML part without a tree (`xml_pieces.stream_pieces`) and must find
exactly what lxml's tree of the part holds (`tree_pieces`): every text node, every attribute
value, on markup written every way XML allows: names in text, in attributes in either
quote, behind entities and character references, in CDATA, split over runs, around
comments and processing instructions, with any line ends."""

from __future__ import annotations

import html
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.core.export import leaks
from qcode.core.export.leaks import _BLOCK_MARKUP, _TAGS, _part_texts, find_leaks, read_back
from qcode.core.export.pseudonymiser import Pseudonymiser
from qcode.core.export.xml_pieces import (
    CHUNK,
    is_well_formed,
    stream_pieces,
    tree_pieces,
    utf8_markup,
)

NAMES = ["Kari", "Åse", "Hans", "Siri Dahl"]
ROOT_NS = 'xmlns:w="urn:w" xmlns:a="urn:a"'
ELEMENTS = ["w:p", "w:r", "w:t", "a:font", "si", "is", "t", "x"]
ATTRIBUTES = ["w:val", "script", "a:script", "w:author", "descr", "xml:space", "xmlns:q", "id"]
# Characters that matter to markup, white space of every kind XML has, letters outside
# ASCII, a character above the BMP.
SPECIAL = ["&", "<", ">", '"', "'", "\t", "\n", "\r", " ", "å", "Å", "—", "\u00a0", "😀", "]"]

chars = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
)
plain = st.lists(st.one_of(chars, st.sampled_from(NAMES)), max_size=8).map("".join)


@st.composite
def escaped(draw: st.DrawFn, text: str, quote: str | None) -> str:
    """`text` as markup: `&`, `<` and the value's quote always escaped, any other
    character as it is (white space in a value included, which a parser makes a space) or
    as a named entity or a decimal or hexadecimal character reference."""
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}
    out = []
    for ch in text:
        how = draw(st.sampled_from(["raw", "named", "dec", "hex"]))
        if how == "raw" and (ch in "&<" or ch == quote):
            how = "dec"
        if how == "raw":
            out.append(ch)
        elif how == "named" and ch in named:
            out.append(named[ch])
        elif how == "hex":
            out.append(f"&#x{ord(ch):X};")
        else:
            out.append(f"&#{ord(ch)};")
    markup = "".join(out)
    if quote is None:  # "]]>" cannot stand in text
        markup = markup.replace("]]>", "]]&gt;")
    return markup


@st.composite
def attribute_value(draw: st.DrawFn, name: str) -> str:
    if name == "xmlns:q":  # a namespace: not an attribute to a reader, and never empty
        return draw(st.sampled_from(['"urn:Kari"', "'urn:q'"]))
    quote = draw(st.sampled_from(['"', "'"]))
    return quote + draw(escaped(draw(plain), quote)) + quote


@st.composite
def content(draw: st.DrawFn, depth: int) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "cdata", "comment", "pi", "element", "split"]))
        if kind == "text":
            parts.append(draw(escaped(draw(plain), None)))
        elif kind == "cdata":
            parts.append("<![CDATA[" + draw(plain).replace("]]>", "]] >") + "]]>")
        elif kind == "comment":
            body = draw(plain).replace("-", "–")
            parts.append(f"<!--{body}-->")
        elif kind == "pi":
            parts.append(f"<?qcode {draw(plain).replace('?>', '? >')}?>")
        elif kind == "split":  # a name split over two runs of a paragraph
            name = draw(st.sampled_from(NAMES))
            cut = draw(st.integers(1, len(name) - 1))
            parts.append(
                f"<w:p><w:r><w:t>{name[:cut]}</w:t></w:r><w:r><w:t>{name[cut:]}</w:t></w:r></w:p>"
            )
        elif depth < 3:
            parts.append(draw(element(depth + 1)))
    return "".join(parts)


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    name = "root" if depth == 0 else draw(st.sampled_from(ELEMENTS))
    names = draw(st.lists(st.sampled_from(ATTRIBUTES), unique=True, max_size=3))
    attributes = [" " + ROOT_NS] if depth == 0 else []
    for attribute in names:
        space = draw(st.sampled_from([" ", "\n  ", "\t"]))
        around = draw(st.sampled_from(["=", " = ", "=\n"]))
        attributes.append(f"{space}{attribute}{around}{draw(attribute_value(attribute))}")
    head = name + "".join(attributes)
    if draw(st.booleans()) and depth:
        return f"<{head}/>"
    return f"<{head}>{draw(content(depth))}</{name}>"


@st.composite
def document(draw: st.DrawFn) -> bytes:
    declaration = draw(
        st.sampled_from(["", "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"])
    )
    after = draw(st.sampled_from(["", "\n", "<!-- made by hand -->\n"]))
    markup = declaration + after + draw(element()) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        markup = markup.replace("\n", "\r\n")
    return markup.encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_stream_reader_finds_what_the_tree_holds(data: bytes) -> None:
    tree = tree_pieces(data)
    assert tree is not None, data  # the generator writes well-formed XML
    assert is_well_formed(data)
    markup = utf8_markup(data)
    assert markup is not None
    assert stream_pieces(markup)[:2] == tree[:2]


def _tree_part_texts(name: str, data: bytes) -> list[str]:
    """The read-back as it was: lxml's tree, and every paragraph's runs joined."""
    tree = tree_pieces(data)
    markup = data.decode("utf-8", "replace")
    if tree is None:
        return [markup]
    texts = tree.texts + tree.attributes
    for match in _BLOCK_MARKUP.finditer(markup):
        if "<" in match.group(2):
            texts.append(html.unescape(_TAGS.sub("", match.group(2))))
    return texts


TABLE = Pseudonymiser([(name, f"Alias {i}") for i, name in enumerate(NAMES)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_leaks_found_are_those_the_tree_finds(data: bytes) -> None:
    """Each name found, where, and the context shown: the same with either reader (the
    new one leaves out a paragraph of one run, whose text it has read as a text node)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.docx"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("word/document.xml", data)
        ours = find_leaks(TABLE, path, "docx")
        with mock.patch.object(leaks, "_part_texts", _tree_part_texts):
            theirs = find_leaks(TABLE, path, "docx")
    assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(document(), st.sampled_from(["<", "&nbsp;", "&", "</x>", "\x01", "<!DOCTYPE"]))
def test_broken_markup_is_refused_alike(data: bytes, junk: str) -> None:
    """What lxml's parser refuses, the check refuses too: such a part is read as text."""
    at = data.index(b">", data.index(b"<root")) + 1
    broken = data[:at] + junk.encode() + data[at:]
    assert is_well_formed(broken) == (tree_pieces(broken) is not None)
    if not is_well_formed(broken):
        assert _part_texts("word/document.xml", broken) == [broken.decode("utf-8", "replace")]


def test_planted_names_in_every_form() -> None:
    markup = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<w:document xmlns:w="urn:w" xmlns:a="urn:a"><w:body>'
        '<w:p w:author="K&#97;ri"><w:r><w:t>Ka</w:t></w:r><w:r><w:t>ri</w:t></w:r></w:p>'
        "<w:p descr='&#xC5;se &amp; co'/><a:font script=\"Hans\" typeface='Siri Dahl'/>"
        "<w:t><![CDATA[Berit <i>]]> og &#77;artin</w:t><!-- Ola --><w:t>x&gt;y</w:t>"
        "</w:body></w:document>"
    )
    texts, attributes, _ = stream_pieces(markup)
    assert texts == ["Ka", "ri", "Berit <i> og Martin", "x>y"]
    assert attributes == ["Kari", "Åse & co", "Siri Dahl"]  # not the script's "Hans"
    assert stream_pieces(markup)[:2] == tree_pieces(markup.encode())[:2]
    assert "Kari" in _part_texts("word/document.xml", markup.encode())  # the joined runs


def test_a_value_holding_a_closing_bracket_takes_the_exact_path() -> None:
    """A writer may leave `>` unescaped in an attribute value (lxml does not); the cheap
    tag pattern would then end the tag early, so the exact tokeniser reads it."""
    data = b'<r a="1 > Kari" b=\'x>\'><t>Siri &gt; ="not>an attribute"</t></r>'
    assert stream_pieces(data.decode())[:2] == tree_pieces(data)[:2]
    assert stream_pieces(data.decode())[1] == ["1 > Kari", "x>"]


def test_large_part_read_in_chunks_is_read_whole() -> None:
    """A part larger than a chunk is cut between tags, never inside a text or a tag."""
    run = '<w:r><w:t xml:space="preserve">Kari {} &amp; Åse</w:t></w:r>'
    body = "".join(f'<w:p w:rsidR="{i:08X}">{run.format(i)}</w:p>' for i in range(CHUNK // 40))
    data = f'<w:document xmlns:w="urn:w"><w:body>{body}</w:body></w:document>'.encode()
    assert len(data) > 2 * CHUNK
    assert stream_pieces(data.decode())[:2] == tree_pieces(data)[:2]


def test_no_entity_or_dtd_is_read(tmp_path: Path) -> None:
    """A part with a DOCTYPE goes to the tree reader, whose parser expands no entity and
    reads no file: the name the entity holds and the file's text are not in the pieces."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Kari Nordmann", encoding="utf-8")
    data = (
        f'<!DOCTYPE r [<!ENTITY e "Siri"><!ENTITY f SYSTEM "file://{secret}">]>'
        "<r><t>&e; og &f;</t><t>Åse</t></r>"
    ).encode()
    assert utf8_markup(data) is None
    texts = _part_texts("word/document.xml", data)
    assert "Åse" in texts and not any("Siri" in t or "Nordmann" in t for t in texts)


def test_read_back_of_a_written_workbook_matches_the_tree(tmp_path: Path) -> None:
    """Every part of a real export, read both ways."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kari", "=1+1", "Åse & <Siri>", 3])
    book.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx") as zf:
        for name in zf.namelist():
            data = zf.read(name)
            markup = utf8_markup(data)
            assert markup is not None and stream_pieces(markup)[:2] == tree_pieces(data)[:2], name
    parts = dict(read_back(tmp_path / "b.xlsx", "xlsx"))
    assert "Åse & <Siri>" in parts["xl/worksheets/sheet1.xml"]


def _both_ways(table: Pseudonymiser, part: bytes, tmp_path: Path) -> tuple[list, list]:  # type: ignore[type-arg]
    path = tmp_path / "m.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", part)
    ours = find_leaks(table, path, "docx")
    with mock.patch.object(leaks, "_part_texts", _tree_part_texts):
        theirs = find_leaks(table, path, "docx")
    return ours, theirs


def test_a_reference_html_reads_otherwise_is_read_as_before(tmp_path: Path) -> None:
    """html.unescape reads &#138; as Windows-1252's Š, as the joined paragraph always
    did; a part holding one keeps every paragraph's joined text."""
    table = Pseudonymiser([("Šara", "Alias")])
    part = b'<w:p xmlns:w="urn:w"><w:r><w:t>Hei &#138;ara &#229;</w:t></w:r></w:p>'
    ours, theirs = _both_ways(table, part, tmp_path)
    assert [leak.name for leak in ours] == ["Šara"] and ours == theirs


def test_a_name_split_over_runs_is_found_with_its_context(tmp_path: Path) -> None:
    table = Pseudonymiser([("Kari", "Alias")])
    part = (
        b'<w:p xmlns:w="urn:w"><w:r><w:t xml:space="preserve">Jeg ringte Ka</w:t></w:r>'
        b"<w:r><w:t>ri f&#248;rst</w:t></w:r></w:p>"
    )
    ours, theirs = _both_ways(table, part, tmp_path)
    assert [(leak.name, leak.context) for leak in ours] == [("Kari", "Jeg ringte Kari først")]
    assert ours == theirs
