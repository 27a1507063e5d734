"""User-facing errors.

Every mistake a user can make (a bad file, an unknown code, a locked project) ends as a
`QcodeError`, which the CLI prints as one line and turns into a non-zero exit. Anything
else is a bug and is allowed to show a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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


def did_you_mean(word: str, options: Iterable[str], cutoff: float = 0.6) -> str:
    """The nearest option as a hint to append to an error (empty when none is near), so a
    typo costs the user one look rather than a listing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""
