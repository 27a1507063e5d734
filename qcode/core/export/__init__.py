"""Exporting the excerpt matrix: Word, Excel, CSV, Markdown and HTML, all from one model.

`write_matrix` is what the CLI (and the TUI) call: build the matrix, replace real names by
their pseudonyms in every string it holds, write the file, then read back what was
written and report any real name still in it, with where it is (`strict`: refuse to
write it). A file is written under a temporary name and moved into place (`writing`), so
a failed export never leaves half a report where the old one was.

Cell summaries (`core/analysis/summaries.py`) go first in their cells: `write_matrix`
reads them for the matrix it builds; a caller of `export_matrix` that holds a matrix
passes `summaries_for(project, matrix)` as `summaries`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.analysis.matrix import Matrix, build_matrix
from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.analysis.summaries import CellSummary, summaries_for
from qcode.core.errors import QcodeError
from qcode.core.export.common import pseudonyms_note
from qcode.core.export.i18n import SOURCE_LANGUAGE, Labels, translator
from qcode.core.export.leaks import describe_leaks
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked
from qcode.core.project.store import Project

FORMATS = ("docx", "xlsx", "csv", "md", "html")
LAYOUTS = ("grid", "list")
_SUFFIXES = {
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
_NAMES = {"markdown": "md", "htm": "html", "word": "docx", "excel": "xlsx"}


@dataclass
class ExportResult:
    path: str
    format: str
    layout: str
    rows: int
    cases: int
    excerpts: int
    pseudonyms: str  # what the title block says about them
    leaked: list[str] = field(default_factory=list)  # real names found in the written file
    warnings: list[str] = field(default_factory=list)


def resolve_format(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file name's extension implies."""
    if fmt:
        fmt = _NAMES.get(fmt.lower(), fmt.lower())
        if fmt not in FORMATS:
            raise QcodeError(f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}")
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise QcodeError(
            f"{path}: cannot tell the format from the extension; "
            f"use --format ({', '.join(FORMATS)})"
        )
    return found


def export_matrix(
    matrix: Matrix,
    path: str | Path,
    fmt: str | None = None,
    layout: str = "grid",
    pseudonymiser: Pseudonymiser | None = None,
    pseudonyms_on: bool = True,
    strict: bool = False,
    summaries: Mapping[tuple[str, str], CellSummary] | None = None,
    lang: str = SOURCE_LANGUAGE,
) -> ExportResult:
    """Write `matrix` to `path`, its labels in `lang` (`i18n.languages()`); names are
    replaced when a pseudonymiser is given and on. With `strict`, a real name found in
    the written file is an error (`LeakError`) and the file is not written. `summaries`
    (by row key and case label, as `summaries_for` gives them) are written first in
    their cells."""
    notes = dict(summaries or {})
    path = Path(path)
    fmt = resolve_format(path, fmt)
    labels = translator(lang)
    if layout not in LAYOUTS:
        raise QcodeError(f"unknown layout '{layout}'; choose grid or list")
    _check_writable(path)
    table = pseudonymiser or Pseudonymiser([])
    if strict and not pseudonyms_on:
        raise QcodeError("--strict-pseudonyms and --no-pseudonyms contradict each other")
    if not pseudonyms_on:
        note = "off: real names shown"
    elif table:
        note = f"applied ({len(table.reals)} names replaced by aliases)"
        notes = table.summaries(notes)
        matrix = table.matrix(matrix)
    else:
        note = "none defined"

    written = matrix
    shown = pseudonyms_note(labels, pseudonyms_on, len(table.reals) if table else 0)

    def write(tmp: Path) -> None:
        _write(fmt, written, tmp, layout, shown, notes, labels)

    leaks = write_checked(path, fmt, write, table, strict)
    leaked = sorted({leak.name for leak in leaks}, key=str.casefold)

    result = ExportResult(
        str(path), fmt, layout, len(matrix.rows), len(matrix.cases), matrix.excerpt_count, note
    )
    result.leaked = leaked
    if not matrix.excerpt_count:
        result.warnings.append(f"{path}: the matrix holds no excerpts (nothing coded matches)")
    if leaked and pseudonyms_on:
        result.warnings.append(
            f"{path}: real names still in the export: {', '.join(leaked)} "
            f"(where: {describe_leaks(leaks)}; an alias that holds a real name?)"
        )
    elif leaked:
        result.warnings.append(f"{path}: pseudonyms off; real names written: {', '.join(leaked)}")
    return result


def _write(
    fmt: str,
    matrix: Matrix,
    path: Path,
    layout: str,
    note: str,
    summaries: Mapping[tuple[str, str], CellSummary],
    labels: Labels,
) -> None:
    """Each writer is imported when used: openpyxl alone takes a tenth of a second."""
    if fmt == "docx":
        from qcode.core.export import docx

        docx.write_docx(matrix, path, layout, note, summaries, labels)
    elif fmt == "xlsx":
        from qcode.core.export import tabular

        tabular.write_xlsx(matrix, path, note, summaries, labels)
    elif fmt == "csv":
        from qcode.core.export import tabular

        tabular.write_csv(matrix, path, summaries)
    else:
        from qcode.core.export import text

        if fmt == "md":
            text.write_markdown(matrix, path, note, summaries, labels)
        else:
            text.write_html(matrix, path, layout, note, summaries, labels)


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise QcodeError(f"{path}: is a folder; give a file name")
    if not path.parent.exists():
        raise QcodeError(f"{path}: folder {path.parent} does not exist")
    if not path.parent.is_dir():
        raise QcodeError(f"{path}: {path.parent} is not a folder")
    if not os.access(path.parent, os.W_OK):
        raise QcodeError(f"{path}: cannot write in {path.parent} (permission denied)")
    if path.exists() and not os.access(path, os.W_OK):
        raise QcodeError(f"{path}: cannot write (permission denied)")


def write_matrix(
    project: Project,
    spec: MatrixSpec,
    path: str | Path,
    fmt: str | None = None,
    layout: str = "grid",
    pseudonyms: bool = True,
    strict: bool = False,
    lang: str = SOURCE_LANGUAGE,
) -> ExportResult:
    """Build the matrix `spec` describes and export it (what `qcode matrix -o` does)."""
    path = Path(path)
    _check_writable(path)
    resolve_format(path, fmt)  # a bad path, format or language fails before any work
    translator(lang)
    matrix = build_matrix(project, spec)
    table = Pseudonymiser.for_project(project)
    return export_matrix(
        matrix,
        path,
        fmt,
        layout,
        table,
        pseudonyms_on=pseudonyms,
        strict=strict,
        summaries=summaries_for(project, matrix),
        lang=lang,
    )
