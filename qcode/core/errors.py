"""User-facing errors.

Every mistake a user can make (a bad file, an unknown code, a locked project) ends as a
`QcodeError`, which the CLI prints as one line and turns into a non-zero exit. Anything
else is a bug and is allowed to show a traceback.
"""

from __future__ import annotations

from pathlib import Path


class QcodeError(Exception):
    """An error caused by user input or project state, shown as one line."""


class InputError(QcodeError):
    """A problem with an input file, located by file and (where known) line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class NotFound(QcodeError):
    """A document, code, coding or memo named by the user does not exist."""
