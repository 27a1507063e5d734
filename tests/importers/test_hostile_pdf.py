"""Hostile PDFs: a stream that unpacks past qcode's limit, a file too large to read into
memory, too many pages. Each is one line naming the file, read within a memory bound."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from qcode.core.errors import InputError
from qcode.core.importers import pdf as pdf_reader
from qcode.core.importers import read_source
from tests.importers.hostile import MIB, pdf_of

TEXT = b"BT /F1 12 Tf 72 720 Td (Kari: Det gikk bra.) Tj ET"


def test_a_small_pdf_with_a_flate_stream_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(pdf_of(TEXT, flate=True))
    assert read_source(path).text == "Kari: Det gikk bra."


def test_flate_bomb_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    """40 MB of spaces in a 40 KB stream: past the 32 MB qcode lets pypdf unpack."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_of(TEXT + b" " * (40 * MIB), flate=True))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        f"{path}: a compressed part unpacks past qcode's limit; refusing it (possible PDF bomb)"
    )
    assert peak < 80 * MIB


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdf_of(TEXT, flate=False))
    os.truncate(path, 300 * MIB)  # sparse: costs no disk
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: is 300 MB; at most 256 MB for a .pdf"


def test_too_many_pages_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf_of(TEXT, flate=False, pages=4))
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: has 4 pages; at most 3 for a .pdf"
