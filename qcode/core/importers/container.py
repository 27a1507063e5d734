"""Opening zip containers (.docx, .odt, and the REFI .qdpx to come) under one safe policy.

A zip is a list of promises: each entry's header says how large it is once unpacked, and a
hostile or damaged file can lie. A 1 GiB entry of zeros packs into 1 MB (a "zip bomb"); a
header can claim 100 bytes for an entry that inflates to gigabytes; a file can hold a
million empty entries, or entries that overlap so the same compressed bytes are unpacked
again and again. Whatever an entry is called, it goes through the same limits, because the
readers behind us (python-docx) load parts by what the relationships and content types say,
not by their names. So `open_container` reads every entry once, in chunks, counting what
comes out, and hands back only bytes that stayed inside the limits; nothing else ever sees
the file. A refusal is one `InputError` naming the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qcode.core.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """How much a container may hold. The defaults are far above any document a researcher
    writes (Word's own files compress text about 5-20 times) and far below what would take
    a shared server's memory."""

    max_entries: int = 5_000
    max_entry_bytes: int = 200 * MIB
    max_total_bytes: int = 400 * MIB
    # Above this, an entry is refused when it unpacks to more than `max_ratio` times its
    # packed size; small entries (a 40-byte part of zeros packs 100:1) are let through.
    max_ratio: int = 100
    ratio_grace_bytes: int = 1 * MIB
    chunk_bytes: int = 256 * 1024


DEFAULT_LIMITS = ZipLimits()


@dataclass(frozen=True)
class Container:
    """The checked entries of a zip, by name, in the order the archive lists them."""

    path: Path
    fmt: str
    members: dict[str, bytes]

    def get(self, name: str) -> bytes:
        """The entry's bytes, or a one-line error saying the document lacks it."""
        try:
            return self.members[name]
        except KeyError:
            raise InputError(self.path, f"not a valid {self.fmt} ({name} is missing)") from None

    def as_zip(self) -> io.BytesIO:
        """The checked entries as a new, uncompressed zip in memory, for a reader (such as
        python-docx) that insists on opening a package itself: it sees these bytes only."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for name, data in self.members.items():
                out.writestr(name, data)
        buffer.seek(0)
        return buffer


def damaged(path: Path, fmt: str) -> InputError:
    """The one message for a container we cannot make sense of."""
    return InputError(path, f"not a valid {fmt} (damaged or truncated)")


def _mb(size: int) -> str:
    return f"{size / MIB:,.0f} MB"


def open_container(path: Path, fmt: str, limits: ZipLimits = DEFAULT_LIMITS) -> Container:
    """Read every entry of the zip at `path` within `limits`, or refuse the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(path, fmt, infos, limits)
            members: dict[str, bytes] = {}
            total = 0
            for info in infos:
                data = b"".join(_read_entry(archive, info, path, limits, total))
                total += len(data)
                members[info.filename] = data
            return Container(path, fmt, members)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        if "encrypted" in str(exc):
            raise InputError(path, "is encrypted (password-protected); save a plain copy") from None
        raise damaged(path, fmt) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        NotImplementedError,  # an unknown compression method
        OSError,
        OverflowError,
    ):
        raise damaged(path, fmt) from None


def _check_directory(path: Path, fmt: str, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """What the central directory promises, checked before a byte is unpacked."""
    if len(infos) > limits.max_entries:
        raise InputError(
            path, f"has {len(infos):,} parts (at most {limits.max_entries:,} in a {fmt})"
        )
    seen: set[str] = set()
    declared_total = 0
    packed_total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise InputError(path, f"has two parts named {name!r}; refusing an ambiguous {fmt}")
        seen.add(name)
        _check_declared(path, info, limits)
        declared_total += info.file_size
        packed_total += info.compress_size
    if declared_total > limits.max_total_bytes:
        raise InputError(
            path,
            f"unpacks to {_mb(declared_total)} (at most {_mb(limits.max_total_bytes)}); "
            "refusing it (possible zip bomb)",
        )
    try:
        size = path.stat().st_size
    except OSError:
        return
    if packed_total > size:
        # Entries share compressed bytes: the overlapping-entries bomb.
        raise InputError(path, "has parts that overlap; refusing it (possible zip bomb)")


def _check_declared(path: Path, info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    if info.file_size > limits.ratio_grace_bytes and (
        info.file_size > limits.max_ratio * max(info.compress_size, 1)
    ):
        raise _ratio_error(path, info.filename, info.file_size, info.compress_size, limits)
    if info.file_size > limits.max_entry_bytes:
        raise InputError(
            path,
            f"part {info.filename!r} unpacks to {_mb(info.file_size)} "
            f"(at most {_mb(limits.max_entry_bytes)}); refusing it",
        )


def _ratio_error(path: Path, name: str, size: int, packed: int, limits: ZipLimits) -> InputError:
    ratio = size // max(packed, 1)
    return InputError(
        path,
        f"part {name!r} expands {ratio:,} times (at most {limits.max_ratio}); "
        "refusing it (possible zip bomb)",
    )


def _read_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    path: Path,
    limits: ZipLimits,
    total_before: int,
) -> Iterator[bytes]:
    """The entry's bytes in chunks, stopping as soon as more comes out than its header
    promised or any limit allows: headers can lie, so what is counted is what is read."""
    allowed = min(info.file_size, limits.max_entry_bytes)
    ratio_cap = max(limits.ratio_grace_bytes, limits.max_ratio * max(info.compress_size, 1))
    read = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(limits.chunk_bytes)
            if not chunk:
                return
            read += len(chunk)
            if read > allowed:
                raise InputError(
                    path,
                    f"part {info.filename!r} holds more than its header says; "
                    "refusing it (damaged, or a zip bomb)",
                )
            if read > ratio_cap:
                raise _ratio_error(path, info.filename, read, info.compress_size, limits)
            if total_before + read > limits.max_total_bytes:
                raise InputError(
                    path,
                    f"unpacks to more than {_mb(limits.max_total_bytes)}; "
                    "refusing it (possible zip bomb)",
                )
            yield chunk
