"""Codes in a project: the tree of level-1 themes and their categories.

A codebook is merged into a project by key: codes the project lacks are added, codes it
has are brought up to date, codes the codebook does not mention are left alone (they may
carry an analyst's codings). Loading the same codebook twice therefore changes nothing.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from qcode.core.codebook.format import PALETTE, Codebook, CodeSpec, normalise_colour, slugify
from qcode.core.errors import NotFound, QcodeError
from qcode.core.model import Code
from qcode.core.project.backup import snapshot_before
from qcode.core.project.settings import remember_codebook_language
from qcode.core.project.store import Project, new_guid, now
from qcode.core.rows import code_from_row
from qcode.core.safetext import check_name


@dataclass
class LoadResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _spec_values(spec: CodeSpec, parent_id: int | None, level: int, order: int) -> dict[str, Any]:
    return {
        "name": spec.name,
        "parent_id": parent_id,
        "level": level,
        "colour": spec.colour,
        "shortcut": spec.shortcut,
        "description": spec.description,
        "include_note": spec.include,
        "exclude_note": spec.exclude,
        "keywords": json.dumps(list(spec.keywords), ensure_ascii=False),
        "aliases": json.dumps(list(spec.aliases), ensure_ascii=False),
        "sort_order": order,
    }


def load_codebook(project: Project, codebook: Codebook, source: str = "") -> LoadResult:
    result = LoadResult()
    if project.query("SELECT 1 FROM codes LIMIT 1"):  # codes to overwrite: keep a copy
        snapshot_before(project, "codebook load")
    with project.change("codebook load", params={"file": source, "codebook": codebook.name}) as ch:
        existing = {r["key"]: r for r in project.query("SELECT * FROM codes")}
        ids: dict[str, int] = {}
        # Shortcuts move between codes only after every code has let go of its old one,
        # so swapping two shortcuts in a codebook does not trip the unique index.
        spec_shortcuts = {spec.key: spec.shortcut for spec, _, _ in codebook.walk()}
        _check_shortcuts(project, spec_shortcuts)
        for key, old in existing.items():
            if key in spec_shortcuts and old["shortcut"] != spec_shortcuts[key] and old["shortcut"]:
                ch.update("codes", old["id"], {"shortcut": None})
        for order, (spec, parent, level) in enumerate(codebook.walk(), start=1):
            parent_id = ids[parent.key] if parent is not None else None
            values = _spec_values(spec, parent_id, level, order)
            row = existing.get(spec.key)
            if row is None:
                ids[spec.key] = ch.insert(
                    "codes",
                    {
                        "guid": new_guid(),
                        "key": spec.key,
                        "created_at": now(),
                        "created_by": project.coder,
                        **values,
                    },
                )
                result.added.append(spec.key)
            else:
                ids[spec.key] = row["id"]
                if any(row[k] != v for k, v in values.items()):
                    ch.update("codes", row["id"], values)
                    result.updated.append(spec.key)
                else:
                    result.unchanged.append(spec.key)
        remember_codebook_language(project, codebook.language)
        ch.summary = (
            f"loaded codebook '{codebook.name}': {len(result.added)} added, "
            f"{len(result.updated)} updated"
        )
    return result


def _check_shortcuts(project: Project, wanted: dict[str, str | None]) -> None:
    """A shortcut in the codebook may not belong to a project code the codebook leaves out."""
    for row in project.query("SELECT key, name, shortcut FROM codes WHERE shortcut IS NOT NULL"):
        if row["key"] in wanted:
            continue
        for key, shortcut in wanted.items():
            if shortcut and shortcut == row["shortcut"]:
                raise QcodeError(
                    f"shortcut '{shortcut}' of '{key}' is already used by code "
                    f"'{row['key']}' ({row['name']}) in the project"
                )


def list_codes(project: Project) -> list[Code]:
    """All codes in tree order: each theme followed by its categories, depth first."""
    rows = [
        code_from_row(r) for r in project.query("SELECT * FROM codes ORDER BY sort_order, name")
    ]
    children: dict[int | None, list[Code]] = {}
    for code in rows:
        children.setdefault(code.parent_id, []).append(code)
    ordered: list[Code] = []

    def visit(parent: int | None) -> None:
        for code in children.get(parent, []):
            ordered.append(code)
            visit(code.id)

    visit(None)
    return ordered


def coding_counts(project: Project) -> dict[int, int]:
    return {
        r["code_id"]: r["n"]
        for r in project.query("SELECT code_id, count(*) AS n FROM codings GROUP BY code_id")
    }


def coding_counts_by_key(project: Project) -> dict[str, int]:
    """Codings per code, by key, for every code in tree order (zero included)."""
    by_id = coding_counts(project)
    return {c.key: by_id.get(c.id, 0) for c in list_codes(project)}


def resolve_code(project: Project, ref: str) -> Code:
    """A code by key, else by name (case-insensitive); a miss names the nearest codes."""
    ref = ref.strip()
    rows = project.query("SELECT * FROM codes WHERE key = ?", [ref])
    if not rows:
        # In Python: SQLite's lower() folds only ASCII, so "økonomi" would miss "Økonomi".
        every = project.query("SELECT * FROM codes ORDER BY sort_order, id")
        rows = [r for r in every if r["name"].casefold() == ref.casefold()]
        if len(rows) > 1:
            names = {r["id"]: r["name"] for r in every}
            where = ", ".join(
                f"{r['key']} ({names[r['parent_id']] + ' > ' if r['parent_id'] else ''}{r['name']})"
                for r in rows
            )
            raise QcodeError(f"'{ref}' names {len(rows)} codes: {where}; give the key")
    if not rows:
        rows = project.query("SELECT * FROM codes WHERE key = ?", [slugify(ref)])
    if not rows:
        codes = project.query("SELECT key, name FROM codes")
        if not codes:
            raise NotFound(f"no code '{ref}': the project has no codes yet (qcode codebook load)")
        options = [c["key"] for c in codes] + [c["name"] for c in codes]
        near = difflib.get_close_matches(ref, options, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        raise NotFound(f"no code '{ref}'{hint}")
    return code_from_row(rows[0])


def add_code(
    project: Project,
    name: str,
    key: str | None = None,
    parent: str | None = None,
    colour: str | None = None,
    shortcut: str | None = None,
    description: str = "",
) -> Code:
    """Create one code (a theme, or a category when `parent` is given)."""
    name = name.strip()
    if not name:
        raise QcodeError("a code needs a name")
    check_name(name, "code name")
    if key is None and not slugify(name):
        raise QcodeError(
            f"cannot derive a key from the name '{name}': give it a key "
            "(lowercase letters a-z, digits and hyphens)"
        )
    key = _checked_key(key or slugify(name))
    shortcut = _checked_shortcut(shortcut)
    parent_code = resolve_code(project, parent) if parent else None
    if colour:
        colour_value = normalise_colour(colour)
    elif parent_code is not None:
        colour_value = parent_code.colour  # a category in its theme's colour family
    else:  # a new theme gets the next palette colour, so themes stay distinguishable
        (themes,) = project.conn.execute("SELECT count(*) FROM codes WHERE level = 1").fetchone()
        colour_value = PALETTE[themes % len(PALETTE)]
    if colour_value is None:
        raise QcodeError(f"bad colour '{colour}'; use #rrggbb or a colour name")
    with project.change("code add", f"added code '{name}' ({key})", {"key": key}) as ch:
        if project.query("SELECT 1 FROM codes WHERE key = ?", [key]):
            raise QcodeError(f"a code with key '{key}' already exists")
        (order,) = project.conn.execute(
            "SELECT coalesce(max(sort_order), 0) + 1 FROM codes"
        ).fetchone()
        try:
            code_id = ch.insert(
                "codes",
                {
                    "guid": new_guid(),
                    "key": key,
                    "name": name,
                    "parent_id": parent_code.id if parent_code else None,
                    "level": parent_code.level + 1 if parent_code else 1,
                    "colour": colour_value,
                    "shortcut": shortcut,
                    "description": description,
                    "sort_order": order,
                    "created_at": now(),
                    "created_by": project.coder,
                },
            )
        except sqlite3.IntegrityError:
            raise QcodeError(f"shortcut '{shortcut}' is already used by another code") from None
    return code_from_row(project.row("codes", code_id) or {})


def _checked_key(key: str) -> str:
    """A key as the codebook format allows it, so an exported codebook loads again."""
    if key != slugify(key) or not key:
        example = slugify(key) or "my-code"
        raise QcodeError(f"bad key '{key}': use lowercase words joined by '-' (e.g. {example})")
    return key


def _checked_shortcut(shortcut: str | None) -> str | None:
    """One key a-z or 0-9, lowercased; empty means none."""
    shortcut = (shortcut or "").strip().lower() or None
    if shortcut is not None and (
        len(shortcut) != 1 or not shortcut.isalnum() or not shortcut.isascii()
    ):
        raise QcodeError(f"bad shortcut '{shortcut}': one key, a-z or 0-9")
    return shortcut


def codebook_from_project(project: Project, name: str | None = None) -> Codebook:
    """The project's code tree as a codebook, to export or share."""
    specs: dict[int, CodeSpec] = {}
    themes: list[CodeSpec] = []
    for code in list_codes(project):
        spec = CodeSpec(
            key=code.key,
            name=code.name,
            colour=code.colour,
            shortcut=code.shortcut,
            description=code.description,
            include=code.include_note,
            exclude=code.exclude_note,
            keywords=list(code.keywords),
            aliases=list(code.aliases),
        )
        specs[code.id] = spec
        if code.parent_id is None or code.parent_id not in specs:
            themes.append(spec)
        else:
            specs[code.parent_id].children.append(spec)
    title = name or project.path.stem
    return Codebook(name=title, themes=themes)


_UNSET: Any = object()


def descendants(project: Project, code_id: int) -> list[int]:
    """Ids of every code below `code_id`, parents before children."""
    out: list[int] = []
    frontier = [code_id]
    while frontier:
        rows = project.query(
            f"SELECT id FROM codes WHERE parent_id IN ({','.join('?' * len(frontier))}) "
            "ORDER BY sort_order",
            frontier,
        )
        frontier = [r["id"] for r in rows]
        out += frontier
    return out


def update_code(
    project: Project,
    ref: str,
    *,
    name: str | None = None,
    key: str | None = None,
    colour: str | None = None,
    shortcut: str | None = _UNSET,
    description: str | None = None,
    parent: str | None = _UNSET,
) -> Code:
    """Rename, re-key, recolour, re-shortcut, describe or move a code, as one step.

    `shortcut=""` or `None` clears the shortcut; `parent=None` makes the code a theme.
    Moving a code moves its categories with it (their levels follow)."""
    code = resolve_code(project, ref)
    values: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise QcodeError("a code needs a name")
        values["name"] = check_name(name.strip(), "code name")
    if key is not None:
        values["key"] = _checked_key(key)
    if colour is not None:
        value = normalise_colour(colour)
        if value is None:
            raise QcodeError(f"bad colour '{colour}'; use #rrggbb or a colour name")
        values["colour"] = value
    if shortcut is not _UNSET:
        values["shortcut"] = _checked_shortcut(shortcut)
    if description is not None:
        values["description"] = description
    new_parent: Code | None = None
    moving = parent is not _UNSET
    if moving and parent is not None:
        new_parent = resolve_code(project, parent)
        if new_parent.id == code.id or new_parent.id in descendants(project, code.id):
            raise QcodeError(f"cannot move '{code.key}' under itself or one of its categories")
    summary = f"changed code {code.key}: " + ", ".join(
        sorted([*values] + (["parent"] if moving else []))
    )
    with project.change("code edit", summary, {"code": code.key, **values}) as ch:
        if values.get("key", code.key) != code.key and project.query(
            "SELECT 1 FROM codes WHERE key = ?", [values["key"]]
        ):
            raise QcodeError(f"a code with key '{values['key']}' already exists")
        if values.get("shortcut"):
            other = project.query(
                "SELECT key FROM codes WHERE shortcut = ? AND id != ?",
                [values["shortcut"], code.id],
            )
            if other:
                raise QcodeError(
                    f"shortcut '{values['shortcut']}' is already used by '{other[0]['key']}'"
                )
        if moving:
            values["parent_id"] = new_parent.id if new_parent else None
            values["level"] = new_parent.level + 1 if new_parent else 1
        if values:
            ch.update("codes", code.id, values)
        if moving and values["level"] != code.level:
            shift = values["level"] - code.level
            for child_id in descendants(project, code.id):
                child = project.row("codes", child_id) or {}
                ch.update("codes", child_id, {"level": child["level"] + shift})
    return resolve_code(project, values.get("key", code.key))


def delete_code(project: Project, ref: str) -> tuple[Code, int, int]:
    """Delete a code with its categories and all their codings (and open suggestions and
    memos), as one undoable step. Returns (code, codings removed, categories removed)."""
    code = resolve_code(project, ref)
    snapshot_before(project, "codes delete")
    with project.change("code delete", f"deleted code {code.key}", {"code": code.key}) as ch:
        ids = [code.id, *descendants(project, code.id)]
        marks = ",".join("?" * len(ids))
        codings = project.query(f"SELECT id FROM codings WHERE code_id IN ({marks})", ids)
        for row in codings:
            ch.delete("codings", row["id"])
        for row in project.query(f"SELECT id FROM suggestions WHERE code_id IN ({marks})", ids):
            ch.delete("suggestions", row["id"])
        for row in project.query(
            f"SELECT id FROM memos WHERE target = 'code' AND target_id IN ({marks})", ids
        ):
            ch.delete("memos", row["id"])
        for row in project.query(f"SELECT id FROM summaries WHERE code_id IN ({marks})", ids):
            ch.delete("summaries", row["id"])  # cell summaries of the codes' matrix rows
        for code_id in reversed(ids):  # children before their parents
            ch.delete("codes", code_id)
    return code, len(codings), len(ids) - 1
