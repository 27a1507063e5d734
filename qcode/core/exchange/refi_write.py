"""The whole project as a REFI-QDA 1.5 project file (`qcode export-project OUT.qdpx`).

A .qdpx is a zip: `project.qde` (the XML of users, codebook, cases, sources with their
codings, notes) and each document's text as UTF-8 in `sources/<guid>.txt`. The project is
first read into a `Bundle` — the shape `qcode merge` and the REFI import use — so the
three agree on what a project holds; the mapping is in the README ("REFI-QDA exchange")
and its names in `refi_common`. Offsets are Unicode code points of the written `.txt`,
as the standard says: qcode's own offsets, since the stored text is what is written.

An exchange file is a copy leaving the project, so it is written like every export
(`writing.write_checked`: a temporary file moved into place, read back for real names),
but pseudonyms are off unless asked for: a colleague continuing the analysis in NVivo
needs the text as it is. With them on, every text that may name a person gets the
aliases — and because an alias is rarely as long as the name, each document's codings,
sections and turns are moved with its text (`refi_pseudonyms`).
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from lxml import etree

import qcode
from qcode.core.errors import QcodeError
from qcode.core.exchange import refi_common as rc
from qcode.core.exchange.bulk import without_gc_pauses
from qcode.core.exchange.bundle import Bundle, InCode, InCoding, InDocument, InMemo
from qcode.core.exchange.from_project import project_bundle
from qcode.core.exchange.refi_pseudonyms import pseudonymised_bundle
from qcode.core.export.leaks import Leak
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked
from qcode.core.project.store import Project, now

_E = rc.tag
_SELECTION, _CODING, _CODE_REF = _E("PlainTextSelection"), _E("Coding"), _E("CodeRef")
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
UNKNOWN_USER = "unknown"


@dataclass(frozen=True)
class RefiExport:
    """What `export-project` wrote, for its one line of output."""

    path: str
    documents: int
    codes: int
    codings: int
    users: int
    notes: int
    structure: int  # selections that carry sections and speaker turns
    pseudonymised: bool
    leaked: list[str]
    leaks: tuple[Leak, ...] = ()


@without_gc_pauses()
def export_project(
    project: Project, path: str | Path, pseudonymise: bool = False, strict: bool = False
) -> RefiExport:
    """Write the project to `path` as a .qdpx. With `pseudonymise`, real names in document
    names, texts, memos, code names and coder names become their aliases; with `strict`
    (which needs `pseudonymise`), a real name left in the written file refuses it."""
    path = Path(path)
    if strict and not pseudonymise:
        raise QcodeError("--strict-pseudonyms needs --pseudonymise (pseudonyms are off here)")
    table = Pseudonymiser.for_project(project)
    bundle = project_bundle(project)
    if pseudonymise:
        bundle = pseudonymised_bundle(bundle, table)
    project_guid = project.meta("project_guid") or rc.structure_root_guid(str(project.path))
    title = table.apply(project.path.stem) if pseudonymise else project.path.stem
    writer = _QdeWriter(bundle, project_guid, title, project.meta("created_at"))
    qde = writer.build()

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(rc.PROJECT_FILE, qde)
            for doc in bundle.documents:
                zf.writestr(f"{rc.SOURCES_DIR}/{doc.guid}.txt", doc.text.encode("utf-8"))

    leaks = write_checked(path, "qdpx", write, table, strict)
    return RefiExport(
        path=str(path),
        documents=len(bundle.documents),
        codes=len(bundle.codes),
        codings=len(bundle.codings),
        users=len(writer.users),
        notes=writer.notes,
        structure=writer.structure,
        pseudonymised=pseudonymise,
        leaked=sorted({leak.name for leak in leaks}, key=str.casefold),
        leaks=tuple(leaks),
    )


# -- the XML --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _datetime(value: str) -> str | None:
    """The value when it is an xsd:dateTime (qcode writes them so), else None (left out).
    Remembered: a project's codings share few times, and every element asks."""
    return value if value and _DATETIME.fullmatch(value) else None


def variable_type(values: list[str]) -> str:
    """The REFI type that holds every value as written: Integer, Float, Boolean, Date, or
    Text. Values are never reformatted, so an import gives back the same strings."""
    if not values:
        return "Text"
    if all(_INTEGER.fullmatch(v) for v in values):
        return "Integer"
    if all(_DECIMAL.fullmatch(v) for v in values):
        return "Float"
    if all(v in ("true", "false") for v in values):
        return "Boolean"
    if all(_DATE.fullmatch(v) and _is_date(v) for v in values):
        return "Date"
    return "Text"


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _QdeWriter:
    """Builds `project.qde` from a bundle, in the element order the schema requires."""

    def __init__(self, bundle: Bundle, project_guid: str, name: str, created: str | None):
        self.bundle = bundle
        self.project_guid = project_guid
        self.name = name
        self.created = created or ""
        self.users: dict[str, str] = {}  # name → guid
        self.notes = 0
        self.structure = 0
        self._notes_el: etree._Element | None = None
        self._speaker_guids: dict[str, str] = {}  # a transcript's turns share few speakers

    def user(self, name: str) -> str:
        name = name or UNKNOWN_USER
        guid = self.users.get(name)
        if guid is None:
            guid = self.users[name] = rc.user_guid(self.project_guid, name)
        return guid

    def build(self) -> bytes:
        b = self.bundle
        root = etree.Element(_E("Project"), nsmap={None: rc.PROJECT_NS})
        root.set("name", rc.xml_safe(self.name))
        root.set("origin", f"qcode {qcode.__version__}")
        if _datetime(self.created):
            root.set("creationDateTime", self.created)
        root.set("modifiedDateTime", now())
        # Users come first in the file but are known only once everything is written.
        users_el = etree.SubElement(root, _E("Users"))
        memos_by: dict[tuple[str, str | None], list[InMemo]] = defaultdict(list)
        for memo in b.memos:
            memos_by[(memo.target, memo.target_guid)].append(memo)
        self._memos_by = memos_by
        notes_el = etree.Element(_E("Notes"))
        self._notes_el = notes_el
        self._codebook(root)
        self._variables_and_cases(root)
        self._sources(root)
        project_notes = [
            self._note(m.guid, m.text, m.author, m.created_at, m.updated_at)
            for m in memos_by.get(("project", None), [])
        ]
        if len(notes_el):
            root.append(notes_el)
        for guid in project_notes:
            etree.SubElement(root, _E("NoteRef"), targetGUID=guid)
        for name, guid in sorted(self.users.items(), key=lambda item: item[0].casefold()):
            etree.SubElement(users_el, _E("User"), guid=guid, name=rc.xml_safe(name))
        if not len(users_el):
            root.remove(users_el)
        data: bytes = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return data

    def _note(self, guid: str, text: str, author: str, created: str, updated: str = "") -> str:
        """A Note in Project/Notes; returns its GUID for the NoteRef that points to it."""
        assert self._notes_el is not None
        note = etree.SubElement(self._notes_el, _E("Note"), guid=guid)
        first = text.strip().split("\n", 1)[0][:60]
        note.set("name", rc.xml_safe(first or "memo"))
        note.set("creatingUser", self.user(author))
        if _datetime(created):
            note.set("creationDateTime", created)
        if _datetime(updated) and updated != created:
            note.set("modifiedDateTime", updated)
        etree.SubElement(note, _E("PlainTextContent")).text = rc.xml_safe(text)
        self.notes += 1
        return guid

    def _memo_refs(self, parent: etree._Element, target: str, guid: str) -> None:
        for memo in self._memos_by.get((target, guid), []):
            self._note(memo.guid, memo.text, memo.author, memo.created_at, memo.updated_at)
            etree.SubElement(parent, _E("NoteRef"), targetGUID=memo.guid)

    # -- codebook -----------------------------------------------------------------------

    def _codebook(self, root: etree._Element) -> None:
        children: dict[str | None, list[InCode]] = defaultdict(list)
        known = {c.guid for c in self.bundle.codes}
        for code in self.bundle.codes:
            parent = code.parent_guid if code.parent_guid in known else None
            children[parent].append(code)
        codes_el = etree.Element(_E("Codes"))
        for code in children.get(None, []):
            self._code_tree(codes_el, code, children)
        self._structure_codes(codes_el)
        if len(codes_el):
            etree.SubElement(root, _E("CodeBook")).append(codes_el)

    def _code_tree(
        self, parent_el: etree._Element, code: InCode, children: dict[str | None, list[InCode]]
    ) -> None:
        """`code` and its children under `parent_el` (a method, not a nested function: one
        that calls itself is a reference cycle that kept the writer, its bundle and tree
        alive until the collector ran)."""
        el = self._code_el(parent_el, code.guid, code.name, code.colour)
        text = rc.description_with_notes(code.description, code.include_note, code.exclude_note)
        if text:
            etree.SubElement(el, _E("Description")).text = rc.xml_safe(text)
        self._memo_refs(el, "code", code.guid)
        for child in children.get(code.guid, []):
            self._code_tree(el, child, children)

    def _code_el(self, parent: etree._Element, guid: str, name: str, colour: str) -> etree._Element:
        el = etree.SubElement(parent, _E("Code"), guid=guid, name=rc.xml_safe(name))
        el.set("isCodable", "true")
        el.set("color", colour if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) else rc.DEFAULT_COLOUR)
        return el

    def _structure_codes(self, codes_el: etree._Element) -> None:
        """The reserved "qcode structure" tree: one code per section (title, level) and
        per speaker, so sections and turns travel as codings every tool can show."""
        sections: dict[tuple[str, int], None] = {}
        speakers: dict[str, None] = {}
        for doc in self.bundle.documents:
            for s in doc.sections:
                sections[(s.title, s.level)] = None
            for t in doc.turns:
                speakers[t.speaker] = None
        if not sections and not speakers:
            return
        pg = self.project_guid
        top = self._code_el(
            codes_el, rc.structure_root_guid(pg), rc.STRUCTURE_ROOT, rc.STRUCTURE_COLOUR
        )
        etree.SubElement(top, _E("Description")).text = rc.STRUCTURE_ROOT_DESCRIPTION
        if sections:
            group = self._code_el(
                top, rc.structure_sections_guid(pg), rc.STRUCTURE_SECTIONS, rc.STRUCTURE_COLOUR
            )
            etree.SubElement(group, _E("Description")).text = rc.SECTIONS_DESCRIPTION
            for title, level in sections:
                el = self._code_el(
                    group, rc.section_code_guid(pg, title, level), title, rc.STRUCTURE_COLOUR
                )
                etree.SubElement(el, _E("Description")).text = rc.section_description(level)
        if speakers:
            group = self._code_el(
                top, rc.structure_speakers_guid(pg), rc.STRUCTURE_SPEAKERS, rc.STRUCTURE_COLOUR
            )
            etree.SubElement(group, _E("Description")).text = rc.SPEAKERS_DESCRIPTION
            for speaker in speakers:
                self._code_el(
                    group, rc.speaker_code_guid(pg, speaker), speaker, rc.STRUCTURE_COLOUR
                )

    # -- cases and variables ------------------------------------------------------------

    def _variables_and_cases(self, root: etree._Element) -> None:
        values: dict[str, list[str]] = defaultdict(list)
        for doc in self.bundle.documents:
            for key, value in doc.attributes.items():
                values[key].append(value)
        types = {key: variable_type(vals) for key, vals in values.items()}
        if types:
            variables = etree.SubElement(root, _E("Variables"))
            for key, kind in types.items():
                etree.SubElement(
                    variables,
                    _E("Variable"),
                    guid=rc.variable_guid(self.project_guid, key),
                    name=rc.xml_safe(key),
                    typeOfVariable=kind,
                )
        if not self.bundle.documents:
            return
        cases = etree.SubElement(root, _E("Cases"))
        for doc in self.bundle.documents:
            case = etree.SubElement(cases, _E("Case"), guid=rc.case_guid(doc.guid))
            case.set("name", rc.xml_safe(doc.name))
            for key, value in doc.attributes.items():
                vv = etree.SubElement(case, _E("VariableValue"))
                etree.SubElement(
                    vv, _E("VariableRef"), targetGUID=rc.variable_guid(self.project_guid, key)
                )
                etree.SubElement(vv, _E(types[key] + "Value")).text = rc.xml_safe(value)
            etree.SubElement(case, _E("SourceRef"), targetGUID=doc.guid)

    # -- sources and codings ------------------------------------------------------------

    def _sources(self, root: etree._Element) -> None:
        if not self.bundle.documents:
            return
        by_doc: dict[str, list[InCoding]] = defaultdict(list)
        known_codes = {c.guid for c in self.bundle.codes}
        for coding in self.bundle.codings:
            if coding.code_guid in known_codes:
                by_doc[coding.document_guid].append(coding)
        sources = etree.SubElement(root, _E("Sources"))
        for doc in self.bundle.documents:
            self._source(sources, doc, by_doc.get(doc.guid, []))

    def _source(self, sources: etree._Element, doc: InDocument, codings: list[InCoding]) -> None:
        el = etree.SubElement(sources, _E("TextSource"), guid=doc.guid)
        el.set("name", rc.xml_safe(doc.name))
        el.set("plainTextPath", rc.source_path(doc.guid))
        el.set("creatingUser", self.user(doc.imported_by))
        if _datetime(doc.imported_at):
            el.set("creationDateTime", doc.imported_at)
        for coding in sorted(codings, key=lambda c: (c.start, c.end, c.guid)):
            self._coding(el, coding)
        self._structure_selections(el, doc)
        self._memo_refs(el, "document", doc.guid)

    def _selection(
        self, parent: etree._Element, guid: str, start: int, end: int, user: str, when: str
    ) -> etree._Element:
        # attributes given at once (in the order written), not set one by one: a large
        # project has a hundred thousand selections
        attributes = {
            "guid": guid,
            "startPosition": str(start),
            "endPosition": str(end),
            "creatingUser": user,
        }
        if _datetime(when):
            attributes["creationDateTime"] = when
        return etree.SubElement(parent, _SELECTION, attributes)

    def _coding_el(
        self, sel: etree._Element, guid: str, code: str, user: str, when: str
    ) -> etree._Element:
        attributes = {"guid": guid, "creatingUser": user}
        if _datetime(when):
            attributes["creationDateTime"] = when
        coding_el = etree.SubElement(sel, _CODING, attributes)
        etree.SubElement(coding_el, _CODE_REF, {"targetGUID": code})
        return coding_el

    def _coding(self, source: etree._Element, coding: InCoding) -> None:
        user = self.user(coding.coder)
        sel = self._selection(
            source,
            rc.selection_guid(coding.guid),
            coding.start,
            coding.end,
            user,
            coding.created_at,
        )
        coding_el = self._coding_el(sel, coding.guid, coding.code_guid, user, coding.created_at)
        if coding.memo:
            note = self._note(
                rc.coding_note_guid(coding.guid), coding.memo, coding.coder, coding.created_at
            )
            etree.SubElement(coding_el, _E("NoteRef"), targetGUID=note)

    def _structure_selections(self, source: etree._Element, doc: InDocument) -> None:
        if not doc.sections and not doc.turns:
            return
        user = self.user(rc.STRUCTURE_USER)
        pg = self.project_guid
        speakers = self._speaker_guids
        for i, s in enumerate(doc.sections):
            guid = rc.structure_selection_guid(doc.guid, "section", i)
            sel = self._selection(source, guid, s.start, s.end, user, doc.imported_at)
            sel.set("name", rc.SECTION_SELECTION_NAME)
            self._coding_el(
                sel,
                rc.structure_coding_guid(guid),
                rc.section_code_guid(pg, s.title, s.level),
                user,
                doc.imported_at,
            )
        for i, t in enumerate(doc.turns):
            guid = rc.structure_selection_guid(doc.guid, "turn", i)
            sel = self._selection(source, guid, t.start, t.end, user, doc.imported_at)
            sel.set("name", rc.turn_selection_name(t.body_start, t.start))
            self._coding_el(
                sel,
                rc.structure_coding_guid(guid),
                speakers.get(t.speaker)
                or speakers.setdefault(t.speaker, rc.speaker_code_guid(pg, t.speaker)),
                user,
                doc.imported_at,
            )
        self.structure += len(doc.sections) + len(doc.turns)
