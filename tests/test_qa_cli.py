"""Bugs found by using the CLI end to end as an analyst would; each test is what the user saw."""

from __future__ import annotations

from .conftest import Run, as_json


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
