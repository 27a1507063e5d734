"""What REFI-QDA export and import agree on: namespaces, tags, GUIDs, reserved names.

Both directions read these constants, so a name written by `refi_write` is the name
`refi_read` looks for; the mapping itself is documented in the README ("REFI-QDA
exchange"). GUIDs that qcode invents for things it has no GUID for (users, the
structure codes, selections) are uuid5 of the project's GUID, so exporting the same
project twice gives the same file and a colleague's tool sees the same users and codes.
"""

from __future__ import annotations

import hashlib
import re
import uuid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources"
INTERNAL_SCHEME = "internal://"

# --- the reserved "qcode structure" tree (sections and speaker turns) -------------------
STRUCTURE_USER = "qcode"
STRUCTURE_ROOT = "qcode structure"
STRUCTURE_SECTIONS = "sections"
STRUCTURE_SPEAKERS = "speakers"
STRUCTURE_ROOT_DESCRIPTION = "qcode: sections and speaker turns of the documents"
SECTIONS_DESCRIPTION = "qcode: one code per section title and level"
SPEAKERS_DESCRIPTION = "qcode: one code per speaker"
SECTION_SELECTION_NAME = "section"
TURN_SELECTION_PREFIX = "turn body="
_SECTION_DESCRIPTION = re.compile(r"^qcode section, level (\d+)$")
_TURN_NAME = re.compile(r"^turn body=(\d+)$")

# the colour of the structure codes (grey: they are not themes)
STRUCTURE_COLOUR = "#A0A0A0"
DEFAULT_COLOUR = "#808080"


# Characters XML 1.0 cannot hold (a control character pasted into a memo or a name).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` with what XML cannot hold written as U+FFFD (names, descriptions, notes;
    document texts go to .txt files and are written as they are)."""
    return _NOT_XML.sub("\ufffd", text)


def tag(local: str, ns: str = PROJECT_NS) -> str:
    """`{namespace}local`, the name lxml and ElementTree use for a namespaced element."""
    return f"{{{ns}}}{local}"


def local_name(qualified: str) -> str:
    """The element's name without its namespace (`{urn:…}Code` → `Code`)."""
    return qualified.rsplit("}", 1)[-1]


# A GUID as the standard writes it (8-4-4-4-12 hex digits, no braces).
CANONICAL_GUID = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)


def _uuid5(base: str, name: str) -> str:
    """`str(uuid.uuid5(UUID(base), name)).upper()` (a base that is no UUID stands for the
    uuid5 of its text), computed without two `UUID` objects per call: an export of 50,000
    codings makes 180,000 of these, and the objects were 40% of its time. The test holds
    it to `uuid.uuid5` over random bases and names."""
    if CANONICAL_GUID.fullmatch(base):
        namespace = bytes.fromhex(base.replace("-", ""))
    else:
        try:
            namespace = uuid.UUID(base.strip("{}")).bytes
        except ValueError:
            namespace = uuid.uuid5(uuid.NAMESPACE_URL, "qcode:" + base).bytes
    digest = bytearray(hashlib.sha1(namespace + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest.hex().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def user_guid(project_guid: str, name: str) -> str:
    """The stable GUID of the user named `name` (a coder, a memo's author)."""
    return _uuid5(project_guid, "user:" + name)


def structure_root_guid(project_guid: str) -> str:
    return _uuid5(project_guid, "structure")


def structure_sections_guid(project_guid: str) -> str:
    return _uuid5(project_guid, "structure:sections")


def structure_speakers_guid(project_guid: str) -> str:
    return _uuid5(project_guid, "structure:speakers")


def section_code_guid(project_guid: str, title: str, level: int) -> str:
    return _uuid5(project_guid, f"section:{level}:{title}")


def speaker_code_guid(project_guid: str, speaker: str) -> str:
    return _uuid5(project_guid, "speaker:" + speaker)


def selection_guid(coding_guid: str) -> str:
    """The PlainTextSelection that holds a coding (REFI puts codings inside selections)."""
    return _uuid5(coding_guid, "selection")


def structure_selection_guid(document_guid: str, kind: str, index: int) -> str:
    """A section's or turn's selection: `kind` is 'section' or 'turn', `index` its place."""
    return _uuid5(document_guid, f"{kind}:{index}")


def structure_coding_guid(selection: str) -> str:
    return _uuid5(selection, "coding")


def coding_note_guid(coding_guid: str) -> str:
    """The Note that carries a coding's memo (qcode keeps that memo on the coding)."""
    return _uuid5(coding_guid, "note")


def variable_guid(project_guid: str, name: str) -> str:
    return _uuid5(project_guid, "variable:" + name)


def case_guid(document_guid: str) -> str:
    return _uuid5(document_guid, "case")


def source_path(document_guid: str) -> str:
    """The `plainTextPath` of a document's text inside the .qdpx."""
    return f"{INTERNAL_SCHEME}{document_guid}.txt"


def section_description(level: int) -> str:
    return f"qcode section, level {level}"


def parse_section_description(text: str) -> int | None:
    """The level a section code's description names, or None when it is not one."""
    found = _SECTION_DESCRIPTION.match(text.strip())
    return int(found.group(1)) if found else None


def turn_selection_name(body_start: int | None, start: int) -> str:
    """`turn body=N`: where the spoken words begin (the label's end); N = start if none."""
    return f"{TURN_SELECTION_PREFIX}{start if body_start is None else body_start}"


def parse_turn_selection_name(name: str) -> int | None:
    found = _TURN_NAME.match(name.strip())
    return int(found.group(1)) if found else None


def description_with_notes(description: str, include: str, exclude: str) -> str:
    """A code's REFI Description: its description, then `Include: …` / `Exclude: …` lines."""
    lines = [description] if description else []
    if include:
        lines.append("Include: " + include)
    if exclude:
        lines.append("Exclude: " + exclude)
    return "\n".join(lines)


def split_description(text: str) -> tuple[str, str, str]:
    """The reverse of `description_with_notes`: (description, include, exclude)."""
    lines = text.split("\n")
    include = exclude = ""
    # read from the end: only the trailing Include/Exclude lines are ours
    if lines and lines[-1].startswith("Exclude: "):
        exclude = lines.pop()[len("Exclude: ") :]
    if lines and lines[-1].startswith("Include: "):
        include = lines.pop()[len("Include: ") :]
    return "\n".join(lines), include, exclude
