"""Where two coders disagree on one code, and a consensus coder that settles it.

The regions are made from the same spans the agreement figures count (`agreement.union`:
a coder's codings of the code in a document, overlapping ones joined), over the same
documents (those both coders coded, with any code). Both coders' segments laid together
fall into connected groups (segments that overlap belong to one group); a group is a
**region**: coded by A only, by B only, or by both with boundaries that differ. A group
where both coders made exactly the same segments is agreement and no region.

A region is settled by keeping A's segments, B's, both (their union: the whole region),
or neither, written as codings of a consensus coder (`consensus` unless told): the
consensus coder's codings of that code overlapping the region are replaced by the kept
spans, in one audited change that `qcode undo` reverts. Keeping neither writes no coding;
so that the decision is recorded (and undoable, and the region shows as resolved), it
leaves a memo on the document by the consensus coder naming the code and the span. A
region shows as resolved when the consensus coder's codings there are exactly the spans
of one choice (or none, with that memo); consensus codings of another shape show as
"edited". Consensus lives in codings, so `qcode matrix --coded-by consensus` builds the
matrix from it; `adopt_agreed` copies the segments both coders made alike, which need no
decision.

This module sits in `analysis` (not `coding`) because it reuses the agreement's spans, and
`coding` lies below `analysis` in the layers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from qcode.core.analysis.agreement import union
from qcode.core.analysis.agreement_data import _checked_coders
from qcode.core.analysis.unitized import Span
from qcode.core.codebook.codes import resolve_code
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.core.project.store import Change, Project, new_guid, now

Keep = Literal["a", "b", "both", "neither"]
KEEPS: tuple[Keep, ...] = ("a", "b", "both", "neither")
Kind = Literal["a_only", "b_only", "both"]
CONSENSUS = "consensus"


@dataclass(frozen=True)
class Region:
    """One place in one document where the two coders coded `code` differently.

    Offsets are code points of the document; `text` is the document's text from `start`
    to `end` (the region: every segment of either coder in it)."""

    document_id: int
    document: str
    code: Code
    coders: tuple[str, str]
    start: int
    end: int
    kind: Kind
    a_spans: tuple[Span, ...]
    b_spans: tuple[Span, ...]
    text: str
    consensus: tuple[Span, ...] = ()  # the consensus coder's codings of `code` here
    marked_neither: bool = False  # the consensus coder's "neither" memo is here
    consensus_coder: str = CONSENSUS

    def kept(self, keep: Keep) -> tuple[Span, ...]:
        """The spans a choice writes as consensus codings."""
        if keep == "a":
            return self.a_spans
        if keep == "b":
            return self.b_spans
        if keep == "both":
            return tuple(union([*self.a_spans, *self.b_spans]))
        if keep == "neither":
            return ()
        raise QcodeError(f"keep one of {', '.join(KEEPS)} (not '{keep}')")

    @property
    def resolved(self) -> str | None:
        """The choice the consensus codings here match ("a", "b", "both", "neither"),
        "edited" when they match none, None when the region is not resolved yet."""
        if not self.consensus:
            return "neither" if self.marked_neither else None
        choices: tuple[Keep, ...] = ("a", "b", "both")
        for keep in choices:
            if self.consensus == self.kept(keep):
                return keep
        return "edited"

    def snippet(self, span: Span, width: int = 60) -> str:
        """The text of `span` (document offsets) on one line, cut with "…" if long."""
        start, end = max(span[0], self.start), min(span[1], self.end)
        words = " ".join(self.text[start - self.start : end - self.start].split())
        return words if len(words) <= width else words[: max(width - 1, 0)] + "…"


@dataclass(frozen=True)
class DocumentRegions:
    document_id: int
    document: str
    regions: tuple[Region, ...]


def disagreements(
    project: Project,
    coder_a: str,
    coder_b: str,
    code: Code | str,
    consensus_coder: str = CONSENSUS,
) -> list[DocumentRegions]:
    """Per document (in import order) the regions where A and B differ on `code`; only
    documents with at least one region are listed."""
    a, b = _checked_coders(project, (coder_a, coder_b))
    target = code if isinstance(code, Code) else resolve_code(project, code)
    _check_consensus_coder(consensus_coder, (a, b))
    groups = _groups(project, (a, b), target)
    out: list[DocumentRegions] = []
    for doc_id, name, text, found in groups:
        consensus = _consensus_spans(project, doc_id, target.id, consensus_coder)
        markers = _neither_markers(project, doc_id, target, consensus_coder)
        regions = []
        for start, end, a_spans, b_spans in found:
            if a_spans == b_spans:
                continue
            kind: Kind = "both" if a_spans and b_spans else "a_only" if a_spans else "b_only"
            regions.append(
                Region(
                    doc_id,
                    name,
                    target,
                    (a, b),
                    start,
                    end,
                    kind,
                    a_spans,
                    b_spans,
                    text[start:end],
                    tuple(s for s in consensus if s[0] < end and s[1] > start),
                    (start, end) in markers,
                    consensus_coder,
                )
            )
        if regions:
            out.append(DocumentRegions(doc_id, name, tuple(regions)))
    return out


@dataclass(frozen=True)
class Resolution:
    region: Region
    keep: Keep
    added: int  # consensus codings written
    removed: int  # consensus codings (and a "neither" memo) replaced
    changed: bool  # False: the consensus already held exactly this choice


def resolve(
    project: Project, region: Region, keep: Keep, consensus_coder: str | None = None
) -> Resolution:
    """Write the kept spans of `region` as codings of the consensus coder (replacing that
    coder's codings of the code overlapping the region), one audited change. Keeping
    neither leaves a memo on the document instead, so the decision is recorded."""
    coder = consensus_coder or region.consensus_coder
    _check_consensus_coder(coder, region.coders)
    spans = region.kept(keep)
    current = project.query(
        'SELECT id, start, "end" FROM codings WHERE document_id = ? AND code_id = ? '
        'AND coder = ? AND start < ? AND "end" > ? ORDER BY start, "end", id',
        [region.document_id, region.code.id, coder, region.end, region.start],
    )
    markers = [
        row["id"]
        for row in project.query(
            "SELECT id, text FROM memos WHERE target = 'document' AND target_id = ? AND author = ?",
            [region.document_id, coder],
        )
        if row["text"].startswith(_marker_prefix(region.code, region.start, region.end))
    ]
    have = [(r["start"], r["end"]) for r in current]
    wanted_markers = 1 if keep == "neither" else 0
    same = sorted(set(have)) == list(spans) and len(have) == len(spans)
    if same and len(markers) == wanted_markers:
        return Resolution(region, keep, 0, 0, False)
    a, b = region.coders
    label = {"a": f"{a}'s", "b": f"{b}'s", "both": "both coders'", "neither": "neither"}[keep]
    with project.change(
        "consensus",
        f"consensus on {region.code.key} in {region.document} {region.start}-{region.end}: "
        f"kept {label} as {coder}",
        {
            "document": region.document,
            "code": region.code.key,
            "start": region.start,
            "end": region.end,
            "keep": keep,
            "coders": [a, b],
            "consensus_coder": coder,
        },
    ) as ch:
        for row in current:
            ch.delete("codings", row["id"])
        for memo_id in markers:
            ch.delete("memos", memo_id)
        stamp = now()
        ch.insert_many(
            "codings",
            [
                {
                    "guid": new_guid(),
                    "document_id": region.document_id,
                    "code_id": region.code.id,
                    "start": start,
                    "end": end,
                    "coder": coder,
                    "created_at": stamp,
                    "memo": "",
                }
                for start, end in spans
            ],
        )
        if keep == "neither":
            _write_marker(ch, region, coder, stamp)
    return Resolution(region, keep, len(spans), len(current) + len(markers), True)


def adopt_agreed(
    project: Project,
    coder_a: str,
    coder_b: str,
    code: Code | str,
    consensus_coder: str = CONSENSUS,
) -> int:
    """Copy the segments both coders made alike (same begin and end) to the consensus
    coder, where it has not got them yet: one audited change; returns codings written."""
    a, b = _checked_coders(project, (coder_a, coder_b))
    target = code if isinstance(code, Code) else resolve_code(project, code)
    _check_consensus_coder(consensus_coder, (a, b))
    rows = []
    stamp = now()
    for doc_id, _name, _text, found in _groups(project, (a, b), target):
        have = set(_consensus_spans(project, doc_id, target.id, consensus_coder))
        for _start, _end, a_spans, b_spans in found:
            if a_spans != b_spans:
                continue
            for start, end in a_spans:
                if (start, end) not in have:
                    rows.append(
                        {
                            "guid": new_guid(),
                            "document_id": doc_id,
                            "code_id": target.id,
                            "start": start,
                            "end": end,
                            "coder": consensus_coder,
                            "created_at": stamp,
                            "memo": "",
                        }
                    )
    if rows:
        with project.change(
            "consensus",
            f"consensus on {target.key}: {len(rows)} segment{'s' * (len(rows) != 1)} "
            f"{a} and {b} agree on, as {consensus_coder}",
            {"code": target.key, "coders": [a, b], "consensus_coder": consensus_coder},
        ) as ch:
            ch.insert_many("codings", rows)
    return len(rows)


# -- how regions are found -------------------------------------------------------------

Group = tuple[int, int, tuple[Span, ...], tuple[Span, ...]]  # start, end, A's, B's


def _groups(
    project: Project, coders: tuple[str, str], code: Code
) -> list[tuple[int, str, str, list[Group]]]:
    """Per document both coders coded (import order): its name, text and the groups of
    overlapping segments of `code` (agreeing ones included)."""
    a, b = coders
    coded: dict[int, set[str]] = defaultdict(set)
    for doc_id, coder in project.conn.execute(
        "SELECT DISTINCT document_id, coder FROM codings WHERE coder IN (?, ?)", coders
    ):
        coded[doc_id].add(coder)
    spans: dict[int, tuple[list[Span], list[Span]]] = defaultdict(lambda: ([], []))
    for doc_id, start, end, coder in project.conn.execute(
        'SELECT document_id, start, "end", coder FROM codings '
        "WHERE code_id = ? AND coder IN (?, ?)",
        [code.id, a, b],
    ):
        if len(coded[doc_id]) == 2:
            spans[doc_id][0 if coder == a else 1].append((start, end))
    out = []
    for doc_id in sorted(spans):
        (name, text) = project.conn.execute(
            "SELECT name, text FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        length = len(text)
        by_a, by_b = (union(_clipped(s, length)) for s in spans[doc_id])
        out.append((doc_id, name, text, _grouped(by_a, by_b)))
    return out


def _clipped(spans: list[Span], length: int) -> list[Span]:
    return [(min(s, length), min(e, length)) for s, e in spans]


def _grouped(by_a: list[Span], by_b: list[Span]) -> list[Group]:
    """Both coders' (unioned) segments in connected groups: a segment that overlaps the
    group so far joins it; one that only touches it starts the next."""
    tagged = sorted([(s, e, 0) for s, e in by_a] + [(s, e, 1) for s, e in by_b])
    groups: list[Group] = []
    low = high = 0
    mine: tuple[list[Span], list[Span]] = ([], [])
    for start, end, who in tagged:
        if (mine[0] or mine[1]) and start >= high:
            groups.append((low, high, tuple(mine[0]), tuple(mine[1])))
            mine = ([], [])
        if not (mine[0] or mine[1]):
            low, high = start, end
        high = max(high, end)
        mine[who].append((start, end))
    if mine[0] or mine[1]:
        groups.append((low, high, tuple(mine[0]), tuple(mine[1])))
    return groups


def _consensus_spans(project: Project, doc_id: int, code_id: int, coder: str) -> list[Span]:
    return sorted(
        {
            (start, end)
            for start, end in project.conn.execute(
                'SELECT start, "end" FROM codings WHERE document_id = ? AND code_id = ? '
                "AND coder = ?",
                [doc_id, code_id, coder],
            )
        }
    )


def _marker_prefix(code: Code, start: int, end: int) -> str:
    return f"consensus: {code.key} {start}-{end}: neither"


def _neither_markers(project: Project, doc_id: int, code: Code, coder: str) -> set[Span]:
    """The regions of `code` in a document that the consensus coder resolved as neither."""
    prefix = f"consensus: {code.key} "
    found: set[Span] = set()
    for (text,) in project.conn.execute(
        "SELECT text FROM memos WHERE target = 'document' AND target_id = ? AND author = ?",
        [doc_id, coder],
    ):
        head, _, rest = text.partition(": neither")
        if not text.startswith(prefix) or not rest:
            continue
        start, _, end = head[len(prefix) :].partition("-")
        if start.isdigit() and end.isdigit():
            found.add((int(start), int(end)))
    return found


def _write_marker(ch: Change, region: Region, coder: str, stamp: str) -> None:
    a, b = region.coders
    ch.insert(
        "memos",
        {
            "guid": new_guid(),
            "target": "document",
            "target_id": region.document_id,
            "text": f"{_marker_prefix(region.code, region.start, region.end)} coder's "
            f"coding kept (A {a}, B {b}; looked at, left uncoded)",
            "author": coder,
            "created_at": stamp,
            "updated_at": stamp,
        },
    )


def _check_consensus_coder(coder: str, coders: tuple[str, str]) -> None:
    if not coder.strip():
        raise QcodeError("the consensus coder needs a name")
    if coder in coders:
        raise QcodeError(
            f"the consensus coder '{coder}' is one of the coders compared: "
            "choose another name (default: consensus)"
        )
