"""The rules for bringing a `Bundle` into a project, one transaction and one undo step.

- **Documents** are the same document when their text is the same (content hash),
  whatever their names; a different text under a taken name is added as `name (2).txt`
  and reported.
- **Codes** match by GUID, then by key, then by name (when one of ours has it). A match
  whose name, key or parent differs is a conflict: ours stays as it is and their codings
  go to it. Unmatched codes are added under their parent.
- **Codings** are the same coding when document, span, code and coder are the same; so
  merging the same copy twice adds nothing. A level-2 coding keeps its provenance (the
  coding it was derived from), mapped to the merged copy of that coding.
- **Memos** match by GUID, then by target and text. **Attributes**, **pseudonyms** and
  **suggestion decisions** that differ from ours are conflicts; ours are kept.

Every conflict is reported with the rule applied; nothing is overwritten silently. A dry
run makes the same changes in a transaction that is then rolled back, so its report is
exactly what the merge would do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from qcode.core.model import KINDS
from qcode.core.project.backup import SnapshotBeside
from qcode.core.project.store import Change, Project, new_guid, now
from qcode.core.rows import sections_to_json, turns_to_json
from qcode.core.sources.documents import unique_name
from qcode.core.sources.reading import content_hash

from .bulk import without_gc_pauses
from .bundle import Bundle, InCode, InCoding, InDocument
from .merge_report import Conflict, MergeReport


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@without_gc_pauses()
def merge_bundle(
    project: Project,
    bundle: Bundle,
    *,
    action: str = "merge",
    params: dict[str, Any] | None = None,
    dry_run: bool = False,
    backup: bool = True,
) -> MergeReport:
    """Bring `bundle` into `project` by the rules above; a snapshot of the project is
    taken first (unless a dry run, or `backup` is off for a project just created), since a
    merge touches much at once."""
    report = MergeReport(origin=bundle.origin, dry_run=dry_run, warnings=list(bundle.warnings))
    try:
        with project.change(action, params={"from": bundle.origin, **(params or {})}) as ch:
            # the state before the merge, copied beside our open transaction while the
            # merge works; a merge that adds nothing (the same copy again) keeps no copy,
            # which would push an older, useful one out of the kept few
            snapshot = SnapshotBeside(project, action) if backup and not dry_run else None
            try:
                _Merge(project, ch, bundle, report).run()
                ch.summary = report.summary()
                if dry_run:
                    raise _DryRun
                if snapshot is not None and report.added:
                    copy = snapshot.keep()
                    report.backup = str(copy) if copy else None
            finally:
                if snapshot is not None and report.backup is None:
                    snapshot.discard()
    except _DryRun:
        pass
    return report


class _Merge:
    """One merge in progress: the maps from their GUIDs to our row ids."""

    def __init__(self, project: Project, ch: Change, bundle: Bundle, report: MergeReport):
        self.project = project
        self.ch = ch
        self.bundle = bundle
        self.report = report
        self.doc_ids: dict[str, int] = {}
        self.doc_lengths: dict[int, int] = {}
        self.code_ids: dict[str, int] = {}
        self.coding_ids: dict[str, int] = {}
        self.stamp = now()

    def run(self) -> None:
        self.documents()
        self.codes()
        self.codings()
        self.memos()
        self.pseudonyms()
        self.decisions()
        self.summaries()
        self.views()

    def conflict(self, kind: str, subject: str, ours: str, theirs: str, rule: str) -> None:
        self.report.conflicts.append(Conflict(kind, subject, ours, theirs, rule))

    # -- documents and their attributes ------------------------------------------------

    def documents(self) -> None:
        ours = self.project.query(
            "SELECT id, guid, name, content_hash, length(text) AS n FROM documents"
        )
        by_hash = {r["content_hash"]: r for r in ours}
        guids = {r["guid"] for r in ours}
        names = {r["name"] for r in ours}
        self.doc_lengths = {r["id"]: r["n"] for r in ours}
        fresh: list[tuple[InDocument, dict[str, Any]]] = []
        first_of: dict[str, str] = {}  # their text's hash -> the GUID of its first document
        same_as: dict[str, str] = {}  # two of their documents with one text: one is kept
        for doc in self.bundle.documents:
            digest = doc.content_hash or content_hash(doc.text)
            if digest in by_hash:
                self.doc_ids[doc.guid] = by_hash[digest]["id"]
                self.report.documents_matched += 1
                continue
            if digest in first_of:
                same_as[doc.guid] = first_of[digest]
                continue
            first_of[digest] = doc.guid
            name = unique_name(doc.name, names)
            if name != doc.name:
                self.conflict(
                    "document-name",
                    doc.name,
                    "a document with another text",
                    "their document",
                    f"theirs added as '{name}'",
                )
            names.add(name)
            kind = doc.kind
            if kind not in KINDS:
                self.report.warnings.append(f"{doc.name}: unknown kind '{kind}'; added as other")
                kind = "other"
            guid = doc.guid if doc.guid and doc.guid not in guids else new_guid()
            guids.add(guid)
            fresh.append((doc, _document_row(doc, guid, name, kind, digest, self.stamp)))
        ids = self.ch.insert_many("documents", [row for _, row in fresh])
        for (doc, _), doc_id in zip(fresh, ids, strict=True):
            self.doc_ids[doc.guid] = doc_id
            self.doc_lengths[doc_id] = len(doc.text)
        for guid, first in same_as.items():
            self.doc_ids[guid] = self.doc_ids[first]
        self.report.documents_added = len(ids)
        self.attributes()

    def attributes(self) -> None:
        ours = {
            (r["document_id"], r["key"]): r["value"]
            for r in self.project.query("SELECT document_id, key, value FROM attributes")
        }
        names = {r["id"]: r["name"] for r in self.project.query("SELECT id, name FROM documents")}
        rows = []
        for doc in self.bundle.documents:
            doc_id = self.doc_ids[doc.guid]
            for key, value in doc.attributes.items():
                have = ours.get((doc_id, key))
                if have is None:
                    rows.append({"document_id": doc_id, "key": key, "value": value})
                    ours[doc_id, key] = value
                elif have != value:
                    self.conflict(
                        "attribute",
                        f"{names.get(doc_id, doc.name)}: {key}",
                        have,
                        value,
                        "kept ours",
                    )
        self.ch.insert_many("attributes", rows)
        self.report.attributes_added = len(rows)

    # -- codes -------------------------------------------------------------------------

    def codes(self) -> None:
        ours = self.project.query(
            "SELECT id, guid, key, name, parent_id, level, shortcut FROM codes"
        )
        by_guid = {r["guid"]: r for r in ours}
        by_key = {r["key"]: r for r in ours}
        by_name: dict[str, list[dict[str, Any]]] = {}
        for r in ours:
            by_name.setdefault(r["name"].casefold(), []).append(r)
        keys = set(by_key)
        guids = set(by_guid)
        shortcuts = {r["shortcut"] for r in ours if r["shortcut"]}
        for code in _parents_first(self.bundle.codes):
            match, how = by_guid.get(code.guid), "GUID"
            if match is None:
                match, how = by_key.get(code.key), "key"
            if match is None and len(by_name.get(code.name.casefold(), [])) == 1:
                match, how = by_name[code.name.casefold()][0], "name"
            parent_id = self.code_ids.get(code.parent_guid) if code.parent_guid else None
            if match is not None:
                self.code_ids[code.guid] = match["id"]
                self.report.codes_matched += 1
                self._code_conflicts(code, match, how, parent_id)
                continue
            key = code.key
            n = 2
            while key in keys:
                key, n = f"{code.key}-{n}", n + 1
            shortcut = code.shortcut
            if shortcut and shortcut in shortcuts:
                self.conflict(
                    "shortcut",
                    code.name,
                    f"'{shortcut}' is taken",
                    f"'{shortcut}'",
                    "theirs added without a shortcut",
                )
                shortcut = None
            guid = code.guid if code.guid and code.guid not in guids else new_guid()
            row = {
                "guid": guid,
                "key": key,
                "name": code.name,
                "parent_id": parent_id,
                "level": code.level,
                "colour": code.colour,
                "shortcut": shortcut,
                "description": code.description,
                "include_note": code.include_note,
                "exclude_note": code.exclude_note,
                "keywords": json.dumps(list(code.keywords), ensure_ascii=False),
                "aliases": json.dumps(list(code.aliases), ensure_ascii=False),
                "sort_order": code.sort_order,
                "created_at": code.created_at or self.stamp,
                "created_by": code.created_by,
            }
            code_id = self.ch.insert("codes", row)
            self.code_ids[code.guid] = code_id
            row["id"] = code_id
            keys.add(key)
            guids.add(guid)
            if shortcut:
                shortcuts.add(shortcut)
            by_guid[guid] = by_key[key] = row
            by_name.setdefault(code.name.casefold(), []).append(row)
            self.report.codes_added += 1

    def _code_conflicts(
        self, code: InCode, match: dict[str, Any], how: str, parent_id: int | None
    ) -> None:
        rule = f"matched by {how}; kept ours, their codings go to it"
        if match["name"] != code.name:
            self.conflict("code-name", match["key"], match["name"], code.name, rule)
        if how == "name" and match["key"] != code.key:
            self.conflict("code-key", match["name"], match["key"], code.key, rule)
        theirs_known = code.parent_guid is None or code.parent_guid in self.code_ids
        if theirs_known and match["parent_id"] != parent_id:
            self.conflict(
                "code-parent",
                match["key"],
                self._code_label(match["parent_id"]),
                self._code_label(parent_id),
                rule,
            )

    def _code_label(self, code_id: int | None) -> str:
        if code_id is None:
            return "(top level)"
        row = self.project.row("codes", code_id)
        return str(row["key"]) if row else f"#{code_id}"

    # -- codings -----------------------------------------------------------------------

    def codings(self) -> None:
        ours = self.project.conn.execute(
            'SELECT id, guid, document_id, code_id, start, "end", coder FROM codings'
        ).fetchall()  # tuples: a large project has many, and only these columns are read
        by_span = {
            (document_id, start, end, code_id, coder): coding_id
            for coding_id, _, document_id, code_id, start, end, coder in ours
        }
        guids = {row[1] for row in ours}
        pending = list(self.bundle.codings)
        # a coding derived from another comes after it, so its provenance can be mapped
        while pending:
            ready = [
                c
                for c in pending
                if c.derived_from_guid is None
                or c.derived_from_guid in self.coding_ids
                or not any(p.guid == c.derived_from_guid for p in pending)
            ]
            if not ready:  # a cycle: no order exists, keep them without provenance
                ready = pending
            waiting = {id(c) for c in ready}
            pending = [c for c in pending if id(c) not in waiting]
            self._insert_codings(ready, by_span, guids)

    def _insert_codings(
        self,
        codings: Iterable[InCoding],
        by_span: dict[tuple[int, int, int, int, str], int],
        guids: set[str],
    ) -> None:
        rows: list[dict[str, Any]] = []
        made: list[tuple[InCoding, tuple[int, int, int, int, str]]] = []
        for c in codings:
            doc_id = self.doc_ids.get(c.document_guid)
            code_id = self.code_ids.get(c.code_guid)
            if doc_id is None or code_id is None:
                what = "document" if doc_id is None else "code"
                self.report.warnings.append(f"coding {c.guid}: unknown {what}; left out")
                continue
            if not 0 <= c.start < c.end <= self.doc_lengths[doc_id]:
                self.report.warnings.append(
                    f"coding {c.guid}: span {c.start}-{c.end} is outside its document; left out"
                )
                continue
            span = (doc_id, c.start, c.end, code_id, c.coder)
            if span in by_span:
                self.coding_ids[c.guid] = by_span[span]
                self.report.codings_already_there += 1
                continue
            guid = c.guid if c.guid and c.guid not in guids else new_guid()
            guids.add(guid)
            derived = self.coding_ids.get(c.derived_from_guid) if c.derived_from_guid else None
            rows.append(
                {
                    "guid": guid,
                    "document_id": doc_id,
                    "code_id": code_id,
                    "start": c.start,
                    "end": c.end,
                    "coder": c.coder,
                    "created_at": c.created_at or self.stamp,
                    "memo": c.memo,
                    "derived_from": derived,
                }
            )
            by_span[span] = -1  # a duplicate within their own file counts once
            made.append((c, span))
        ids = self.ch.insert_many("codings", rows)
        for (c, span), coding_id in zip(made, ids, strict=True):
            self.coding_ids[c.guid] = coding_id
            by_span[span] = coding_id
        self.report.codings_added += len(ids)

    # -- memos, pseudonyms, decisions --------------------------------------------------

    def memos(self) -> None:
        ours = self.project.query("SELECT guid, target, target_id, text FROM memos")
        guids = {r["guid"] for r in ours}
        same = {(r["target"], r["target_id"], r["text"]) for r in ours}
        rows = []
        for memo in self.bundle.memos:
            if memo.guid in guids:
                continue
            if memo.target == "project":
                target_id: int | None = None
            else:
                ids = self.doc_ids if memo.target == "document" else self.code_ids
                target_id = ids.get(memo.target_guid or "")
                if target_id is None:
                    self.report.warnings.append(
                        f"memo {memo.guid}: its {memo.target} is not in the merge; left out"
                    )
                    continue
            if (memo.target, target_id, memo.text) in same:
                continue  # ours has it: their copy of our memo (two of theirs stay two)
            guids.add(memo.guid)
            rows.append(
                {
                    "guid": memo.guid or new_guid(),
                    "target": memo.target,
                    "target_id": target_id,
                    "text": memo.text,
                    "author": memo.author,
                    "created_at": memo.created_at or self.stamp,
                    "updated_at": memo.updated_at or memo.created_at or self.stamp,
                }
            )
        self.ch.insert_many("memos", rows)
        self.report.memos_added = len(rows)

    def pseudonyms(self) -> None:
        ours = {
            r["real"].casefold(): r["alias"]
            for r in self.project.query("SELECT real, alias FROM pseudonyms")
        }
        rows = []
        for p in self.bundle.pseudonyms:
            have = ours.get(p.real.casefold())
            if have is None:
                rows.append(
                    {
                        "real": p.real,
                        "alias": p.alias,
                        "created_at": self.stamp,
                        "created_by": p.created_by,
                    }
                )
                ours[p.real.casefold()] = p.alias
            elif have != p.alias:
                self.conflict("pseudonym", p.real, have, p.alias, "kept ours")
        self.ch.insert_many("pseudonyms", rows)
        self.report.pseudonyms_added = len(rows)

    def decisions(self) -> None:
        ours = {
            (r["document_id"], r["code_id"], r["start"], r["end"]): r
            for r in self.project.query(
                'SELECT id, document_id, code_id, start, "end", status FROM suggestions'
            )
        }
        rows = []
        for d in self.bundle.decisions:
            doc_id = self.doc_ids.get(d.document_guid)
            code_id = self.code_ids.get(d.code_guid)
            if doc_id is None or code_id is None:
                continue
            values = {
                "status": d.status,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at or self.stamp,
                "coding_id": self.coding_ids.get(d.coding_guid or ""),
            }
            have = ours.get((doc_id, code_id, d.start, d.end))
            if have is None:
                rows.append(
                    {
                        "document_id": doc_id,
                        "code_id": code_id,
                        "start": d.start,
                        "end": d.end,
                        "keyword": d.keyword,
                        "score": d.score,
                        "created_at": self.stamp,
                        **values,
                    }
                )
                ours[doc_id, code_id, d.start, d.end] = {"status": d.status}
            elif have["status"] == "open":
                self.ch.update("suggestions", have["id"], values)
                have["status"] = d.status
            elif have["status"] != d.status:
                self.conflict(
                    "decision",
                    f"suggestion {d.start}-{d.end}",
                    str(have["status"]),
                    d.status,
                    "kept ours",
                )
                continue
            else:
                continue
            self.report.decisions_added += 1
        self.ch.insert_many("suggestions", rows)

    def summaries(self) -> None:
        ours = {
            (r["code_id"], r["by"], r["case_value"]): r["text"]
            for r in self.project.query("SELECT code_id, by, case_value, text FROM summaries")
        }
        guids = {r["guid"] for r in self.project.query("SELECT guid FROM summaries")}
        rows = []
        for summary in self.bundle.summaries:
            code_id = self.code_ids.get(summary.code_guid)
            if code_id is None:
                self.report.warnings.append(
                    f"summary of '{summary.case_value}': its code is not in the merge; left out"
                )
                continue
            cell = (code_id, summary.by, summary.case_value)
            have = ours.get(cell)
            if have is None:
                guid = summary.guid if summary.guid and summary.guid not in guids else new_guid()
                guids.add(guid)
                rows.append(
                    {
                        "guid": guid,
                        "code_id": code_id,
                        "by": summary.by,
                        "case_value": summary.case_value,
                        "text": summary.text,
                        "author": summary.author,
                        "created_at": summary.created_at or self.stamp,
                        "updated_at": summary.updated_at or summary.created_at or self.stamp,
                    }
                )
                ours[cell] = summary.text
            elif have != summary.text:
                self.conflict(
                    "summary",
                    f"{self._code_label(code_id)} × {summary.by}={summary.case_value}",
                    have,
                    summary.text,
                    "kept ours",
                )
        self.ch.insert_many("summaries", rows)
        self.report.summaries_added = len(rows)

    def views(self) -> None:
        ours = {r["name"]: r["spec"] for r in self.project.query("SELECT name, spec FROM views")}
        rows = []
        for view in self.bundle.views:
            have = ours.get(view.name)
            if have is None:
                rows.append(
                    {
                        "name": view.name,
                        "spec": view.spec,
                        "created_by": view.created_by,
                        "created_at": view.created_at or self.stamp,
                        "updated_at": self.stamp,
                    }
                )
                ours[view.name] = view.spec
            elif have != view.spec:
                self.conflict("view", view.name, have, view.spec, "kept ours")
        self.ch.insert_many("views", rows)
        self.report.views_added = len(rows)


def _document_row(
    doc: InDocument, guid: str, name: str, kind: str, digest: str, stamp: str
) -> dict[str, Any]:
    return {
        "guid": guid,
        "name": name,
        "kind": kind,
        "text": doc.text,
        "content_hash": digest,
        "original_path": doc.original_path,
        "imported_at": doc.imported_at or stamp,
        "imported_by": doc.imported_by,
        "metadata": json.dumps(doc.metadata, ensure_ascii=False),
        "sections": sections_to_json(doc.sections),
        "turns": turns_to_json(doc.turns),
    }


def _parents_first(codes: list[InCode]) -> list[InCode]:
    """Codes ordered so a parent comes before its children (a parent outside the bundle,
    or a cycle, leaves a code at the top level)."""
    by_guid = {c.guid: c for c in codes}
    done: set[str] = set()
    ordered: list[InCode] = []

    def visit(code: InCode, seen: frozenset[str]) -> None:
        if code.guid in done:
            return
        parent = by_guid.get(code.parent_guid or "")
        if parent is not None and parent.guid not in seen:
            visit(parent, seen | {code.guid})
        done.add(code.guid)
        ordered.append(code)

    for code in codes:
        visit(code, frozenset())
    return ordered
