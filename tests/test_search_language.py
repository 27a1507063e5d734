"""Search in the project's language: inflected forms by stem, irregular ones by lemma,
closed compounds by their parts, exact phrases, exact offsets in composed and decomposed
text, and no markup in snippets. Fresh examples in Norwegian, Danish, Swedish, English."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qcode.core.analysis.search import SearchHit, search
from qcode.core.codebook.codes import load_codebook
from qcode.core.codebook.format import parse_codebook
from qcode.core.errors import QcodeError
from qcode.core.project.settings import language_setting, set_language
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.builders import Run


def _add(project: Project, tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    import_files(project, [source])


def _found(hits: list[SearchHit], project: Project) -> list[str]:
    """The text of each hit, cut from the stored text by its offsets."""
    texts = {r["id"]: r["text"] for r in project.query("SELECT id, text FROM documents")}
    return [texts[h.document_id][h.start : h.end] for h in hits]


NB = (
    "Hun gikk til kontoret før møtet. Vi har gått gjennom saken.\n"
    "Varmepumpen sto stille hele vinteren, og pumpene i kjelleren lekket.\n"
    "Samtalene var korte. Han går hjem etterpå.\n"
)


def test_norwegian_finds_irregular_inflected_and_compound_forms(
    project: Project, tmp_path: Path
) -> None:
    set_language(project, "nb")
    _add(project, tmp_path, "nb.txt", NB)
    assert sorted(_found(search(project, "gå"), project)) == ["gikk", "går", "gått"]
    assert _found(search(project, "pumpe"), project) == ["Varmepumpen", "pumpene"]
    assert _found(search(project, "samtale"), project) == ["Samtalene"]
    assert _found(search(project, "møte"), project) == ["møtet"]


def test_a_quoted_phrase_is_the_exact_phrase(project: Project, tmp_path: Path) -> None:
    set_language(project, "nb")
    _add(project, tmp_path, "nb.txt", NB)
    assert _found(search(project, '"går hjem"'), project) == ["går hjem"]
    assert search(project, '"gikk hjem"') == []  # both words occur, never together
    assert search(project, '"pumpe"') == []  # a quoted word is not widened


def test_danish(project: Project, tmp_path: Path) -> None:
    set_language(project, "da")
    text = "Børnene gik i skole. Vaskemaskinen larmede, så barnet vågnede.\n"
    _add(project, tmp_path, "da.txt", text)
    assert _found(search(project, "barn"), project) == ["Børnene", "barnet"]
    assert _found(search(project, "gå"), project) == ["gik"]
    assert _found(search(project, "maskine"), project) == ["Vaskemaskinen"]


def test_swedish(project: Project, tmp_path: Path) -> None:
    set_language(project, "sv")
    text = "Vi gick till matchen. Fotbollen låg kvar, och bilarna stod på gården.\n"
    _add(project, tmp_path, "sv.txt", text)
    assert _found(search(project, "gå"), project) == ["gick"]
    assert _found(search(project, "boll"), project) == ["Fotbollen"]
    assert _found(search(project, "bil"), project) == ["bilarna"]


def test_english(project: Project, tmp_path: Path) -> None:
    set_language(project, "en")
    text = "They went home early. Running the heat pumps costs money; she runs it.\n"
    _add(project, tmp_path, "en.txt", text)
    assert _found(search(project, "go"), project) == ["went"]
    assert _found(search(project, "run"), project) == ["Running", "runs"]
    assert _found(search(project, "pump"), project) == ["pumps"]


def test_offsets_are_code_points_of_the_stored_text_composed_and_decomposed(
    project: Project, tmp_path: Path
) -> None:
    set_language(project, "nb")
    composed = "Blåbærsyltetøy på brødet. Så gikk vi på tur, og vi går igjen i år.\n"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    _add(project, tmp_path, "nfc.txt", composed)
    # stored composed (NFC) since issue 12, so its offsets are those of the composed text
    _add(project, tmp_path, "nfd.txt", decomposed + "Slutt.\n")
    hits = search(project, "gå")
    by_document: dict[str, list[str]] = {h.document: [] for h in hits}
    texts = {"nfc.txt": composed, "nfd.txt": composed}
    for h in hits:
        by_document[h.document].append(texts[h.document][h.start : h.end])
    assert by_document["nfc.txt"] == ["gikk", "går"]
    assert by_document["nfd.txt"] == ["gikk", "går"]
    nfd_hit = hits[-1]
    assert (nfd_hit.document, nfd_hit.start) == ("nfd.txt", composed.index("går"))
    phrase = _found(search(project, unicodedata.normalize("NFD", '"på tur"')), project)
    assert phrase == ["på tur", "på tur"]


def test_snippets_never_show_markup(project: Project, tmp_path: Path) -> None:
    text = "## Forberedelse\n\n**Kari:** Vi forberedte oss godt til møtet.\n"
    _add(project, tmp_path, "markup.txt", text)
    heading, speech = search(project, "forberedte")  # the same stem: forbered
    assert heading.context == "[Forberedelse] Kari: Vi forberedte oss godt til m"
    assert speech.context == "Forberedelse Kari: Vi [forberedte] oss godt til møtet."


def test_no_hit_and_no_word(project: Project, tmp_path: Path) -> None:
    _add(project, tmp_path, "nb.txt", NB)
    assert search(project, "elefant") == []
    with pytest.raises(QcodeError):
        search(project, '"" !!')


def test_new_documents_are_found_after_the_vocabulary_was_built(
    project: Project, tmp_path: Path
) -> None:
    _add(project, tmp_path, "a.txt", "Varmepumpen er ny.\n")
    assert len(search(project, "pumpe")) == 1
    _add(project, tmp_path, "b.txt", "Pumpa er gammel.\n")
    assert len(search(project, "pumpe")) == 2


def test_language_comes_from_setting_codebook_lang_or_default(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert language_setting(project) == ("nb", "default")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert language_setting(project)[0] == "sv"
    codebook = parse_codebook("qcode-codebook: 1\nname: t\nlanguage: da\nthemes:\n  - name: A\n")
    load_codebook(project, codebook)
    assert language_setting(project)[0] == "da"
    set_language(project, "en")
    assert language_setting(project)[0] == "en"
    with pytest.raises(QcodeError):
        set_language(project, "de")


def test_config_language_command_and_search_output_shape(run: Run, tmp_path: Path) -> None:
    assert "language: nb" in run("config", "language", "nb").output
    source = tmp_path / "intervju.txt"
    source.write_text("Hun gikk hjem.\nVi går videre.\n", encoding="utf-8")
    run("import", str(source))
    assert run("config").output.startswith("language: nb (Norwegian Bokmål; set with")
    lines = run("search", "gå").output.splitlines()
    assert lines == [
        "intervju.txt:1 [4-8]  Hun [gikk] hjem. Vi går videre.",
        "intervju.txt:2 [18-21]  Hun gikk hjem. Vi [går] videre.",
        "2 hit(s)",
    ]
    bad = run("config", "language", "de", ok=False)
    assert bad.exit_code != 0 and "Traceback" not in bad.output
