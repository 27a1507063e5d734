"""The matrix as PDF: the Word export, converted by LibreOffice.

A thesis appendix is often handed in as PDF. Laying out the matrix a second time (in a PDF
library) would give a second look to keep in step with the Word one; LibreOffice renders
the docx qcode already writes, with its tables, headers and page numbers. So a PDF is the
docx written to a private temporary folder, read back for real names there (the read-back
and `--strict-pseudonyms` work exactly as for a .docx: a refused docx is never converted),
converted with `soffice --headless --convert-to pdf`, and moved into place.

LibreOffice is found on PATH as `soffice` or `libreoffice`; without it the export is one
line saying to install it or write .docx. Each conversion uses its own LibreOffice profile
in the temporary folder: a LibreOffice the analyst has open would otherwise take the job
and the headless one exit at once without writing anything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from qcode.core.analysis.matrix_spec import MatrixSpec
from qcode.core.errors import QcodeError
from qcode.core.export import ExportResult, write_matrix
from qcode.core.export.i18n import SOURCE_LANGUAGE, translator
from qcode.core.project.store import Project

OFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 600


def office_command() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in OFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_matrix_pdf(
    project: Project,
    spec: MatrixSpec,
    path: str | Path,
    layout: str = "grid",
    pseudonyms: bool = True,
    strict: bool = False,
    lang: str = SOURCE_LANGUAGE,
) -> ExportResult:
    """Build the matrix, write it as docx (pseudonyms applied and read back), convert it to
    PDF at `path`. What `qcode matrix -o matrix.pdf` does."""
    path = Path(path)
    translator(lang)  # an unknown language is refused before LibreOffice is looked for
    office = office_command()
    if office is None:
        raise QcodeError(
            f"{path}: writing PDF needs LibreOffice (soffice), which is not installed; "
            "install LibreOffice, or write Word instead (-o "
            f"{path.with_suffix('.docx').name})"
        )
    if path.is_dir():
        raise QcodeError(f"{path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise QcodeError(f"{path}: folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise QcodeError(f"{path}: cannot write in {path.parent} (permission denied)")
    with tempfile.TemporaryDirectory(prefix=".qcode-pdf-", dir=path.parent) as folder:
        work = Path(folder)
        docx = work / f"{path.stem or 'matrix'}.docx"
        result = write_matrix(project, spec, docx, "docx", layout, pseudonyms, strict, lang)
        converted = _convert(office, docx, work)
        try:
            os.replace(converted, path)
        except OSError as exc:
            raise QcodeError(f"{path}: cannot write ({exc.strerror or exc})") from None
    result.path = str(path)
    result.format = "pdf"
    result.warnings = [w.replace(str(docx), str(path)) for w in result.warnings]
    return result


def _convert(office: str, docx: Path, work: Path) -> Path:
    """`docx` converted to PDF in `work` by LibreOffice; the PDF's path."""
    profile = (work / "profile").as_uri()
    command = [
        office,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(docx),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise QcodeError(
            f"LibreOffice did not convert the matrix within {TIMEOUT_SECONDS} s; "
            "write .docx instead"
        ) from None
    except OSError as exc:
        raise QcodeError(f"{office}: cannot run LibreOffice ({exc.strerror or exc})") from None
    pdf = docx.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        detail = f": {said[-1]}" if said else ""
        with contextlib.suppress(OSError):
            pdf.unlink(missing_ok=True)
        raise QcodeError(
            f"LibreOffice could not convert the matrix to PDF (exit {done.returncode}{detail}); "
            "write .docx instead"
        )
    return pdf
