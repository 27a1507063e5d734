"""Files written under a temporary name beside their target and moved into place.

A project being created, a backup and an export are built as `.<name>.<pid>.<tag>` in
the target's folder and renamed when complete, so a kill at any moment leaves either the
old state or the new one, never half a file under the real name. What a kill leaves is a
hidden temporary file; the next run of the same kind removes those whose process is gone.
"""

from __future__ import annotations

import os
from pathlib import Path


def temp_name(target: Path, tag: str) -> Path:
    """The temporary name this process builds `target` under (same folder, so the final
    rename is atomic)."""
    return target.with_name(f".{target.name}.{os.getpid()}.{tag}")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its file alone
    return True


def remove_stale(target: Path, tag: str) -> list[Path]:
    """Remove the temporary files `temp_name(target, tag)` (and their -wal/-shm) left by
    processes that no longer run; returns what was removed."""
    return remove_stale_between(target.parent, f".{target.name}.", f".{tag}")


def remove_stale_between(folder: Path, prefix: str, suffix: str) -> list[Path]:
    """Remove files named `<prefix><pid><suffix>` (and `...-wal`/`-shm`) in `folder` whose
    process `pid` no longer runs: the general form, for writers that name their temporary
    files differently (exports use `.<stem>.<pid>.tmp<ext>`)."""
    removed = []
    try:
        candidates = list(folder.glob(f"{glob_escape(prefix)}*{glob_escape(suffix)}*"))
    except OSError:
        return []
    for path in candidates:
        middle = path.name[len(prefix) :]
        pid, _, rest = middle.partition(".")
        if not pid.isdigit() or f".{rest}".removesuffix("-wal").removesuffix("-shm") != suffix:
            continue
        if _pid_alive(int(pid)):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def glob_escape(text: str) -> str:
    """`text` with glob's special characters matched literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
