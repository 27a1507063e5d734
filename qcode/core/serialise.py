"""The JSON shapes of model objects, built in one place.

`qcode ... --json` output is an interface scripts depend on; the CLI and the exports
build it from these functions so one object always has one shape, with keys in a stable
order (the order a reader of the JSON expects, not the dataclass field order).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from qcode.core.model import Section, Turn


def section_json(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "level": section.level,
        "start": section.start,
        "end": section.end,
    }


def turn_json(turn: Turn) -> dict[str, Any]:
    return {
        "speaker": turn.speaker,
        "start": turn.start,
        "end": turn.end,
        "body_start": turn.body_start,
    }


def to_json(value: Any) -> Any:
    """A dataclass (or a list, tuple or dict of them) as plain JSON values: tuples become
    lists, nested dataclasses dicts; what `dataclasses.asdict` gives, kept in one place."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
