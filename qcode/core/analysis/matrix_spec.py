"""What a matrix is asked for: its rows, columns (`by`), nesting and filters.

Kept apart from the building (`matrix.py`) because the CLI's options, the workbench's filter
prompt and saved views (`views.py`) all read and write it, and none of them needs the
building to do so.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from qcode.core.errors import QcodeError
from qcode.core.excerpts import NONE_CASE


@dataclass(frozen=True)
class MatrixFilters:
    """Which codings count. Values of one attribute key are alternatives (office=A or
    office=B); different keys must all hold. An empty attribute value means "lacks it"."""

    coders: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    text: str = ""

    @classmethod
    def parse(cls, query: str) -> MatrixFilters:
        """Filters from one line, as the workbench's filter prompt takes them:
        `office=Nordby kind=interview coder=kari text="sette grenser"`. Bare words are text
        to look for; `KEY=` (empty) selects sources lacking the attribute."""
        try:
            parts = shlex.split(query)
        except ValueError as exc:  # an unclosed quote
            raise QcodeError(f"cannot read the filters '{query}': {exc}") from None
        coders: list[str] = []
        kinds: list[str] = []
        attributes: list[tuple[str, str]] = []
        words: list[str] = []
        for part in parts:
            key, sep, value = part.partition("=")
            if not sep:
                words.append(part)
            elif key == "coder":
                coders.append(value)
            elif key == "kind":
                kinds.append(value)
            elif key == "text":
                words.append(value)
            elif not key.strip():
                raise QcodeError(f"filter '{part}': expected KEY=VALUE (e.g. office=Nordby)")
            else:
                attributes.append((key.strip(), value.strip()))
        return cls(tuple(coders), tuple(kinds), tuple(attributes), " ".join(words))

    @classmethod
    def from_options(
        cls,
        coders: Iterable[str] = (),
        kinds: Iterable[str] = (),
        where: Iterable[str] = (),
        text: str = "",
    ) -> MatrixFilters:
        """Filters from the command line's `--coded-by`, `--kind`, `--where KEY=VALUE`
        and `--text`."""
        pairs = []
        for item in where:
            key, eq, value = item.partition("=")
            if not eq or not key.strip():
                raise QcodeError(f"--where '{item}': expected KEY=VALUE (e.g. office=Nordby)")
            pairs.append((key.strip(), value.strip()))
        return cls(tuple(coders), tuple(kinds), tuple(pairs), text)

    def query(self) -> str:
        """The filters in the grammar `parse` reads (what the filter prompt shows)."""
        parts = [f"coder={shlex.quote(c)}" for c in self.coders]
        parts += [f"kind={shlex.quote(k)}" for k in self.kinds]
        parts += [f"{k}={shlex.quote(v) if v else ''}" for k, v in self.attributes]
        if self.text:
            parts.append(f"text={shlex.quote(self.text)}")
        return " ".join(parts)

    def describe(self) -> str:
        parts = []
        if self.coders:
            parts.append("coder " + " or ".join(self.coders))
        if self.kinds:
            parts.append("kind " + " or ".join(self.kinds))
        grouped: dict[str, list[str]] = {}
        for key, value in self.attributes:
            grouped.setdefault(key, []).append(value or NONE_CASE)
        parts += [f"{key} = {' or '.join(values)}" for key, values in grouped.items()]
        if self.text:
            parts.append(f'text contains "{self.text}"')
        return "; ".join(parts) or "none"


@dataclass(frozen=True)
class MatrixSpec:
    """What to build. `rows` holds code keys or names, or the words `themes` / `categories`;
    empty means every theme that has codings. `nest` adds each row code's categories
    beneath it. `by` is `source`, `kind`, `all` or an attribute key. Rows without excerpts
    are left out unless `include_empty` (a category under a kept row is kept if it, or a
    category beneath it, has excerpts)."""

    rows: tuple[str, ...] = ()
    nest: bool = False
    by: str = "source"
    filters: MatrixFilters = field(default_factory=MatrixFilters)
    include_empty: bool = False
