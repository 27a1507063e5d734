"""How every export reaches the disk: written under a temporary name, read back for real
names, then moved into place.

A failed export never leaves half a report where the old one was, and a temporary file a
killed export left behind is removed by the next one. The read-back happens before the
move, so with `strict` a file that still holds a real name never appears at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from qcode.core.errors import QcodeError
from qcode.core.export.leaks import Leak, describe_leaks, find_leaks
from qcode.core.export.pseudonymiser import Pseudonymiser
from qcode.core.project.tempfiles import remove_stale_between


class LeakError(QcodeError):
    """An export refused because real names would remain in it (`--strict-pseudonyms`)."""

    def __init__(self, path: Path, leaks: list[Leak]) -> None:
        super().__init__(
            f"{path}: not written, real names would remain in it (--strict-pseudonyms): "
            f"{describe_leaks(leaks)}"
        )
        self.leaks = leaks


def write_checked(
    path: Path,
    fmt: str,
    write: Callable[[Path], object],
    table: Pseudonymiser,
    strict: bool = False,
) -> list[Leak]:
    """Write the file with `write(temporary path)`, read it back for the names in `table`,
    and move it into place; with `strict`, any name found is a `LeakError` and nothing
    is written. Returns what was found."""
    if not path.name or path.is_dir():
        raise QcodeError(f"{path}: is a folder; give a file name")
    remove_stale_between(path.parent, f".{path.stem}.", f".tmp{path.suffix}")  # after a kill
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        leaks = find_leaks(table, tmp, fmt)
        if leaks and strict:
            raise LeakError(path, leaks)
        os.replace(tmp, path)
    except OSError as exc:
        raise QcodeError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return leaks
