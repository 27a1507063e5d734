"""`qcode import-project` and `qcode init --from`: a REFI-QDA project brought in through the
merge rules (merge.py), so a .qdpx meets the same matching, deduplication and conflict
rules as a colleague's copy of the project, in one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.project.store import Project

from .bulk import without_gc_pauses
from .merge import merge_bundle
from .merge_report import Conflict, MergeReport
from .refi_read import RefiReading, read_refi


@dataclass
class RefiImportReport:
    """What `import-project` did (the shape of its --json)."""

    origin: str
    documents: int = 0  # added
    codes: int = 0
    codings: int = 0
    coders: list[str] = field(default_factory=list)
    memos: int = 0
    warnings: list[str] = field(default_factory=list)
    documents_matched: int = 0
    codes_matched: int = 0
    codings_already_there: int = 0
    attributes: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    offsets: dict[str, str] = field(default_factory=dict)  # document -> unit read in
    dry_run: bool = False
    backup: str | None = None


@without_gc_pauses()
def import_refi(
    project: Project, path: Path, *, offsets: str = "auto", dry_run: bool = False
) -> RefiImportReport:
    """Read the .qdpx (or .qde) at `path` and merge it into `project`. A file that cannot
    be read raises InputError before anything is changed."""
    reading = read_refi(Path(path), offsets)
    merged = merge_bundle(
        project,
        reading.bundle,
        action="import-project",
        params={"offsets": offsets},
        dry_run=dry_run,
    )
    return _report(str(path), reading, merged)


@without_gc_pauses()
def init_from_refi(
    path: Path, source: Path, coder: str | None, *, offsets: str = "auto"
) -> RefiImportReport:
    """A new project at `path` built from the REFI-QDA project `source`. The file is read
    before the project is made, so a bad file leaves no project behind."""
    reading = read_refi(Path(source), offsets)
    project = Project.create(path, coder=coder)
    try:
        with project:
            merged = merge_bundle(
                project,
                reading.bundle,
                action="import-project",
                params={"offsets": offsets},
                backup=False,  # a project made just now: nothing to keep a copy of
            )
    except BaseException:
        for leftover in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return _report(str(source), reading, merged)


def _report(origin: str, reading: RefiReading, merged: MergeReport) -> RefiImportReport:
    bundle = reading.bundle
    return RefiImportReport(
        origin=origin,
        documents=merged.documents_added,
        codes=merged.codes_added,
        codings=merged.codings_added,
        coders=sorted({c.coder for c in bundle.codings}),
        memos=merged.memos_added,
        warnings=merged.warnings,
        documents_matched=merged.documents_matched,
        codes_matched=merged.codes_matched,
        codings_already_there=merged.codings_already_there,
        attributes=merged.attributes_added,
        conflicts=merged.conflicts,
        offsets=reading.units,
        dry_run=merged.dry_run,
        backup=merged.backup,
    )


def report_lines(report: RefiImportReport) -> tuple[list[str], list[str]]:
    """(lines for standard output, warning lines for standard error) of a report, for the
    commands that print one."""
    verb = "would add" if report.dry_run else "added"
    out = [
        f"{'dry run: ' if report.dry_run else ''}import of {report.origin}",
        f"  documents  {verb} {report.documents}, already here {report.documents_matched}",
        f"  codes      {verb} {report.codes}, matched {report.codes_matched}",
        f"  codings    {verb} {report.codings}, already here {report.codings_already_there}"
        + (f" (coders: {', '.join(report.coders)})" if report.coders else ""),
        f"  also       {verb} {report.memos} memo(s), {report.attributes} attribute value(s)",
    ]
    utf16 = sorted(name for name, unit in report.offsets.items() if unit == "utf16")
    if utf16:
        out.append(f"  offsets    read as UTF-16 units in {len(utf16)} source(s)")
    for c in report.conflicts:
        out.append(
            f"conflict: {c.kind} {c.subject!r}: ours {c.ours!r}, theirs {c.theirs!r}; {c.rule}"
        )
    if report.dry_run:
        out.append("nothing was changed (dry run)")
    elif report.backup:
        out.append(f"backup of the project before the import: {report.backup}")
    return out, [f"warning: {w}" for w in report.warnings]
