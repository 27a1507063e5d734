"""Codebooks: the predefined themes a study codes with, as a YAML file.

A codebook names the level-1 themes (deductive coding) and, optionally, starter level-2
categories under them (deeper levels are allowed). The format, version 1::

    # qcode codebook
    qcode-codebook: 1                     # format version (required; only 1 is known)
    name: NAV colleague guidance groups   # required
    description: Themes from the observation sheets   # optional
    language: nb                          # optional
    themes:                               # required: the list of level-1 themes
      - name: Forberedelse                # required
        key: preparation                  # optional
        colour: "#1f77b4"                 # optional ('color' is accepted too)
        shortcut: f                       # optional
        description: Being ready for the conversation   # optional
        include: When the text is about ...  # optional: when to apply the code
        exclude: Not when ...             # optional: when not to
        keywords: [forberede, forberedt]  # optional
        aliases: [Preparation]            # optional
        categories:                       # optional: level-2 categories, same fields
          - name: Uforberedt til samtaler

Fields of a theme or category:

- ``name`` — required text. Names are unique in the whole codebook, ignoring case, and so
  are aliases: a name or alias may belong to one code only.
- ``key`` — a stable identifier: lowercase letters and digits in words joined by single
  hyphens (``makt-og-avmakt``), unique across all levels. When absent it is derived from
  the name: æ → ae, ø → o, å → a, other accents dropped, everything else that is not a
  letter or digit becomes a hyphen ("Brukerens møte med NAV" → ``brukerens-mote-med-nav``).
  A name without any a–z or 0–9 in it (say, in Cyrillic) needs an explicit key.
- ``colour`` — ``"#rgb"``, ``"#rrggbb"`` or a colour name: red, green, blue, orange,
  purple, teal, brown, pink, grey (gray), olive, cyan, magenta, yellow, navy, maroon
  (their CSS values). Stored as lowercase ``#rrggbb``. Quote hex colours: in YAML an
  unquoted ``#`` starts a comment. When absent, the code gets the next colour of a fixed
  12-colour palette (`PALETTE`) by its position in the codebook (themes and categories
  counted in reading order), so the same file always gives the same colours.
- ``shortcut`` — one key, a–z or 0–9 (stored in lowercase), unique in the codebook.
- ``description``, ``include``, ``exclude`` — text; multi-line text may use ``|``.
- ``keywords``, ``aliases`` — lists of texts; a single text is accepted as a list of one.
  Keywords feed keyword auto-coding; aliases are other titles meaning the same code (a
  heading on an observation sheet, an English name).
- ``categories`` — a list of codes one level down, with the same fields.

Values are read as the text written in the file, so ``language: no`` stays "no" and a
name ``2013`` stays "2013". Text is trimmed; an empty value counts as absent. Files are
UTF-8 (a BOM is fine) and at most 5 MB; YAML anchors, aliases and tags are refused.
Every mistake is reported as an `InputError` naming the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qcode.core.codebook.yaml_nodes import (
    FlowList,
    compose_text,
    emit,
    is_null,
    kind_of,
    line_of,
    mapping_items,
)
from qcode.core.errors import InputError, QcodeError, did_you_mean
from qcode.core.safetext import check_name

FORMAT_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024

PALETTE: tuple[str, ...] = (
    "#1f77b4",  # blue
    "#ff7f0e",  # orange
    "#2ca02c",  # green
    "#d62728",  # red
    "#9467bd",  # purple
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17becf",  # cyan
    "#bcbd22",  # olive
    "#6b6ecf",  # indigo
    "#e6ab02",  # gold
    "#7f7f7f",  # grey
)

COLOUR_NAMES: dict[str, str] = {
    "red": "#ff0000",
    "green": "#008000",
    "blue": "#0000ff",
    "orange": "#ffa500",
    "purple": "#800080",
    "teal": "#008080",
    "brown": "#a52a2a",
    "pink": "#ffc0cb",
    "grey": "#808080",
    "gray": "#808080",
    "olive": "#808000",
    "cyan": "#00ffff",
    "magenta": "#ff00ff",
    "yellow": "#ffff00",
    "navy": "#000080",
    "maroon": "#800000",
}

TOP_FIELDS = ("qcode-codebook", "name", "description", "language", "themes")
CODE_FIELDS = (
    "name",
    "key",
    "colour",
    "color",
    "shortcut",
    "description",
    "include",
    "exclude",
    "keywords",
    "aliases",
    "categories",
)

_KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEX_RE = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")
_SHORTCUT_RE = re.compile(r"[a-z0-9]")
# Letters that Unicode does not decompose into a base letter plus an accent.
_TRANSLIT = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "œ": "oe", "þ": "th", "ð": "d", "đ": "d", "ł": "l", "ı": "i"}
)


@dataclass
class CodeSpec:
    """One code of a codebook: a level-1 theme or a category below one."""

    key: str
    name: str
    colour: str
    shortcut: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    keywords: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    children: list[CodeSpec] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)  # where it starts in the YAML


@dataclass
class Codebook:
    name: str
    description: str = ""
    language: str = ""
    themes: list[CodeSpec] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[CodeSpec, CodeSpec | None, int]]:
        """Every code as (code, parent, level), depth-first in order; themes are level 1."""

        def visit(
            codes: list[CodeSpec], parent: CodeSpec | None, level: int
        ) -> Iterator[tuple[CodeSpec, CodeSpec | None, int]]:
            for code in codes:
                yield code, parent, level
                yield from visit(code.children, code, level + 1)

        yield from visit(self.themes, None, 1)


def slugify(name: str) -> str:
    """A key from a name: "Brukerens møte med NAV" → "brukerens-mote-med-nav"."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_TRANSLIT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalise_colour(value: str) -> str | None:
    """Lowercase "#rrggbb" for "#rgb", "#rrggbb" or a colour name; None if not a colour."""
    text = value.strip().lower()
    if text in COLOUR_NAMES:
        return COLOUR_NAMES[text]
    if not _HEX_RE.fullmatch(text):
        return None
    if len(text) == 4:
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text


def read_codebook_bytes(path: Path) -> bytes:
    """A codebook file's bytes (YAML or .qdc), refusing one too large to be a codebook."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"is too large for a codebook ({size:,} bytes; at most 5 MB)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the codebook: {exc.strerror or exc}") from None


def load_codebook(path: Path) -> Codebook:
    """Read and validate a codebook file (UTF-8, BOM tolerated)."""
    path = Path(path)
    data = read_codebook_bytes(path)
    if b"\x00" in data:
        raise InputError(path, "is not a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise InputError(
            path, f"is not a UTF-8 text file (byte 0x{byte:02x}; save it as UTF-8)", line
        ) from None
    return parse_codebook(text, str(path))


def parse_codebook(text: str, path: str = "<codebook>") -> Codebook:
    """Validate codebook YAML text; `path` names it in messages."""
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(path, "is too large for a codebook (at most 5 MB)")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(path, "the codebook is empty")
    root = compose_text(text, path)
    if root is None:
        raise InputError(path, "the codebook is empty (only comments)")
    return _Parser(path, text).codebook(root)


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as readable YAML in the format above; `parse_codebook` reads it back."""
    data: dict[str, Any] = {"qcode-codebook": FORMAT_VERSION, "name": codebook.name}
    if codebook.description:
        data["description"] = codebook.description
    if codebook.language:
        data["language"] = codebook.language
    data["themes"] = [_code_data(theme, "categories") for theme in codebook.themes]
    header = f"qcode codebook (format version {FORMAT_VERSION})"
    return emit(data, header, spaced_key="themes")


def _code_data(code: CodeSpec, children_key: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": code.name, "key": code.key, "colour": code.colour}
    if code.shortcut:
        data["shortcut"] = code.shortcut
    for name in ("description", "include", "exclude"):
        if getattr(code, name):
            data[name] = getattr(code, name)
    if code.keywords:
        data["keywords"] = FlowList(code.keywords)
    if code.aliases:
        data["aliases"] = FlowList(code.aliases)
    if code.children:
        data[children_key] = [_code_data(child, children_key) for child in code.children]
    return data


def _unknown_field(name: str, allowed: tuple[str, ...]) -> str:
    hint = did_you_mean(name, allowed)
    return f"unknown field '{name}'{hint}; allowed fields: {', '.join(allowed)}"


class _Parser:
    """Turns composed nodes into a `Codebook`, checking everything on the way."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.names: dict[str, tuple[str, int]] = {}  # casefolded name/alias -> (name, line)
        self.keys: dict[str, int] = {}
        self.shortcuts: dict[str, int] = {}
        self.position = 0

    def fail(self, message: str, node: Node) -> InputError:
        return InputError(self.path, message, line_of(node))

    # -- values ----------------------------------------------------------------------------

    def text(self, node: Node, field_name: str) -> str:
        """A scalar's text as written, trimmed; '' for an empty value."""
        if is_null(node):
            return ""
        if not isinstance(node, ScalarNode):
            raise self.fail(f"'{field_name}' must be text, not {kind_of(node)}", node)
        return str(node.value).strip()

    def texts(self, node: Node, field_name: str) -> list[str]:
        if is_null(node):
            return []
        if isinstance(node, ScalarNode):
            return [self.text(node, field_name)]
        if not isinstance(node, SequenceNode):
            raise self.fail(f"'{field_name}' must be a list of strings, not a mapping", node)
        values = []
        for item in node.value:
            if not isinstance(item, ScalarNode):
                raise self.fail(
                    f"'{field_name}' must be a list of strings (found {kind_of(item)})", item
                )
            value = self.text(item, field_name)
            if not value:
                raise self.fail(f"'{field_name}' has an empty entry", item)
            values.append(value)
        return values

    def name(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail(f"the {what} name must be text, not {kind_of(node)}", node)
        name = self.text(node, "name")
        if not name:
            raise self.fail(f"the {what} name is empty", node)
        if "\n" in name:
            raise self.fail(f"the {what} name must be one line", node)
        return self.plain(name, f"the {what} name", node)

    def plain(self, text: str, what: str, node: Node) -> str:
        """`text` if it holds no control character (names are shown on terminals)."""
        try:
            return check_name(text, what)
        except QcodeError as exc:
            raise self.fail(str(exc), node) from None

    # -- the codebook ----------------------------------------------------------------------

    def codebook(self, root: Node) -> Codebook:
        if not isinstance(root, MappingNode):
            raise self.fail(
                "not a qcode codebook: expected a mapping with 'qcode-codebook: 1', "
                f"'name' and 'themes', found {kind_of(root)}",
                root,
            )
        fields = mapping_items(root, self.path)
        if "qcode-codebook" in fields:
            version = fields["qcode-codebook"][1]
            if not (isinstance(version, ScalarNode) and version.value == str(FORMAT_VERSION)):
                shown = version.value if isinstance(version, ScalarNode) else kind_of(version)
                raise self.fail(
                    f"unknown codebook format version '{shown}' "
                    f"(this qcode reads 'qcode-codebook: {FORMAT_VERSION}')",
                    version,
                )
        for name, (key_node, _) in fields.items():
            if name not in TOP_FIELDS:
                raise self.fail(_unknown_field(name, TOP_FIELDS), key_node)
        if "qcode-codebook" not in fields:
            raise self.fail(
                f"missing 'qcode-codebook: {FORMAT_VERSION}' (the format version) at the top",
                root,
            )
        for required in ("name", "themes"):
            if required not in fields:
                raise self.fail(f"missing required field '{required}'", root)
        name = self.name(fields["name"][1], "codebook")
        description = language = ""
        if "description" in fields:
            description = self.text(fields["description"][1], "description")
        if "language" in fields:
            language = self.text(fields["language"][1], "language")
        themes = self.codes(fields["themes"][1], "themes", level=1)
        return Codebook(name=name, description=description, language=language, themes=themes)

    def codes(self, node: Node, field_name: str, level: int) -> list[CodeSpec]:
        if is_null(node) and level > 1:
            return []
        if not isinstance(node, SequenceNode):
            raise self.fail(
                f"'{field_name}' must be a list (one '- name: ...' per code), not {kind_of(node)}",
                node,
            )
        return [self.code(item, level) for item in node.value]

    def code(self, node: Node, level: int) -> CodeSpec:
        what = "theme" if level == 1 else "category"
        if not isinstance(node, MappingNode):
            hint = ""
            if isinstance(node, ScalarNode) and not is_null(node):
                hint = f": write '- name: {node.value}'"
            raise self.fail(f"a {what} must be a mapping with a 'name'{hint}", node)
        line = line_of(node)
        fields = mapping_items(node, self.path)
        for field_name, (key_node, _) in fields.items():
            if field_name not in CODE_FIELDS:
                raise self.fail(_unknown_field(field_name, CODE_FIELDS), key_node)
        if "name" not in fields:
            raise self.fail(f"the {what} has no 'name'", node)

        def value(field_name: str) -> str:
            return self.text(fields[field_name][1], field_name) if field_name in fields else ""

        name = self.name(fields["name"][1], what)
        self.claim_name(name, fields["name"][1], owner=None)
        aliases: list[str] = []
        if "aliases" in fields:
            aliases = self.texts(fields["aliases"][1], "aliases")
            for alias, alias_node in zip(aliases, _items(fields["aliases"][1]), strict=True):
                self.plain(alias, "alias", alias_node)
                if alias.casefold() != name.casefold():
                    self.claim_name(alias, alias_node, owner=name)
        key = self.key(fields, name, node)
        colour = self.colour(fields)
        shortcut = self.shortcut(fields)
        keywords = self.texts(fields["keywords"][1], "keywords") if "keywords" in fields else []
        spec = CodeSpec(
            key=key,
            name=name,
            colour=colour,
            shortcut=shortcut,
            description=value("description"),
            include=value("include"),
            exclude=value("exclude"),
            keywords=keywords,
            aliases=aliases,
            line=line,
        )
        if "categories" in fields:
            spec.children = self.codes(fields["categories"][1], "categories", level + 1)
        return spec

    def claim_name(self, name: str, node: Node, owner: str | None) -> None:
        folded = name.casefold()
        if folded in self.names:
            first_name, first_line = self.names[folded]
            what = "name" if owner is None else "alias"
            raise self.fail(
                f"duplicate {what} '{name}' (first at line {first_line}, as '{first_name}')"
                if first_name != name
                else f"duplicate {what} '{name}' (first at line {first_line})",
                node,
            )
        self.names[folded] = (name, line_of(node))

    def key(self, fields: dict[str, tuple[Node, Node]], name: str, code: Node) -> str:
        given = self.text(fields["key"][1], "key") if "key" in fields else ""
        if given:
            node = fields["key"][1]
            if not _KEY_RE.fullmatch(given):
                suggestion = slugify(given)
                hint = f", like '{suggestion}'" if suggestion else ""
                raise self.fail(
                    f"bad key '{given}': use lowercase letters a-z, digits and single "
                    f"hyphens{hint}",
                    node,
                )
            key, how = given, ""
        else:
            node = fields["name"][1]
            key, how = slugify(name), " (derived from the name; add a 'key' to choose another)"
            if not key:
                raise self.fail(
                    f"cannot derive a key from the name '{name}': add a 'key' "
                    "(lowercase letters a-z, digits and hyphens)",
                    node,
                )
        if key in self.keys:
            raise self.fail(f"duplicate key '{key}'{how} (first at line {self.keys[key]})", node)
        self.keys[key] = line_of(node)
        return key

    def colour(self, fields: dict[str, tuple[Node, Node]]) -> str:
        position = self.position
        self.position += 1
        if "colour" in fields and "color" in fields:
            raise self.fail("give 'colour' or 'color', not both", fields["color"][0])
        field_name = "colour" if "colour" in fields else "color"
        if field_name not in fields:
            return PALETTE[position % len(PALETTE)]
        key_node, node = fields[field_name]
        written = self.text(node, field_name)
        if not written:
            # `colour: #1f77b4` unquoted is a comment in YAML: say so instead of ignoring it.
            row = line_of(key_node) - 1
            source = self.lines[row] if row < len(self.lines) else ""
            found = re.search(r"colou?r\s*:\s*(#[0-9a-fA-F]+)\b", source)
            if found and normalise_colour(found.group(1)):
                raise self.fail(
                    f"colour {found.group(1)} must be quoted: an unquoted # starts a YAML "
                    f'comment (write {field_name}: "{found.group(1)}")',
                    key_node,
                )
            return PALETTE[position % len(PALETTE)]
        colour = normalise_colour(written)
        if colour is None:
            hint = did_you_mean(written.lower(), COLOUR_NAMES)
            raise self.fail(
                f'bad colour \'{written}\'{hint}: use "#rgb", "#rrggbb" or one of '
                + ", ".join(COLOUR_NAMES),
                node,
            )
        return colour

    def shortcut(self, fields: dict[str, tuple[Node, Node]]) -> str | None:
        if "shortcut" not in fields:
            return None
        node = fields["shortcut"][1]
        written = self.text(node, "shortcut")
        if not written:
            return None
        shortcut = written.lower()
        if not _SHORTCUT_RE.fullmatch(shortcut):
            raise self.fail(f"bad shortcut '{written}': use one letter a-z or one digit 0-9", node)
        if shortcut in self.shortcuts:
            raise self.fail(
                f"duplicate shortcut '{shortcut}' (first at line {self.shortcuts[shortcut]})",
                node,
            )
        self.shortcuts[shortcut] = line_of(node)
        return shortcut


def _items(node: Node) -> list[Node]:
    """The nodes of a list value, or the node itself for a single scalar."""
    return list(node.value) if isinstance(node, SequenceNode) else [node]
