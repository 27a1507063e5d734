"""Fixtures for the importer tests: the shared real-world files and builders for small
documents in each format, made in tmp_path so nothing binary lives in the repo."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.importers.hostile import pdf_file

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTDATA = REPO_ROOT.parent / "shared" / "testdata"
SHEFFIELD = TESTDATA / "transcripts" / "sheffield"
SUBTITLES = TESTDATA / "transcripts" / "subtitles"


@pytest.fixture
def sheffield() -> Path:
    if not SHEFFIELD.is_dir():
        pytest.skip(f"shared test data missing: {SHEFFIELD}")
    return SHEFFIELD


@pytest.fixture
def subtitles_dir() -> Path:
    if not SUBTITLES.is_dir():
        pytest.skip(f"shared test data missing: {SUBTITLES}")
    return SUBTITLES


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes (or UTF-8 text) to a file in tmp_path and return its path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


def rewrite_zip_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one member of a zip (docx/odt) in place."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            dst.writestr(info, change(data) if info.filename == member else data)


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF with one Helvetica text object per page (empty list: no text)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
        content = f"BT /F1 12 Tf 14 TL 72 720 Td {ops} ET".encode("latin-1") if lines else b""
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    return pdf_file(objects)


@pytest.fixture
def rewrite_zip() -> Callable[[Path, str, Callable[[bytes], bytes]], None]:
    return rewrite_zip_member


@pytest.fixture
def pdf_bytes() -> Callable[[list[list[str]]], bytes]:
    return make_pdf
