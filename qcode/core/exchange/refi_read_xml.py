"""Small helpers for reading REFI-QDA XML whatever its namespace, and its loose values.

Exporters write `urn:QDA-XML:project:1.0`, older ones `urn:QDA-XML:project:0:4`, some
none at all; elements are therefore found by their local name. GUIDs come in upper or
lower case, with braces, or not as GUIDs at all; colours as `#RRGGBB`, `#RGB`, names or
nonsense. Each odd value is mended where it can be and reported once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from lxml import etree

from qcode.core.codebook.format import normalise_colour
from qcode.core.exchange.refi_common import CANONICAL_GUID

DEFAULT_COLOUR = "#808080"
# where GUIDs are made for values that are not GUIDs (stable: the same bad value, the same GUID)
_MENDED = uuid.UUID("6f1b3c9e-2d1a-5b7e-9c3f-4a8d2e6b1c07")


def local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The child elements named `name` in any namespace or none (lxml's `{*}` matches
    both, and skips comments and processing instructions, as a look at each tag did, at
    a fifth of its cost: a large project's selections are looked at many times)."""
    found: Iterator[etree._Element] = element.iterchildren(f"{{*}}{name}")
    return found


def child(element: etree._Element, name: str) -> etree._Element | None:
    return next(children(element, name), None)


def child_text(element: etree._Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def path(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    """The elements reached by following `names` from `element` (each step any number)."""
    level = [element]
    for name in names:
        level = [c for e in level for c in children(e, name)]
    yield from level


class Mender:
    """GUIDs and colours made usable, each problem reported once in `warnings`."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self._reported: set[str] = set()

    def warn_once(self, key: str, message: str) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.warnings.append(message)

    def guid(self, value: str | None, what: str) -> str:
        """The GUID in qcode's form (upper case), or a stable stand-in for a bad one."""
        raw = (value or "").strip()
        if CANONICAL_GUID.fullmatch(raw):  # the common case, as `str(UUID(raw))` would give
            return raw.upper()
        try:
            return str(uuid.UUID(raw.strip("{}"))).upper()
        except ValueError:
            made = str(uuid.uuid5(_MENDED, raw)).upper()
            shown = raw if raw else "(none)"
            self.warn_once(f"guid:{raw}", f"{what}: invalid GUID {shown!r}; used {made}")
            return made

    def derived(self, base: str, tag: str) -> str:
        """A GUID made from another and a tag, for a thing the file gives none (stable)."""
        return str(uuid.uuid5(_MENDED, f"{base}:{tag}")).upper()

    def ref(self, element: etree._Element, what: str) -> str | None:
        """The GUID a reference element points at (`targetGUID`, or `guid` as some write)."""
        value = element.get("targetGUID")
        if value is None:
            value = element.get("guid")
        if value is None:
            return None
        return self.guid(value, what)

    def colour(self, value: str | None, what: str) -> str:
        if not value:
            return DEFAULT_COLOUR
        colour = normalise_colour(value)
        if colour is None:
            self.warn_once(f"colour:{value}", f"{what}: colour {value!r} is not a colour; grey")
            return DEFAULT_COLOUR
        return colour
