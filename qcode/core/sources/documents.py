"""Documents in a project: importing sources, their attributes, reading them back.

An import stores all its files in one transaction: either the whole batch is in the
project (one undoable step) or, on a bad file, nothing is. `skip_errors` turns bad files
into a list of skipped files instead, for users who would rather import the rest. Each file
is written as soon as it is read (by worker processes on a large import, `reading.py`), so
memory holds a few documents at a time, not the corpus (20,000 interviews are 400 MB).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qcode.core.errors import InputError, NotFound, QcodeError, did_you_mean
from qcode.core.importers import SUPPORTED_EXTENSIONS, ImportedSource
from qcode.core.importers.readings import STRUCTURES
from qcode.core.model import KINDS, Document
from qcode.core.project.backup import snapshot_before
from qcode.core.project.store import Project, new_guid, now
from qcode.core.rows import document_from_row
from qcode.core.safetext import check_name
from qcode.core.sources.attributes_csv import (
    AttributeTable,
    UnmatchedRow,
    match_rows,
    read_attributes_csv,
)
from qcode.core.sources.reading import ReadFile, read_files


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)  # document names
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    notes: list[str] = field(default_factory=list)
    attributes_set: int = 0
    # attributes CSV rows that set nothing (no file, or several, fit their name)
    unmatched_rows: list[UnmatchedRow] = field(default_factory=list)


@dataclass
class _Stored:
    """What an import keeps of a document once its row is written: no text."""

    path: Path
    name: str
    document_id: int
    kind: str
    suggested_kind: str | None


def import_files(
    project: Project,
    paths: list[Path],
    kind: str | None = None,
    attributes_csv: Path | None = None,
    skip_errors: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
    structure: str = "auto",
) -> ImportResult:
    """Import `paths` (folders stand for their source files) as one step.

    `progress(n, total, path)` is called as the n-th file is read, for a progress bar.
    `structure` (`auto`, `sections`, `turns`, `none`) overrides how labels are read; on
    `auto`, a file with a second plausible reading gets a note saying how to choose it."""

    if kind is not None and kind not in KINDS:
        raise QcodeError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    if structure not in STRUCTURES:
        raise QcodeError(f"unknown structure '{structure}'; choose one of {', '.join(STRUCTURES)}")
    themes = _theme_names(project) if structure == "auto" else set()
    result = ImportResult()
    table = read_attributes_csv(attributes_csv) if attributes_csv else None

    files = expand_folders(paths)
    params: dict[str, Any] = {"files": [str(p) for p in paths], "kind": kind}
    if structure != "auto":
        params["structure"] = structure
    # Files are read inside the transaction and each is written as it arrives: a bad file
    # still rolls back the batch, and only a few documents are held in memory. Other
    # writers wait for the import (readers do not: the project is in WAL).
    with project.change("import", params=params) as ch:
        known = {
            r["content_hash"]: r["name"]
            for r in project.query("SELECT name, content_hash FROM documents")
        }
        earlier = sorted(r["name"] for r in project.query("SELECT name FROM documents"))
        taken = set(earlier)
        # Rows are matched to every file named now, so each document is written with its
        # final kind; matched again below if a skipped file changed what fits.
        named = list(dict.fromkeys([p.name for p in files] + earlier))
        rows_for = _rows_for(table, named, result)
        stamp = now()
        fresh: list[_Stored] = []
        for done, read in enumerate(read_files(files, structure, themes=themes), start=1):
            path = read.path
            if progress is not None:
                progress(done, len(files), path)
            if read.error is not None:
                if not skip_errors:
                    raise read.error
                result.skipped.append((read.error.path, read.error.reason))
                continue
            source, read.source = read.source, None
            assert source is not None
            result.notes.extend(f"{path}: {note}" for note in source.notes)
            if read.structure_note:
                result.notes.append(f"{path}: {read.structure_note}")
            digest = read.digest
            if digest in known:
                why = f"identical to '{known[digest]}', already imported"
                if structure != "auto":  # the structure is kept with the text it was read from
                    why += f"; remove it first to read it again with --structure {structure}"
                result.skipped.append((str(path), why))
                continue
            name = unique_name(path.name, taken)
            taken.add(name)
            known[digest] = name
            row_kind = _row_kind(rows_for.get(path.name))
            doc_kind = kind or row_kind or source.suggested_kind or "other"
            suggested = source.suggested_kind
            row = _document_row(read, source, name, doc_kind, stamp, project.coder)
            del source  # the row holds the text until it is written
            fresh.append(_Stored(path, name, ch.insert("documents", row), doc_kind, suggested))

        # A row fits a file being imported or, failing that, a document imported earlier.
        stored = list(dict.fromkeys([item.path.name for item in fresh] + earlier))
        if table and stored != named:
            rows_for = _rows_for(table, stored, result)
        attributes = []
        for item in fresh:
            row_name, row_values = rows_for.pop(item.path.name, ("", {}))
            attrs = dict(row_values)
            row_kind = attrs.pop("kind", "").strip().lower()
            if row_kind and row_kind not in KINDS:
                assert table is not None
                raise InputError(
                    table.path,
                    f"unknown kind '{row_kind}' for {item.path.name}",
                    table.lines.get(row_name),
                )
            final = kind or row_kind or item.suggested_kind or "other"
            if final != item.kind:  # only when a skipped file changed a row's match
                ch.update("documents", item.document_id, {"kind": final})
            attributes += [
                {"document_id": item.document_id, "key": k, "value": v}
                for k, v in attrs.items()
                if v != ""
            ]
            result.imported.append(item.name)
        ch.insert_many("attributes", attributes)
        result.attributes_set = len(attributes)

        # Rows for documents imported earlier update those documents' attributes.
        for name, (_, attrs) in rows_for.items():
            doc = project.query("SELECT id FROM documents WHERE name = ?", [name])
            if not doc:
                continue
            attrs = {k: v for k, v in attrs.items() if k != "kind" and v != ""}
            result.attributes_set += set_attributes(ch, doc[0]["id"], attrs)
        ch.summary = f"imported {len(fresh)} document(s)" + (
            f", skipped {len(result.skipped)}" if result.skipped else ""
        )
    return result


def _rows_for(
    table: AttributeTable | None, file_names: list[str], result: ImportResult
) -> dict[str, tuple[str, dict[str, str]]]:
    """Each file name with the attributes CSV row that fits it (row name, values); the rows
    that fit none go to `result.unmatched_rows`."""
    if table is None:
        return {}
    matches = match_rows(table, file_names)
    result.unmatched_rows = matches.unmatched
    return {file: (row, table.rows[row]) for row, file in matches.files.items()}


def _row_kind(entry: tuple[str, dict[str, str]] | None) -> str:
    """The kind an attributes row gives, if it names one qcode knows (an unknown one is
    refused, naming its line, once every file is read)."""
    value = (entry[1].get("kind", "") if entry else "").strip().lower()
    return value if value in KINDS else ""


def _theme_names(project: Project) -> set[str]:
    """The codebook's names and keys, casefolded, for telling theme headings from speakers."""
    rows = project.query("SELECT key, name FROM codes")
    return {r[col].casefold() for r in rows for col in ("key", "name") if r[col]}


def _document_row(
    read: ReadFile, source: ImportedSource, name: str, kind: str, stamp: str, coder: str
) -> dict[str, Any]:
    """The documents row for one imported file."""
    return {
        "guid": new_guid(),
        "name": name,
        "kind": kind,
        "text": source.text,
        "content_hash": read.digest,
        "original_path": read.original,
        "imported_at": stamp,
        "imported_by": coder,
        "metadata": json.dumps({**source.metadata, "notes": source.notes}, ensure_ascii=False),
        "sections": read.sections_json,  # encoded where the file was read
        "turns": read.turns_json,
    }


def expand_folders(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the source files in it and its subfolders
    (by extension, hidden files left out), in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            out.append(path)
    return out


def set_attributes(ch: Any, document_id: int, attrs: dict[str, str]) -> int:
    """Set (insert or change) attributes of one document within a change; returns count."""
    project: Project = ch.project
    existing = {
        r["key"]: r
        for r in project.query(
            "SELECT id, key, value FROM attributes WHERE document_id = ?", [document_id]
        )
    }
    changed = 0
    for key, value in attrs.items():
        if key in existing:
            if existing[key]["value"] != value:
                ch.update("attributes", existing[key]["id"], {"value": value})
                changed += 1
        else:
            check_name(key, "attribute name")  # shown in listings: no control characters
            ch.insert("attributes", {"document_id": document_id, "key": key, "value": value})
            changed += 1
    return changed


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2).ext`, `name (3).ext`, … when taken: a second file of the same
    name (an import, a merged colleague's copy) is kept beside the first, never over it."""
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem} ({n}).{ext}" if dot else f"{stem} ({n})"
        if candidate not in taken:
            return candidate
        n += 1


# -- reading ---------------------------------------------------------------------------


def attributes_by_document(project: Project) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = {}
    for r in project.query("SELECT document_id, key, value FROM attributes ORDER BY key"):
        out.setdefault(r["document_id"], {})[r["key"]] = r["value"]
    return out


def document_texts(project: Project, doc_ids: Iterable[int]) -> dict[int, str]:
    """Each document's text read once (not once per coding: a long transcript with
    thousands of codings would be copied thousands of times)."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    rows = project.query(
        f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids
    )
    return {r["id"]: r["text"] for r in rows}


def attribute_values(project: Project) -> dict[str, dict[str, int]]:
    """Each attribute with the values it takes and how many documents have each: what a
    person checks after loading an attributes CSV (typos show up as a value of one)."""
    table: dict[str, dict[str, int]] = {}
    for attrs in attributes_by_document(project).values():
        for key, value in attrs.items():
            table.setdefault(key, {}).setdefault(value, 0)
            table[key][value] += 1
    return table


def speaker_turns(document: Document) -> dict[str, int]:
    """How many turns each speaker of a transcript has, in order of first appearance."""
    speakers: dict[str, int] = {}
    for turn in document.turns:
        speakers[turn.speaker] = speakers.get(turn.speaker, 0) + 1
    return speakers


@dataclass(frozen=True)
class DocumentSummary:
    document: Document  # without text
    chars: int
    codings: int


def list_documents(project: Project) -> list[DocumentSummary]:
    """All documents (text left out), grouped by kind then name, with coding counts."""
    attrs = attributes_by_document(project)
    rows = project.query(
        "SELECT d.id, d.guid, d.name, d.kind, d.content_hash, d.original_path, d.imported_at, "
        "d.imported_by, d.metadata, length(d.text) AS chars, "
        "(SELECT count(*) FROM codings c WHERE c.document_id = d.id) AS codings "
        "FROM documents d ORDER BY d.kind, d.name"
    )
    return [
        DocumentSummary(document_from_row(r, attrs.get(r["id"], {})), r["chars"], r["codings"])
        for r in rows
    ]


def get_document(project: Project, ref: str | int) -> Document:
    """A document by name (as `docs` lists it) or by numeric id."""
    rows = project.query("SELECT * FROM documents WHERE name = ?", [str(ref)])
    if not rows and str(ref).isdigit() and int(ref) < 2**63:  # SQLite's largest integer
        rows = project.query("SELECT * FROM documents WHERE id = ?", [int(ref)])
    if not rows:  # ignoring case, beyond ASCII too (SQLite's lower() folds only A-Z)
        wanted = str(ref).casefold()
        names = [r["name"] for r in project.query("SELECT name FROM documents")]
        same = [n for n in names if n.casefold() == wanted]
        if not same:
            raise NotFound(f"no document named '{ref}'{did_you_mean(str(ref), names)}")
        rows = project.query("SELECT * FROM documents WHERE name = ?", [same[0]])
    row = rows[0]
    attrs = attributes_by_document(project).get(row["id"], {})
    return document_from_row(row, attrs)


# -- changing what was imported ------------------------------------------------------------


def remove_document(project: Project, ref: str | int) -> tuple[Document, int]:
    """Remove a document with its codings, attributes and memos, as one undoable step.

    Returns the document and how many codings went with it."""
    doc = get_document(project, ref)
    snapshot_before(project, "remove")
    with project.change("remove", f"removed document {doc.name}", {"document": doc.name}) as ch:
        codings = project.query("SELECT id FROM codings WHERE document_id = ?", [doc.id])
        for row in codings:
            ch.delete("codings", row["id"])
        for table in ("attributes", "suggestions"):
            for row in project.query(f"SELECT id FROM {table} WHERE document_id = ?", [doc.id]):
                ch.delete(table, row["id"])
        for row in project.query(
            "SELECT id FROM memos WHERE target = 'document' AND target_id = ?", [doc.id]
        ):
            ch.delete("memos", row["id"])
        ch.delete("documents", doc.id)
    return doc, len(codings)


def set_document_attributes(project: Project, ref: str | int, attrs: dict[str, str]) -> int:
    """Set attributes of one document; an empty value removes the attribute."""
    doc = get_document(project, ref)
    for key in attrs:
        if not key.strip():
            raise QcodeError("an attribute needs a name (KEY=VALUE)")
    summary = ", ".join(f"{k}={v}" for k, v in attrs.items())
    with project.change("attributes", f"{doc.name}: {summary}", {"document": doc.name}) as ch:
        changed = set_attributes(ch, doc.id, {k: v for k, v in attrs.items() if v != ""})
        for key in (k for k, v in attrs.items() if v == ""):
            row = project.query(
                "SELECT id FROM attributes WHERE document_id = ? AND key = ?", [doc.id, key]
            )
            if row:
                ch.delete("attributes", row[0]["id"])
                changed += 1
    return changed


def load_attributes(project: Project, csv_path: Path) -> tuple[int, list[str]]:
    """Apply an attributes CSV to documents already imported; returns (values set,
    file names in the CSV that match no document)."""
    table = read_attributes_csv(csv_path)
    names = [r["name"] for r in project.query("SELECT name FROM documents")]
    matches = match_rows(table, names)
    unknown = [row.name for row in matches.unmatched]
    changed = 0
    with project.change(
        "attributes", f"attributes from {csv_path.name}", {"file": str(csv_path)}
    ) as ch:
        for row_name, name in matches.files.items():
            attrs = table.rows[row_name]
            doc = project.query("SELECT id FROM documents WHERE name = ?", [name])
            values = {k: v for k, v in attrs.items() if k != "kind" and v != ""}
            changed += set_attributes(ch, doc[0]["id"], values)
    return changed, unknown
