"""Aliases in a REFI-QDA export (`qcode export-project --pseudonymise`).

An alias is rarely as long as the name it replaces, and a .qdpx carries offsets into the
text, so replacing names in a document moves every coding, section and turn after them.
`pseudonymised_text` gives the new text with a function that moves an old offset to the
new one; `pseudonymised_bundle` applies it, and the aliases, to everything exported.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace

from qcode.core.exchange.bundle import Bundle
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.model import Section, Turn


def pseudonymised_text(table: Pseudonymiser, text: str) -> tuple[str, Callable[[int], int]]:
    """`text` with each real name replaced by its alias, and a function that moves an
    offset of the old text to the new: a point outside a name moves by what the names
    before it changed; a point inside a name goes to the alias's edge (its start if it
    was at the name's start, else its end), so a coding never cuts an alias in two."""
    spans = list(table.matches(text))
    if not spans:
        return text, lambda offset: offset
    out: list[str] = []
    old_starts: list[int] = []
    old_ends: list[int] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    length = 0
    for _real, start, end in spans:
        out.append(text[last:start])
        length += start - last
        alias = table.apply(text[start:end])
        old_starts.append(start)
        old_ends.append(end)
        new_starts.append(length)
        out.append(alias)
        length += len(alias)
        new_ends.append(length)
        last = end
    out.append(text[last:])

    def move(offset: int) -> int:
        i = bisect.bisect_right(old_starts, offset) - 1
        if i < 0:
            return offset
        if offset == old_starts[i]:
            return new_starts[i]
        if offset < old_ends[i]:
            return new_ends[i]
        return new_ends[i] + (offset - old_ends[i])

    return "".join(out), move


def pseudonymised_bundle(bundle: Bundle, table: Pseudonymiser) -> Bundle:
    """The bundle with aliases in every text that may name a person, offsets moved."""
    if not table:
        return bundle
    name = table.apply
    moves: dict[str, Callable[[int], int]] = {}
    documents = []
    for doc in bundle.documents:
        text, move = pseudonymised_text(table, doc.text)
        moves[doc.guid] = move
        documents.append(
            replace(
                doc,
                name=name(doc.name),
                text=text,
                imported_by=name(doc.imported_by),
                attributes={k: name(v) for k, v in doc.attributes.items()},
                sections=tuple(
                    Section(name(s.title), move(s.start), move(s.end), s.level)
                    for s in doc.sections
                ),
                turns=tuple(
                    Turn(
                        name(t.speaker),
                        move(t.start),
                        move(t.end),
                        None if t.body_start is None else move(t.body_start),
                    )
                    for t in doc.turns
                ),
                metadata={},
                original_path="",
            )
        )
    codings = []
    for c in bundle.codings:
        move = moves.get(c.document_guid, lambda offset: offset)
        codings.append(
            replace(c, start=move(c.start), end=move(c.end), coder=name(c.coder), memo=name(c.memo))
        )
    codes = [
        replace(
            code,
            name=name(code.name),
            description=name(code.description),
            include_note=name(code.include_note),
            exclude_note=name(code.exclude_note),
        )
        for code in bundle.codes
    ]
    memos = [replace(m, text=name(m.text), author=name(m.author)) for m in bundle.memos]
    return replace(bundle, documents=documents, codes=codes, codings=codings, memos=memos)
