"""Finding speaker turns in transcript text.

Turns let the analyst code answers without their labels and code by speaker, so we want
to find them; but a false transcript is worse than none: an observation sheet with
`Tid: 10:00` and `Sted: kontor A` fields must stay an observation sheet. Hence the shape
of this module: every line yields at most one *candidate* label (`scan_labels` in
`label_scan.py`; the label shapes are in `speaker_labels.py`), and `turns_from_labels`
keeps candidates only when they look like a conversation as a whole (repeated speakers, at
least two of them).

Every step here is linear in the number of labels, with one pass each, because an import
of a 100,000-line transcript runs them all (benchmarks/bench_structure.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from qcode.core.model import Turn

from .label_scan import scan_labels
from .speaker_labels import (
    JOINERS,
    LABEL_REACH,
    MAX_LABEL_CHARS,
    MAX_LABEL_WORDS,
    ROLE_WORDS,
    TS_LOOSE,
    Label,
    clean_speaker,
    is_role_label,
    is_speaker_name,
    match_label,
    match_label_weak,
)

__all__ = [
    "LABEL_REACH",
    "MAX_LABEL_CHARS",
    "MAX_LABEL_WORDS",
    "ROLE_WORDS",
    "Label",
    "accept_labels",
    "clean_speaker",
    "drop_key",
    "drop_notes",
    "find_turns",
    "is_role_label",
    "is_speaker_name",
    "match_label",
    "match_label_weak",
    "scan_labels",
    "turns_from_labels",
]

MIN_SPEAKERS = 2
MIN_LABELLED_LINES = 3
_START = attrgetter("start")
_SPEAKER = attrgetter("speaker")
_WEAK = attrgetter("weak")


def _names_a(label: Label, regulars: tuple[str, ...]) -> bool:
    """True when `label` is words before a regular speaker's name (`Hi PARTICIPANT 12`)."""
    speaker = label.speaker.casefold()
    for regular in regulars:
        if speaker.endswith(regular):
            before = speaker[: -len(regular)].split()
            return bool(before) and before[-1] not in JOINERS
    return False


def accept_labels(labels: list[Label]) -> list[Label]:
    """Keep the labels that together look like a conversation.

    A speaker must recur; a label seen once is kept only inside the stretch where
    recurring speakers talk (someone who interjects once), never before or after it,
    where it is most likely a form field such as `Sted:` or `Merk:`.
    """
    any_weak = any(map(_WEAK, labels))
    strong = [lb for lb in labels if not lb.weak] if any_weak else labels
    if len(strong) < MIN_LABELLED_LINES:
        return []
    # speakers are counted casefolded; a transcript has a handful of spellings, so each
    # is folded once and every label looks its speaker's count up by the spelling
    counts: dict[str, int] = {}
    spellings = Counter(map(_SPEAKER, strong))
    for spelling, n in spellings.items():
        folded = spelling.casefold()
        counts[folded] = counts.get(folded, 0) + n
    uses = {spelling: counts[spelling.casefold()] for spelling in spellings}
    if min(uses.values()) >= 2:  # every speaker recurs: all are kept
        kept = list(strong)
        speakers = set(counts)
    else:
        kept = _kept_with_once_only(strong, counts, uses)
        speakers = {lb.speaker.casefold() for lb in kept}
    if len(speakers) < MIN_SPEAKERS or len(kept) < MIN_LABELLED_LINES:
        return []
    if not any_weak:
        return kept
    weak = [lb for lb in labels if lb.weak and lb.speaker.casefold() in speakers]
    return sorted(kept + weak, key=_START) if weak else kept


def _kept_with_once_only(
    strong: list[Label], counts: dict[str, int], uses: dict[str, int]
) -> list[Label]:
    """The labels of recurring speakers, and once-only labels inside their stretch."""
    recurring = [lb.start for lb in strong if uses[lb.speaker] >= 2]
    if not recurring:
        return []
    first, last = recurring[0], recurring[-1]
    # a lowercase label (`intervjuer:`) must recur: once, it is as likely a word of prose
    kept = [
        lb
        for lb in strong
        if uses[lb.speaker] >= 2 or (first < lb.start < last and lb.speaker[:1].isupper())
    ]
    # once-only `Hi PARTICIPANT 12:` is speech that names a speaker, not a new speaker
    # (but `X og Y:` is two speakers talking together)
    regulars = tuple(f" {name}" for name, n in counts.items() if n >= 2)
    return [lb for lb in kept if uses[lb.speaker] >= 2 or not _names_a(lb, regulars)]


_STAMP_LINE = re.compile(rf"[ \t]*[\[(]?{TS_LOOSE}[\])]?[ \t]*")
MAX_KEY_WORDS = 4


def _trimmed_end(text: str, start: int, end: int) -> int:
    """End of the turn's text: trailing whitespace and timestamp-only lines (`0:02:05.6`,
    the next turn's time) are not part of it."""
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        line_start = text.rfind("\n", start, end) + 1
        if line_start <= start or not _STAMP_LINE.fullmatch(text, line_start, end):
            return end
        end = line_start


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def drop_key(text: str, labels: list[Label]) -> list[Label]:
    """Labels minus a key at the top (`I1: Interviewer 1`, `K: Kvinde`): a block of
    consecutive lines, each a different speaker described in a few words without sentence
    punctuation, set apart from what follows, whose speakers all talk later."""
    block: list[Label] = []
    seen: set[str] = set()
    for i, label in enumerate(labels):
        if i and _line_end(text, labels[i - 1].start) + 1 != label.start:
            break
        body = text[label.body_start : _line_end(text, label.body_start)].strip()
        speaker = label.speaker.casefold()
        if not body or len(body.split()) > MAX_KEY_WORDS or body[-1] in ".?!…" or speaker in seen:
            break
        seen.add(speaker)
        block.append(label)
    if len(block) < MIN_SPEAKERS or len(block) == len(labels):
        return labels
    rest = labels[len(block) :]
    if _line_end(text, block[-1].start) + 1 == rest[0].start:
        return labels  # the next label follows at once: a conversation, not a key
    later = {lb.speaker.casefold() for lb in rest}
    return rest if seen <= later else labels


def drop_notes(text: str, labels: list[Label]) -> list[Label]:
    """Labels minus bracketed notes (`[Latter]`, `[Anonymisert]`): a bracketed word that
    the transcript also writes inside a line is an annotation, not a speaker."""
    if "[" not in text:
        return labels
    # only a speaker the text writes as `[name]` somewhere can be a note
    in_brackets = {name for name in set(map(_SPEAKER, labels)) if f"[{name}]" in text}
    if not in_brackets:
        return labels
    bracketed = Counter(
        lb.speaker
        for lb in labels
        if lb.speaker in in_brackets
        and text[lb.start : lb.body_start].strip().startswith(f"[{lb.speaker}]")
    )
    notes = {name for name, n in bracketed.items() if text.count(f"[{name}]") > n}
    return [lb for lb in labels if lb.speaker not in notes] if notes else labels


def turns_from_labels(
    text: str, labels: list[Label], *, check: bool = True, stops: Iterable[int] = ()
) -> list[Turn]:
    """Turns run from one accepted label to the next (unlabelled paragraphs in between
    belong to the speaker before them), trailing whitespace excluded.

    `stops` are offsets that end a turn early: the formats with marked-up headings (docx,
    odt) pass their heading starts, because a heading is structure, not speech.
    """
    labels = sorted(labels, key=_START)
    if check:
        labels = accept_labels(drop_key(text, drop_notes(text, labels)))
    if not labels:
        return []
    stop_at = sorted(set(stops))
    ends = [lb.start for lb in labels[1:]]
    ends.append(len(text))
    turns: list[Turn] = []
    append = turns.append
    new = object.__new__
    fast = _FAST_TURN
    for (speaker, start, body, _), stop in zip(labels, ends, strict=True):
        if stop_at:
            at = bisect_right(stop_at, start)
            if at < len(stop_at):
                stop = min(stop, stop_at[at])
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if text.rfind("\n", start, end) != -1:  # several lines: the last may be a time
            end = _trimmed_end(text, start, end)
        if body < end and text[body].isspace():
            while body < end and text[body].isspace():
                body += 1
        elif body > end:
            body = end
        if fast:  # see _FAST_TURN
            turn = new(Turn)
            fields = turn.__dict__
            fields["speaker"] = speaker
            fields["start"] = start
            fields["end"] = end
            fields["body_start"] = body
            append(turn)
        else:
            append(Turn(speaker, start, end, body))
    return turns


# A transcript makes one `Turn` per line, and a frozen dataclass's `__init__` sets each field
# through `object.__setattr__`, which costs more than finding the turn. `turns_from_labels`
# fills the instance's dict directly instead: the same object (equal, same hash and repr;
# tests/importers/test_importers_turns.py), made in a third of the time. A `Turn` with
# slots or a `__post_init__` would need its `__init__`, and gets it.
_FAST_TURN = not hasattr(Turn, "__slots__") and not hasattr(Turn, "__post_init__")


def find_turns(text: str) -> list[Turn]:
    """Speaker turns in plain text; empty unless the text reads as a conversation."""
    return turns_from_labels(text, scan_labels(text))
