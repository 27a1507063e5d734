"""The project's codebook as a YAML file (`qcode codebook export FILE.yaml`).

A codebook is shared: with a supervisor, in a thesis repository, with the next study. Its
codes are often named after people (`autocode speakers` makes one code per speaker,
"Kari"), and descriptions and notes quote them, so the pseudonyms apply here as in every
export: to the codebook's name, and to every code's name, key, description, notes,
keywords and aliases; the written file is then read back for names left. A pseudonymised
codebook is for sharing: its keys are the aliases', so loading it back into the same
project adds codes rather than updating them (export with pseudonyms off for that).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qcode.core.codebook.codes import codebook_from_project
from qcode.core.codebook.format import dump_codebook
from qcode.core.errors import QcodeError
from qcode.core.export.leaks import Leak
from qcode.core.export.pseudonyms import Pseudonymiser
from qcode.core.export.writing import write_checked
from qcode.core.project.store import Project


@dataclass(frozen=True)
class CodebookYamlExport:
    path: str
    codes: int
    leaked: list[str]
    leaks: tuple[Leak, ...] = ()


def write_codebook_yaml(
    project: Project,
    path: str | Path,
    name: str | None = None,
    pseudonyms: bool = True,
    strict: bool = False,
) -> CodebookYamlExport:
    path = Path(path)
    if strict and not pseudonyms:
        raise QcodeError("--strict-pseudonyms and --no-pseudonyms contradict each other")
    names = Pseudonymiser.for_project(project)
    book = codebook_from_project(project, name)
    if pseudonyms:
        book = names.codebook(book)
    text = dump_codebook(book)
    leaks = write_checked(
        path, "yaml", lambda tmp: tmp.write_text(text, encoding="utf-8"), names, strict
    )
    return CodebookYamlExport(
        str(path),
        sum(1 for _ in book.walk()),
        sorted({leak.name for leak in leaks}, key=str.casefold),
        tuple(leaks),
    )
