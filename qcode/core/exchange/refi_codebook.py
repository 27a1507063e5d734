"""Codebooks as REFI-QDA .qdc files, both ways (`qcode codebook export/load X.qdc`).

A .qdc carries what every QDA tool has: the code tree, each code's name, colour and
description. qcode's include/exclude notes travel as `Include: …` / `Exclude: …` lines at
the end of the description (as in a .qdpx); keys, shortcuts, keywords and aliases have
no place in the format. So that a .qdc exported from a project and loaded back changes
nothing, each code is written with its GUID, and a loaded code whose GUID the project
knows keeps that code's key, shortcut, keywords and aliases; other codes get a key from
their name (as a YAML codebook without keys does). Sets (ATLAS.ti's code groups) are
read past: qcode has no code groups.

A file is read as every REFI file is: no DTD or entities, at most 5 MB; a damaged one is
one line naming the file and the line where the XML broke, before anything is changed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

import qcode
from qcode.core.codebook.codes import codebook_from_project, list_codes
from qcode.core.codebook.format import (
    PALETTE,
    Codebook,
    CodeSpec,
    normalise_colour,
    read_codebook_bytes,
    slugify,
)
from qcode.core.errors import InputError, QcodeError
from qcode.core.exchange import refi_common as rc
from qcode.core.export.leaks import Leak
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked
from qcode.core.importers.safexml import UnsafeXML, check_no_dtd
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.safetext import check_name

_GUID = re.compile(r"\{?[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?")
# a code changed by the pseudonyms is a new code to whoever loads the file (as a YAML
# codebook's aliased keys are): it must not take the real code's place by its GUID
_ALIASED = uuid.UUID("3c0c5d6e-8a4b-5f71-9d2e-6b1a7c4e9f30")


@dataclass(frozen=True)
class CodebookQdcExport:
    path: str
    codes: int
    leaked: list[str]
    leaks: tuple[Leak, ...] = ()


# -- writing --------------------------------------------------------------------------------


def write_codebook_qdc(
    project: Project,
    path: str | Path,
    name: str | None = None,
    pseudonyms: bool = True,
    strict: bool = False,
) -> CodebookQdcExport:
    """Write the project's code tree to `path` as a REFI-QDA codebook; pseudonyms apply
    as in the YAML export (on unless `pseudonyms` is False)."""
    path = Path(path)
    if strict and not pseudonyms:
        raise QcodeError("--strict-pseudonyms and --no-pseudonyms contradict each other")
    names = Pseudonymiser.for_project(project)
    real = codebook_from_project(project, name)
    guids = {code.key: code.guid for code in list_codes(project)}
    book = names.codebook(real) if pseudonyms else real
    data = codebook_xml(book, real, guids)
    leaks = write_checked(path, "qdc", lambda tmp: tmp.write_bytes(data), names, strict)
    return CodebookQdcExport(
        str(path),
        sum(1 for _ in book.walk()),
        sorted({leak.name for leak in leaks}, key=str.casefold),
        tuple(leaks),
    )


def codebook_xml(book: Codebook, real: Codebook, guids: dict[str, str]) -> bytes:
    """The .qdc of `book`; `real` is the same tree before pseudonyms (same shape), whose
    keys find each code's GUID in `guids`."""
    root = etree.Element(rc.tag("CodeBook", rc.CODEBOOK_NS), nsmap={None: rc.CODEBOOK_NS})
    root.set("origin", f"qcode {qcode.__version__}")
    codes_el = etree.SubElement(root, rc.tag("Codes", rc.CODEBOOK_NS))

    def add(parent: etree._Element, spec: CodeSpec, original: CodeSpec) -> None:
        guid = guids.get(original.key) or str(uuid.uuid4()).upper()
        if replace(spec, children=[]) != replace(original, children=[]):  # aliased
            guid = str(uuid.uuid5(_ALIASED, guid)).upper()
        el = etree.SubElement(
            parent, rc.tag("Code", rc.CODEBOOK_NS), guid=guid, name=rc.xml_safe(spec.name)
        )
        el.set("isCodable", "true")
        el.set("color", spec.colour)
        text = rc.description_with_notes(spec.description, spec.include, spec.exclude)
        if text:
            etree.SubElement(el, rc.tag("Description", rc.CODEBOOK_NS)).text = rc.xml_safe(text)
        for child, child_real in zip(spec.children, original.children, strict=True):
            add(el, child, child_real)

    for theme, theme_real in zip(book.themes, real.themes, strict=True):
        add(codes_el, theme, theme_real)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


# -- reading --------------------------------------------------------------------------------


def read_qdc(path: Path, known: list[Code] | None = None) -> Codebook:
    """The codebook in the .qdc at `path`. `known` are the project's codes: a code with
    one's GUID keeps its key, shortcut, keywords and aliases."""
    path = Path(path)
    data = read_codebook_bytes(path)
    try:
        check_no_dtd(data)
    except UnsafeXML as exc:
        raise InputError(path, f"refusing to read it: {exc}") from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        why = re.sub(r",? line \d+.*$", "", str(exc.msg or exc))
        message = f"not a valid .qdc codebook (damaged or truncated: {why})"
        raise InputError(path, message, line) from None
    if root.getroottree().docinfo.doctype:
        raise InputError(path, "declares a DTD; refusing to read it")
    if rc.local_name(str(root.tag)) != "CodeBook":
        found = rc.local_name(str(root.tag))
        raise InputError(path, f"not a REFI-QDA codebook (its root is <{found}>, not <CodeBook>)")
    return _Reader(path, {c.guid.upper(): c for c in known or []}).codebook(root)


class _Reader:
    def __init__(self, path: Path, known: dict[str, Code]) -> None:
        self.path = path
        self.known = known
        self.keys: set[str] = set()
        self.count = 0

    def codebook(self, root: etree._Element) -> Codebook:
        themes: list[CodeSpec] = []
        for codes in _children(root, "Codes"):
            themes += [self.code(el) for el in _children(codes, "Code")]
        if not themes:
            raise InputError(self.path, "holds no codes (no <Codes><Code …/></Codes>)")
        return Codebook(name=self.path.stem, themes=themes)

    def code(self, el: etree._Element) -> CodeSpec:
        line = el.sourceline
        name = " ".join((el.get("name") or "").split())
        if not name:
            raise InputError(self.path, "a <Code> without a name", line)
        try:
            check_name(name, "code name")
        except QcodeError as exc:
            raise InputError(self.path, str(exc), line) from None
        self.count += 1
        colour = normalise_colour(el.get("color") or "") or PALETTE[(self.count - 1) % 12]
        description = ""
        for desc in _children(el, "Description"):
            description = (desc.text or "").strip()
        text, include, exclude = rc.split_description(description)
        guid = (el.get("guid") or "").strip()
        known = self.known.get(guid.strip("{}").upper()) if _GUID.fullmatch(guid) else None
        spec = CodeSpec(
            key=self.key(known.key if known else slugify(name)),
            name=name,
            colour=colour,
            description=text,
            include=include,
            exclude=exclude,
        )
        if known is not None:
            spec = replace(
                spec,
                shortcut=known.shortcut,
                keywords=list(known.keywords),
                aliases=list(known.aliases),
            )
        spec.children = [self.code(child) for child in _children(el, "Code")]
        return spec

    def key(self, wanted: str) -> str:
        """`wanted`, or with -2, -3 … when another code of the file has it."""
        base = wanted or "code"
        key, n = base, 1
        while key in self.keys:
            n += 1
            key = f"{base}-{n}"
        self.keys.add(key)
        return key


def _children(el: etree._Element, local: str) -> list[etree._Element]:
    """Child elements named `local` in any namespace (files use several variants)."""
    return [c for c in el if isinstance(c.tag, str) and rc.local_name(c.tag) == local]
