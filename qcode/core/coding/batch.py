"""Coding in bulk: many codings made (or removed) from JSON lines as one change.

A script that codes one span per `qcode code` call pays the command's start-up every time
(5,000 spans take minutes). A batch is read whole, checked whole, and written in one
transaction under one audit entry, so it costs about what its rows cost and `qcode undo`
takes it back in one step.

Why it is checked before anything is written: a batch that is half applied is worse than
one refused, because the script that made it cannot tell which half. Every line is parsed
and resolved first; any bad line (not JSON, a field missing, misspelt or of the wrong type,
an unknown document or code, a span outside the text) is reported as `FILE:LINE: why`, with
how many more lines are bad, and the project is left as it was.

The rules are those of a single `add_coding`: a document by name (as `qcode docs` lists
it, case ignored) or id, a code as `resolve_code` finds it, spans `[start, end)` in code
points of the stored text that hold more than white space, and a coding that repeats one
already made (same document, span, code and coder) refused, unless the caller asks to skip
such repeats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from qcode.core.codebook.codes import resolve_code
from qcode.core.errors import InputError, QcodeError, did_you_mean
from qcode.core.model import Code
from qcode.core.project.store import Change, Project, RowChange, new_guid, now
from qcode.core.safetext import check_name

REQUIRED = ("document", "start", "end", "code")
CODE_FIELDS = (*REQUIRED, "coder", "memo")
UNCODE_FIELDS = (*REQUIRED, "coder")
EXAMPLE = '{"document": "intervju-1.txt", "start": 0, "end": 12, "code": "power"}'
_CHUNK = 500  # ids per `IN (...)`: well under SQLite's limit on parameters


@dataclass(frozen=True)
class BatchLine:
    """One line of a batch as given: the document and code still as the user named them."""

    number: int
    document: str
    start: int
    end: int
    code: str
    coder: str | None
    memo: str


@dataclass(frozen=True)
class BatchResult:
    """What a batch did: codings added (or removed), repeats skipped, and the audit entry
    that `qcode undo` reverts (None when nothing changed)."""

    lines: int
    added: int
    skipped: int
    removed: int
    audit_id: int | None


class _Problems:
    """Bad lines, gathered so the one line reported can say how many more there are."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: dict[int, str] = {}

    def add(self, number: int, why: str) -> None:
        self.found.setdefault(number, why)

    def raise_any(self) -> None:
        if not self.found:
            return
        first = min(self.found)
        more = len(self.found) - 1
        tail = f" (and {more} more bad line{'s' if more > 1 else ''})" if more else ""
        raise InputError(self.source, self.found[first] + tail, first)


# -- reading ---------------------------------------------------------------------------


def _read(
    data: bytes, source: str, fields: tuple[str, ...], problems: _Problems
) -> list[BatchLine]:
    """The good lines; the bad ones go to `problems`, to be reported with those the project
    finds (an unknown document on line 7 comes before a typo on line 9)."""
    lines = _parse(data, fields, problems)
    if not lines and not problems.found:
        raise InputError(source, "the batch is empty: give one JSON object per line")
    return lines


def _parse(data: bytes, fields: tuple[str, ...], problems: _Problems) -> list[BatchLine]:
    lines: list[BatchLine] = []
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors write
        data = data[3:]
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.add(number, f"not UTF-8 text (byte {exc.start + 1} of the line)")
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text, object_pairs_hook=_no_repeated_keys)
        except _RepeatedKey as exc:
            problems.add(number, f"field '{exc}' is given twice")
            continue
        except ValueError as exc:  # JSONDecodeError is a ValueError
            problems.add(number, f"not JSON ({_json_reason(exc)})")
            continue
        except RecursionError:
            problems.add(number, "not JSON that can be read (nested too deeply)")
            continue
        line = _line(number, value, fields, problems)
        if line is not None:
            lines.append(line)
    return lines


class _RepeatedKey(ValueError):
    """An object that names one field twice (JSON allows it; a batch line may not)."""


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def _json_reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return str(exc)


def _line(
    number: int, value: Any, fields: tuple[str, ...], problems: _Problems
) -> BatchLine | None:
    if not isinstance(value, dict):
        problems.add(number, f"a JSON {_kind(value)}, not an object like {EXAMPLE}")
        return None
    unknown = [k for k in value if k not in fields]
    if unknown:
        problems.add(number, f"unknown field '{unknown[0]}' (a line may hold {', '.join(fields)})")
        return None
    missing = [k for k in REQUIRED if k not in value]
    if missing:
        problems.add(number, f"missing field '{missing[0]}' (needs {', '.join(REQUIRED)})")
        return None
    document = value["document"]
    if not (_is_int(document) or isinstance(document, str)) or document == "":
        problems.add(number, f"'document' must be a document's name or id, not {_shown(document)}")
        return None
    for key in ("start", "end"):
        if not _is_int(value[key]) or value[key] < 0:
            problems.add(number, f"'{key}' must be a whole number from 0, not {_shown(value[key])}")
            return None
    for key in ("code", "coder", "memo"):
        if key in value and not isinstance(value[key], str):
            problems.add(number, f"'{key}' must be a string, not {_shown(value[key])}")
            return None
    start, end = value["start"], value["end"]
    if end < start:
        problems.add(number, f"'end' {end} is before 'start' {start}")
        return None
    if end == start:
        problems.add(number, f"the span {start}-{end} is empty ('end' is exclusive)")
        return None
    if not value["code"].strip():
        problems.add(number, "'code' is empty")
        return None
    coder = value.get("coder")
    if coder is not None:
        if not coder.strip():
            problems.add(number, "'coder' is empty (leave it out for the project's coder)")
            return None
        try:
            check_name(coder, "coder name")
        except QcodeError as exc:
            problems.add(number, str(exc))
            return None
    return BatchLine(number, str(document), start, end, value["code"], coder, value.get("memo", ""))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "number"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


# -- resolving names in the project ----------------------------------------------------


class _Documents:
    """Documents by the names a line may use, read once per batch: a name as listed, an
    id, or a name in another case, the order `get_document` tries them in. Texts are read
    only for the documents a batch names."""

    def __init__(self, project: Project) -> None:
        self.project = project
        rows: list[tuple[int, str]] = project.conn.execute(
            "SELECT id, name FROM documents"
        ).fetchall()
        self.by_name: dict[str, int] = {name: doc_id for doc_id, name in rows}
        self.names: dict[int, str] = {doc_id: name for doc_id, name in rows}
        folded: dict[str, int] = {}
        for doc_id, name in sorted(rows):
            folded.setdefault(name.casefold(), doc_id)
        self.folded = folded
        self.texts: dict[int, str] = {}

    def resolve(self, ref: str) -> int:
        if ref in self.by_name:
            return self.by_name[ref]
        if ref.isascii() and ref.isdigit() and int(ref) in self.names:
            return int(ref)
        if ref.casefold() in self.folded:
            return self.folded[ref.casefold()]
        raise QcodeError(f"no document named '{ref}'{did_you_mean(ref, self.by_name)}")

    def load_texts(self, ids: Iterable[int]) -> None:
        for chunk in _chunks(sorted(set(ids) - set(self.texts))):
            marks = ", ".join("?" for _ in chunk)
            for doc_id, text in self.project.conn.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk
            ):
                self.texts[doc_id] = text


@dataclass(frozen=True)
class _Resolved:
    line: BatchLine
    document_id: int
    code: Code
    coder: str


def _resolve(
    project: Project, lines: list[BatchLine], problems: _Problems, check_spans: bool
) -> list[_Resolved]:
    """Each line's document and code found (each name looked up once), and with
    `check_spans` its span checked against the text as `add_coding` checks it."""
    documents = _Documents(project)
    codes: dict[str, Code | str] = {}
    found: list[_Resolved] = []
    for line in lines:
        try:
            document_id = documents.resolve(line.document)
        except QcodeError as exc:
            problems.add(line.number, str(exc))
            continue
        if line.code not in codes:
            try:
                codes[line.code] = resolve_code(project, line.code)
            except QcodeError as exc:
                codes[line.code] = str(exc)
        code = codes[line.code]
        if isinstance(code, str):
            problems.add(line.number, code)
            continue
        found.append(_Resolved(line, document_id, code, line.coder or project.coder))
    if check_spans:
        documents.load_texts(r.document_id for r in found)
        kept = []
        for r in found:
            why = _span_problem(
                r.line, documents.names[r.document_id], documents.texts[r.document_id]
            )
            if why:
                problems.add(r.line.number, why)
            else:
                kept.append(r)
        found = kept
    return found


def _span_problem(line: BatchLine, name: str, text: str) -> str | None:
    start, end = line.start, line.end
    if end > len(text):
        return f"span {start}-{end} is not inside '{name}' (0-{len(text)}; start < end)"
    if not text[start:end].strip():
        return f"span {start}-{end} of '{name}' holds only white space"
    return None


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _codings_of(project: Project, document_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Every coding of these documents, as full rows (the images the audit log keeps)."""
    rows: list[dict[str, Any]] = []
    conn = project.conn
    for chunk in _chunks(sorted(set(document_ids))):
        marks = ", ".join("?" for _ in chunk)
        cursor = conn.execute(f"SELECT * FROM codings WHERE document_id IN ({marks})", chunk)
        columns = [d[0] for d in cursor.description]
        rows.extend(dict(zip(columns, values, strict=True)) for values in cursor)
    return rows


# -- coding ----------------------------------------------------------------------------


def code_batch(
    project: Project, data: bytes, source: str, skip_existing: bool = False
) -> BatchResult:
    """Make the codings a batch of JSON lines asks for, all or none, as one undoable change.

    A line that repeats a coding already made, or made by an earlier line, is refused as
    `qcode code` refuses it; with `skip_existing` it is passed over and counted instead, so
    a script can run the same batch again."""
    problems = _Problems(source)
    lines = _read(data, source, CODE_FIELDS, problems)
    summary = f"coded {len(lines)} span{'s' if len(lines) != 1 else ''} from {source}"
    with project.change("code", summary, {"batch": source, "lines": len(lines)}) as ch:
        resolved = _resolve(project, lines, problems, check_spans=True)
        made: dict[tuple[int, int, int, int, str], str] = {
            (r["document_id"], r["code_id"], r["start"], r["end"], r["coder"]): f"coding {r['id']}"
            for r in _codings_of(project, {r.document_id for r in resolved})
        }
        rows, skipped, stamp = [], 0, now()
        for r in resolved:
            line = r.line
            key = (r.document_id, r.code.id, line.start, line.end, r.coder)
            if key in made:
                if skip_existing:
                    skipped += 1
                    continue
                earlier = made[key]
                problems.add(
                    line.number,
                    f"repeats {earlier} (the same document, span, code and coder)"
                    if earlier.startswith("line")
                    else f"{line.document} {line.start}-{line.end} is already coded as "
                    f"{r.code.key} by {r.coder} ({earlier})",
                )
                continue
            made[key] = f"line {line.number}"
            rows.append(
                {
                    "guid": new_guid(),
                    "document_id": r.document_id,
                    "code_id": r.code.id,
                    "start": line.start,
                    "end": line.end,
                    "coder": r.coder,
                    "created_at": stamp,
                    "memo": line.memo,
                }
            )
        problems.raise_any()  # inside the change: raising rolls back, nothing is written
        ch.insert_many("codings", rows)
    audit_id = project.last_audit_id if rows else None
    return BatchResult(len(lines), len(rows), skipped, 0, audit_id)


def uncode_batch(project: Project, data: bytes, source: str) -> BatchResult:
    """Remove the codings a batch of JSON lines names (document, span, code, and coder if
    given: without one, every coder's coding of that span), all or none, as one undoable
    change. A line that matches no coding is an error: a script that removes what is not
    there has a wrong idea of the project."""
    problems = _Problems(source)
    lines = _read(data, source, UNCODE_FIELDS, problems)
    summary = f"removed codings of {len(lines)} line{'s' if len(lines) != 1 else ''} of {source}"
    with project.change("uncode", summary, {"batch": source, "lines": len(lines)}) as ch:
        resolved = _resolve(project, lines, problems, check_spans=False)
        by_span: dict[tuple[int, int, int, int], list[dict[str, Any]]] = {}
        for row in _codings_of(project, {r.document_id for r in resolved}):
            key = (row["document_id"], row["code_id"], row["start"], row["end"])
            by_span.setdefault(key, []).append(row)
        claimed: dict[int, int] = {}  # coding id -> the line that removes it
        doomed: list[dict[str, Any]] = []
        for r in resolved:
            line = r.line
            key = (r.document_id, r.code.id, line.start, line.end)
            matches = [
                row
                for row in by_span.get(key, [])
                if line.coder is None or row["coder"] == line.coder
            ]
            by = f" by {line.coder}" if line.coder else ""
            if not matches:
                problems.add(
                    line.number,
                    f"no coding of {line.document} {line.start}-{line.end} as {r.code.key}{by}",
                )
                continue
            fresh = [row for row in matches if row["id"] not in claimed]
            if not fresh:
                problems.add(
                    line.number, f"repeats line {claimed[matches[0]['id']]} (the same codings)"
                )
                continue
            for row in fresh:
                claimed[row["id"]] = line.number
            doomed.extend(fresh)
        problems.raise_any()
        _delete_rows(ch, doomed)
    audit_id = project.last_audit_id if doomed else None
    return BatchResult(len(lines), 0, 0, len(doomed), audit_id)


def _delete_rows(change: Change, rows: list[dict[str, Any]]) -> None:
    """Delete codings whose full rows are in hand, recording each image as `Change.delete`
    does, with one statement for all (`Change.delete` reads each row again first)."""
    change.conn.executemany("DELETE FROM codings WHERE id = ?", [(row["id"],) for row in rows])
    change.rows.extend(RowChange("codings", "delete", row["id"], row, None) for row in rows)
