"""Recognising the reserved "qcode structure" code tree that qcode's export writes.

Sections and speaker turns have no place of their own in REFI-QDA, so the export writes
them as codings of reserved codes: a top-level code "qcode structure" with the children
"sections" (one code per title and level, described "qcode section, level N") and
"speakers" (one code per speaker). Other tools show them as codes; qcode, reading them
back, turns them into the documents' sections and turns instead of codes. The tree is
known by its names (and the sections' descriptions), not by GUIDs, so it is recognised
whichever project it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .refi_common import (
    STRUCTURE_ROOT,
    STRUCTURE_SECTIONS,
    STRUCTURE_SPEAKERS,
    parse_section_description,
)
from .refi_read_xml import Mender, child_text, children


@dataclass
class StructureCodes:
    """The reserved codes' GUIDs: what each stands for."""

    all: set[str] = field(default_factory=set)
    sections: dict[str, tuple[str, int]] = field(default_factory=dict)  # guid -> title, level
    speakers: dict[str, str] = field(default_factory=dict)  # guid -> speaker


def find_structure(codes: etree._Element, mend: Mender) -> StructureCodes:
    """The reserved tree among the top-level `codes`, when there is one."""
    found = StructureCodes()
    for top in children(codes, "Code"):
        if (top.get("name") or "").strip() != STRUCTURE_ROOT:
            continue
        parts = {(c.get("name") or "").strip(): c for c in children(top, "Code")}
        if not parts or set(parts) - {STRUCTURE_SECTIONS, STRUCTURE_SPEAKERS}:
            continue  # a code of the analyst's own that happens to have the name
        found.all.add(mend.guid(top.get("guid"), "code 'qcode structure'"))
        for name, part in parts.items():
            found.all.add(mend.guid(part.get("guid"), f"code '{name}'"))
            for code in children(part, "Code"):
                guid = mend.guid(code.get("guid"), f"code '{code.get('name')}'")
                found.all.add(guid)
                label = code.get("name") or ""
                if name == STRUCTURE_SECTIONS:
                    level = parse_section_description(child_text(code, "Description"))
                    found.sections[guid] = (label, level or 1)
                else:
                    found.speakers[guid] = label
    return found
