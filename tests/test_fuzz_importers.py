"""Property tests for every importer: random bytes and damaged valid files give either an
`ImportedSource` or one `InputError` line naming the file, never another exception; and a
failed import through the project API leaves the project exactly as it was.

`FUZZ_TARGETS` × `MUTATIONS` × `FUZZ_EXAMPLES` is the figure the README quotes for fuzzed
importer inputs. Examples are derandomised (the same on every run, so CI is stable); set
QCODE_FUZZ_EXAMPLES higher for a longer hunt.
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from qcode.core.errors import InputError
from qcode.core.importers import ImportedSource, read_source
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.importers.hostile import docx_members, docx_with, pdf_of

FUZZ_EXAMPLES = int(os.environ.get("QCODE_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

TRANSCRIPT = "# Tema 1\nIntervjuer: Hvordan gikk det?\nKari: Det gikk bra, æøå.\n"


def _odt() -> bytes:
    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Tema 1"))
    doc.text.addElement(P(text="Intervjuer: Hvordan gikk det?"))
    doc.text.addElement(P(text="Kari: Det gikk bra."))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


RTF = rb"{\rtf1\ansi\ansicpg1252{\b Intervjuer:} Hvordan gikk det?\par Kari: Det gikk bra.\par }"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Kari>Det gikk bra.\n\n"
SRT = "1\n00:00:01,000 --> 00:00:02,000\nKari: Det gikk bra.\n\n"

FUZZ_TARGETS: dict[str, Callable[[], bytes]] = {
    ".txt": lambda: TRANSCRIPT.encode(),
    ".md": lambda: TRANSCRIPT.encode("utf-16"),
    ".docx": lambda: docx_with(docx_members()),
    ".odt": _odt,
    ".rtf": lambda: RTF,
    ".pdf": lambda: pdf_of(b"BT /F1 12 Tf 72 720 Td (Kari: Det gikk bra.) Tj ET", flate=True),
    ".vtt": lambda: VTT.encode(),
    ".srt": lambda: SRT.encode(),
}
MUTATIONS = ("random bytes", "truncated", "bytes flipped", "part removed", "part duplicated")


@cache
def seed(suffix: str) -> bytes:
    return FUZZ_TARGETS[suffix]()


def _zip_edit(data: bytes, index: int, duplicate: bool) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        items = [(info.filename, archive.read(info)) for info in archive.infolist()]
    name, body = items[index % len(items)]
    if duplicate:
        items.append((name, body[: len(body) // 2]))
    else:
        del items[index % len(items)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        for item_name, item in items:
            archive.writestr(item_name, item)
    return out.getvalue()


@st.composite
def damaged(draw: st.DrawFn, suffix: str) -> bytes:
    """A file of this type: random bytes, or the valid seed damaged in one way."""
    valid = seed(suffix)
    zipped = suffix in (".docx", ".odt")
    how = draw(st.sampled_from(MUTATIONS if zipped else MUTATIONS[:3]))
    if how == "random bytes":
        return draw(st.binary(min_size=1, max_size=4096))
    if how == "truncated":
        return valid[: draw(st.integers(1, len(valid) - 1))]
    if how == "bytes flipped":
        out = bytearray(valid)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(out) - 1))
            out[at] ^= draw(st.integers(1, 255))
        return bytes(out)
    return _zip_edit(valid, draw(st.integers(0, 100)), duplicate=how == "part duplicated")


def read_or_refuse(path: Path) -> ImportedSource | InputError:
    """What the reader gave: a source, or the one-line refusal. Anything else propagates."""
    try:
        return read_source(path)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"{path}:") and "\n" not in message, message
        return exc


@pytest.mark.parametrize("suffix", list(FUZZ_TARGETS))
def test_seed_imports(suffix: str, tmp_path: Path) -> None:
    """Each seed is a valid file: the mutations below start from something that works."""
    path = tmp_path / f"seed{suffix}"
    path.write_bytes(seed(suffix))
    assert "Det gikk bra" in read_source(path).text


@pytest.mark.parametrize("suffix", list(FUZZ_TARGETS))
@FUZZ
@given(data=st.data())
def test_damaged_file_is_read_or_refused_in_one_line(suffix: str, data: st.DataObject) -> None:
    content = data.draw(damaged(suffix))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(content)
        outcome = read_or_refuse(path)
    if isinstance(outcome, ImportedSource):
        text = outcome.text
        assert "\x00" not in text
        for span in [*outcome.sections, *outcome.turns]:
            assert 0 <= span.start <= span.end <= len(text)


def _dump(project: Project) -> list[str]:
    return list(project.conn.iterdump())


@pytest.fixture(scope="module")
def project_folder() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        Project.create(Path(folder) / "fuzz.qcode", coder="fuzz").close()
        yield Path(folder)  # type: ignore[misc]


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".odt", ".pdf"])
@settings(FUZZ, max_examples=max(5, FUZZ_EXAMPLES // 2))
@given(data=st.data())
def test_failed_import_leaves_the_project_unchanged(
    suffix: str, data: st.DataObject, project_folder: Path
) -> None:
    """A batch of a good file and a damaged one: if the damaged one is refused, nothing
    of the batch is stored, and the database (audit log included) is byte-for-byte as it was."""
    content = data.draw(damaged(suffix))
    good = project_folder / "good.txt"
    good.write_text(f"Kari: {len(content)} {content[:16]!r}\n")
    bad = project_folder / f"damaged{suffix}"
    bad.write_bytes(content)
    with Project.open(project_folder / "fuzz.qcode", coder="fuzz") as project:
        before = _dump(project)
        try:
            import_files(project, [good, bad])
        except InputError as exc:
            assert str(exc).startswith(str(bad)) and "\n" not in str(exc)
            assert _dump(project) == before
        except sqlite3.Error:  # a store failure is not an importer's to hide
            raise
