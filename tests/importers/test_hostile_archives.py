"""Hostile .docx and .odt containers: every one is refused with one line naming the file,
within a stated memory bound, before any reader sees a part.

`CONTAINER_CASES` is the table the README's "hostile inputs tried" figure counts for zip
containers; each case is built here, in memory, by `hostile.py`.
"""

from __future__ import annotations

import os
import re
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.core.errors import InputError
from qcode.core.importers import read_source
from qcode.core.importers.container import ZipLimits, open_container
from tests.importers.hostile import (
    MIB,
    RawEntry,
    deflated,
    docx_members,
    docx_with,
    main_part_as,
    raw_zip,
    zeros_entry,
)

# What a refused hostile file may allocate while qcode reads it (the files unpack to 1 GiB).
PEAK_BOUND = 32 * MIB

Members = dict[str, bytes]


def _ratio_bomb_media(m: Members) -> bytes:
    return docx_with(m, zeros_entry("word/media/image1.png", 1024))


def _gigabyte_main_part_named_bin(m: Members) -> bytes:
    moved = main_part_as(m, "word/document.bin")
    return docx_with(moved, zeros_entry("word/document.bin", 1024), drop=("word/document.bin",))


def _declared_huge_entry(m: Members) -> bytes:
    packed = os.urandom(3 * MIB)
    entry = RawEntry("word/media/video.mp4", packed, 300 * MIB, 0, method=zipfile.ZIP_STORED)
    return docx_with(m, entry)


def _header_lies_about_size(m: Members) -> bytes:
    # The real stream unpacks to 1 GiB; the header (CRC included) describes its first 4 KiB.
    liar = zeros_entry("word/document.xml", 1024)
    honest_prefix = deflated("x", bytes(4096))
    liar.size, liar.crc = honest_prefix.size, honest_prefix.crc
    return docx_with(m, liar, drop=("word/document.xml",))


def _many_entries(m: Members) -> bytes:
    return docx_with(m, *(deflated(f"customXml/item{i}.bin", b"") for i in range(6_000)))


def _total_over_limit(m: Members) -> bytes:
    # Three stored parts, each under the per-part limit and an honest-looking 75:1 ratio.
    parts = [
        RawEntry(f"word/media/v{i}.mp4", os.urandom(2 * MIB), 150 * MIB, 0, method=0)
        for i in range(3)
    ]
    return docx_with(m, *parts)


def _overlapping_entries(m: Members) -> bytes:
    kernel = deflated("word/media/k.png", os.urandom(MIB))
    copies = [
        RawEntry(f"word/media/k{i}.png", kernel.packed, kernel.size, kernel.crc, at=0)
        for i in range(20)
    ]
    return raw_zip([kernel, *copies, *(deflated(n, d) for n, d in m.items())])


def _duplicate_names(m: Members) -> bytes:
    return docx_with(m, deflated("word/document.xml", b"<w:document/>"))


def _encrypted_entry(m: Members) -> bytes:
    entry = deflated("word/document.xml", m["word/document.xml"])
    entry.flags = 0x1
    return docx_with(m, entry, drop=("word/document.xml",))


def _odt_ratio_bomb(_m: Members) -> bytes:
    return raw_zip(
        [
            RawEntry("mimetype", b"application/vnd.oasis.opendocument.text", 39, 0, method=0),
            zeros_entry("Pictures/a.png", 1024),
        ]
    )


CONTAINER_CASES: dict[str, tuple[str, Callable[[Members], bytes], str]] = {
    "zip bomb by ratio (1 GiB of zeros as an image)": (
        ".docx",
        _ratio_bomb_media,
        r"part 'word/media/image1.png' expands [\d,]+ times \(at most 100\); refusing it",
    ),
    "1 GiB main part named word/document.bin": (
        ".docx",
        _gigabyte_main_part_named_bin,
        r"part 'word/document.bin' expands [\d,]+ times",
    ),
    "300 MB entry under an innocent name": (
        ".docx",
        _declared_huge_entry,
        r"part 'word/media/video.mp4' unpacks to 300 MB \(at most 200 MB\); refusing it",
    ),
    "header says 4 KiB, stream unpacks to 1 GiB": (
        ".docx",
        _header_lies_about_size,
        r"not a valid \.docx \(damaged or truncated\)",
    ),
    "6,000 entries": (".docx", _many_entries, r"has 6,01\d parts \(at most 5,000 in a \.docx\)"),
    "450 MB in total": (".docx", _total_over_limit, r"unpacks to 45\d MB \(at most 400 MB\)"),
    "overlapping entries (one kernel, 21 names)": (
        ".docx",
        _overlapping_entries,
        r"has parts that overlap; refusing it \(possible zip bomb\)",
    ),
    "two parts with the same name": (
        ".docx",
        _duplicate_names,
        r"has two parts named 'word/document\.xml'",
    ),
    "encrypted entry": (".docx", _encrypted_entry, r"is encrypted \(password-protected\)"),
    ".odt zip bomb by ratio": (".odt", _odt_ratio_bomb, r"part 'Pictures/a\.png' expands"),
}


@pytest.fixture(scope="module")
def members() -> Members:
    return docx_members()


def refused_within(path: Path, bound: int) -> tuple[InputError, int]:
    """The refusal `read_source` gives and the peak memory it took to give it."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < bound, f"peak {peak / MIB:.1f} MiB over the bound of {bound / MIB:.0f} MiB"
    return caught.value, peak


@pytest.mark.parametrize("case", list(CONTAINER_CASES))
def test_hostile_container_is_refused_in_one_line(
    case: str, members: Members, tmp_path: Path
) -> None:
    suffix, build, message = CONTAINER_CASES[case]
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(build(members))
    error, _ = refused_within(path, PEAK_BOUND)
    text = str(error)
    assert text.startswith(f"{path}: ") and "\n" not in text
    assert re.search(message, error.reason), error.reason


def test_the_real_docx_behind_the_cases_imports(members: Members, tmp_path: Path) -> None:
    """The cases fail for what was added to them, not because the base is broken."""
    path = tmp_path / "base.docx"
    path.write_bytes(docx_with(members))
    assert "Kari: Det gikk bra." in read_source(path).text


def test_a_nested_zip_is_not_opened(members: Members, tmp_path: Path) -> None:
    """A zip bomb inside an embedded zip stays packed: we never unpack nested archives."""
    inner = raw_zip([zeros_entry(f"layer{i}.bin", 1024) for i in range(4)])  # 4 GiB inside
    types = members["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="zip" ContentType="application/zip"/><Default ', 1
    )
    stored = RawEntry("word/embeddings/inner.zip", inner, len(inner), 0, method=0)
    stored.crc = zlib.crc32(inner)
    path = tmp_path / "nested.docx"
    path.write_bytes(docx_with({**members, "[Content_Types].xml": types}, stored))
    tracemalloc.start()
    try:
        result = read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "Kari: Det gikk bra." in result.text
    assert peak < PEAK_BOUND


@pytest.mark.parametrize(
    ("limits", "entries", "message"),
    [
        (ZipLimits(max_entry_bytes=MIB), [("a.bin", 2 * MIB)], r"part 'a\.bin' unpacks to 2 MB"),
        (
            ZipLimits(max_total_bytes=3 * MIB),
            [(f"p{i}.bin", MIB) for i in range(4)],
            r"unpacks to 4 MB \(at most 3 MB\)",
        ),
        (ZipLimits(max_entries=3), [(f"p{i}", 1) for i in range(4)], r"has 4 parts"),
    ],
)
def test_each_limit_applies_whatever_the_name(
    limits: ZipLimits, entries: list[tuple[str, int]], message: str, tmp_path: Path
) -> None:
    """The limits are parameters, so the REFI reader to come can use the same function."""
    path = tmp_path / "x.qdpx"
    path.write_bytes(raw_zip([deflated(name, os.urandom(size)) for name, size in entries]))
    with pytest.raises(InputError, match=message):
        open_container(path, ".qdpx", limits)


def test_reading_stops_at_the_limit_even_when_headers_are_honest(tmp_path: Path) -> None:
    """The total is counted while reading too, not only summed from the headers."""
    path = tmp_path / "x.qdpx"
    path.write_bytes(raw_zip([deflated(f"p{i}.bin", os.urandom(MIB)) for i in range(3)]))
    limits = ZipLimits(max_total_bytes=3 * MIB - 1, chunk_bytes=64 * 1024)
    with pytest.raises(InputError, match="unpacks to"):
        open_container(path, ".qdpx", limits)


def test_container_hands_back_checked_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ok.qdpx"
    path.write_bytes(raw_zip([deflated("project.qde", b"<Project/>")]))
    container = open_container(path, ".qdpx")
    assert container.get("project.qde") == b"<Project/>"
    with pytest.raises(InputError, match=r"not a valid \.qdpx \(sources/x is missing\)"):
        container.get("sources/x")


def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / ("ø" * 10_000 + ".docx")
    with pytest.raises(InputError, match=r"cannot be read \(File name too long\)"):
        read_source(path)
