"""Guessing a source's kind (observation, interview, log) when `--kind` is not given.

The guess must not rest on speaker turns alone: an observation sheet's one-word theme
headings (`Forberedelse:`) look like speaker labels, so a sheet can be "covered by turns".
What names an observation sheet or a log is the form itself: its title (`OBSERVASJONSSKJEMA`,
`Observationsskema`, `Observation notes`, `LOGGSKJEMA`, `Logbog`) and the fields at its top
(`Dato:`, `Kontor:`, `Møte:`, `Til stede:`). So the title decides first, then turns, then
the fields. In Norwegian, Danish, Swedish and English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qcode.core.model import Turn

# Share of the text that speaker turns must cover before we call a source an interview.
INTERVIEW_COVERAGE = 0.6
HEAD_LINES = 15  # the form's top: title and fields
# Fields an observation form carries at its top (field name, folded).
OBSERVATION_FIELDS = frozenset(
    {"dato", "date", "datum", "tid", "time", "tidspunkt", "klokkeslett", "kl", "sted",
     "place", "plats", "lokale", "setting", "kontor", "office", "enhet", "avdeling",
     "afdeling", "gruppe", "group", "grupp", "team", "møte", "mote", "möde", "möte",
     "meeting", "til stede", "tilstede", "present", "attendees", "deltakere", "deltagere",
     "deltagare", "närvarande", "tilstedeværende", "observatør", "observer", "observatör",
     "observert av", "observeret af", "observerad av"}
)  # fmt: skip
# Fields only a record of a gathering has: with these the fields alone may decide.
GATHERING_FIELDS = frozenset(
    {"møte", "mote", "möde", "möte", "meeting", "til stede", "tilstede", "present",
     "attendees", "närvarande", "tilstedeværende", "observatør", "observer", "observatör"}
)  # fmt: skip
_OBSERVATION_WORD = re.compile(r"\bobserv(?:asjon|ation|ations|atør|atör|er)", re.IGNORECASE)
_LOG_WORD = re.compile(
    r"\b(?:logg\w*|log|logs|logbog\w*|logbook|log ?sheet|dagbo[kg]\w*|diary|feltdagbo[kg])\b",
    re.IGNORECASE,
)
_INTERVIEW_WORD = re.compile(r"\b(?:intervju|interview|transkri|fokusgrupp|focus group)", re.I)
_FIELD = re.compile(r"^([^\W\d_][\w .-]{0,24}?)\s*:", re.UNICODE)
_MARKUP = re.compile(r"^[\s#>*_\-•]+")


def _head(text: str) -> list[str]:
    """The first non-blank lines, with Markdown heading, list and emphasis marks taken off."""
    lines: list[str] = []
    for line in text.split("\n", 200)[:200]:
        stripped = _MARKUP.sub("", line).strip().replace("**", "")
        if stripped:
            lines.append(stripped)
            if len(lines) == HEAD_LINES:
                break
    return lines


def suggest_kind(text: str, turns: Sequence[Turn]) -> str | None:
    """ "observation" or "log" when the form's title says so; "interview" when turns
    dominate; "observation" when the top carries a gathering's fields (meeting, present)
    among at least three observation fields and turns do not dominate; else None."""
    if not text.strip():
        return None
    head = _head(text)
    title = head[0] if head else ""
    if not _INTERVIEW_WORD.search(title):
        if _OBSERVATION_WORD.search(title):
            return "observation"
        if _LOG_WORD.search(title):
            return "log"
    covered = sum(t.end - t.start for t in turns)
    if turns and covered / len(text) >= INTERVIEW_COVERAGE:
        return "interview"
    fields = set()
    for line in head:
        match = _FIELD.match(line)
        if match:
            fields.add(" ".join(match.group(1).casefold().split()))
    found = fields & OBSERVATION_FIELDS
    if len(found) >= 3 and found & GATHERING_FIELDS:
        return "observation"
    return None
