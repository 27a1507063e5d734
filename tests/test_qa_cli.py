"""Bugs found by using the CLI end to end as an analyst would; each test is what the user saw."""

from __future__ import annotations

from pathlib import Path

from .conftest import CODEBOOKS, Run, as_json, write


def test_codes_add_refuses_a_key_a_codebook_could_not_hold(run: Run) -> None:
    """`codes add X --key "Bad Key"` stored the key as given, and `codes add 漢字` stored an
    empty key (a second such name then failed with "key '' already exists"); the exported
    codebook could not be loaded again."""
    bad = run("codes", "add", "X", "--key", "Bad Key", ok=False)
    assert bad.exit_code == 1 and "bad key 'Bad Key'" in bad.output
    cjk = run("codes", "add", "漢字", ok=False)
    assert cjk.exit_code == 1 and "cannot derive a key from the name '漢字'" in cjk.output
    assert as_json(run("codes", "--json")) == []
    run("codes", "add", "漢字", "--key", "kanji")
    assert [c["key"] for c in as_json(run("codes", "--json"))] == ["kanji"]


def test_codes_add_refuses_a_shortcut_that_is_not_one_key(run: Run) -> None:
    """`codes add X --shortcut ab` (or `Å`) was stored, a shortcut no key press can give."""
    for shortcut in ("ab", "Å"):
        result = run("codes", "add", "X", "--shortcut", shortcut, ok=False)
        assert result.exit_code == 1 and "bad shortcut" in result.output
    run("codes", "add", "X", "--shortcut", "Q")
    assert as_json(run("codes", "--json"))[0]["shortcut"] == "q"


def test_a_name_shared_by_two_codes_is_refused_not_guessed(run: Run, tmp_path: Path) -> None:
    """With a theme "Tidspress" and a category "Tidspress" (the README's own example),
    `qcode code DOC 0 5 Tidspress` coded with whichever row SQLite returned first."""
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    run("categories", "add", "preparation", "Tidspress")
    run("import", str(write(tmp_path / "n.txt", "Det var lite tid.\n")))
    result = run("code", "n.txt", "0", "5", "Tidspress", ok=False)
    assert result.exit_code == 1
    assert "'Tidspress' names 2 codes" in result.output
    assert "time-pressure" in result.output and "tidspress" in result.output
    assert as_json(run("codings", "--json")) == []
    run("code", "n.txt", "0", "5", "time-pressure")  # the key is never ambiguous


def test_code_names_match_ignoring_case_beyond_ascii(run: Run, tmp_path: Path) -> None:
    """A code named "Økonomi" (key "penger") was not found as "økonomi": SQLite's lower()
    folds only ASCII letters."""
    run("codes", "add", "Økonomi", "--key", "penger")
    run("import", str(write(tmp_path / "n.txt", "Det handler om penger.\n")))
    run("code", "n.txt", "0", "5", "økonomi")
    assert as_json(run("codings", "--json"))[0]["code"] == "penger"


def test_undo_steps_must_be_at_least_one(run: Run, tmp_path: Path) -> None:
    """`qcode undo --steps 0` (or -1) said nothing and exited 0, as if it had undone."""
    run("import", str(write(tmp_path / "n.txt", "Noe tekst.\n")))
    for steps in ("0", "-1"):
        result = run("undo", "--steps", steps, ok=False)
        assert result.exit_code == 2 and "--steps" in result.output
    assert len(as_json(run("docs", "--json"))) == 1


def test_matrix_with_filters_that_match_nothing_says_so(run: Run, tmp_path: Path) -> None:
    """`qcode matrix --where office=Sorvik` (a typo for Sørvik) said "no excerpts: code some
    text first", though plenty was coded."""
    run("codes", "add", "Makt", "--key", "power")
    csv = write(tmp_path / "a.csv", "file,office\nn.txt,Sørvik\n")
    run("import", "--attributes", str(csv), str(write(tmp_path / "n.txt", "Makt er makt.\n")))
    run("code", "n.txt", "0", "4", "power")
    result = run("matrix", "--where", "office=Sorvik")
    assert "code some text first" not in result.output
    assert "no excerpts match the filters (office = Sorvik)" in result.output


def test_codebook_export_to_a_missing_folder_is_one_line(run: Run, tmp_path: Path) -> None:
    """`qcode codebook export nowhere/kb.yaml` printed a FileNotFoundError traceback."""
    run("codes", "add", "Makt", "--key", "power")
    target = tmp_path / "nowhere" / "kb.yaml"
    result = run("codebook", "export", str(target), ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {target}: cannot write (No such file or directory)"
    ]


def test_document_names_match_ignoring_case_beyond_ascii(run: Run, tmp_path: Path) -> None:
    """`qcode show INTERVJU-ÅSE.TXT` found nothing (no "did you mean" either), while
    `qcode show INTERVJU-DELTAKER-1.DOCX` finds intervju-deltaker-1.docx."""
    run("import", str(write(tmp_path / "intervju-åse.txt", "Noe tekst.\n")))
    assert "intervju-åse.txt" in run("show", "INTERVJU-ÅSE.TXT", "--no-text").output


def test_exports_keep_words_apart_across_page_and_line_breaks(run: Run, tmp_path: Path) -> None:
    """A transcript pasted from Word holds vertical tabs (its manual line breaks) and form
    feeds (page breaks); the exports dropped them and glued words together: "Maktside"."""
    run("codes", "add", "Makt", "--key", "power")
    run("import", str(write(tmp_path / "n.txt", "I: Makt\x0cside en\x0bto tre.\nR: Ja.\n")))
    run("code", "n.txt", "3", "21", "power")
    for fmt in ("csv", "md", "html", "docx"):
        out = tmp_path / f"m.{fmt}"
        run("matrix", "-o", str(out))
        if fmt == "docx":
            import docx

            text = "\n".join(
                c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells
            )
        else:
            text = out.read_text(encoding="utf-8-sig")
        assert "Makt side en to tre" in text, fmt
