"""The .docx package that python-docx is allowed to see.

python-docx opens a package itself and parses every part whose content type says XML,
whatever the part is called: `word/document.bin` declared as the main document in
`[Content_Types].xml` is parsed as XML. So the check cannot go by file names. We read the
zip under the container limits, work out from the content types which parts python-docx
will parse, refuse any of them that declares a DTD or an entity (in whatever encoding it is
written), and hand python-docx a fresh in-memory zip of exactly those checked bytes: it
never opens the file on disk, so nothing it reads escaped the check.
"""

from __future__ import annotations

import io
from pathlib import Path

from .container import Container, open_container
from .safexml import check_parts, parse_xml

FMT = ".docx"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CONTENT_TYPES = "[Content_Types].xml"


def _content_types(container: Container) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name), both lowercased as python-docx
    compares them."""
    root = parse_xml(container.get(CONTENT_TYPES), container.path, FMT, CONTENT_TYPES)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in root:
        kind = element.get("ContentType") or ""
        if element.tag == f"{_CT}Default":
            defaults[(element.get("Extension") or "").lower()] = kind
        elif element.tag == f"{_CT}Override":
            overrides[(element.get("PartName") or "").lstrip("/").lower()] = kind
    return defaults, overrides


def xml_parts(container: Container) -> list[str]:
    """The parts a reader may parse as XML: by name (.xml, .rels) or by content type."""
    defaults, overrides = _content_types(container)
    found: list[str] = []
    for name in container.members:
        lowered = name.lower()
        extension = lowered.rsplit("/", 1)[-1].rpartition(".")[2]
        kind = overrides.get(lowered, defaults.get(extension, ""))
        if lowered.endswith((".xml", ".rels")) or "xml" in kind.lower():
            found.append(name)
    return found


def checked_package(path: Path) -> io.BytesIO:
    """The .docx at `path` as an in-memory package of parts that passed every check."""
    container = open_container(path, FMT)
    check_parts(path, ((name, container.members[name]) for name in xml_parts(container)))
    return container.as_zip()
