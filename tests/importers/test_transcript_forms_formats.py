"""The thirteen transcript forms (built in `transcript_forms`) as the files people make of
them, imported with `read_source` and measured as turn precision and recall per form and
format (issue 11: precision >= 0.995 and recall >= 0.99 on every form).

Formats: `.txt` as written; `.docx` written with python-docx, one paragraph per line;
`.docx` with each block of lines (up to a blank line) as one paragraph whose lines are
joined by soft line breaks (Shift+Enter), for the forms that have such blocks; `.pdf` with
a real text layer (Helvetica, WinAnsiEncoding so æøåäö survive, a new page every
`PDF_LINES_PER_PAGE` lines, so the longer forms run over several pages); and `.pdf` as
Word prints it (`pdf_word`): labels in bold (a font change inside the line), space after
each paragraph, a running header and page numbers.

Offsets differ between formats (a PDF has no blank lines, a Word file no tabs in its
runs), so a found turn is matched to an expected one by its speaker and the start of the
line its label is on, counted as a multiset (the dialogues repeat).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import docx as python_docx
import pytest

from qcode.core.importers import read_source
from qcode.core.importers.pdf import with_blank_lines
from qcode.core.model import Turn
from tests.importers.hostile import pdf_file, pdf_of
from tests.importers.transcript_forms import FORMS, LANGS, PRECISION, RECALL, Builder, wrap

PDF_LINES_PER_PAGE = 30
PDF_WIDTH = 90
KEY_CHARS = 32

# forms that cannot exist in a format, with the reason
SKIPPED: dict[tuple[str, str], str] = {
    ("stamp_tabs", "pdf_word"): "a PDF has no tab characters (as for pdf)",
    ("stamp_tabs", "pdf"): "a PDF's text layer has no tab characters: fields are placed, not "
    "separated, so tab-separated fields cannot be written as such",
}


def _blocks(text: str) -> list[list[str]]:
    """The text's blocks of lines between blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def has_soft_paragraphs(text: str) -> bool:
    """A form whose text is blocks of several lines parted by blank lines: in Word these
    are paragraphs with soft line breaks inside."""
    return "\n\n" in text and any(len(b) > 1 for b in _blocks(text))


for _form, _build in FORMS.items():
    if not has_soft_paragraphs(_build("en").text):
        SKIPPED[(_form, "docx_soft")] = (
            "no block of several lines between blank lines, so no soft line break to write"
        )


def write_docx(built: Builder, path: Path) -> None:
    """One Word paragraph per line (an empty paragraph for a blank line)."""
    document = python_docx.Document()
    for line in built.text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))


def write_docx_soft(built: Builder, path: Path) -> None:
    """One paragraph per block, its lines joined by soft line breaks (w:br)."""
    document = python_docx.Document()
    for block in _blocks(built.text):
        paragraph = document.add_paragraph()
        for i, line in enumerate(block):
            run = paragraph.add_run(line)
            if i < len(block) - 1:
                run.add_break()
    document.save(str(path))


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _lines(paragraphs: Iterable[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """Paragraphs (bold part, regular part) as printed lines (bold, regular, ends the
    paragraph), wrapped at `PDF_WIDTH` characters as a page of 11 pt Helvetica wraps."""
    lines: list[tuple[str, str, bool]] = []
    for bold, regular in paragraphs:
        if len(bold) + len(regular) <= PDF_WIDTH:
            lines.append((bold, regular, True))
            continue
        first, *rest = wrap(regular, PDF_WIDTH)
        if len(bold) + 1 + len(first) > PDF_WIDTH:
            first, *rest = wrap(regular, PDF_WIDTH - len(bold) - 1)
        printed = [(bold, f" {first}" if bold else first)] + [("", r) for r in rest]
        lines += [(b, r, i == len(printed) - 1) for i, (b, r) in enumerate(printed)]
    return lines


def pdf_bytes(
    paragraphs: Iterable[tuple[str, str]],
    per_page: int = PDF_LINES_PER_PAGE,
    *,
    word: bool = False,
) -> bytes:
    """A text PDF of `paragraphs`, each (bold part, regular part), wrapped, `per_page`
    lines to a page; an empty paragraph takes a line's space. `word` prints it as Word
    does: a running header, the page number in the footer, space after each paragraph."""
    all_lines = _lines(paragraphs)
    pages = [all_lines[i : i + per_page] for i in range(0, len(all_lines), per_page)] or [[]]
    first_page = 5
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, page_lines in enumerate(pages):
        content = b"BT /F1 11 Tf 56 740 Td\n"
        for bold, regular, ends in page_lines:
            if bold:
                content += b"/F2 11 Tf " + _pdf_string(bold) + b" Tj /F1 11 Tf "
            if regular:
                content += _pdf_string(regular) + b" Tj "
            content += (b"0 -18 Td" if word and ends else b"0 -14 Td") + b"\n"
        content += b"ET"
        if word:
            content += b"\nBT /F1 9 Tf 56 770 Td (Transkripsjon - fortrolig) Tj ET"
            content += f"\nBT /F1 9 Tf 300 40 Td ({i + 1}) Tj ET".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            + f"/Contents {first_page + 2 * i + 1} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    return pdf_file(objects)


def bold_labels(built: Builder) -> list[tuple[str, str]]:
    """The built text's lines as (bold, regular): the label of each line a turn starts on
    is bold, up to and including its colon, as transcribers set labels in Word."""
    speakers = {at: speaker for speaker, at in built.expected}
    lines: list[tuple[str, str]] = []
    at = 0
    for line in built.text.split("\n"):
        speaker = speakers.get(at)
        cut = line.find(speaker) + len(speaker) if speaker and speaker in line else 0
        if cut and line[cut : cut + 1] in (":", ";", "]"):
            cut += 1
        lines.append((line[:cut], line[cut:]))
        at += len(line) + 1
    return lines


def write_txt(built: Builder, path: Path) -> None:
    path.write_text(built.text, encoding="utf-8")


def write_pdf(built: Builder, path: Path) -> None:
    path.write_bytes(pdf_bytes(("", line) for line in built.text.split("\n")))


def write_pdf_word(built: Builder, path: Path) -> None:
    path.write_bytes(pdf_bytes(bold_labels(built), word=True))


WRITERS: dict[str, tuple[str, Callable[[Builder, Path], None]]] = {
    "txt": (".txt", write_txt),
    "docx": (".docx", write_docx),
    "docx_soft": (".docx", write_docx_soft),
    "pdf": (".pdf", write_pdf),
    "pdf_word": (".pdf", write_pdf_word),
}
FORMATS = list(WRITERS)


def line_key(text: str, at: int) -> str:
    """The start of the line holding offset `at`, whitespace collapsed."""
    begin = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[begin : len(text) if end == -1 else end]
    return " ".join(line.split())[:KEY_CHARS]


def measured(form: str, fmt: str, lang: str, folder: Path) -> tuple[Counter[str], Counter[str]]:
    """(found, expected) turns of one form in one language and format, as keys
    `speaker|line start`."""
    built: Builder = FORMS[form](lang)
    suffix, writer = WRITERS[fmt]
    path = folder / f"{form}-{lang}-{fmt}{suffix}"
    writer(built, path)
    result = read_source(path)
    found = Counter(f"{t.speaker}|{line_key(result.text, t.start)}" for t in result.turns)
    expected = Counter(f"{s}|{line_key(built.text, at)}" for s, at in built.expected)
    return found, expected


def form_scores(form: str, fmt: str, folder: Path) -> tuple[float, float]:
    """Precision and recall of one form in one format, over the four languages."""
    hits = found_n = expected_n = 0
    for lang in LANGS:
        found, expected = measured(form, fmt, lang, folder)
        hits += sum((found & expected).values())
        found_n += sum(found.values())
        expected_n += sum(expected.values())
    return hits / max(found_n, 1), hits / max(expected_n, 1)


def _cases() -> list[object]:
    cases: list[object] = []
    for form in sorted(FORMS):
        for fmt in FORMATS:
            reason = SKIPPED.get((form, fmt))
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            cases.append(pytest.param(form, fmt, marks=marks, id=f"{form}-{fmt}"))
    return cases


@pytest.mark.parametrize(("form", "fmt"), _cases())
def test_form_in_format_meets_the_targets(form: str, fmt: str, tmp_path: Path) -> None:
    precision, recall = form_scores(form, fmt, tmp_path)
    assert precision >= PRECISION and recall >= RECALL, (form, fmt, precision, recall)


def sheffield_paragraphs(text: str, turns: list[Turn]) -> list[tuple[str, str]]:
    """A transcript's lines as (bold label, the rest), the label as its turn marks it."""
    labels = {t.start: (t.body_start or t.start) - t.start for t in turns}
    paragraphs = []
    at = 0
    for line in text.split("\n"):
        cut = labels.get(at, 0)
        paragraphs.append((line[:cut].rstrip(), line[cut - 1 :] if cut else line))
        at += len(line) + 1
    return paragraphs


@pytest.mark.parametrize("word", [False, True], ids=["pdf", "pdf_word"])
@pytest.mark.parametrize("name", ["Ana", "David", "Jessica"])
def test_sheffield_transcripts_printed_to_pdf(
    sheffield: Path, name: str, word: bool, tmp_path: Path
) -> None:
    """The Sheffield interviews (real, by others) printed to PDF, long answers wrapped over
    lines and 14-24 pages, plainly and as Word prints them: the turns the .txt gives
    (checked by hand in test_importers_sheffield.py), at the targets."""
    source = read_source(sheffield / f"{name}.txt")
    if word:
        paragraphs = sheffield_paragraphs(source.text, source.turns)
    else:
        paragraphs = [("", line) for line in source.text.split("\n")]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf_bytes(paragraphs, word=word))
    result = read_source(path)
    assert len(result.metadata["pages"]) > 10
    found = Counter(f"{t.speaker}|{line_key(result.text, t.start)}" for t in result.turns)
    expected = Counter(f"{t.speaker}|{line_key(source.text, t.start)}" for t in source.turns)
    hits = sum((found & expected).values())
    assert hits / sum(found.values()) >= PRECISION
    assert hits / sum(expected.values()) >= RECALL


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_keeps_scandinavian_letters_and_pages(lang: str, tmp_path: Path) -> None:
    """The PDF writer itself: the text layer gives back every line (æøåäö intact) and
    the long forms run over several pages, so page breaks are part of what is measured."""
    built = FORMS["lowercase"](lang)
    path = tmp_path / "form.pdf"
    write_pdf(built, path)
    result = read_source(path)
    assert len(result.metadata["pages"]) > 1
    lines = [line for line in built.text.split("\n") if line.strip()]
    assert [line for line in result.text.split("\n") if line.strip()] == lines


def test_an_empty_line_in_a_pdf_is_a_blank_line_but_paragraph_spacing_is_not(
    tmp_path: Path,
) -> None:
    """The text layer has only gaps: a gap of two line distances (an empty line in the
    document) becomes a blank line; 1.5 line distances (paragraph spacing) does not."""
    content = (
        b"BT /F1 11 Tf 56 760 Td (I1: Intervjuer) Tj 0 -14 Td (K: Kvinde) Tj "
        b"0 -21 Td (Andre avsnitt) Tj 0 -14 Td (samme avsnitt) Tj "
        b"0 -28 Td (Etter en tom linje) Tj ET"
    )
    path = tmp_path / "gaps.pdf"
    path.write_bytes(pdf_of(content, flate=True))
    text = read_source(path).text
    assert text == "I1: Intervjuer\nK: Kvinde\nAndre avsnitt\nsamme avsnitt\n\nEtter en tom linje"


def test_pieces_that_do_not_add_up_leave_the_page_text_as_read() -> None:
    assert with_blank_lines("a\nb\nc", [("a\n", 700.0), ("x\n", 686.0), ("c", 600.0)]) == (
        "a\nb\nc"
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx_soft"])
def test_a_key_set_apart_is_no_turns(fmt: str, tmp_path: Path) -> None:
    """`I1: Intervjuer 1` ... above the conversation, set apart by an empty line in a PDF
    or by the end of its Word paragraph: the conversation's first line is the first turn
    and no turn holds the key (before: three turns more, the key's)."""
    built = FORMS["key_at_top"]("nb")
    suffix, writer = WRITERS[fmt]
    path = tmp_path / f"key{suffix}"
    writer(built, path)
    result = read_source(path)
    assert line_key(result.text, result.turns[0].start) == line_key(
        built.text, built.expected[0][1]
    )
    assert len(result.turns) == len(built.expected)
    assert all("Deltaker, 45" not in result.text[t.start : t.end] for t in result.turns)


def test_a_conversation_one_line_per_word_paragraph_is_no_key(tmp_path: Path) -> None:
    """Short first answers typed one paragraph per line are a conversation, not a key."""
    path = tmp_path / "short.docx"
    built = Builder()
    for line in ("I: Hei", "K: Hei hei", "I: Hvordan går det med deg?", "K: Bra, takk."):
        built.line(line)
    write_docx(built, path)
    assert [t.speaker for t in read_source(path).turns] == ["I", "K", "I", "K"]
