"""The other reading of a file: when its structure could be headings or speakers.

`Forberedelse:` on its own line is a theme heading in an observation sheet and a speaker
label in a transcript; the detectors pick one reading from the shape of the whole file, and
on most files that is right. Where it may not be, the import says so in one line, and the
analyst decides with `qcode import --structure sections|turns|none`. Re-reading works on
the text and structure a reader already produced, so every format gets the same choice.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from qcode.core.model import Section, Turn

from .kinds import suggest_kind
from .result import ImportedSource
from .turns import Label, is_role_label, is_speaker_name, scan_labels, turns_from_labels

# What `--structure` accepts; `auto` keeps what the reader found.
STRUCTURES: tuple[str, ...] = ("auto", "sections", "turns", "none")

# Labels named in a note, at most; the rest are counted.
NAMED_IN_NOTE = 3


def reread(source: ImportedSource, structure: str) -> ImportedSource:
    """`source` read as the analyst asked: `sections` makes speaker labels headings,
    `turns` makes heading-shaped labels speakers, `none` keeps the plain text."""
    if structure == "auto":
        return source
    if structure == "none":
        sections: list[Section] = []
        turns: list[Turn] = []
    elif structure == "sections":
        sections, turns = _as_sections(source.sections, source.turns), []
    elif structure == "turns":
        sections, turns = _as_turns(source.text, source.sections, source.turns)
    else:
        raise ValueError(f"unknown structure {structure!r}")
    return replace(
        source,
        sections=sections,
        turns=turns,
        metadata={**source.metadata, "structure": structure},
        suggested_kind=suggest_kind(source.text, turns),
    )


def _as_sections(sections: list[Section], turns: list[Turn]) -> list[Section]:
    """Each turn becomes a section titled by its label, one level below the section it
    lies in, so a sheet's meeting › theme nesting holds."""
    made = []
    for turn in turns:
        outer = [s.level for s in sections if s.start <= turn.start < s.end]
        made.append(Section(turn.speaker, turn.start, turn.end, max(outer, default=0) + 1))
    return sorted(sections + made, key=lambda s: (s.start, s.level))


def _as_turns(
    text: str, sections: list[Section], turns: list[Turn]
) -> tuple[list[Section], list[Turn]]:
    """Turns from every label the text has, headings with a speaker's shape included
    (`INTERVJUER` alone on its line); a heading that starts a turn is no longer a section.
    Without any label the headings stay what they are."""
    if not turns:
        labels = {lb.start: lb for lb in scan_labels(text)}
        for s in sections:
            if s.start not in labels and is_speaker_name(s.title):
                line_end = text.find("\n", s.start)
                body = len(text) if line_end == -1 else line_end + 1
                labels[s.start] = Label(s.title, s.start, body)
        found = list(labels.values())
        # the analyst said these are turns: when the conversation checks refuse them, the
        # labels are taken as they stand
        turns = turns_from_labels(text, found) or turns_from_labels(text, found, check=False)
    starts = {t.start for t in turns}
    return [s for s in sections if s.start not in starts], turns


def ambiguity(source: ImportedSource, themes: Collection[str] = ()) -> str | None:
    """One line when the file has a second plausible reading, else None.

    `themes` are the codebook's code names and keys, casefolded: a speaker called
    `Forberedelse` in a study whose codebook has that theme is most likely a heading."""
    turns = source.turns
    if turns:
        themed = [t.speaker for t in turns if t.speaker.casefold() in themes]
        if themed:
            return (
                f"{_named(themed, ':')} read as speaker label(s) but named like codebook themes; "
                "--structure sections reads them as headings"
            )
        return None
    roles = [s.title for s in source.sections if is_role_label(s.title)]
    if roles:
        return (
            f"{_named(roles)} read as heading(s) but named like speaker roles; "
            "--structure turns reads them as speaker turns"
        )
    return None


def no_structure(source: ImportedSource) -> str | None:
    """One line when nothing was found, so an analyst is not left wondering why
    `autocode sections` and `autocode speakers` code nothing in this file."""
    if source.sections or source.turns:
        return None
    return "no headings or speaker turns found; imported as plain text"


def _named(labels: list[str], colon: str = "") -> str:
    unique = list(dict.fromkeys(labels))
    shown = ", ".join(f"'{label}{colon}'" for label in unique[:NAMED_IN_NOTE])
    more = len(unique) - NAMED_IN_NOTE
    return shown + (f" and {more} more" if more > 0 else "")
