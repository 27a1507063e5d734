"""A REFI-QDA project (.qdpx, or a loose .qde) read into a `Bundle`, for `qcode init --from`
and `qcode import-project`; merge.py then brings it in by the rules every merge follows.

Import is where tools fail most often, so this reader is tolerant and exact. It reads what
real exports hold (see refi_read_files.py for where texts are found, refi_read_xml.py for
namespaces, GUIDs and colours), and every text is stored as qcode stores text: one newline
convention, NFC, no BOM, no trailing blank lines. Selections are moved with it: first from
the unit the file counts in (code points by the standard, UTF-16 units by NVivo; see
refi_offsets.py) to code points, then through the normalisation's offset map, then clipped
to the text. Whatever cannot be used is left out and said in `bundle.warnings`; only a file
that cannot be read at all, or holds no text, is refused.

The reserved "qcode structure" code tree that qcode's export writes (sections and speaker
turns as codings of reserved codes) is turned back into sections and turns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from qcode.core.codebook.format import slugify
from qcode.core.errors import InputError
from qcode.core.importers.decoding import decode_text
from qcode.core.importers.kinds import suggest_kind
from qcode.core.importers.normal_form import OffsetMap, normalise
from qcode.core.importers.structure import detect_structure
from qcode.core.model import Section, Turn

from .bundle import Bundle, InCode, InCoding, InDocument, InMemo
from .refi_common import parse_turn_selection_name, split_description
from .refi_offsets import OFFSET_UNITS, in_code_points
from .refi_read_attributes import AttributeReader
from .refi_read_files import ProjectFiles, open_project_files
from .refi_read_structure import StructureCodes, find_structure
from .refi_read_xml import Mender, child, child_text, children, local, namespace, path

UNKNOWN_CODER = "unknown"
_NON_TEXT = ("PictureSource", "AudioSource", "VideoSource", "PDFSource")


@dataclass
class _SourceRead:
    """One text source being read: its text as the file holds it (`raw`), the unit its
    offsets count in, the map to the stored (normalised) text and that text's length, and
    the structure its reserved codes give."""

    guid: str
    name: str
    raw: str
    unit: str
    move: OffsetMap
    limit: int
    sections: list[Section] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)


@dataclass
class _Note:
    guid: str
    text: str
    author: str
    created_at: str
    updated_at: str
    used: bool = False


@dataclass
class _Selection:
    guid: str
    start: int
    end: int
    user: str
    created_at: str
    element: etree._Element
    whole: bool = False  # a coding of the whole source (a Coding straight in TextSource)
    body: int | None = None


@dataclass
class RefiReading:
    """The bundle and what the reading found out about the file."""

    bundle: Bundle
    units: dict[str, str] = field(default_factory=dict)  # document name -> offset unit


def read_refi(path: Path, offsets: str = "auto") -> RefiReading:
    """The REFI-QDA project at `path` as a bundle. `offsets` is 'auto' (decide per source),
    'codepoints' or 'utf16'."""
    if offsets not in OFFSET_UNITS:
        raise ValueError(f"offsets must be one of {OFFSET_UNITS}")
    files = open_project_files(path)
    return _Reader(files, offsets).read()


class _Reader:
    def __init__(self, files: ProjectFiles, offsets: str) -> None:
        self.files = files
        self.root = files.root
        self.offsets = offsets
        self.bundle = Bundle(origin=str(files.path))
        self.warnings = self.bundle.warnings
        self.mend = Mender(self.warnings)
        self.attributes = AttributeReader(self.root, self.mend, self.bundle)
        self.base_path = self.root.get("basePath") or ""
        # qcode writes code points, as the standard says: nothing to guess from its own files
        self.from_qcode = (self.root.get("origin") or "").lower().startswith("qcode")
        self.unit = "codepoints" if offsets == "auto" and self.from_qcode else offsets
        self.users: dict[str, str] = {}
        self.notes: dict[str, _Note] = {}
        self.code_guids: set[str] = set()
        self.structure = StructureCodes()
        self.units: dict[str, str] = {}
        self.unknown_users: Counter[str] = Counter()
        self.first_loss = ""  # why the first source left out was left out
        self._code_keys: set[str] = set()  # the keys given to the analyst's codes so far
        self._code_order = 0  # how many of them so far

    def read(self) -> RefiReading:
        if local(self.root) != "Project":
            raise InputError(
                self.files.path,
                f"not a REFI-QDA project (its root element is <{local(self.root)}>)",
            )
        ns = namespace(self.root)
        if ns and not ns.startswith("urn:QDA-XML:project"):
            self.warnings.append(f"unfamiliar namespace {ns!r}; read as REFI-QDA all the same")
        self.read_users()
        self.read_notes()
        self.read_codes()
        listed = self.read_sources()
        if not self.bundle.documents:
            why = f"; {self.first_loss}" if self.first_loss else ""
            if not self.bundle.codes:  # nothing usable at all
                raise InputError(
                    self.files.path,
                    f"holds no source text qcode can read ({listed} text source(s) listed"
                    f"{why}); nothing imported",
                )
            # the codebook (and notes) are still a colleague's work worth having
            self.warnings.append(
                f"no source text qcode can read ({listed} text source(s) listed{why}): "
                "the codebook and notes come in, codings on those sources do not"
            )
        self.attributes.cases()
        self.attributes.sets(self.code_guids)
        self.project_memos()
        for guid, n in self.unknown_users.items():
            self.warnings.append(
                f"user {guid or '(none)'} is not among the project's users; "
                f"{n} coding(s) by '{UNKNOWN_CODER}'"
            )
        if self.files.read_from_disk:
            self.warnings.append(
                f"{len(self.files.read_from_disk)} source text(s) read from disk outside the "
                f"file: {', '.join(self.files.read_from_disk[:3])}"
            )
        return RefiReading(self.bundle, self.units)

    # -- users and notes ----------------------------------------------------------------

    def read_users(self) -> None:
        for user in path(self.root, "Users", "User"):
            guid = self.mend.guid(user.get("guid"), "user")
            self.users[guid] = (user.get("name") or "").strip() or user.get("id") or guid

    def user(self, guid: str | None) -> str:
        if not guid:
            self.unknown_users[""] += 1
            return UNKNOWN_CODER
        key = self.mend.guid(guid, "user reference")
        name = self.users.get(key)
        if name is None:
            self.unknown_users[key] += 1
            return UNKNOWN_CODER
        return name

    def author(self, guid: str | None) -> str:
        """A memo's or document's author: the user's name, or '' when unknown."""
        if not guid:
            return ""
        return self.users.get(self.mend.guid(guid, "user reference"), "")

    def read_notes(self) -> None:
        for note in path(self.root, "Notes", "Note"):
            guid = self.mend.guid(note.get("guid"), f"note {note.get('name') or ''}".strip())
            text = child_text(note, "PlainTextContent")
            if not text and note.get("plainTextPath"):
                data = self.files.fetch(note.get("plainTextPath") or "", self.base_path)
                if data is not None:
                    try:
                        text = decode_text(data, self.files.path)[0]
                    except InputError:
                        text = ""
            if not text.strip():  # kept as written otherwise: a memo's spaces are its own
                text = (child_text(note, "Description") or note.get("name") or "").strip()
            created = note.get("creationDateTime") or ""
            self.notes[guid] = _Note(
                guid,
                text,
                self.author(note.get("creatingUser")),
                created,
                note.get("modifiedDateTime") or created,
            )

    def note_texts(self, element: etree._Element, what: str) -> list[_Note]:
        found = []
        for ref in children(element, "NoteRef"):
            guid = self.mend.ref(ref, f"note reference in {what}")
            note = self.notes.get(guid or "")
            if note is None:
                self.warnings.append(f"{what}: refers to a note that is not in the file")
                continue
            if note.text:
                found.append(note)
        return found

    def memo(self, note: _Note, target: str, target_guid: str | None) -> None:
        guid = note.guid if not note.used else self.mend.derived(note.guid, str(target_guid))
        note.used = True
        self.bundle.memos.append(
            InMemo(
                guid, target, target_guid, note.text, note.author, note.created_at, note.updated_at
            )
        )

    def project_memos(self) -> None:
        for note in self.notes.values():
            if not note.used and note.text:
                self.memo(note, "project", None)

    # -- codes ---------------------------------------------------------------------------

    def read_codes(self) -> None:
        codes = child(self.root, "CodeBook")
        top = child(codes, "Codes") if codes is not None else None
        if top is None:
            return
        self.structure = find_structure(top, self.mend)
        self._codes_under(top, None, 1)

    def _codes_under(self, element: etree._Element, parent: str | None, level: int) -> None:
        """The analyst's codes under `element`, parents before children (a method, not
        a nested function: one that calls itself is a reference cycle that kept the
        reader, its parsed tree and bundle alive until the collector ran)."""
        for code in children(element, "Code"):
            name = (code.get("name") or "").strip()
            guid = self.mend.guid(code.get("guid"), f"code '{name}'")
            if guid in self.structure.all:
                continue
            if guid in self.code_guids:
                self.warnings.append(f"code '{name}': its GUID {guid} is used twice")
                guid = self.mend.derived(guid, str(self._code_order))
            self.code_guids.add(guid)
            if not name:
                name = f"code {self._code_order + 1}"
                self.warnings.append(f"a code without a name; named '{name}'")
            key = base = slugify(name) or "code"
            n = 2
            while key in self._code_keys:
                key, n = f"{base}-{n}", n + 1
            self._code_keys.add(key)
            self._code_order += 1
            description, include, exclude = split_description(child_text(code, "Description"))
            self.bundle.codes.append(
                InCode(
                    guid=guid,
                    key=key,
                    name=name,
                    parent_guid=parent,
                    level=level,
                    colour=self.mend.colour(code.get("color"), f"code '{name}'"),
                    description=description,
                    include_note=include,
                    exclude_note=exclude,
                    sort_order=self._code_order,
                )
            )
            for note in self.note_texts(code, f"code '{name}'"):
                self.memo(note, "code", guid)
            self._codes_under(code, guid, level + 1)

    # -- sources -------------------------------------------------------------------------

    def read_sources(self) -> int:
        sources = child(self.root, "Sources")
        if sources is None:
            return 0
        listed = 0
        skipped: Counter[str] = Counter()
        for source in sources:
            kind = local(source)
            if kind == "TextSource":
                listed += 1
                self.text_source(source, source)
            elif kind == "PDFSource" and (rep := child(source, "Representation")) is not None:
                listed += 1
                self.text_source(rep, source)
            elif kind in _NON_TEXT:
                skipped[kind] += 1
        for kind, n in skipped.items():
            what = kind.removesuffix("Source").lower()
            self.warnings.append(f"{n} {what} source(s) left out: qcode holds text")
        return listed

    def text_source(self, element: etree._Element, outer: etree._Element) -> None:
        name = (outer.get("name") or "").strip()
        guid = self.mend.guid(outer.get("guid"), f"source '{name}'")
        name = name or guid
        raw = self.source_text(element, name)
        if raw is None:
            return
        selections = self.selections(element, name, len(raw))
        spans = [(s.start, s.end) for s in selections]
        converted, unit = in_code_points(raw, spans, self.unit)
        self.units[name] = unit
        if unit == "utf16" and self.unit == "auto":
            self.warnings.append(
                f"source '{name}': selections counted in UTF-16 units (as NVivo does); "
                "read as such (--offsets overrides)"
            )
        text, move = normalise(raw)
        text = text.rstrip()
        limit = len(text)
        src = _SourceRead(guid, name, raw, unit, move, limit)
        clipped = 0
        for sel, (start, end) in zip(selections, converted, strict=True):
            if sel.whole:
                start, end = 0, len(raw)
            if start > end:
                start, end = end, start
                self.warnings.append(f"source '{name}': selection {sel.guid} ends before it starts")
            if start < 0 or end > len(raw):
                clipped += 1
                start, end = max(start, 0), min(end, len(raw))
            start, end = min(move(start), limit), min(move(end), limit)
            if start > end or (start == end and not self.is_structure(sel)):
                self.warnings.append(
                    f"source '{name}': selection {sel.guid} is empty or outside the text; left out"
                )
                continue
            self.selection_contents(sel, src, start, end)
        if clipped:
            self.warnings.append(
                f"source '{name}': {clipped} selection(s) ran past the text; clipped to it"
            )
        kind = "other"
        sections, turns = src.sections, src.turns
        if not self.structure.all and not self.from_qcode:
            # another tool's text: its turns and headings found as `qcode import` finds them
            sections, turns = detect_structure(text)
            kind = suggest_kind(text, turns) or "other"
        doc = InDocument(
            guid=guid,
            name=name,
            text=text,
            kind=kind,
            metadata={"format": "refi-qda", "origin": self.root.get("origin") or ""},
            sections=tuple(sorted(sections, key=lambda s: (s.start, s.level))),
            turns=tuple(sorted(turns, key=lambda t: t.start)),
            attributes=self.attributes.of_source(outer, name),
            imported_at=outer.get("creationDateTime") or "",
            imported_by=self.author(outer.get("creatingUser")),
            original_path=element.get("plainTextPath") or "",
        )
        self.bundle.documents.append(doc)
        for note in self.note_texts(outer, f"source '{name}'"):
            self.memo(note, "document", guid)
        if child_text(outer, "Description").strip():
            self.bundle.memos.append(
                InMemo(
                    self.mend.derived(guid, "description"),
                    "document",
                    guid,
                    child_text(outer, "Description").strip(),
                    doc.imported_by,
                    doc.imported_at,
                )
            )

    def source_text(self, element: etree._Element, name: str) -> str | None:
        inline = child(element, "PlainTextContent")
        if inline is not None and inline.text:
            return str(inline.text)
        ref = element.get("plainTextPath") or ""
        data = self.files.fetch(ref, self.base_path) if ref else None
        if data is None:
            where = ref or "no plainTextPath"
            n = sum(1 for _ in children(element, "PlainTextSelection"))
            self.first_loss = self.first_loss or f"'{name}': {where} is not in the file"
            self.warnings.append(
                f"source '{name}': its text ({where}) is not in the file; "
                f"left out with its {n} selection(s)"
            )
            return None
        try:
            text, _encoding, notes = decode_text(data, Path(ref))
        except InputError as exc:
            self.warnings.append(f"source '{name}': {exc.reason}; left out")
            self.first_loss = self.first_loss or f"'{name}': {exc.reason}"
            return None
        for note in notes:
            self.warnings.append(f"source '{name}': {note}")
        return text

    def selections(self, element: etree._Element, name: str, length: int) -> list[_Selection]:
        found: list[_Selection] = []
        for sel in children(element, "PlainTextSelection"):
            guid = self.mend.guid(sel.get("guid"), f"selection in '{name}'")
            try:
                start = int(sel.get("startPosition") or "")
                end = int(sel.get("endPosition") or "")
            except ValueError:
                self.warnings.append(
                    f"source '{name}': selection {guid} has no usable start/end; left out"
                )
                continue
            body = parse_turn_selection_name(sel.get("name") or "")
            found.append(
                _Selection(
                    guid,
                    start,
                    end,
                    sel.get("creatingUser") or "",
                    sel.get("creationDateTime") or "",
                    sel,
                    body=body,
                )
            )
        if any(True for _ in children(element, "Coding")):
            found.append(_Selection("", 0, length, "", "", element, whole=True))
        return found

    def is_structure(self, sel: _Selection) -> bool:
        """A selection carrying a section or a turn (which may be empty, as codings may not)."""
        return any(
            self.mend.ref(ref, "coding") in self.structure.all
            for coding in children(sel.element, "Coding")
            for ref in children(coding, "CodeRef")
        )

    def selection_contents(self, sel: _Selection, src: _SourceRead, start: int, end: int) -> None:
        doc_guid, name = src.guid, src.name
        codings: list[etree._Element] = []
        if sel.whole:  # the source's own notes and description are the document's memos
            codings.extend(children(sel.element, "Coding"))
            notes: list[_Note] = []
            description = ""
        else:  # one pass over a selection's children, not one per kind (a project has
            # many selections)
            refs: list[etree._Element] = []
            descriptions: list[etree._Element] = []
            parts = {"Coding": codings, "NoteRef": refs, "Description": descriptions}
            for part in sel.element.iterchildren("{*}Coding", "{*}NoteRef", "{*}Description"):
                parts[local(part)].append(part)
            notes = self.note_texts(sel.element, f"selection in '{name}'") if refs else []
            description = (descriptions[0].text or "").strip() if descriptions else ""
        extra = [n.text for n in notes] + ([description] if description else [])
        for note in notes:
            note.used = True
        if not codings:
            if extra:
                self.bundle.memos.append(
                    InMemo(
                        self.mend.derived(sel.guid, "note"),
                        "document",
                        doc_guid,
                        f"(on characters {start}-{end}) " + "\n\n".join(extra),
                        self.author(sel.user),
                        sel.created_at,
                    )
                )
                self.warnings.append(
                    f"source '{name}': selection {sel.guid} has a note but no coding; "
                    "the note kept as a document memo"
                )
            return
        for coding in codings:
            ref = next(coding.iterchildren("{*}CodeRef"), None)
            code_guid = self.mend.ref(ref, f"coding in '{name}'") if ref is not None else None
            if code_guid is None:
                self.warnings.append(f"source '{name}': a coding without a code; left out")
                continue
            user = coding.get("creatingUser") or sel.user
            created = coding.get("creationDateTime") or sel.created_at
            if code_guid in self.structure.all:
                self.structure_part(code_guid, sel, src, start, end)
                continue
            coding_notes = self.note_texts(coding, f"coding in '{name}'")
            memo_parts = [n.text for n in coding_notes]
            for note in coding_notes:
                note.used = True
            self.bundle.codings.append(
                InCoding(
                    guid=self.mend.guid(coding.get("guid"), f"coding in '{name}'"),
                    document_guid=doc_guid,
                    code_guid=code_guid,
                    start=start,
                    end=end,
                    coder=self.user(user),
                    created_at=created,
                    memo="\n\n".join(memo_parts + extra),
                )
            )

    def structure_part(
        self, code_guid: str, sel: _Selection, src: _SourceRead, start: int, end: int
    ) -> None:
        if code_guid in self.structure.sections:
            title, level = self.structure.sections[code_guid]
            src.sections.append(Section(title, start, end, level))
        elif code_guid in self.structure.speakers:
            body: int | None = None
            if sel.body is not None and sel.body != sel.start:  # body=start: no label
                ((b, _),), _ = in_code_points(src.raw, [(sel.body, sel.body)], src.unit)
                body = min(src.move(max(0, min(b, len(src.raw)))), src.limit)
                body = min(max(body, start), end)
            src.turns.append(Turn(self.structure.speakers[code_guid], start, end, body))
