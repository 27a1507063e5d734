"""`qcode doctor`: check a project file and its schema, and repair what is safe to repair."""

from __future__ import annotations

import click

from qcode.cli.support import coder, common_options, echo, emit_json, find_project_path, json_option
from qcode.core.project import doctor as doctor_core
from qcode.core.project.doctor import Diagnosis


@click.command()
@common_options
@click.option(
    "--repair",
    is_flag=True,
    help="Rebuild missing indexes and triggers and the full-text index (rows stay as they are).",
)
@json_option
def doctor(repair: bool, as_json: bool) -> None:
    """Check the project: SQLite's integrity check, and every table, column, index and
    trigger qcode expects. With --repair, rebuild what can be rebuilt from the data (after
    taking a backup); exit status 1 while problems remain."""
    ctx = click.get_current_context()
    path = find_project_path(ctx)
    result = doctor_core.repair(path, coder(ctx)) if repair else doctor_core.diagnose(path)
    if as_json:
        emit_json(_as_json(result))
    else:
        _print(result, repair)
    if not result.ok:
        ctx.exit(1)


def _print(result: Diagnosis, repair: bool) -> None:
    if result.backup:
        echo(f"backup     {result.backup}")
    for line in result.repaired:
        echo(f"repaired   {line}")
    for line in result.refused:
        echo(f"refused    {line}")
    for problem in result.problems:
        fix = " (--repair fixes this)" if problem.repairable and not repair else ""
        echo(f"problem    {problem.message}{fix}")
    if result.ok:
        echo(f"{result.path}: ok (integrity, schema {result.schema_version}, full-text index)")
    else:
        echo(f"{result.path}: {len(result.problems)} problem(s)")


def _as_json(result: Diagnosis) -> dict[str, object]:
    return {
        "path": result.path,
        "ok": result.ok,
        "schema_version": result.schema_version,
        "problems": [
            {"kind": p.kind, "name": p.name, "message": p.message, "repairable": p.repairable}
            for p in result.problems
        ],
        "repaired": result.repaired,
        "refused": result.refused,
        "backup": result.backup or None,
    }
