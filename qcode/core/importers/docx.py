"""Reading Word .docx files.

Interview transcripts are mostly written in Word, with the speaker label in bold and the
interview guide's questions as Heading styles, so both are structure we can recover
exactly instead of guessing from plain text. We walk the body XML ourselves rather than
use `Document.paragraphs`, because that skips tables (observation sheets are often tables)
and text inside tracked insertions and content controls.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

import docx as python_docx
from docx.oxml.ns import qn

from qcode.core.errors import InputError
from qcode.core.model import Section, Turn

from .docx_package import checked_package
from .result import ImportedSource, finish
from .sections import clean_title, spans_from_headings
from .structure import meeting_starts, structure_from_labels
from .turns import (
    Label,
    clean_speaker,
    drop_key,
    is_speaker_name,
    match_label_weak,
    turns_from_labels,
)

_HEADING_NAME = re.compile(r"(?i)(?:heading|overskrift|berschrift|titre)\s*([1-9])")
_TITLE_NAMES = {"title", "tittel", "titel"}

# Subtrees whose text is not part of the running text (or is duplicated elsewhere).
_SKIP = {
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:txbxContent"),
    qn("w:drawing"),
    qn("w:pict"),
    qn("w:object"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_HYPHEN, _W_R, _W_P, _W_TBL = qn("w:noBreakHyphen"), qn("w:r"), qn("w:p"), qn("w:tbl")
_W_SDT, _W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_W_TR, _W_TC, _W_VAL = qn("w:tr"), qn("w:tc"), qn("w:val")


def _on(element: Any) -> bool:
    """A w:b / w:outlineLvl style toggle: present and not switched off."""
    return element is not None and element.get(_W_VAL) not in ("0", "false", "off")


class _Styles:
    """Heading levels of paragraph styles and boldness of character styles, by style id."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, int] = {}
        self.bold: set[str] = set()
        styles = list(document.styles)
        # python-docx's `base_style` searches every style each time it is asked; a table of
        # styles by id makes following the based-on chains one lookup a step
        by_id = {style.style_id: style for style in styles}
        for style in styles:
            style_id = style.style_id
            if style.type == 2:  # character style
                if _style_bold(style):
                    self.bold.add(style_id)
                continue
            level = _style_level(style, by_id)
            if level:
                self.levels[style_id] = level


def _style_level(style: Any, by_id: dict[str, Any]) -> int | None:
    for _ in range(4):  # follow a short chain of based-on styles
        if style is None:
            return None
        for name in (style.name or "", style.style_id or ""):
            m = _HEADING_NAME.fullmatch(name.strip())
            if m:
                return int(m.group(1))
            if name.strip().casefold() in _TITLE_NAMES:
                return 1
        based_on = getattr(style.element, "basedOn_val", None)
        style = by_id.get(based_on) if based_on else None
    return None


def _style_bold(style: Any) -> bool:
    try:
        return bool(style.font.bold)
    except (AttributeError, ValueError):
        return False


def _run_bold(run: Any, styles: _Styles) -> bool:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return False
    b = rpr.find(qn("w:b"))
    if b is not None:
        return _on(b)
    rstyle = rpr.find(qn("w:rStyle"))
    return rstyle is not None and rstyle.get(_W_VAL) in styles.bold


def _pieces(paragraph: Any, styles: _Styles) -> list[tuple[str, bool]]:
    """The paragraph's text as (text, bold) pieces in reading order."""
    pieces: list[tuple[str, bool]] = []

    def walk(element: Any, bold: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W_R:
                walk(child, _run_bold(child, styles))
            elif tag == _W_T:
                pieces.append(((child.text or "").replace("\x00", ""), bold))
            elif tag == _W_TAB:
                pieces.append(("\t", bold))
            elif tag in (_W_BR, _W_CR):
                pieces.append(("\n", bold))
            elif tag == _W_HYPHEN:
                pieces.append(("-", bold))
            elif tag == _W_SDT and _is_placeholder(child):
                continue
            else:
                walk(child, bold)

    walk(paragraph, False)
    return pieces


def _is_placeholder(sdt: Any) -> bool:
    """Content controls showing their placeholder hold no real text (Google Docs leaves
    them behind as runs of spaces)."""
    props = sdt.find(qn("w:sdtPr"))
    return props is not None and props.find(qn("w:showingPlcHdr")) is not None


def _heading_level(paragraph: Any, styles: _Styles) -> int | None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        return None
    pstyle = ppr.find(qn("w:pStyle"))
    if pstyle is not None and pstyle.get(_W_VAL) in styles.levels:
        return styles.levels[pstyle.get(_W_VAL)]
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is not None and (outline.get(_W_VAL) or "").isdigit():
        level = int(outline.get(_W_VAL)) + 1
        return level if level <= 9 else None
    return None


def bold_label(pieces: list[tuple[str, bool]]) -> tuple[str, int] | None:
    """(speaker, body offset) when the paragraph opens with a bold speaker label:
    bold `Intervjuer:` or bold `Kari` followed by ordinary text."""
    text = "".join(t for t, _ in pieces)
    prefix_len = 0
    for piece, bold in pieces:
        if bold or not piece.strip():
            prefix_len += len(piece)
            continue
        break
    prefix = text[:prefix_len]
    rest = text[prefix_len:]
    if not prefix.strip() or not rest.strip() and not prefix.rstrip().endswith(":"):
        return None
    stripped = prefix.strip()
    body = prefix_len
    if stripped.endswith(":"):
        name = stripped[:-1]
    elif rest.lstrip().startswith(":"):
        name = stripped
        body = prefix_len + (len(rest) - len(rest.lstrip())) + 1
    else:
        name = stripped
    speaker = clean_speaker(name)
    if not is_speaker_name(speaker):
        return None
    return speaker, body


def _paragraph_labels(pieces: list[tuple[str, bool]], line: str, start: int) -> list[Label]:
    """Labels of a paragraph at `start`: one opening it (bold or written), and one after
    each soft line break (Shift+Enter) inside it, where transcribers often start the next
    speaker without a new paragraph."""
    labels: list[Label] = []
    bold = bold_label(pieces)
    if bold:
        labels.append(Label(bold[0], start, start + min(bold[1], len(line))))
    at = 0
    while at <= len(line):
        end = line.find("\n", at)
        end = len(line) if end == -1 else end
        found = None if (at == 0 and bold) else match_label_weak(line[at:end])
        if found:
            speaker, offset, weak = found
            labels.append(Label(speaker, start + at, start + at + offset, weak))
        at = end + 1
    return labels


def _table_rows(table: Any, styles: _Styles) -> list[str]:
    rows: list[str] = []
    for tr in table.iter(_W_TR):
        if tr.getparent() is not table:
            continue
        cells = []
        for tc in tr.iter(_W_TC):
            if tc.getparent() is not tr:
                continue
            parts = ("".join(t for t, _ in _pieces(p, styles)) for p in tc.iter(_W_P))
            cells.append(" ".join(" ".join(p.split()) for p in parts if p.strip()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _blocks(container: Any) -> list[Any]:
    """Body-level paragraphs and tables in order, looking inside content controls."""
    blocks: list[Any] = []
    for child in container:
        if child.tag in (_W_P, _W_TBL):
            blocks.append(child)
        elif child.tag == _W_SDT and not _is_placeholder(child):
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                blocks.extend(_blocks(content))
    return blocks


def read_docx(path: Path) -> ImportedSource:
    """Paragraphs and table rows one per line; Heading styles as sections; bold (or
    plainly written) speaker labels as turns."""
    package = checked_package(path)
    try:
        document = python_docx.Document(package)
        styles = _Styles(document)
        body = document.element.body
    except InputError:
        raise
    except Exception:
        raise InputError(path, "not a valid .docx (damaged or truncated)") from None

    lines: list[str] = []
    heads: list[tuple[int, int, str]] = []
    labels: list[Label] = []
    after_soft: list[int] = []  # starts of paragraphs that follow one with soft line breaks
    pos = 0

    def add(line: str) -> int:
        nonlocal pos
        start = pos
        lines.append(line)
        pos += len(line) + 1
        return start

    for block in _blocks(body):
        if block.tag == _W_TBL:
            for row in _table_rows(block, styles):
                add(row)
            continue
        pieces = _pieces(block, styles)
        # "\r" -> "\n" keeps lengths, so offsets taken from `pieces` stay valid
        line = "".join(t for t, _ in pieces).replace("\r", "\n").rstrip("\n")
        start = add(line)
        if "\n" in line:
            after_soft.append(pos)
        level = _heading_level(block, styles)
        if level is not None:
            title = clean_title(" ".join(line.split()))
            if title:
                heads.append((start, level, title))
            continue
        labels.extend(_paragraph_labels(pieces, line, start))

    text = "\n".join(lines)
    if not heads and meeting_starts(text):
        # an observation sheet typed without heading styles: headings from the plain text
        sheet_sections, sheet_turns = structure_from_labels(text, labels, paragraph_lines=True)
        return finish(text, sheet_sections, sheet_turns, {"format": "docx"})
    if heads and meeting_starts(text):
        # meetings styled as headings, themes typed as `Forberedelse:` under them
        styled_sections, styled_turns = _styled_sheet(text, heads, labels)
        return finish(text, styled_sections, styled_turns, {"format": "docx"})
    sections: list[Section] = spans_from_headings(text, heads)
    labels = _without_key_paragraph(text, labels, after_soft)
    turns = turns_from_labels(text, labels, stops=(start for start, _, _ in heads))
    return finish(text, sections, turns, {"format": "docx"})


def _styled_sheet(
    text: str, heads: list[tuple[int, int, str]], labels: list[Label]
) -> tuple[list[Section], list[Turn]]:
    """An observation sheet whose meetings carry heading styles but whose themes are typed
    labels: each theme is a section one level below the styled heading it lies in (so the
    style levels hold), not a speaker."""
    styled = spans_from_headings(text, heads)
    starts = {start for start, _, _ in heads}
    sheet_sections, _ = structure_from_labels(text, labels, paragraph_lines=True)
    themes = [s for s in sheet_sections if s.start not in starts]
    theme_heads = [
        (
            s.start,
            max((h.level for h in styled if h.start <= s.start < h.end), default=0) + 1,
            s.title,
        )
        for s in themes
    ]
    theme_starts = {s.start for s in themes}
    turns = turns_from_labels(
        text, [lb for lb in labels if lb.start not in theme_starts], stops=starts | theme_starts
    )
    return spans_from_headings(text, sorted(heads + theme_heads)), turns


def _without_key_paragraph(text: str, labels: list[Label], after_soft: list[int]) -> list[Label]:
    """Labels minus a key of speakers (`I1: Interviewer 1`, `K: Kvinde, 45`) typed as one
    paragraph with soft line breaks before the conversation. In plain text a key is set
    apart by a blank line; in Word the end of such a paragraph sets it apart just as well
    (one line per paragraph does not: that is how conversations are typed). `drop_key`
    judges the key on the text with a blank line at each of those paragraph ends."""
    if not after_soft or not labels:
        return labels
    labels = sorted(labels, key=lambda lb: lb.start)

    def shifted(at: int) -> int:
        return at + bisect_right(after_soft, at)

    parts, last = [], 0
    for at in after_soft:
        parts.append(text[last:at])
        last = at
    parts.append(text[last:])
    spaced = "\n".join(parts)
    moved = [
        lb._replace(start=shifted(lb.start), body_start=shifted(lb.body_start)) for lb in labels
    ]
    kept = drop_key(spaced, moved)
    return labels[len(labels) - len(kept) :]
