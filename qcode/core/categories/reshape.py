"""Reshaping the code tree while categories are developed: merge, split, promote, demote.

Categories are drafts: two turn out to be one, one turns out to be two, a category grows
into a theme of its own. Each reshaping is one undoable step whose audit summary says
what happened, and codings keep their `derived_from`, so a category's provenance
survives being merged or split.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcode.core.categories.derive import _check_new_name, _free_key, code_path, insert_code
from qcode.core.codebook.codes import descendants, resolve_code
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.core.project.backup import snapshot_before
from qcode.core.project.store import Change, Project
from qcode.core.rows import code_from_row


@dataclass(frozen=True)
class MergeResult:
    source: Code
    target: Code
    moved: int  # codings now coded with the target
    dropped: int  # codings the target already had (same document, span and coder)
    categories: int  # child codes moved under the target


def _reparent(ch: Change, code: Code, parent: Code | None) -> None:
    """Hang `code` (with its descendants) under `parent`, or make it a theme."""
    project = ch.project
    level = parent.level + 1 if parent else 1
    ch.update("codes", code.id, {"parent_id": parent.id if parent else None, "level": level})
    shift = level - code.level
    if shift:
        for child_id in descendants(project, code.id):
            child = project.row("codes", child_id) or {}
            ch.update("codes", child_id, {"level": child["level"] + shift})


def _label(code: Code) -> str:
    return f"'{code.name}' ({code.key})"


def merge(project: Project, source: str, target: str) -> MergeResult:
    """Fold `source` into `target`: its codings and child codes move to the target, codings
    the target already has are dropped rather than doubled, and `source` is deleted.

    Works for categories and themes alike (two themes that are one, a category that is
    really its theme)."""
    src = resolve_code(project, source)
    dst = resolve_code(project, target)
    if src.id == dst.id:
        raise QcodeError(f"cannot merge {_label(src)} into itself")
    if dst.id in descendants(project, src.id):
        raise QcodeError(
            f"cannot merge {_label(src)} into its own category {_label(dst)}; "
            f"merge {dst.key} into {src.key} instead"
        )
    summary = f"merged code {_label(src)} into {_label(dst)}"
    params = {"source": src.key, "target": dst.key}
    snapshot_before(project, "codes merge")
    with project.change("code merge", summary, params) as ch:
        moved = dropped = 0
        have = {
            (r["document_id"], r["start"], r["end"], r["coder"])
            for r in project.query(
                'SELECT document_id, start, "end", coder FROM codings WHERE code_id = ?', [dst.id]
            )
        }
        for row in project.query("SELECT * FROM codings WHERE code_id = ? ORDER BY id", [src.id]):
            span = (row["document_id"], row["start"], row["end"], row["coder"])
            if span in have:
                ch.delete("codings", row["id"])
                dropped += 1
            else:
                ch.update("codings", row["id"], {"code_id": dst.id})
                have.add(span)
                moved += 1
        _move_suggestions(ch, src, dst)
        for memo in project.query(
            "SELECT id FROM memos WHERE target = 'code' AND target_id = ?", [src.id]
        ):
            ch.update("memos", memo["id"], {"target_id": dst.id})
        _move_summaries(ch, src, dst)
        children = project.query(
            "SELECT * FROM codes WHERE parent_id = ? ORDER BY sort_order", [src.id]
        )
        for child in children:
            _reparent(ch, code_from_row(child), dst)
        ch.delete("codes", src.id)
        ch.summary = (
            f"{summary}: {moved} coding(s) moved, {dropped} duplicate(s) dropped, "
            f"{len(children)} categor{'y' if len(children) == 1 else 'ies'} moved"
        )
    return MergeResult(src, resolve_code(project, dst.key), moved, dropped, len(children))


def _move_suggestions(ch: Change, src: Code, dst: Code) -> None:
    """Keyword suggestions follow their code; one the target already has is dropped."""
    project = ch.project
    have = {
        (r["document_id"], r["start"], r["end"])
        for r in project.query(
            'SELECT document_id, start, "end" FROM suggestions WHERE code_id = ?', [dst.id]
        )
    }
    for row in project.query("SELECT * FROM suggestions WHERE code_id = ? ORDER BY id", [src.id]):
        span = (row["document_id"], row["start"], row["end"])
        if span in have:
            ch.delete("suggestions", row["id"])
        else:
            ch.update("suggestions", row["id"], {"code_id": dst.id})
            have.add(span)


def split(
    project: Project,
    category: str,
    coding_ids: list[int],
    new_name: str,
    key: str | None = None,
) -> Code:
    """Move the chosen segments of `category` to a new sibling category `new_name`.

    A coding id may name the category's own coding or the segment it was derived from
    (the theme's coding on the same span): the TUI holds one, a script the other."""
    code = resolve_code(project, category)
    if code.parent_id is None:
        raise QcodeError(
            f"{_label(code)} is a theme; split one of its categories, or add a category "
            "and assign segments to it"
        )
    if not coding_ids:
        raise QcodeError("name the codings to split off")
    parent = code_from_row(project.row("codes", code.parent_id) or {})
    _check_new_name(project, parent, new_name)
    key = key or _free_key(project, new_name, parent)
    summary = f"split {len(coding_ids)} segment(s) of {_label(code)} into new category '{new_name}'"
    params = {"category": code.key, "codings": coding_ids, "name": new_name, "key": key}
    with project.change("category split", summary, params) as ch:
        chosen = _category_codings(project, code, coding_ids)
        new = insert_code(ch, new_name, key, parent)
        for coding_id in chosen:
            ch.update("codings", coding_id, {"code_id": new.id})
    return resolve_code(project, new.key)


def _category_codings(project: Project, code: Code, coding_ids: list[int]) -> list[int]:
    chosen: list[int] = []
    for coding_id in dict.fromkeys(coding_ids):
        row = project.row("codings", coding_id)
        if row is None:
            raise QcodeError(f"no coding with id {coding_id}")
        if row["code_id"] == code.id:
            found = [coding_id]
        else:
            found = [
                r["id"]
                for r in project.query(
                    "SELECT id FROM codings WHERE code_id = ? AND document_id = ? AND start = ? "
                    'AND "end" = ?',
                    [code.id, row["document_id"], row["start"], row["end"]],
                )
            ]
        if not found:
            raise QcodeError(f"coding {coding_id} is not in category '{code.name}'")
        chosen += [i for i in found if i not in chosen]
    return chosen


def promote(project: Project, category: str) -> Code:
    """Make a category a theme of its own (its sub-categories come along)."""
    code = resolve_code(project, category)
    if code.parent_id is None:
        raise QcodeError(f"{_label(code)} is already a theme")
    was = " > ".join(c.name for c in code_path(project, code)[:-1])
    with project.change(
        "code promote", f"promoted {_label(code)} from under '{was}' to a theme", {"code": code.key}
    ) as ch:
        _reparent(ch, code, None)
    return resolve_code(project, code.key)


def demote(project: Project, theme: str, under: str) -> Code:
    """Make a theme a category under another theme (its categories come along, a level
    deeper). Its codings stay as they are: they now count as the new parent's category."""
    code = resolve_code(project, theme)
    parent = resolve_code(project, under)
    if code.parent_id is not None:
        raise QcodeError(f"{_label(code)} is already a category; move it with 'qcode codes move'")
    if parent.id == code.id:
        raise QcodeError(f"cannot demote {_label(code)} under itself")
    if parent.id in descendants(project, code.id):
        raise QcodeError(f"cannot demote {_label(code)} under its own category {_label(parent)}")
    if parent.level != 1:
        raise QcodeError(
            f"{_label(parent)} is a category, not a theme; demote under a theme, or use "
            "'qcode codes move' for deeper levels"
        )
    _check_new_name(project, parent, code.name)
    with project.change(
        "code demote",
        f"demoted theme {_label(code)} to a category of {_label(parent)}",
        {"code": code.key, "under": parent.key},
    ) as ch:
        _reparent(ch, code, parent)
    return resolve_code(project, code.key)


def _move_summaries(ch: Change, src: Code, dst: Code) -> None:
    """Cell summaries follow the merged code's codings; where the target has a summary of
    the same cell already, the source's text is added beneath it (nothing is lost)."""
    query = ch.project.query
    theirs = {
        (r["by"], r["case_value"]): r
        for r in query("SELECT * FROM summaries WHERE code_id = ?", [dst.id])
    }
    for row in query("SELECT * FROM summaries WHERE code_id = ? ORDER BY id", [src.id]):
        there = theirs.get((row["by"], row["case_value"]))
        if there is None:
            ch.update("summaries", row["id"], {"code_id": dst.id})
        else:
            ch.delete("summaries", row["id"])
            ch.update("summaries", there["id"], {"text": f"{there['text']}\n\n{row['text']}"})
