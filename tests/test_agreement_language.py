"""`qcode agreement --lang`: the inter-coder agreement report in bokmål, nynorsk or English
(headings, facts, table heads, the measures in words; the formulas' symbols unchanged)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tests.test_agreement_cli import invoke, ok, template  # noqa: F401  # the fixture
from tests.test_export_language import docx_text, xlsx_text

# What a Norwegian reader sees, per language (each differs from the English).
EXPECTED = {
    "nb": [
        "Samsvar per kode",
        "Samsvar mellom kodere",
        "Kodere",
        "Prosentvis samsvar",
        "Cohens κ",
        "Krippendorffs α",
        "Alle koder",
        "bare A",
        "tegn",
    ],
    "nn": [
        "Samsvar per kode",
        "Samsvar mellom kodarar",
        "Kodarar",
        "Prosentvis samsvar",
        "Cohens κ",
        "Krippendorffs α",
        "Alle kodar",
        "berre A",
        "teikn",
    ],
}
# English labels of the report that must not be left in a Norwegian one.
ENGLISH_LABELS = [
    "Inter-coder agreement",
    "Agreement per code",
    "Agreement per document",
    "Coders",
    "Units",
    "characters",
    "Documents",
    "All codes",
    "Code",
    "agreement",
    "Cohen's",
    "Krippendorff's",
    "unitized",
    "A only",
    "B only",
    "both",
    "neither",
    "How the figures are computed",
    "Percentage agreement",
    "Source",
    "Unit",
    "Page",
    "Measure",
    "In words",
    "Formula",
    "Empty figure",
    "undefined",
    "coded",
    "coder",
]


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:  # noqa: F811  # the fixture above
    copy = tmp_path / "study.qcode"
    copy.write_bytes(template.read_bytes())
    return copy


def english_left(text: str) -> list[str]:
    # The references stay in their own language: they are sources, not labels.
    text = text.split("Referanser")[0].split("Referansar")[0]
    return [w for w in ENGLISH_LABELS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_report_speaks_the_language_asked_for(project: Path, lang: str, suffix: str) -> None:
    out = project.parent / f"samsvar-{lang}{suffix}"
    ok(
        invoke(
            project,
            "agreement",
            "--coders",
            "anna,bo",
            "--per-document",
            "--lang",
            lang,
            "-o",
            str(out),
        )
    )
    text = docx_text(out) if suffix == ".docx" else xlsx_text(out)
    for label in EXPECTED[lang][suffix == ".xlsx" :]:  # the workbook has no section headings
        assert label in text, (lang, suffix, label)
    assert not english_left(text), f"English left in the {lang} {suffix}: {english_left(text)}"
    # the formulas keep their symbols
    assert "κ = (Po − Pe) / (1 − Pe)" in text and "Po = (begge + ingen) / N" in text


def test_numbers_stay_numbers_and_english_is_unchanged(project: Path) -> None:
    nb, en = project.parent / "nb.xlsx", project.parent / "en.xlsx"
    ok(invoke(project, "agreement", "--coders", "anna,bo", "--lang", "nb", "-o", str(nb)))
    ok(invoke(project, "agreement", "--coders", "anna,bo", "--lang", "en", "-o", str(en)))
    book_nb, book_en = openpyxl.load_workbook(nb), openpyxl.load_workbook(en)
    assert book_nb.sheetnames == ["Samsvar", "Om"]
    assert book_en.sheetnames == ["Agreement", "About"]
    assert [c.value for c in book_nb["Samsvar"][1]][:4] == [
        "Kode",
        "Nøkkel",
        "% samsvar",
        "Cohens κ",
    ]
    nb_rows = [[c.value for c in row] for row in book_nb["Samsvar"].iter_rows(min_row=2)]
    en_rows = [[c.value for c in row] for row in book_en["Agreement"].iter_rows(min_row=2)]
    assert [r[1:] for r in nb_rows] == [r[1:] for r in en_rows]  # keys and figures as numbers
    assert isinstance(nb_rows[0][2], float) and nb_rows[-1][0] == "Alle koder"


def test_bad_language_and_lang_without_a_file(project: Path) -> None:
    before = project.read_bytes()
    result = invoke(project, "agreement", "--coders", "anna,bo", "--lang", "de", "-o", "x.docx")
    assert result.exit_code != 0 and "no export language 'de'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = invoke(project, "agreement", "--coders", "anna,bo", "--lang", "nb")
    assert result.exit_code != 0 and "--lang needs -o FILE" in result.output
    assert project.read_bytes() == before


def test_thousands_are_grouped_as_the_language_writes_them(project: Path) -> None:
    """`1,370` in a Norwegian report reads as one and a bit: bokmål and nynorsk group
    thousands with a (no-break) space, English with a comma."""
    texts = {}
    for lang in ("nb", "nn", "en"):
        out = project.parent / f"tusen-{lang}.docx"
        ok(invoke(project, "agreement", "--coders", "anna,bo", "--lang", lang, "-o", str(out)))
        texts[lang] = docx_text(out)
    comma_grouped = re.compile(r"\d,\d{3}(?!\d)")
    space_grouped = re.compile(r"\d\u00a0\d{3}(?!\d)")
    assert comma_grouped.search(texts["en"]) and not space_grouped.search(texts["en"])
    for lang in ("nb", "nn"):
        assert space_grouped.search(texts[lang]), lang
        assert not comma_grouped.search(texts[lang]), comma_grouped.findall(texts[lang])
    # the same figures, only written differently
    digits = {lang: re.sub(r"(?<=\d)[,\u00a0](?=\d{3})", "", t) for lang, t in texts.items()}
    numbers = {lang: re.findall(r"\d{4,}", d) for lang, d in digits.items()}
    assert numbers["nb"] == numbers["nn"] == numbers["en"]
