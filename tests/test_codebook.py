"""Codebooks: reading, validating (message and line for every mistake), writing."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from qcode.core.codebook.format import (
    PALETTE,
    Codebook,
    CodeSpec,
    dump_codebook,
    load_codebook,
    normalise_colour,
    parse_codebook,
    slugify,
)
from qcode.core.errors import InputError

GOOD = """\
# qcode codebook
qcode-codebook: 1
name: NAV colleague guidance groups
description: Themes from the observation sheets
language: nb
themes:
  - name: Forberedelse
    key: preparation
    colour: "#1f77b4"
    shortcut: F
    description: Å være forberedt til samtalen
    include: Når teksten handler om forberedelse
    exclude: Ikke saksbehandling
    keywords: [forberede, forberedt]
    aliases: [Preparation]
    categories:
      - name: Uforberedt til samtaler
      - name: Tidspress
        colour: red
  - name: Makt og avmakt
    color: "#abc"
    keywords: makt
  - name: Samtalestyring / grensesetting
"""


def write(tmp_path: Path, text: str, name: str = "codebook.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> InputError:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert info.value.path == str(path)
    return info.value


def codebook_with(themes: str) -> str:
    """A valid header followed by `themes` (YAML for the list, without the key)."""
    return "qcode-codebook: 1\nname: Test\nthemes:\n" + textwrap.dedent(themes)


# -- reading a good codebook ----------------------------------------------------------------


def test_load_good_codebook(tmp_path: Path) -> None:
    book = load_codebook(write(tmp_path, GOOD))
    assert book.name == "NAV colleague guidance groups"
    assert book.description == "Themes from the observation sheets"
    assert book.language == "nb"
    prep, power, control = book.themes
    assert prep.key == "preparation"
    assert prep.colour == "#1f77b4"
    assert prep.shortcut == "f"
    assert prep.description == "Å være forberedt til samtalen"
    assert prep.include == "Når teksten handler om forberedelse"
    assert prep.exclude == "Ikke saksbehandling"
    assert prep.keywords == ["forberede", "forberedt"]
    assert prep.aliases == ["Preparation"]
    assert prep.line == 7
    assert [c.name for c in prep.children] == ["Uforberedt til samtaler", "Tidspress"]
    assert prep.children[0].key == "uforberedt-til-samtaler"
    assert prep.children[0].line == 17
    assert prep.children[1].colour == "#ff0000"
    assert power.colour == "#aabbcc"  # 'color' synonym, #rgb expanded
    assert power.keywords == ["makt"]  # a single string is a list of one
    assert power.key == "makt-og-avmakt"
    assert control.key == "samtalestyring-grensesetting"
    assert control.shortcut is None


def test_bom_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_codebook(path).name == "NAV colleague guidance groups"
    assert parse_codebook("\ufeff" + GOOD).name == "NAV colleague guidance groups"


def test_values_are_read_as_written() -> None:
    # YAML 1.1 would make `no` False and `2013` an int; a codebook keeps the text.
    book = parse_codebook(
        "qcode-codebook: 1\nname: 2013\nlanguage: no\nthemes:\n"
        "  - name: yes\n    keywords: [on, 1.5, 2013-05-01]\n    shortcut: 7\n"
    )
    assert book.name == "2013"
    assert book.language == "no"
    assert book.themes[0].name == "yes"
    assert book.themes[0].keywords == ["on", "1.5", "2013-05-01"]
    assert book.themes[0].shortcut == "7"


def test_empty_optional_values_count_as_absent() -> None:
    book = parse_codebook(
        codebook_with("""\
          - name: A
            description:
            colour:
            shortcut:
            keywords:
            categories:
        """)
    )
    (theme,) = book.themes
    assert theme.description == ""
    assert theme.colour == PALETTE[0]
    assert theme.shortcut is None
    assert theme.keywords == []
    assert theme.children == []


def test_empty_themes_list_allowed() -> None:
    assert parse_codebook("qcode-codebook: 1\nname: Empty\nthemes: []\n").themes == []


# -- keys, colours, palette, walk -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Makt og avmakt", "makt-og-avmakt"),
        ("Samtalestyring / grensesetting", "samtalestyring-grensesetting"),
        ("Brukerens møte med NAV", "brukerens-mote-med-nav"),
        ("Æres  Åsted", "aeres-asted"),
        ("Crème brûlée!", "creme-brulee"),
        ("  --Tidspress--  ", "tidspress"),
        ("Mange lover (2013)", "mange-lover-2013"),
        ("ØKONOMI", "okonomi"),
        ("Власть", ""),
    ],
)
def test_slugify(name: str, key: str) -> None:
    assert slugify(name) == key


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        ("#1F77B4", "#1f77b4"),
        ("#abc", "#aabbcc"),
        (" Red ", "#ff0000"),
        ("grey", "#808080"),
        ("gray", "#808080"),
        ("navy", "#000080"),
        ("#abcd", None),
        ("1f77b4", None),
        ("#ggg", None),
        ("reddish", None),
        ("", None),
    ],
)
def test_normalise_colour(value: str, colour: str | None) -> None:
    assert normalise_colour(value) == colour


def test_palette_is_twelve_distinct_normalised_colours() -> None:
    assert len(PALETTE) == 12
    assert len(set(PALETTE)) == 12
    assert all(normalise_colour(c) == c for c in PALETTE)


def test_palette_assignment_by_position_is_deterministic() -> None:
    themes = "".join(f"  - name: Theme {i}\n" for i in range(14))
    text = codebook_with(themes)
    first = [c.colour for c, _, _ in parse_codebook(text).walk()]
    assert first == [PALETTE[i % 12] for i in range(14)]
    assert [c.colour for c, _, _ in parse_codebook(text).walk()] == first


def test_palette_counts_categories_and_explicit_colours_in_reading_order() -> None:
    book = parse_codebook(
        codebook_with("""\
          - name: A
            categories:
              - name: A1
              - name: A2
                colour: teal
          - name: B
        """)
    )
    assert [c.colour for c, _, _ in book.walk()] == [PALETTE[0], PALETTE[1], "#008080", PALETTE[3]]


def test_walk_gives_levels_and_parents_depth_first() -> None:
    book = parse_codebook(
        codebook_with("""\
          - name: Kompleks rolle
            categories:
              - name: Tidspress
                categories:
                  - name: Mange saker
              - name: Mange lover
          - name: Relasjoner
            categories:
              - name: Makt
        """)
    )
    walked = [(c.name, p.name if p else None, level) for c, p, level in book.walk()]
    assert walked == [
        ("Kompleks rolle", None, 1),
        ("Tidspress", "Kompleks rolle", 2),
        ("Mange saker", "Tidspress", 3),
        ("Mange lover", "Kompleks rolle", 2),
        ("Relasjoner", None, 1),
        ("Makt", "Relasjoner", 2),
    ]


def test_alias_may_repeat_own_name_case_insensitively() -> None:
    book = parse_codebook(codebook_with("  - name: Makt\n    aliases: [MAKT, Power]\n"))
    assert book.themes[0].aliases == ["MAKT", "Power"]


# -- round trip -----------------------------------------------------------------------------


def test_dump_parse_round_trip(tmp_path: Path) -> None:
    book = load_codebook(write(tmp_path, GOOD))
    text = dump_codebook(book)
    assert parse_codebook(text) == book
    path = tmp_path / "again.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_codebook(path) == book


def test_round_trip_keeps_norwegian_unescaped() -> None:
    book = Codebook(
        name="Veiledningsgrupper på NAV-kontor",
        description="Kollegaveiledning: æøå ÆØÅ",
        language="nb",
        themes=[
            CodeSpec(
                key="brukerens-mote-med-nav",
                name="Brukerens møte med NAV",
                colour="#2ca02c",
                keywords=["møte", "bruker"],
                aliases=["Brukermøte"],
                children=[CodeSpec(key="holdninger", name="Holdninger til NAV", colour="#d62728")],
            )
        ],
    )
    text = dump_codebook(book)
    assert "Brukerens møte med NAV" in text
    assert "æøå ÆØÅ" in text
    assert "\\u" not in text and "\\x" not in text
    assert parse_codebook(text) == book


def test_dump_is_readable_block_yaml_in_field_order() -> None:
    book = parse_codebook(GOOD)
    text = dump_codebook(book)
    assert text.startswith("# qcode codebook")
    lines = text.splitlines()
    assert lines[1] == "qcode-codebook: 1"
    assert lines[2] == "name: NAV colleague guidance groups"
    first = lines.index("  - name: Forberedelse")
    fields = [line.split(":")[0].strip() for line in lines[first : first + 10]]
    assert fields == [
        "- name",
        "key",
        "colour",
        "shortcut",
        "description",
        "include",
        "exclude",
        "keywords",
        "aliases",
        "categories",
    ]
    assert "    keywords: [forberede, forberedt]" in lines
    # Empty fields are left out: the categories have no shortcut or description.
    assert text.count("shortcut:") == 1
    assert text.count("description:") == 2


def test_dump_never_writes_anchors_for_shared_lists() -> None:
    shared = ["felles"]
    book = Codebook(
        name="Shared",
        themes=[
            CodeSpec(key="a", name="A", colour="#000000", keywords=shared),
            CodeSpec(key="b", name="B", colour="#000000", keywords=shared),
        ],
    )
    text = dump_codebook(book)
    assert "&" not in text and "*" not in text
    assert parse_codebook(text) == book


def test_round_trip_of_awkward_text() -> None:
    awkward = [
        "yes",
        "no",
        "~",
        "null",
        "2013",
        "1.0",
        "#hash",
        "- dash",
        "a: b",
        "[list]",
        "{map}",
        "'quoted'",
        '"double"',
        "trailing:",
        "%percent",
        "@at",
        "`tick",
        "a, b",
        "tab\there",
        "ctrl\x07char",
        "x" * 150,
        " ".join(["ord"] * 60),
    ]
    book = Codebook(
        name="Awkward: yes",
        description="Line one\n  indented two\n\nlast",
        language="no",
        themes=[
            CodeSpec(
                key=f"k{i}",
                # names refuse control characters (core/safetext.py); other fields keep them
                name=f"{text} {i}" if text.strip() and text.isprintable() else f"t{i}",
                colour=PALETTE[i % 12],
                description=text,
                include=text + "\nsecond line",
                keywords=[text],
                aliases=[f"alias {i} {text}" if text.isprintable() else f"alias {i}"],
            )
            for i, text in enumerate(awkward)
        ],
    )
    assert parse_codebook(dump_codebook(book)) == book


def test_parse_ignores_line_in_equality() -> None:
    a = CodeSpec(key="a", name="A", colour="#000000", line=3)
    b = CodeSpec(key="a", name="A", colour="#000000", line=9)
    assert a == b


# -- every mistake: message and line --------------------------------------------------------


def test_malformed_yaml(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname: Test\nthemes: a: b\n")
    assert err.reason == "malformed YAML: mapping values are not allowed here"
    assert err.line == 3
    assert str(err) == f"{tmp_path / 'codebook.yaml'}:3: {err.reason}"


def test_malformed_yaml_unclosed_bracket(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    keywords: [a, b\n  - name: B\n"))
    assert err.reason.startswith("malformed YAML: ")
    assert err.line == 6


def test_tab_indentation_is_malformed(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname: T\nthemes:\n\t- name: A\n")
    assert err.reason.startswith("malformed YAML: ")
    assert err.line == 4


def test_two_documents_are_malformed(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\n---\nname: T\n")
    assert err.reason == "malformed YAML: but found another document"
    assert err.line == 2


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    err = error_of(tmp_path, text)
    assert err.reason == "the codebook is empty"
    assert err.line is None


def test_only_comments(tmp_path: Path) -> None:
    err = error_of(tmp_path, "# qcode codebook\n# nothing yet\n")
    assert err.reason == "the codebook is empty (only comments)"
    assert err.line is None


@pytest.mark.parametrize(
    ("text", "found"),
    [("- name: A\n", "a list"), ("\n\njust some text\n", "text")],
)
def test_top_level_not_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    err = error_of(tmp_path, text)
    assert err.reason == (
        "not a qcode codebook: expected a mapping with 'qcode-codebook: 1', 'name' and "
        f"'themes', found {found}"
    )
    assert err.line == (1 if found == "a list" else 3)


def test_missing_version(tmp_path: Path) -> None:
    err = error_of(tmp_path, "\nname: Test\nthemes: []\n")
    assert err.reason == "missing 'qcode-codebook: 1' (the format version) at the top"
    assert err.line == 2


@pytest.mark.parametrize("version", ["2", "'one'", "1.0", "[1]"])
def test_unknown_version(tmp_path: Path, version: str) -> None:
    err = error_of(tmp_path, f"name: Test\nqcode-codebook: {version}\nthemes: []\n")
    shown = {"'one'": "one", "[1]": "a list"}.get(version, version)
    assert err.reason == (
        f"unknown codebook format version '{shown}' (this qcode reads 'qcode-codebook: 1')"
    )
    assert err.line == 2


def test_unknown_version_reported_before_unknown_fields(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 2\nname: T\nthemes: []\nnew-field: x\n")
    assert err.reason.startswith("unknown codebook format version '2'")
    assert err.line == 1


def test_missing_name(tmp_path: Path) -> None:
    err = error_of(tmp_path, "# header\nqcode-codebook: 1\nthemes: []\n")
    assert err.reason == "missing required field 'name'"
    assert err.line == 2


def test_missing_themes(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname: Test\n")
    assert err.reason == "missing required field 'themes'"
    assert err.line == 1


@pytest.mark.parametrize(
    ("value", "found"), [("Makt", "text"), ("{a: b}", "a mapping"), ("", "empty")]
)
def test_themes_not_a_list(tmp_path: Path, value: str, found: str) -> None:
    err = error_of(tmp_path, f"qcode-codebook: 1\nname: Test\n\nthemes: {value}\n")
    assert err.reason == f"'themes' must be a list (one '- name: ...' per code), not {found}"
    assert err.line == 4


def test_categories_not_a_list(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    categories:\n      name: B\n"))
    assert err.reason == "'categories' must be a list (one '- name: ...' per code), not a mapping"
    assert err.line == 6


def test_theme_not_a_mapping(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n  - Makt\n"))
    assert err.reason == "a theme must be a mapping with a 'name': write '- name: Makt'"
    assert err.line == 5


def test_category_not_a_mapping(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    categories:\n      - [x]\n"))
    assert err.reason == "a category must be a mapping with a 'name'"
    assert err.line == 6


def test_unknown_field_with_suggestion(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    colur: red\n"))
    assert err.reason == (
        "unknown field 'colur' (did you mean 'colour'?); allowed fields: name, key, colour, "
        "color, shortcut, description, include, exclude, keywords, aliases, categories"
    )
    assert err.line == 5


def test_unknown_field_without_suggestion(tmp_path: Path) -> None:
    err = error_of(
        tmp_path, codebook_with("  - name: A\n    categories:\n      - name: B\n        zzz: 1\n")
    )
    assert err.reason.startswith("unknown field 'zzz'; allowed fields: name, key,")
    assert err.line == 7


def test_unknown_top_level_field(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname: T\nlanguge: nb\nthemes: []\n")
    assert err.reason == (
        "unknown field 'languge' (did you mean 'language'?); allowed fields: qcode-codebook, "
        "name, description, language, themes"
    )
    assert err.line == 3


def test_misspelt_version_field_gets_a_suggestion(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebok: 1\nname: T\nthemes: []\n")
    assert err.reason.startswith("unknown field 'qcode-codebok' (did you mean 'qcode-codebook'?)")
    assert err.line == 1


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    key: a\n    name: B\n"))
    assert err.reason == "duplicate field 'name' (first at line 4)"
    assert err.line == 6


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname: A\nthemes: []\nname: B\n")
    assert err.reason == "duplicate field 'name' (first at line 2)"
    assert err.line == 4


def test_duplicate_name_case_insensitive(tmp_path: Path) -> None:
    err = error_of(
        tmp_path,
        codebook_with("""\
          - name: Makt
            key: power
          - name: Relasjoner
            categories:
              - name: makt
                key: makt-2
        """),
    )
    assert err.reason == "duplicate name 'makt' (first at line 4, as 'Makt')"
    assert err.line == 8


def test_duplicate_name_exact(tmp_path: Path) -> None:
    err = error_of(
        tmp_path, codebook_with("  - name: Makt\n    key: a\n  - name: Makt\n    key: b\n")
    )
    assert err.reason == "duplicate name 'Makt' (first at line 4)"
    assert err.line == 6


def test_alias_clashing_with_a_name(tmp_path: Path) -> None:
    err = error_of(
        tmp_path, codebook_with("  - name: Makt\n  - name: Power\n    aliases: [makt]\n")
    )
    assert err.reason == "duplicate alias 'makt' (first at line 4, as 'Makt')"
    assert err.line == 6


def test_duplicate_explicit_key(tmp_path: Path) -> None:
    err = error_of(
        tmp_path,
        codebook_with(
            "  - name: A\n    key: same\n    categories:\n      - name: B\n        key: same\n"
        ),
    )
    assert err.reason == "duplicate key 'same' (first at line 5)"
    assert err.line == 8


def test_duplicate_derived_key(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: Makt!\n  - name: Makt?\n"))
    assert err.reason == (
        "duplicate key 'makt' (derived from the name; add a 'key' to choose another) "
        "(first at line 4)"
    )
    assert err.line == 5


def test_key_cannot_be_derived(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: Власть\n"))
    assert err.reason == (
        "cannot derive a key from the name 'Власть': add a 'key' "
        "(lowercase letters a-z, digits and hyphens)"
    )
    assert err.line == 4


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("Makt Og", ", like 'makt-og'"),
        ("makt--og", ", like 'makt-og'"),
        ("-x", ", like 'x'"),
        ("æ", ", like 'ae'"),
        ("!!", ""),
    ],
)
def test_bad_key(tmp_path: Path, key: str, hint: str) -> None:
    err = error_of(tmp_path, codebook_with(f"  - name: A\n    key: '{key}'\n"))
    assert err.reason == (
        f"bad key '{key}': use lowercase letters a-z, digits and single hyphens{hint}"
    )
    assert err.line == 5


def test_duplicate_shortcut(tmp_path: Path) -> None:
    err = error_of(
        tmp_path,
        codebook_with(
            "  - name: A\n    shortcut: m\n  - name: B\n    categories:\n"
            "      - name: C\n        shortcut: M\n"
        ),
    )
    assert err.reason == "duplicate shortcut 'm' (first at line 5)"
    assert err.line == 9


@pytest.mark.parametrize("shortcut", ["ab", "æ", "'-'", "12", "F1"])
def test_bad_shortcut(tmp_path: Path, shortcut: str) -> None:
    err = error_of(tmp_path, codebook_with(f"  - name: A\n\n    shortcut: {shortcut}\n"))
    assert err.reason == (
        f"bad shortcut '{shortcut.strip(chr(39))}': use one letter a-z or one digit 0-9"
    )
    assert err.line == 6


def test_shortcut_not_text(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    shortcut: [a]\n"))
    assert err.reason == "'shortcut' must be text, not a list"
    assert err.line == 5


def test_bad_colour(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    colour: reed\n"))
    assert err.reason == (
        "bad colour 'reed' (did you mean 'red'?): use \"#rgb\", \"#rrggbb\" or one of red, "
        "green, blue, orange, purple, teal, brown, pink, grey, gray, olive, cyan, magenta, "
        "yellow, navy, maroon"
    )
    assert err.line == 5


def test_bad_hex_colour(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    color: '#12345'\n"))
    assert err.reason.startswith("bad colour '#12345': use \"#rgb\"")
    assert err.line == 5


def test_unquoted_hex_colour_is_a_comment(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    colour: #1f77b4\n"))
    assert err.reason == (
        "colour #1f77b4 must be quoted: an unquoted # starts a YAML comment "
        '(write colour: "#1f77b4")'
    )
    assert err.line == 5


def test_empty_colour_with_comment_is_fine() -> None:
    book = parse_codebook(codebook_with("  - name: A\n    colour:  # pick later\n"))
    assert book.themes[0].colour == PALETTE[0]


def test_colour_and_color_together(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    colour: red\n    color: blue\n"))
    assert err.reason == "give 'colour' or 'color', not both"
    assert err.line == 6


@pytest.mark.parametrize(
    ("value", "found"),
    [("{a: b}", "a mapping"), ("[[a], b]", "a list"), ("[a, {b: c}]", "a mapping")],
)
def test_keywords_not_a_list_of_strings(tmp_path: Path, value: str, found: str) -> None:
    err = error_of(tmp_path, codebook_with(f"  - name: A\n    keywords: {value}\n"))
    if value.startswith("{"):
        assert err.reason == "'keywords' must be a list of strings, not a mapping"
    else:
        assert err.reason == f"'keywords' must be a list of strings (found {found})"
    assert err.line == 5


def test_keywords_entry_on_its_own_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    aliases:\n      - ok\n      - x: y\n"))
    assert err.reason == "'aliases' must be a list of strings (found a mapping)"
    assert err.line == 7


def test_empty_keyword(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    keywords: [a, '', b]\n"))
    assert err.reason == "'keywords' has an empty entry"
    assert err.line == 5


def test_description_not_text(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    description:\n      - a\n"))
    assert err.reason == "'description' must be text, not a list"
    assert err.line == 6


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "the theme name is empty"),
        ("''", "the theme name is empty"),
        ("[A, B]", "the theme name must be text, not a list"),
        ("{x: y}", "the theme name must be text, not a mapping"),
        ('"two\\nlines"', "the theme name must be one line"),
    ],
)
def test_bad_theme_name(tmp_path: Path, value: str, reason: str) -> None:
    err = error_of(tmp_path, codebook_with(f"  - key: a\n    name: {value}\n"))
    assert err.reason == reason
    assert err.line == 5


def test_bad_category_name(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    categories:\n      - name: ' '\n"))
    assert err.reason == "the category name is empty"
    assert err.line == 6


def test_theme_without_name(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n  - key: b\n    colour: red\n"))
    assert err.reason == "the theme has no 'name'"
    assert err.line == 5


def test_codebook_name_not_text(tmp_path: Path) -> None:
    err = error_of(tmp_path, "qcode-codebook: 1\nname:\n  - x\nthemes: []\n")
    assert err.reason == "the codebook name must be text, not a list"
    assert err.line == 3


def test_anchor_refused(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n    keywords: &kw [a, b]\n  - name: B\n"))
    assert err.reason == "YAML anchors/aliases are not allowed"
    assert err.line == 5


def test_alias_refused(tmp_path: Path) -> None:
    err = error_of(tmp_path, codebook_with("  - name: A\n  - name: B\n    keywords: *kw\n"))
    # An alias to an unknown anchor: refused before YAML can complain it is undefined.
    assert err.reason == "YAML anchors/aliases are not allowed"
    assert err.line == 6


def test_billion_laughs_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    err = error_of(tmp_path, "\n".join(lines) + "\n")
    assert err.reason == "YAML anchors/aliases are not allowed"
    assert err.line == 1


@pytest.mark.parametrize(
    "value",
    ["!!python/object/apply:os.system ['echo hi']", "!!binary aGk=", "!custom x", "!!str x"],
)
def test_tags_refused(tmp_path: Path, value: str) -> None:
    err = error_of(tmp_path, codebook_with(f"  - name: A\n    description: {value}\n"))
    assert err.reason.startswith("YAML tags are not allowed (found '")
    assert err.line == 5


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + "# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert info.value.reason.startswith("is too large for a codebook (")
    assert info.value.line is None


def test_too_large_text() -> None:
    with pytest.raises(InputError, match="is too large for a codebook"):
        parse_codebook(GOOD + "# " + "ø" * (3 * 1024 * 1024))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert info.value.reason == "is not a UTF-8 text file"
    assert str(info.value) == f"{path}: is not a UTF-8 text file"


def test_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert info.value.reason == "is not a UTF-8 text file (byte 0xc5; save it as UTF-8)"
    assert info.value.line == 11  # description: Å være ...


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert info.value.reason == "cannot read the codebook: No such file or directory"


def test_control_character_in_text() -> None:
    with pytest.raises(InputError) as info:
        parse_codebook("qcode-codebook: 1\nname: T\x07x\nthemes: []\n", "cb.yaml")
    assert str(info.value) == "cb.yaml:2: malformed YAML: special character #x0007 is not allowed"


def test_deep_nesting_is_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        parse_codebook("qcode-codebook: 1\nname: T\nthemes: " + "[" * 5000 + "]" * 5000 + "\n")
    assert info.value.reason.startswith("malformed YAML")


def test_mangled_codebooks_give_only_input_errors() -> None:
    """Whatever is done to a good file, the answer is a codebook or an InputError."""
    rng = random.Random(20130501)
    source = GOOD
    pieces = [":", "-", " ", "\n", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!", "\t", "ø"]
    for _ in range(600):
        chars = list(source)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars))
            if rng.random() < 0.5:
                del chars[at]
            else:
                chars.insert(at, rng.choice(pieces))
        try:
            book = parse_codebook("".join(chars))
        except InputError as err:
            assert err.line is None or err.line >= 1
        else:
            assert parse_codebook(dump_codebook(book)) == book
