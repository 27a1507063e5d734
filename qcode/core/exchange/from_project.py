"""Reading another copy of a qcode project into a `Bundle`, for `qcode merge`.

The other file belongs to a colleague: it is never written to, not even migrated. At our
schema it is read through a read-only connection. Made by an older qcode, it is copied
(SQLite's online backup, safe while its owner has it open) beside our own project —
sensitive text stays where the project is allowed to be, not in a shared /tmp — and the
copy is opened, brought to our schema, read and removed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from qcode.core.errors import QcodeError
from qcode.core.project.schema import SCHEMA_VERSION
from qcode.core.project.store import APP_ID, Project
from qcode.core.project.tempfiles import remove_stale, temp_name
from qcode.core.rows import code_from_row, document_from_row

from .bulk import without_gc_pauses
from .bundle import (
    Bundle,
    InCode,
    InCoding,
    InDecision,
    InDocument,
    InMemo,
    InPseudonym,
    InSummary,
    InView,
)

_TAG = "merging"


@without_gc_pauses()
def read_project(path: Path, into: Project) -> Bundle:
    """The whole of the project at `path` as a bundle; `into` is the project it is about
    to be merged into (refused when it is the same file)."""
    path = Path(path)
    if not path.exists():
        raise QcodeError(f"{path}: no such project")
    if path.is_dir():
        raise QcodeError(f"{path}: is a folder, not a project file")
    if os.path.samefile(path, into.path):
        raise QcodeError(f"{path}: is the open project itself; merge another copy of it")
    known = {r["content_hash"] for r in into.query("SELECT content_hash FROM documents")}
    direct = _open_read_only(path, into.coder)
    if direct is not None:
        with direct:
            return _bundle(direct, str(path), known)
    remove_stale(into.path, _TAG)
    copy = temp_name(into.path, _TAG)
    try:
        _copy(path, copy)
        try:
            other = Project.open(copy, coder=into.coder)
        except QcodeError as exc:
            raise QcodeError(str(exc).replace(str(copy), str(path))) from None
        with other:
            return _bundle(other, str(path), known)
    finally:
        for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            leftover.unlink(missing_ok=True)


def project_bundle(project: Project) -> Bundle:
    """The whole of an open project as a bundle: what an export to REFI-QDA writes out,
    read the same way `qcode merge` reads a colleague's copy."""
    return _bundle(project, str(project.path), set())


def _open_read_only(path: Path, coder: str) -> Project | None:
    """Their file opened read-only when it is a project at our schema (the common case: a
    copy made by the same qcode); None when it needs the copy and its migration, or a
    closer look (which the copy's opening gives, with the reason in words)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = dict(
            conn.execute("SELECT key, value FROM meta WHERE key IN ('app', 'schema_version')")
        )
    except sqlite3.Error:
        conn.close()
        return None
    if rows.get("app") != APP_ID or rows.get("schema_version") != str(SCHEMA_VERSION):
        conn.close()
        return None
    return Project(path, conn, coder)


def _copy(path: Path, copy: Path) -> None:
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise QcodeError(f"{path}: cannot be read ({exc})") from None
    try:
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise QcodeError(f"{path}: not a qcode project ({exc})") from None
    finally:
        source.close()


def _bundle(other: Project, origin: str, known: set[str]) -> Bundle:
    """Their project as a bundle; `known` holds the content hashes of our documents."""
    q = other.query
    attributes: dict[int, dict[str, str]] = {}
    for row in q("SELECT document_id, key, value FROM attributes ORDER BY id"):
        attributes.setdefault(row["document_id"], {})[row["key"]] = row["value"]
    doc_guid: dict[int, str] = {}
    documents = []
    listing = (
        "id, guid, name, kind, content_hash, original_path, imported_at, imported_by, metadata"
    )
    for row in q(f"SELECT {listing} FROM documents ORDER BY id"):
        doc_guid[row["id"]] = row["guid"]
        if row["content_hash"] in known:  # ours has this text: the hash is enough
            documents.append(
                InDocument(
                    guid=row["guid"],
                    name=row["name"],
                    text="",
                    content_hash=row["content_hash"],
                    attributes=attributes.get(row["id"], {}),
                )
            )
            continue
        full = q("SELECT * FROM documents WHERE id = ?", [row["id"]])[0]
        doc = document_from_row(full, attributes.get(row["id"], {}))
        documents.append(
            InDocument(
                guid=doc.guid,
                name=doc.name,
                text=doc.text,
                kind=doc.kind,
                metadata=doc.metadata,
                sections=doc.sections,
                turns=doc.turns,
                attributes=doc.attributes,
                imported_at=doc.imported_at,
                imported_by=doc.imported_by,
                original_path=doc.original_path,
            )
        )
    code_rows = q("SELECT * FROM codes ORDER BY sort_order, id")
    code_guid = {r["id"]: r["guid"] for r in code_rows}
    codes = []
    for row in code_rows:
        code = code_from_row(row)
        codes.append(
            InCode(
                guid=code.guid,
                key=code.key,
                name=code.name,
                parent_guid=code_guid.get(code.parent_id) if code.parent_id else None,
                level=code.level,
                colour=code.colour,
                description=code.description,
                include_note=code.include_note,
                exclude_note=code.exclude_note,
                keywords=code.keywords,
                aliases=code.aliases,
                shortcut=code.shortcut,
                sort_order=code.sort_order,
                created_at=row["created_at"],
                created_by=row["created_by"],
            )
        )
    # the codings are most of a copy's rows: read as tuples, not as dicts by name
    coding_rows = other.conn.execute(
        'SELECT id, guid, document_id, code_id, start, "end", coder, created_at, memo, '
        "derived_from FROM codings ORDER BY id"
    ).fetchall()
    coding_guid = {r[0]: r[1] for r in coding_rows}
    codings = [
        InCoding(
            guid=guid,
            document_guid=doc_guid[document_id],
            code_guid=code_guid[code_id],
            start=start,
            end=end,
            coder=coder,
            created_at=created_at,
            memo=memo,
            derived_from_guid=coding_guid.get(derived_from) if derived_from else None,
        )
        for (
            _,
            guid,
            document_id,
            code_id,
            start,
            end,
            coder,
            created_at,
            memo,
            derived_from,
        ) in coding_rows
    ]
    memos = []
    for r in q("SELECT * FROM memos ORDER BY id"):
        targets = doc_guid if r["target"] == "document" else code_guid
        memos.append(
            InMemo(
                guid=r["guid"],
                target=r["target"],
                target_guid=None if r["target"] == "project" else targets.get(r["target_id"]),
                text=r["text"],
                author=r["author"],
                created_at=r["created_at"],
                updated_at=r["updated_at"],
            )
        )
    pseudonyms = [
        InPseudonym(real=r["real"], alias=r["alias"], created_by=r["created_by"])
        for r in q("SELECT * FROM pseudonyms ORDER BY id")
    ]
    decisions = [
        InDecision(
            document_guid=doc_guid[r["document_id"]],
            code_guid=code_guid[r["code_id"]],
            start=r["start"],
            end=r["end"],
            status=r["status"],
            keyword=r["keyword"],
            score=r["score"],
            decided_by=r["decided_by"] or "",
            decided_at=r["decided_at"] or "",
            coding_guid=coding_guid.get(r["coding_id"]) if r["coding_id"] else None,
        )
        for r in q("SELECT * FROM suggestions WHERE status != 'open' ORDER BY id")
    ]
    summaries = [
        InSummary(
            guid=r["guid"],
            code_guid=code_guid[r["code_id"]],
            by=r["by"],
            case_value=r["case_value"],
            text=r["text"],
            author=r["author"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
        )
        for r in q("SELECT * FROM summaries ORDER BY id")
    ]
    views = [
        InView(r["name"], r["spec"], r["created_by"], r["created_at"])
        for r in q("SELECT * FROM views ORDER BY id")
    ]
    return Bundle(origin, documents, codes, codings, memos, pseudonyms, decisions, summaries, views)
