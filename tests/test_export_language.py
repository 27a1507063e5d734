"""The exports in the study's language: `--lang nb|nn|en`, the default (project language,
then the locale), plural forms, and catalogues that are compiled and complete."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.analysis.matrix import build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.export import export_matrix
from qcode.core.export.i18n import (
    LOCALE_DIR,
    checked_language,
    default_language,
    languages,
    translator,
)
from qcode.core.project.store import Project
from tests.coded_study import study_copy

ROOT = Path(__file__).resolve().parents[1]

# What a reader sees, per language: title, title-block labels, headings, a count with
# its plural, the table header, a citation, and the page footer's words.
EXPECTED = {
    "en": ["Excerpt matrix", "Made on", "Columns", "Coders", "Overview", "excerpts", "Total"],
    "nb": ["Utdragsmatrise", "Laget", "Kolonner", "Kodere", "Oversikt", "utdrag", "Totalt"],
    "nn": ["Utdragsmatrise", "Laga", "Kolonnar", "Kodarar", "Oversikt", "utdrag", "Totalt"],
}
SOURCES = {"en": "sources", "nb": "kilder", "nn": "kjelder"}
CITED = {"en": ", line ", "nb": ", linje ", "nn": ", linje "}
# English labels that must not be left in a Norwegian file (each differs in nb and nn).
ENGLISH_LABELS = [
    "Excerpt matrix",
    "Project",
    "Made on",
    "Rows",
    "Columns",
    "Coders",
    "Filters",
    "Pseudonyms",
    "Overview",
    "Appendix",
    "excerpts",
    "sources",
    "Total",
    ", line ",
    "Description",
    "Page ",
]


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QCODE_CODER", "tester")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return study_copy(tmp_path)


def qcode(project: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == code, f"{args}: {result.output}{result.exception!r}"
    return result


def docx_text(path: Path) -> str:
    """Body, header and footer of a Word file as text (the footer holds "Page N of M")."""
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = " ".join(z.read(n).decode("utf-8") for n in parts)
    return re.sub(r"<[^>]+>", "", xml)


def xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    cells = [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c]
    return " ".join([*wb.sheetnames, *cells])


def read_back(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".xlsx":
        return xlsx_text(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".md", ".html"])
def test_each_format_speaks_the_language_asked_for(study: Path, lang: str, suffix: str) -> None:
    out = study.parent / f"matrix-{lang}{suffix}"
    qcode(study, "matrix", "--by", "office", "--lang", lang, "-o", str(out))
    text = read_back(out)
    expected = EXPECTED[lang]
    if suffix == ".xlsx":  # no title or headings in the cells: the About sheet and counts
        expected = [expected[1], expected[2], expected[3], expected[6]]
    for label in expected:
        assert label in text, (lang, suffix, label)
    assert SOURCES[lang] in text.lower()
    if suffix != ".xlsx":  # the workbook's citations are in the grid, checked below
        assert CITED[lang] in text
    if lang != "en":
        left = [w for w in ENGLISH_LABELS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert not left, f"English left in the {lang} {suffix}: {left}"


def test_word_footer_reads_page_n_of_m_with_the_fields_in_place(study: Path) -> None:
    out = study.parent / "m.docx"
    qcode(study, "matrix", "--by", "office", "--lang", "nn", "-o", str(out))
    with zipfile.ZipFile(out) as z:
        footer = next(z.read(n).decode() for n in z.namelist() if "footer" in n)
    assert footer.index(">Side <") < footer.index(" PAGE ") < footer.index("> av <")
    assert footer.index("> av <") < footer.index(" NUMPAGES ")


def test_plural_forms() -> None:
    nb, nn, en = translator("nb"), translator("nn"), translator("en")
    assert nb.ngettext("{n} source", "{n} sources", 1).format(n=1) == "1 kilde"
    assert nb.ngettext("{n} source", "{n} sources", 2).format(n=2) == "2 kilder"
    assert nn.ngettext("{n} source", "{n} sources", 1).format(n=1) == "1 kjelde"
    assert nn.ngettext("{n} source", "{n} sources", 5).format(n=5) == "5 kjelder"
    assert nb.ngettext("{n} excerpt", "{n} excerpts", 1).format(n=1) == "1 utdrag"
    assert nb.ngettext("{n} excerpt", "{n} excerpts", 3).format(n=3) == "3 utdrag"
    assert en.ngettext("{n} excerpt", "{n} excerpts", 1).format(n=1) == "1 excerpt"
    assert en.ngettext("{n} excerpt", "{n} excerpts", 0).format(n=0) == "0 excerpts"


def test_default_is_the_project_language_then_the_locale(study: Path) -> None:
    with Project.open(study) as project:
        assert default_language(project, {"LANG": "nn_NO.UTF-8"}) == "nn"
        assert default_language(project, {"LANG": "nb_NO.UTF-8", "LC_ALL": "C"}) == "en"
        assert default_language(project, {"LC_MESSAGES": "no_NO", "LANG": "en_GB"}) == "nb"
        assert default_language(project, {}) == "en"
    qcode(study, "config", "language", "sv")  # no catalogue for Swedish: the locale decides
    with Project.open(study) as project:
        assert default_language(project, {"LANG": "nb_NO.UTF-8"}) == "nb"
    qcode(study, "config", "language", "nn")
    with Project.open(study) as project:
        assert default_language(project, {"LANG": "nb_NO.UTF-8"}) == "nn"
    out = study.parent / "default.md"
    qcode(study, "matrix", "--by", "office", "-o", str(out))  # no --lang: the project's
    assert "# Utdragsmatrise" in out.read_text(encoding="utf-8")
    assert "- **Laga:**" in out.read_text(encoding="utf-8")
    qcode(study, "matrix", "--by", "office", "--lang", "en", "-o", str(out))
    assert "# Excerpt matrix" in out.read_text(encoding="utf-8")


def test_default_from_lang_when_the_project_has_none(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    out = study.parent / "env.html"
    qcode(study, "matrix", "--by", "office", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert '<html lang="nb">' in page and "<h2>Oversikt</h2>" in page


def test_unknown_language_is_one_line_and_nothing_written(study: Path) -> None:
    out = study.parent / "m.docx"
    result = qcode(study, "matrix", "--by", "office", "--lang", "de", "-o", str(out), code=1)
    assert "no export language 'de'" in result.output and "en, nb, nn" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists()
    result = qcode(study, "codebook", "export", str(study.parent / "c.docx"), "--lang", "x", code=1)
    assert "no export language 'x'" in result.output
    with pytest.raises(QcodeError):
        checked_language("klingon")


def test_two_exports_in_two_languages_in_one_process(study: Path) -> None:
    """No global state: threads writing nb and en at once each get their own labels."""
    with Project.open(study) as project:
        matrix = build_matrix(project, MatrixSpec(by="office"))
    errors: list[BaseException] = []

    def write(lang: str, path: Path) -> None:
        try:
            export_matrix(matrix, path, lang=lang)
        except BaseException as exc:  # noqa: BLE001  # reported by the assert below
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(lang, study.parent / f"both-{lang}-{i}.md"))
        for i in range(4)
        for lang in ("nb", "en")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for i in range(4):
        nb = (study.parent / f"both-nb-{i}.md").read_text(encoding="utf-8")
        en = (study.parent / f"both-en-{i}.md").read_text(encoding="utf-8")
        assert nb.startswith("# Utdragsmatrise") and "## Oversikt" in nb and "Overview" not in nb
        assert en.startswith("# Excerpt matrix") and "## Overview" in en and "Oversikt" not in en


def test_codebook_word_export_in_nynorsk(study: Path) -> None:
    out = study.parent / "kodebok.docx"
    qcode(study, "codebook", "export", str(out), "--lang", "nn")
    text = docx_text(out)
    assert "Kodebok: " in text and "Side " in text and " av " in text
    assert "kodingar i " in text or "koding i " in text
    for english in ("Codebook:", "codings in", "Page ", "Categories of", "No categories yet"):
        assert english not in text
    yaml_out = study.parent / "kodebok.yaml"
    qcode(study, "codebook", "export", str(yaml_out), "--lang", "nb")  # accepted, no labels
    assert yaml_out.read_text(encoding="utf-8").strip()


def test_xlsx_grid_cites_lines_in_the_language(study: Path) -> None:
    out = study.parent / "m.xlsx"
    qcode(study, "matrix", "--by", "office", "--lang", "nb", "-o", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Matrise", "Antall", "Utdrag", "Om"]
    grid = " ".join(str(c) for row in wb["Matrise"].iter_rows(values_only=True) for c in row if c)
    assert ", linje " in grid and ", line " not in grid


# -- the catalogues ----------------------------------------------------------------------


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/qcode.po"))


def test_the_norwegian_catalogues_are_there() -> None:
    assert {p.parent.parent.name for p in catalogues()} >= {"nb", "nn"}
    assert set(languages()) >= {"en", "nb", "nn"}


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: p.parent.parent.name)
def test_each_mo_is_its_po_compiled(po: Path) -> None:
    """A .po edited without `pybabel compile` would ship old words: compile it here and
    compare with the .mo on disk."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} missing: run pybabel compile -D qcode -d qcode/locale"
    assert compiled.getvalue() == mo.read_bytes(), (
        f"{mo} is not {po.name} compiled: run pybabel compile -D qcode -d qcode/locale"
    )


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: p.parent.parent.name)
def test_every_marked_string_has_a_translation(po: Path) -> None:
    """Every message marked in the exports' code (as `pybabel extract` finds them with
    babel.cfg) is in the catalogue, translated, and not fuzzy."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    method_map = [("qcode/core/export/**.py", "python")]
    keywords = {"gettext": None, "ngettext": (1, 2), "N_": None, "_": None}
    marked = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=keywords
        )
    }
    assert marked, "nothing marked for translation?"
    missing = []
    for msgid in sorted(marked):
        entry = catalog.get(msgid)
        if entry is None:
            found = [m for m in catalog if isinstance(m.id, tuple) and m.id[0] == msgid]
            entry = found[0] if found else None
        strings = entry.string if entry is not None else ""
        translated = all(strings) if isinstance(strings, tuple) else bool(strings)
        if entry is None or not translated or entry.fuzzy:
            missing.append(msgid)
    assert not missing, f"{po}: not translated: {missing} (pybabel update, then translate)"
