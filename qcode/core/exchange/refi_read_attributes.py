"""Attributes from a REFI-QDA project: `Case` variables become attributes of the case's
sources, a `TextSource`'s own `VariableValue`s its attributes, and membership of a source
set the attribute `set: NAME` = `yes`. Values are kept as written (qcode's export writes
them so, typed only in the `Variable`), so a round trip gives back the same strings.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from .bundle import Bundle
from .refi_read_xml import Mender, child, children, local, path


class AttributeReader:
    def __init__(self, root: etree._Element, mend: Mender, bundle: Bundle) -> None:
        self.root = root
        self.mend = mend
        self.bundle = bundle
        self.warnings = bundle.warnings
        self._names: dict[str, str] | None = None

    @property
    def names(self) -> dict[str, str]:
        """Variable GUID -> name."""
        if self._names is None:
            self._names = {
                self.mend.guid(v.get("guid"), "variable"): (v.get("name") or "").strip()
                for v in path(self.root, "Variables", "Variable")
            }
        return self._names

    def values(self, element: etree._Element, what: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for value in children(element, "VariableValue"):
            ref = child(value, "VariableRef")
            guid = self.mend.ref(ref, what) if ref is not None else None
            name = self.names.get(guid or "")
            if not name:
                self.warnings.append(f"{what}: a value of an unknown variable; left out")
                continue
            for part in value:
                if local(part).endswith("Value") and part.text is not None:
                    found[name] = part.text
        return found

    def of_source(self, outer: etree._Element, name: str) -> dict[str, str]:
        """A source's own variable values."""
        if not any(True for _ in children(outer, "VariableValue")):
            return {}
        return self.values(outer, f"source '{name}'")

    def add(self, doc_guid: str, values: dict[str, str], what: str) -> None:
        for i, doc in enumerate(self.bundle.documents):
            if doc.guid != doc_guid:
                continue
            merged = dict(doc.attributes)
            for key, value in values.items():
                if merged.get(key, value) != value:
                    self.warnings.append(
                        f"source '{doc.name}': {key} is '{merged[key]}' and, from {what}, "
                        f"'{value}'; kept the first"
                    )
                    continue
                merged[key] = value
            self.bundle.documents[i] = replace(doc, attributes=merged)
            return

    def cases(self) -> None:
        for case in path(self.root, "Cases", "Case"):
            what = f"case '{case.get('name') or ''}'"
            values = self.values(case, what)
            if not values:
                continue
            for ref in children(case, "SourceRef"):
                target = self.mend.ref(ref, what)
                if target:
                    self.add(target, values, what)

    def sets(self, code_guids: set[str]) -> None:
        for member_set in path(self.root, "Sets", "Set"):
            name = (member_set.get("name") or "").strip() or "set"
            what = f"set '{name}'"
            for m in children(member_set, "MemberSource"):
                target = self.mend.ref(m, what)
                if target:
                    self.add(target, {f"set: {name}": "yes"}, what)
            codes = [self.mend.ref(m, what) for m in children(member_set, "MemberCode")]
            known = [c for c in codes if c in code_guids]
            if known:
                self.warnings.append(
                    f"set '{name}' groups {len(known)} code(s); qcode has no code sets, so the "
                    "codes come in without it"
                )
