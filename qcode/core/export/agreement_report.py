"""The inter-coder agreement report, in Word or Excel, for a methods appendix.

What a reader of a methods section needs to judge the figures: who coded, when the
report was made, what the unit is and how many there were (characters, documents), the
table per code with the overall row (and per document, on request), and every formula
in words and symbols with its source. Names are replaced by their pseudonyms as in
every export (a speaker code or a document can be named after a person), and the file
is written through `writing.write_checked`: under a temporary name, read back for real
names, then moved into place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from qcode.core.analysis.agreement_data import AgreementResult, CodeAgreement, DocumentAgreement
from qcode.core.errors import QcodeError
from qcode.core.export.agreement_docx import write_agreement_docx
from qcode.core.export.agreement_xlsx import write_agreement_xlsx
from qcode.core.export.common import clean
from qcode.core.export.i18n import translator
from qcode.core.export.leaks import Leak
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked

REPORT_FORMATS = ("docx", "xlsx")


@dataclass(frozen=True)
class AgreementExport:
    path: str
    format: str
    codes: int
    documents: int
    leaked: list[str]
    leaks: tuple[Leak, ...] = ()


def report_format(path: Path, fmt: str | None = None) -> str:
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in REPORT_FORMATS:
        raise QcodeError(f"{path}: the agreement report is written as .docx or .xlsx")
    return chosen


def pseudonymised(result: AgreementResult, table: Pseudonymiser) -> AgreementResult:
    """Every name in the result (coders, codes, documents, project) with aliases."""

    def name(text: str) -> str:
        return clean(table.apply(text))

    def code(entry: CodeAgreement) -> CodeAgreement:
        return replace(entry, code=replace(entry.code, name=name(entry.code.name)))

    def document(entry: DocumentAgreement) -> DocumentAgreement:
        return replace(
            entry,
            document=name(entry.document),
            code=replace(entry.code, name=name(entry.code.name)),
        )

    return replace(
        result,
        coders=(name(result.coders[0]), name(result.coders[1])),
        project=name(result.project),
        documents=tuple(name(d) for d in result.documents),
        codes=tuple(code(c) for c in result.codes),
        per_document=tuple(document(d) for d in result.per_document),
    )


def write_agreement_report(
    result: AgreementResult,
    path: str | Path,
    names: Pseudonymiser,
    fmt: str | None = None,
    lang: str = "en",
) -> AgreementExport:
    """Write the report as .docx or .xlsx (from the extension unless `fmt`), with real
    names in `names` replaced by their aliases and the written file read back for them;
    the labels in `lang` (one of `i18n.languages()`)."""
    labels = translator(lang)
    path = Path(path)
    chosen = report_format(path, fmt)
    shown = pseudonymised(result, names)
    write: Callable[[Path], None]
    if chosen == "docx":

        def write(tmp: Path) -> None:
            write_agreement_docx(shown, tmp, labels)

    else:

        def write(tmp: Path) -> None:
            write_agreement_xlsx(shown, tmp, labels)

    leaks = write_checked(path, chosen, write, names)
    return AgreementExport(
        str(path),
        chosen,
        len(result.codes),
        len(result.documents),
        sorted({leak.name for leak in leaks}, key=str.casefold),
        tuple(leaks),
    )
