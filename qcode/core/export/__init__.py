"""Exporting the excerpt matrix: Word, Excel, CSV, Markdown and HTML, all from one model.

`write_matrix` is what the CLI (and the TUI) call: build the matrix, replace real names by
their pseudonyms, write the file, then read back what was written and report any real
name still in it. A file is written under a temporary name and moved into place, so a
failed export never leaves half a report where the old one was.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from qcode.core.analysis.matrix import Matrix, MatrixSpec, build_matrix
from qcode.core.errors import QcodeError
from qcode.core.export.common import written_text
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.project.store import Project
from qcode.core.project.tempfiles import remove_stale_between

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
) -> ExportResult:
    """Write `matrix` to `path`; names are replaced when a pseudonymiser is given and on."""
    path = Path(path)
    fmt = resolve_format(path, fmt)
    if layout not in LAYOUTS:
        raise QcodeError(f"unknown layout '{layout}'; choose grid or list")
    _check_writable(path)
    table = pseudonymiser or Pseudonymiser([])
    if not pseudonyms_on:
        note = "off: real names shown"
    elif table:
        note = f"applied ({len(table.reals)} names replaced by aliases)"
        matrix = table.matrix(matrix)
    else:
        note = "none defined"

    remove_stale_between(path.parent, f".{path.stem}.", f".tmp{path.suffix}")  # after a kill
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        _write(fmt, matrix, tmp, layout, note)
        leaked = table.find(*written_text(tmp, fmt)) if table else []
        os.replace(tmp, path)
    except OSError as exc:
        raise QcodeError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)

    result = ExportResult(
        str(path), fmt, layout, len(matrix.rows), len(matrix.cases), matrix.excerpt_count, note
    )
    result.leaked = leaked
    if not matrix.excerpt_count:
        result.warnings.append(f"{path}: the matrix holds no excerpts (nothing coded matches)")
    if leaked and pseudonyms_on:
        result.warnings.append(
            f"{path}: real names still in the export: {', '.join(leaked)} "
            "(look at coder, project and code names, and aliases that contain a real name)"
        )
    elif leaked:
        result.warnings.append(f"{path}: pseudonyms off; real names written: {', '.join(leaked)}")
    return result


def _write(fmt: str, matrix: Matrix, path: Path, layout: str, note: str) -> None:
    """Each writer is imported when used: openpyxl alone takes a tenth of a second."""
    if fmt == "docx":
        from qcode.core.export import docx

        docx.write_docx(matrix, path, layout, note)
    elif fmt == "xlsx":
        from qcode.core.export import tabular

        tabular.write_xlsx(matrix, path, note)
    elif fmt == "csv":
        from qcode.core.export import tabular

        tabular.write_csv(matrix, path)
    else:
        from qcode.core.export import text

        if fmt == "md":
            text.write_markdown(matrix, path, note)
        else:
            text.write_html(matrix, path, layout, note)


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
) -> ExportResult:
    """Build the matrix `spec` describes and export it (what `qcode matrix -o` does)."""
    path = Path(path)
    _check_writable(path)
    resolve_format(path, fmt)  # a bad path or format fails before any work
    matrix = build_matrix(project, spec)
    return export_matrix(
        matrix, path, fmt, layout, Pseudonymiser.for_project(project), pseudonyms_on=pseudonyms
    )
