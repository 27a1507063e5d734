"""Pseudonyms hold in every export: each path a real name can take into a file, and the
read-back that finds a name left (and, with --strict-pseudonyms, refuses the file)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcode.cli.main import cli
from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.analysis.summaries import set_summary
from qcode.core.codebook.codes import add_code
from qcode.core.coding import codings
from qcode.core.export import export_matrix, write_matrix
from qcode.core.export.codebook_docx import write_codebook_docx
from qcode.core.export.codebook_yaml import write_codebook_yaml
from qcode.core.export.leaks import find_leaks
from qcode.core.export.pseudonyms import Pseudonymiser, add_pseudonym
from qcode.core.export.writing import LeakError
from qcode.core.project.store import Project
from qcode.core.sources import documents

NFD_ASE = unicodedata.normalize("NFD", "Åse")
TEXT = (
    "Intervjuer: Hva skjedde?\n"
    "Kari: Jeg ringte Martin først.\n"  # speaker label
    f"Intervjuer: Og {NFD_ASE}?\n"  # a name written NFD
    "Kari: Mar\u00adtin og SI\u200bRI var der.\n"  # soft hyphen, zero-width space, capitals
    "Intervjuer: Takk.\n"
)
PAIRS = [
    ("Kari", "Deltaker A"),
    ("Åse", "Deltaker B"),
    ("Martin", "Deltaker C"),
    ("Ola", "Koder D"),
    ("Siri", "Leder E"),
    ("Siri Dahl", "Leder F"),
    ("Berit", "Deltaker G"),
    # also ISO 15924's code for simplified Chinese, which every Office theme names in a
    # font's `script` attribute: no name of a person, and no leak to report
    ("Hans", "Deltaker H"),
]
REALS = [real for real, _ in PAIRS]


def _build(tmp_path: Path) -> Path:
    """A project where a real name takes every path into an export: the project's own
    file name, a document file name, a speaker label, a coder, a code name and key, a
    description and notes, a memo, an attribute value, NFD text, a soft hyphen, capitals,
    a cell summary (one per column choice: by source and by `leder`)."""
    path = tmp_path / "studie_Berit.qcode"
    with Project.create(path, coder="ola") as project:
        src = tmp_path / "intervju_Kari_2013.txt"
        src.write_text(TEXT, encoding="utf-8")
        documents.import_files(project, [src])
        documents.set_document_attributes(project, src.name, {"leder": "Siri Dahl"})
        add_code(project, "Kari", key="speaker-kari", description="Turns by kari")
        add_code(project, "Makt", description=f"Det {NFD_ASE} kaller makt")
        start = TEXT.index("Jeg ringte")
        coding = codings.add_coding(project, src.name, start, start + 26, "speaker-kari")
        codings.set_coding_memo(project, coding.id, "Kari virket nervøs")  # a memo
        codings.add_memo(project, "Martin ville ikke", code="Makt")
        mid = TEXT.index("Mar\u00adtin")
        codings.add_coding(project, src.name, mid, mid + 30, "Makt")
        set_summary(project, "Makt", src.name, "Martin ringte Kari: summert", by="source")
        set_summary(project, "Makt", "Siri Dahl", "Martin ringte Kari: summert", by="leder")
        for real, alias in PAIRS:
            add_pseudonym(project, real, alias)
    return path


def _folded_words(text: str) -> str:
    text = text.translate(dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff")))
    return unicodedata.normalize("NFKC", text).casefold()


def _independent_names(text: str) -> list[str]:
    """Real names in `text`, found without the code under test: fold, then look for each
    name with no letter on either side."""
    folded = _folded_words(text)
    return [
        real
        for real in REALS
        if re.search(rf"(?<![^\W\d_]){re.escape(real.casefold())}(?![^\W\d_])", folded)
    ]


def _all_text(path: Path) -> Iterator[tuple[str, str]]:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                yield name, re.sub(r"<[^>]*>", " ", zf.read(name).decode("utf-8", "replace"))
    else:
        yield "text", path.read_text(encoding="utf-8-sig").replace("\\", "")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".md", ".html"])
@pytest.mark.parametrize("by", ["source", "leder"])
def test_no_real_name_reaches_any_matrix_export(tmp_path: Path, suffix: str, by: str) -> None:
    path = _build(tmp_path)
    out = tmp_path / f"m{suffix}"
    with Project.open(path, coder="ola") as project:
        spec = MatrixSpec(rows=("speaker-kari", "makt"), by=by)
        result = write_matrix(project, spec, out, layout="list", strict=True)
    assert result.leaked == [] and result.excerpts == 2
    left = {where: names for where, text in _all_text(out) if (names := _independent_names(text))}
    assert left == {}
    whole = "\n".join(text for _, text in _all_text(out))
    assert "Deltaker A" in whole and "Deltaker C" in whole  # the speaker; the soft-hyphen name
    assert "intervju_Deltaker A_2013.txt" in whole or "intervju_Deltaker A_2013" in whole
    if suffix != ".csv":  # the CSV holds excerpts, not the title block
        assert "studie_Deltaker G" in whole  # the project's name in the title
    if by == "leder":
        assert "Leder F" in whole  # an attribute value as a case
    assert "Deltaker C ringte Deltaker A: summert" in whole  # the cell's summary


def test_memos_stay_out_of_exports(tmp_path: Path) -> None:
    """No export holds memos today; if one ever does, it must not hold them raw."""
    path = _build(tmp_path)
    with Project.open(path, coder="ola") as project:
        for suffix in (".docx", ".md"):
            write_matrix(
                project, MatrixSpec(rows=("speaker-kari", "makt")), tmp_path / f"m{suffix}"
            )
        write_codebook_docx(project, tmp_path / "cb.docx")
    for name in ("m.docx", "m.md", "cb.docx"):
        whole = "\n".join(text for _, text in _all_text(tmp_path / name))
        assert "nervøs" not in whole and "ville ikke" not in whole


@pytest.mark.parametrize("suffix", [".docx", ".yaml"])
def test_codebook_exports_replace_names(tmp_path: Path, suffix: str) -> None:
    path = _build(tmp_path)
    out = tmp_path / f"codebook{suffix}"
    with Project.open(path, coder="ola") as project:
        if suffix == ".docx":
            result = write_codebook_docx(project, out, strict=True)
        else:
            result = write_codebook_yaml(project, out, strict=True)
    assert result.leaked == []
    left = {where: names for where, text in _all_text(out) if (names := _independent_names(text))}
    assert left == {}
    whole = "\n".join(text for _, text in _all_text(out))
    assert "Det Deltaker B kaller makt" in whole and "Turns by Deltaker A" in whole
    if suffix == ".yaml":
        assert "key: speaker-deltaker-a" in whole


def test_codebook_yaml_without_pseudonyms_keeps_keys(tmp_path: Path) -> None:
    path = _build(tmp_path)
    with Project.open(path, coder="ola") as project:
        result = write_codebook_yaml(project, tmp_path / "cb.yaml", pseudonyms=False)
    assert "key: speaker-kari" in (tmp_path / "cb.yaml").read_text("utf-8")
    assert "Kari" in result.leaked  # the read-back still says what is in it


def _plant(docx_path: Path, part: str, old: str, new: str) -> Path:
    planted = docx_path.with_name("planted.docx")
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(planted, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            dst.writestr(info, data)
    return planted


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("word/header1.xml", "excerpt matrix", "excerpt matrix for Ka\u00adri"),
        ("docProps/core.xml", "<dc:creator>qcode", "<dc:creator>KARI NORDMANN"),
        ("docProps/core.xml", "<cp:lastModifiedBy>qcode", "<cp:lastModifiedBy>kari"),
        ("word/footer1.xml", "Page ", "Page Ka</w:t></w:r><w:r><w:t>ri "),  # split in two runs
        ("word/document.xml", "<w:body>", '<w:body><w:ins w:author="Kari" w:id="9"/>'),
    ],
)
def test_read_back_finds_a_planted_name(tmp_path: Path, part: str, old: str, new: str) -> None:
    path = _build(tmp_path)
    out = tmp_path / "m.docx"
    with Project.open(path, coder="ola") as project:
        write_matrix(project, MatrixSpec(rows=("makt",)), out)
        table = Pseudonymiser.for_project(project)
    assert find_leaks(table, out, "docx") == []
    leaks = find_leaks(table, _plant(out, part, old, new), "docx")
    assert [(leak.name, leak.part) for leak in leaks] == [("Kari", part)]


def test_strict_refuses_a_file_with_a_name_left(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A writer that puts a name where the pseudonymiser never looks (here: the author
    property): the read-back finds it, and strict writes nothing."""
    import qcode.core.export.docx as docx_writer

    real = docx_writer.set_properties

    def leaky(document, title):  # type: ignore[no-untyped-def]
        real(document, title)
        document.core_properties.author = "Martin"

    monkeypatch.setattr(docx_writer, "set_properties", leaky)
    path = _build(tmp_path)
    out = tmp_path / "m.docx"
    with Project.open(path, coder="ola") as project:
        matrix = build_matrix(project, MatrixSpec(rows=("makt",)))
        table = Pseudonymiser.for_project(project)
        result = export_matrix(matrix, out, pseudonymiser=table)
        assert result.leaked == ["Martin"] and "docProps/core.xml" in result.warnings[0]
        out.unlink()
        with pytest.raises(LeakError, match=r"m.docx: not written.*Martin in docProps/core.xml"):
            export_matrix(matrix, out, pseudonymiser=table, strict=True)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".m.")] == []


def test_strict_pseudonyms_on_the_command_line(tmp_path: Path) -> None:
    path = _build(tmp_path)
    with Project.open(path, coder="ola") as project:
        add_pseudonym(project, "Martin", "Ola")  # an alias that is another real name
    runner = CliRunner()
    base = ["--project", str(path)]
    out = tmp_path / "m.xlsx"
    loose = runner.invoke(cli, [*base, "matrix", "--rows", "makt", "-o", str(out)])
    assert loose.exit_code == 0 and out.exists()
    assert "real names still in the export: Ola" in loose.stderr
    out.unlink()
    strict = runner.invoke(
        cli, [*base, "matrix", "--rows", "makt", "-o", str(out), "--strict-pseudonyms"]
    )
    assert strict.exit_code == 1 and not out.exists()
    lines = strict.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {out}: not written")
    assert "Ola in xl/" in lines[0]
    book = tmp_path / "cb.docx"
    strict = runner.invoke(cli, [*base, "codebook", "export", str(book), "--strict-pseudonyms"])
    assert strict.exit_code == 1 and not book.exists()  # the example quotes Martin
    assert (
        strict.output.startswith(f"Error: {book}: not written") and "Ola in word/" in strict.output
    )
    loose = runner.invoke(cli, [*base, "codebook", "export", str(book)])
    assert loose.exit_code == 0 and book.exists() and "real names still" in loose.stderr
    both = runner.invoke(
        cli,
        [*base, "matrix", "-o", str(out), "--strict-pseudonyms", "--no-pseudonyms"],
    )
    assert both.exit_code == 1 and "contradict" in both.output


def test_a_name_typed_without_its_letters_is_replaced_too(tmp_path: Path) -> None:
    """`sorvik` in a file name is Sørvik: the citation named the office in every excerpt."""
    path = tmp_path / "s.qcode"
    with Project.create(path, coder="ola") as project:
        src = tmp_path / "observasjon-sorvik-c-1.txt"
        src.write_text("Veileder tok styringen tidlig i møtet.\n", encoding="utf-8")
        documents.import_files(project, [src])
        add_code(project, "Makt")
        codings.add_coding(project, src.name, 0, 20, "Makt")
        add_pseudonym(project, "Sørvik", "Kontor B")
        add_pseudonym(project, "Bø", "Kontor C")  # `bo` is a word: left as written
        out = tmp_path / "m.docx"
        result = write_matrix(project, MatrixSpec(rows=("makt",)), out, layout="list", strict=True)
    assert result.leaked == []
    whole = "\n".join(text for _, text in _all_text(out)).casefold()
    assert "sorvik" not in whole and "observasjon-kontor b-c-1.txt" in whole
    table = Pseudonymiser([("Sørvik", "Kontor B"), ("Bø", "Kontor C")])
    assert table.apply("vi skal bo i Soervik") == "vi skal bo i Kontor B"
