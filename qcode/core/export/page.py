"""The page frame both Word documents share: A4, a small grey header line, and a
centred "Page N of M" footer made of real Word fields (so Word and LibreOffice number the
pages themselves)."""

from __future__ import annotations

import docx.document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

GREY = "595959"
W = nsdecls("w")


def frame_pages(
    document: docx.document.Document,
    header_text: str,
    landscape: bool = False,
    side_margin: float = 2.0,
    top_margin: float = 2.0,
) -> None:
    section = document.sections[0]
    width, height = Cm(21.0), Cm(29.7)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Cm(side_margin)
    section.top_margin = section.bottom_margin = Cm(top_margin)
    section.header_distance = section.footer_distance = Cm(1.0)

    header = section.header.paragraphs[0]
    header.text = header_text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string(GREY)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = '<w:rPr><w:sz w:val="16"/></w:rPr>'
    for xml in (
        f'<w:r {W}>{size}<w:t xml:space="preserve">Page </w:t></w:r>',
        f'<w:fldSimple {W} w:instr=" PAGE "><w:r>{size}<w:t>1</w:t></w:r></w:fldSimple>',
        f'<w:r {W}>{size}<w:t xml:space="preserve"> of </w:t></w:r>',
        f'<w:fldSimple {W} w:instr=" NUMPAGES "><w:r>{size}<w:t>1</w:t></w:r></w:fldSimple>',
    ):
        footer._p.append(parse_xml(xml))
