"""Saved views: a matrix's options under a name, so the analyst builds it once and comes back.

A view holds what `qcode matrix` and the workbench's matrix view are asked for: the rows,
the columns (`by`), nesting, the filters, the coders, whether empty rows are shown, and the
layout of an export. It is stored in the `views` table as JSON (`spec`), one row per name;
saving, replacing and removing a view go through `Project.change`, so they are in the audit
log and `qcode undo` takes them back, and `qcode merge` carries them by name.

The spec JSON is small and readable, because `qcode merge` compares it as text and a
person may read it in the log:

    {"by": "office", "coders": ["anna"], "filters": "kind=interview office=Nordby",
     "include_empty": false, "layout": "grid", "nest": true, "rows": ["power"], "version": 1}

`filters` is `MatrixFilters.query()` without the coders (they have a key of their own) and
is read back with `MatrixFilters.parse`, the grammar the workbench's filter prompt shows.

Which view was used last (so the workbench opens on it) is not a change to the analysis: it
is kept in the `meta` table under `matrix_last_view`, outside the audit log, so opening a
view does not fill the history with entries nobody wants to undo, and `qcode undo` never
"undoes" looking at a matrix. It is either the name of a saved view (`mark_used`) or the
unnamed settings the matrix view last showed (`remember_settings`).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from qcode.core.analysis.matrix import check_spec
from qcode.core.analysis.matrix_spec import MatrixFilters, MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project, now
from qcode.core.safetext import check_name, visible_line

LAYOUTS = ("grid", "list")
SPEC_VERSION = 1
LAST_USED_KEY = "matrix_last_view"


@dataclass(frozen=True)
class SavedView:
    """A view as stored: its name, the matrix it asks for, and the export layout. A view
    remembered without a name (`remember_settings`) has the name ""."""

    name: str
    spec: MatrixSpec
    layout: str = "grid"
    created_by: str = ""
    created_at: str = ""
    updated_at: str = ""


# -- the spec as JSON -----------------------------------------------------------------------


def spec_to_json(spec: MatrixSpec, layout: str = "grid") -> str:
    """The stored form of `spec` (keys sorted, so one spec is always one string)."""
    if layout not in LAYOUTS:
        raise QcodeError(f"unknown layout '{layout}'; choose grid or list")
    filters = dataclasses.replace(spec.filters, coders=())
    data = {
        "version": SPEC_VERSION,
        "rows": list(spec.rows),
        "by": spec.by,
        "nest": spec.nest,
        "filters": filters.query(),
        "coders": list(spec.filters.coders),
        "include_empty": spec.include_empty,
        "layout": layout,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def spec_from_json(text: str, name: str = "") -> tuple[MatrixSpec, str]:
    """The matrix spec and layout stored as `text`; a one-line error if it cannot be read
    (a view written by a newer qcode, or edited by hand)."""
    where = f"view '{visible_line(name)}'" if name else "the stored view"
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise QcodeError(f"{where}: its options cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise QcodeError(f"{where}: its options are not a JSON object")
    try:
        rows = _strings(data.get("rows", []), "rows")
        coders = _strings(data.get("coders", []), "coders")
        by = _string(data.get("by", "source"), "by")
        layout = _string(data.get("layout", "grid"), "layout")
        query = _string(data.get("filters", ""), "filters")
    except ValueError as exc:
        raise QcodeError(f"{where}: {exc}") from None
    if layout not in LAYOUTS:
        raise QcodeError(f"{where}: unknown layout '{visible_line(layout)}'")
    parsed = MatrixFilters.parse(query)
    filters = dataclasses.replace(parsed, coders=parsed.coders + coders)
    spec = MatrixSpec(
        rows=rows,
        nest=bool(data.get("nest", False)),
        by=by.strip() or "source",
        filters=filters,
        include_empty=bool(data.get("include_empty", False)),
    )
    return spec, layout


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{key}' is not a list of strings")
    return tuple(value)


def _string(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{key}' is not a string")
    return value


# -- saving, listing, removing ---------------------------------------------------------------


def save_view(
    project: Project,
    name: str,
    spec: MatrixSpec,
    layout: str = "grid",
    replace: bool = False,
) -> SavedView:
    """Save `spec` under `name` (one audited, undoable change). A view of that name is
    replaced only with `replace`; otherwise that is an error, so a typo does not
    overwrite an analyst's view. The spec is checked against the project first (its codes,
    attributes, coders), so a view that cannot be built is refused when saved."""
    name = _checked_name(name)
    check_spec(project, spec)
    stored = spec_to_json(spec, layout)
    have = project.query("SELECT id, spec FROM views WHERE name = ?", [name])
    if have and not replace:
        raise QcodeError(f"a view named '{visible_line(name)}' exists; use --replace to replace it")
    stamp = now()
    action = "views replace" if have else "views save"
    with project.change(action, summary=f"view '{name}'", params={"name": name}) as ch:
        if have:
            ch.update("views", have[0]["id"], {"spec": stored, "updated_at": stamp})
        else:
            ch.insert(
                "views",
                {
                    "name": name,
                    "spec": stored,
                    "created_by": project.coder,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
    return load_saved(project, name)


def list_views(project: Project) -> list[SavedView]:
    """Every saved view, by name (a view whose options cannot be read is an error naming
    it, not skipped: the analyst should know)."""
    rows = project.query("SELECT * FROM views ORDER BY name COLLATE NOCASE, name")
    return [_view(r) for r in rows]


def load_saved(project: Project, name: str) -> SavedView:
    """The saved view `name`; an unknown name is one line naming the views there are."""
    rows = project.query("SELECT * FROM views WHERE name = ?", [name])
    if not rows:
        raise QcodeError(f"no view named '{visible_line(name)}'{_known_hint(project)}")
    return _view(rows[0])


def load_view(project: Project, name: str) -> MatrixSpec:
    """The matrix spec saved as `name` (the layout is in `load_saved(...).layout`)."""
    return load_saved(project, name).spec


def remove_view(project: Project, name: str) -> SavedView:
    """Remove the saved view `name` (audited and undoable); returns what was removed."""
    view = load_saved(project, name)
    (row,) = project.query("SELECT id FROM views WHERE name = ?", [name])
    with project.change("views remove", summary=f"view '{name}'", params={"name": name}) as ch:
        ch.delete("views", row["id"])
    if _last_used_raw(project) == {"name": name}:
        _put_last(project, None)
    return view


def _view(row: dict[str, Any]) -> SavedView:
    spec, layout = spec_from_json(row["spec"], row["name"])
    return SavedView(
        row["name"], spec, layout, row["created_by"], row["created_at"], row["updated_at"]
    )


def _checked_name(name: str) -> str:
    name = check_name(name, "view name").strip()
    if not name:
        raise QcodeError("a view needs a name (e.g. qcode views save makt-per-kontor ...)")
    return name


def _known_hint(project: Project) -> str:
    names = [r["name"] for r in project.query("SELECT name FROM views ORDER BY name")]
    if not names:
        return " (no views saved yet: qcode views save NAME [matrix options])"
    return f" (views: {', '.join(visible_line(n) for n in names)})"


# -- the last view used (outside the audit log) -------------------------------------------


def mark_used(project: Project, name: str) -> None:
    """Remember that the saved view `name` was the last one opened in this project."""
    load_saved(project, name)  # an unknown name is an error, not a silent no-op
    _put_last(project, {"name": name})


def remember_settings(project: Project, spec: MatrixSpec, layout: str = "grid") -> None:
    """Remember unsaved matrix settings as the last used (the workbench calls this when
    the analyst changes rows, columns or filters without saving a view)."""
    _put_last(project, {"spec": json.loads(spec_to_json(spec, layout))})


def last_used(project: Project) -> SavedView | None:
    """The view the matrix was last shown with in this project: a saved view as it is now
    (name set), or unsaved settings (name ""); None if nothing was remembered, or the view
    was removed or can no longer be read."""
    raw = _last_used_raw(project)
    if raw is None:
        return None
    try:
        if isinstance(raw.get("name"), str):
            return load_saved(project, raw["name"])
        if isinstance(raw.get("spec"), dict):
            spec, layout = spec_from_json(json.dumps(raw["spec"]))
            return SavedView("", spec, layout)
    except QcodeError:
        return None
    return None


def _last_used_raw(project: Project) -> dict[str, Any] | None:
    value = project.meta(LAST_USED_KEY)
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _put_last(project: Project, value: dict[str, Any] | None) -> None:
    """One small write in autocommit mode, not an audited change. A project that cannot be
    written (a read-only copy, another process holding the lock past the busy timeout)
    only loses this reminder, never the command that was reading it."""
    try:
        if value is None:
            project.conn.execute("DELETE FROM meta WHERE key = ?", [LAST_USED_KEY])
        else:
            project.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [LAST_USED_KEY, json.dumps(value, ensure_ascii=False, sort_keys=True)],
            )
    except sqlite3.Error:
        pass
