"""Finding speaker turns in transcript text.

Transcripts arrive in many house styles (`I:`, `Intervjuer:`, `Researcher 1:`, `**Kari:**`,
`[Kari]`, `Kari 00:01:23`, `[00:01:23] Kari:` ...). Turns let the analyst code answers
without their labels and code by speaker, so we want to find them; but a false transcript
is worse than none: an observation sheet with `Tid: 10:00` and `Sted: kontor A` fields must
stay an observation sheet. Hence the shape of this module: every line yields at most one
*candidate* label (`scan_labels`), and `turns_from_labels` keeps candidates only when they
look like a conversation as a whole (repeated speakers, at least two of them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from qcode.core.model import Turn

MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 40
MIN_SPEAKERS = 2
MIN_LABELLED_LINES = 3
# How far into a line a label can reach: a 40-character name, a timestamp, brackets.
LABEL_REACH = 64

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,3}"

# Order matters: the specific shapes first, the bare `Name:` last.
_PATTERNS = (
    # **Kari:** text   /   **Kari**: text
    re.compile(r"[ \t]*\*\*(?P<name>[^*\n]{1,40}?)[ \t]*(?::\*\*|\*\*[ \t]*:)(?=\s|$)"),
    # [00:01:23] Kari: text   /   00:01:23 Kari: text
    re.compile(rf"[ \t]*\[?{_TS}\]?[ \t]+(?P<name>{_NAME}?)[ \t]*:(?=\s|$)"),
    # Kari (00:01:23): text   /   Kari 00:01:23   /   Kari [00:01:23] text
    re.compile(rf"[ \t]*(?P<name>{_NAME}?)[ \t]+[(\[]?{_TS}[)\]]?[ \t]*:?(?=\s|$)"),
    # [Kari] text
    re.compile(r"[ \t]*\[(?P<name>[^\]\n:]{1,40})\][ \t]*:?(?=\s|$)"),
    # Kari: text   /   Researcher 1: text   /   I:
    re.compile(r"[ \t]*(?P<name>[^:\n\[\]*]{1,40}?)[ \t]*:(?=\s|$)"),
)

# Lowercase words that may sit inside a person's name.
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "af", "la", "le", "bin"}

# Words that head form fields or transcription annotations, never a speaker.
_NOT_SPEAKERS = {
    "tid",
    "dato",
    "sted",
    "merk",
    "merknad",
    "merknader",
    "kommentar",
    "kommentarer",
    "tema",
    "emne",
    "varighet",
    "tilstede",
    "til stede",
    "fra",
    "til",
    "kl",
    "klokka",
    "time",
    "date",
    "place",
    "location",
    "note",
    "notes",
    "nb",
    "ps",
    "comment",
    "comments",
    "subject",
    "theme",
    "duration",
    "present",
    "from",
    "to",
    "cc",
    "re",
    "laughter",
    "laughs",
    "inaudible",
    "crosstalk",
    "pause",
    "silence",
    "music",
    "applause",
    "unclear",
    "ler",
    "latter",
    "uhørbart",
    "utydelig",
    "stillhet",
    "http",
    "https",
    "mailto",
    "www",
    "e-post",
    "email",
    "tlf",
    "phone",
}

# Role words that make a line a speaker label even when it stands alone (`I:` on its own
# line is a turn, not a section heading).
ROLE_WORDS = {
    "i",
    "r",
    "q",
    "a",
    "p",
    "ip",
    "intervjuer",
    "interviewer",
    "informant",
    "respondent",
    "researcher",
    "deltaker",
    "participant",
    "moderator",
    "facilitator",
    "interviewee",
    "intervjuobjekt",
    "spørsmål",
    "svar",
    "question",
    "answer",
    "veileder",
    "leder",
}

# After a field label the "body" is often just a time, a date or a number.
_FIELD_VALUE = re.compile(r"[\d\s.:/\-–,]+")


@dataclass(frozen=True)
class Label:
    """A place where a turn may begin: line start, speaker, start of the spoken words."""

    speaker: str
    start: int
    body_start: int


def clean_speaker(raw: str) -> str:
    """Speaker as written, minus the punctuation around it (`**Kari:**` -> `Kari`)."""
    return raw.strip().strip("*[]():;.,-–").strip()


@lru_cache(maxsize=4096)
def is_speaker_name(name: str) -> bool:
    """Short, capitalised, name-like: `Kari Nordmann`, `Informant 2`, `Deltaker B`, `I`."""
    if not name or len(name) > MAX_LABEL_CHARS:
        return False
    words = name.split()
    if not 1 <= len(words) <= MAX_LABEL_WORDS:
        return False
    if not words[0][0].isalpha() or not words[0][0].isupper():
        return False
    if name.casefold() in _NOT_SPEAKERS or words[0].casefold() in _NOT_SPEAKERS:
        return False
    if any("." in word[:-1] for word in words):  # file names, web addresses: not people
        return False
    for word in words[1:]:
        if word.isdigit() and len(word) <= 3:
            continue
        if word in _NAME_PARTICLES:
            continue
        if not (word[0].isalpha() and word[0].isupper()):
            return False
    return not any(ch in name for ch in '?!"“”«»')


@lru_cache(maxsize=4096)
def is_role_label(name: str) -> bool:
    """True for labels that name an interview role (`I`, `Informant 2`, `Intervjuer`)."""
    words = name.split()
    return bool(words) and words[0].casefold() in ROLE_WORDS


_CLOCK = re.compile(r"\d:\d\d")


def _candidate_patterns(head: str) -> list[re.Pattern[str]]:
    """The patterns worth trying on a line starting with `head`, in `_PATTERNS` order.
    Each special shape has a tell-tale start (`**`, `[`, a digit) or a clock time near the
    start; skipping the shapes a line cannot have keeps scanning a long transcript cheap."""
    start = head.lstrip(" \t")[:2]
    bold, bracket, digit = start == "**", start[:1] == "[", start[:1].isdigit()
    clock = _CLOCK.search(head) is not None
    bold_p, stamp_first, stamp_after, bracket_p, plain = _PATTERNS
    chosen = [bold_p] if bold else []
    if clock and (bracket or digit):
        chosen.append(stamp_first)
    if clock:
        chosen.append(stamp_after)
    if bracket:
        chosen.append(bracket_p)
    chosen.append(plain)
    return chosen


@lru_cache(maxsize=4096)
def _plain_label(prefix: str) -> tuple[str, int] | None:
    """The bare `Name:` form, judged on the line up to its first ':' and the character
    after it, which is all that form depends on. A transcript repeats a handful of such
    prefixes thousands of times, so they are judged once each."""
    m = _PATTERNS[-1].match(prefix)
    if not m:
        return None
    speaker = clean_speaker(m.group("name"))
    return (speaker, m.end()) if is_speaker_name(speaker) else None


def _with_body(line: str, speaker: str, end: int) -> tuple[str, int] | None:
    rest = line[end:]
    body = rest.strip()
    if body and _FIELD_VALUE.fullmatch(body) and not is_role_label(speaker):
        return None  # `Tid: 10:00`, `Dato: 12.03.2013`; but `R: 12` is an answer
    return speaker, end + (len(rest) - len(rest.lstrip()))


def match_label(line: str) -> tuple[str, int] | None:
    """(speaker, offset where the spoken words begin in `line`) if the line starts with a
    speaker label, else None."""
    head = line[:LABEL_REACH]
    patterns = _candidate_patterns(head)
    if len(patterns) == 1:  # only the bare `Name:` form can apply
        colon = head.find(":")
        if colon < 0:
            return None
        found = _plain_label(line[: colon + 2])
        return _with_body(line, *found) if found else None
    for pattern in patterns:
        m = pattern.match(line)
        if not m:
            continue
        speaker = clean_speaker(m.group("name"))
        if not is_speaker_name(speaker):
            continue
        result = _with_body(line, speaker, m.end())
        if result is not None:
            return result
    return None


def scan_labels(text: str) -> list[Label]:
    """One candidate per line that starts with something label-shaped."""
    labels: list[Label] = []
    pos = 0
    for line in text.split("\n"):
        head = line[:LABEL_REACH]
        # Every label form has a ':' (or a timestamp's) or a '[' near the line start;
        # checking that first spares prose lines the five patterns.
        found = match_label(line) if ":" in head or "[" in head else None
        if found:
            speaker, offset = found
            labels.append(Label(speaker, pos, pos + offset))
        pos += len(line) + 1
    return labels


def accept_labels(labels: list[Label]) -> list[Label]:
    """Keep the labels that together look like a conversation.

    A speaker must recur; a label seen once is kept only inside the stretch where
    recurring speakers talk (someone who interjects once), never before or after it,
    where it is most likely a form field such as `Sted:` or `Merk:`.
    """
    if len(labels) < MIN_LABELLED_LINES:
        return []
    counts = Counter(label.speaker.casefold() for label in labels)
    recurring = [lb for lb in labels if counts[lb.speaker.casefold()] >= 2]
    if not recurring:
        return []
    first, last = recurring[0].start, recurring[-1].start
    kept = [lb for lb in labels if counts[lb.speaker.casefold()] >= 2 or first < lb.start < last]
    speakers = {lb.speaker.casefold() for lb in kept}
    if len(speakers) < MIN_SPEAKERS or len(kept) < MIN_LABELLED_LINES:
        return []
    return kept


def _trimmed_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def turns_from_labels(
    text: str, labels: list[Label], *, check: bool = True, stops: Iterable[int] = ()
) -> list[Turn]:
    """Turns run from one accepted label to the next (unlabelled paragraphs in between
    belong to the speaker before them), trailing whitespace excluded.

    `stops` are offsets that end a turn early: the formats with marked-up headings (docx,
    odt) pass their heading starts, because a heading is structure, not speech.
    """
    labels = sorted(labels, key=lambda lb: lb.start)
    if check:
        labels = accept_labels(labels)
    stop_at = sorted(set(stops))
    turns: list[Turn] = []
    for i, label in enumerate(labels):
        stop = labels[i + 1].start if i + 1 < len(labels) else len(text)
        at = bisect_right(stop_at, label.start)
        if at < len(stop_at):
            stop = min(stop, stop_at[at])
        end = _trimmed_end(text, label.start, stop)
        body = label.body_start
        while body < end and text[body].isspace():
            body += 1
        turns.append(Turn(label.speaker, label.start, end, min(body, end)))
    return turns


def find_turns(text: str) -> list[Turn]:
    """Speaker turns in plain text; empty unless the text reads as a conversation."""
    return turns_from_labels(text, scan_labels(text))
