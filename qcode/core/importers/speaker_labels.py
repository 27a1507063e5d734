"""Speaker labels at the start of transcript lines: the shapes, and the general path.

Transcripts arrive in many house styles (`I:`, `Intervjuer:`, `Researcher 1:`, `**Kari:**`,
`[Kari]`, `Kari 00:01:23`, `[00:01:23] Kari:` ...). Every line yields at most one
*candidate* label; whether the candidates make a conversation is judged in `turns.py`.

Speed: an import runs this on every line of every file. Which of the seven patterns may
apply to a line is read from its first characters (`_candidate_patterns`), and the bare
`Name:` form is judged by the text before its colon, which a transcript repeats thousands
of times (`_plain_label`). The scan of a whole text (`label_scan.scan_labels`) settles the
common lines in one regex pass and sends the rest here, to `match_label_weak`, the general
path; the fast paths give its answer for every line (tests/importers/test_label_scan_paths.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 40
# How far into a line a label can reach: a 40-character name, a timestamp, brackets.
LABEL_REACH = 64

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# Transcription software also writes `0:0` and `0:02:05.6` before a label.
TS_LOOSE = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.&+/\-]+){0,3}"
# After a label's colon: a space, the line's end, or a capital starting the speech
# (`O:Hvor ...`); not a lowercase word, as in `name :type` or `key:value`.
_AFTER = r"(?=\s|$|[A-ZÀ-ÖØ-Þ])"
# ... except in a transcript that also labels the speaker plainly: there `David:…so`,
# `David:just`, `Jessica:..what` and `Researcher 1:‘...sort of` are labels too (weak ones,
# see `Label.weak`). One character after the colon decides, as for `_AFTER`, because the
# bare form is judged on the line up to its colon and one character more (`_plain_label`).
_GLUED = r"(?P<glued>)(?=[^\W\d_]|[….‘“«\"'])"

# Order matters: the specific shapes first, the bare `Name:` last.
_PATTERNS = (
    # **Kari:** text   /   **Kari**: text
    re.compile(r"[ \t]*\*\*(?P<name>[^*\n]{1,40}?)[ \t]*(?::\*\*|\*\*[ \t]*:)(?=\s|$)"),
    # [00:01:23] Kari: text   /   00:01:23 Kari: text   /   *0:0 = I1: text
    re.compile(
        rf"[ \t]*\*?[ \t]*\[?{TS_LOOSE}\]?[ \t]*(?:=[ \t]*)?(?P<name>{_NAME}?)[ \t]*:{_AFTER}"
    ),
    # 0:0<TAB>I1<TAB>text
    re.compile(rf"[ \t]*\[?{TS_LOOSE}\]?\t(?P<name>{_NAME}?)[ \t]*:?\t"),
    # [00:14:02] K   (the speech follows on the next line)
    re.compile(rf"[ \t]*\[?{_TS}\]?[ \t]+(?P<name>{_NAME}?)[ \t]*:?[ \t]*$"),
    # Kari (00:01:23): text   /   Kari 00:01:23   /   Kari [00:01:23] text
    re.compile(rf"[ \t]*(?P<name>{_NAME}?)[ \t]+[(\[]?{_TS}[)\]]?[ \t]*:?(?=\s|$)"),
    # [Kari] text
    re.compile(r"[ \t]*\[(?P<name>[^\]\n:]{1,40})\][ \t]*:?(?=\s|$)"),
    # Kari: text   /   Researcher 1: text   /   I:   /   O:Hvor   /   M; text (a typo)
    #   /   David:…so   /   David:just (weak: glued to a lowercase word or an ellipsis)
    re.compile(rf"[ \t]*(?P<name>[^:;\n\[\]*]{{1,40}}?)[ \t]*(?P<colon>[:;])(?:{_AFTER}|{_GLUED})"),
)

# Lowercase words that may sit inside a person's name.
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "af", "la", "le", "bin"}
# Words that join two speakers in one label (`X og Y:`, `I1 & I2:`).
JOINERS = {"og", "och", "and", "&", "+", "/"}
# A lowercase label is one word, perhaps numbered: `intervjuer`, `deltaker-3`, `admin-1`, `id1`.
_LOWER_LABEL = re.compile(r"[^\W\d_]+(?:[-_ ]?\d{1,3})?")

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
    "anonymisert",
    "anonymiseret",
    "anonymiserat",
    "anonymised",
    "anonymized",
    "redacted",
    "sensurert",
    "skratt",
    "skrattar",
    "griner",
    "host",
    "hoste",
    "hosting",
    "avbrudd",
    "afbrydelse",
    "overlapp",
    "overlap",
    "uklart",
    "uklar",
    "ohörbart",
    "navn",
    "name",
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
    "intervjuare",
    "interviewer",
    "informant",
    "respondent",
    "researcher",
    "deltaker",
    "deltager",
    "deltagare",
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


class Label(NamedTuple):
    """A place where a turn may begin: line start, speaker, start of the spoken words.
    (A named tuple, not a dataclass: a transcript makes one per line, and a tuple is
    made in a third of the time.)"""

    speaker: str
    start: int
    body_start: int
    # A weak label (`M; text` with a semicolon, `K: 12.` with only a number, `David:…so`
    # glued to a lowercase word or an ellipsis) counts only for a speaker the transcript
    # also labels plainly.
    weak: bool = False


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
    if name.casefold() in _NOT_SPEAKERS or words[0].casefold() in _NOT_SPEAKERS:
        return False
    if not words[0][0].isalpha():
        return False
    if not words[0][0].isupper():
        # lowercase only as a transcriber writes roles (`intervjuer`, `admin-1`, `id1`), so
        # prose (`følgende:`) and configuration (`key: value`) are not taken for speakers
        return _LOWER_LABEL.fullmatch(name) is not None and (
            any(ch.isdigit() for ch in name) or name.casefold() in ROLE_WORDS
        )
    if any("." in word[:-1] for word in words):  # file names, web addresses: not people
        return False
    for word in words[1:]:
        if word.isdigit() and len(word) <= 3:
            continue
        if word in _NAME_PARTICLES or word in JOINERS:
            continue
        if not (word[0].isalpha() and word[0].isupper()):
            return False
    return not any(ch in name for ch in '?!"“”«»')


@lru_cache(maxsize=4096)
def is_role_label(name: str) -> bool:
    """True for labels that name an interview role (`I`, `Informant 2`, `Intervjuer`)."""
    words = name.split()
    return bool(words) and words[0].casefold() in ROLE_WORDS


@lru_cache(maxsize=4096)
def _speaker(raw: str) -> str | None:
    """The speaker a pattern's `name` group names, or None if it is no speaker's name."""
    speaker = clean_speaker(raw)
    return speaker if is_speaker_name(speaker) else None


def _choices() -> dict[tuple[bool, bool, bool, bool], tuple[re.Pattern[str], ...]]:
    """The patterns worth trying on a line, in `_PATTERNS` order, by what its start shows:
    (`**` first, `[` first, a digit after those, a clock time `d:d` near the start). Each
    special shape has such a tell-tale; the bare `Name:` form is always tried last."""
    bold_p, stamp_first, stamp_tab, stamp_alone, stamp_after, bracket_p, plain = _PATTERNS
    table = {}
    for bold in (False, True):
        for bracket in (False, True):
            for digit in (False, True):
                for clock in (False, True):
                    chosen = [bold_p] if bold else []
                    if clock and (bracket or digit):
                        chosen.extend((stamp_first, stamp_tab, stamp_alone))
                    if clock:
                        chosen.append(stamp_after)
                    if bracket:
                        chosen.append(bracket_p)
                    chosen.append(plain)
                    table[bold, bracket, digit, clock] = tuple(chosen)
    return table


_CHOICES = _choices()
_CLOCK = re.compile(r"\d:\d")
# The line's start: spaces, then `**` or `[` (group 1), then any run of ` \t*[`.
_LEAD = re.compile(r"[ \t]*(\*\*|\[)?[ \t*\[]*")


def _candidate_patterns(line: str) -> tuple[re.Pattern[str], ...]:
    """The patterns worth trying on `line`, judged on its first LABEL_REACH characters;
    skipping the shapes a line cannot have keeps scanning a long transcript cheap (and
    decides which shape wins where two could match, so the choice is part of the rules)."""
    lead = _LEAD.match(line, 0, LABEL_REACH)
    assert lead is not None  # every part of the pattern is optional
    mark = lead.group(1)
    after = lead.end()
    digit = after < LABEL_REACH and line[after : after + 1].isdigit()
    clock = _CLOCK.search(line, 0, LABEL_REACH) is not None
    return _CHOICES[mark == "**", mark == "[", digit, clock]


_PLAIN = _PATTERNS[-1]


def _plain_weak(m: re.Match[str]) -> bool:
    """True when a bare-form label is weak: a semicolon (`M; text`) or glued (`David:…so`)."""
    return m.group("colon") == ";" or m.group("glued") is not None


_PLAIN_SEEN: dict[str, tuple[str, int, bool] | None] = {}
_PLAIN_SEEN_MAX = 4096
_UNSEEN = ("", -1, False)  # not yet judged (compared by identity)


def _plain_label(prefix: str) -> tuple[str, int, bool] | None:
    """The bare `Name:` form, judged on the line up to its first ':' or ';' and the
    character after it, which is all that form depends on: (speaker, end of the label,
    weak). A transcript repeats a handful of such prefixes thousands of times, so they
    are judged once each."""
    try:
        return _PLAIN_SEEN[prefix]
    except KeyError:
        pass
    m = _PLAIN.match(prefix)
    found = None
    if m:
        speaker = _speaker(m.group("name"))
        found = None if speaker is None else (speaker, m.end(), _plain_weak(m))
    if len(_PLAIN_SEEN) >= _PLAIN_SEEN_MAX:
        _PLAIN_SEEN.clear()
    _PLAIN_SEEN[prefix] = found
    return found


_COLON = re.compile(r"[:;]")


def _body_start(line: str, end: int) -> int:
    """Where the spoken words begin: after the spaces that follow the label at `end`."""
    if line[end : end + 1] == " " and not line[end + 1 : end + 2].isspace():
        return end + 1  # the usual one space, spared the general rule below
    return len(line) - len(line[end:].lstrip())


def _field_value(line: str, speaker: str, body_start: int) -> bool:
    """True when the words after a label (not a role's) are only a time, a date or a
    number: `Tid: 10:00`, `Dato: 12.03.2013`, or an answer `K: 12.` (a weak label)."""
    first = line[body_start : body_start + 1]
    # a body starting with a letter is never a field value: spare it the regex
    return (
        bool(first)
        and not first.isalpha()
        and not is_role_label(speaker)
        and _FIELD_VALUE.fullmatch(line, body_start, len(line.rstrip())) is not None
    )


def _with_body(line: str, speaker: str, end: int, weak: bool) -> tuple[str, int, bool]:
    """(speaker, where the spoken words begin, weak) for a label ending at `end`."""
    body_start = _body_start(line, end)
    return speaker, body_start, weak or _field_value(line, speaker, body_start)


def match_label_weak(line: str) -> tuple[str, int, bool] | None:
    """(speaker, offset where the spoken words begin in `line`, weak) if the line starts
    with a speaker label, else None; see `Label.weak`. The general path: every pattern
    that may apply, in order, until one finds a speaker's name."""
    patterns = _candidate_patterns(line)
    if len(patterns) == 1:  # only the bare `Name:` form can apply
        colon = _COLON.search(line, 0, LABEL_REACH)
        if colon is None:
            return None
        found = _plain_label(line[: colon.start() + 2])
        return _with_body(line, *found) if found else None
    for pattern in patterns:
        m = pattern.match(line)
        if not m:
            continue
        speaker = _speaker(m.group("name"))
        if speaker is None:
            continue
        weak = pattern is _PLAIN and _plain_weak(m)
        return _with_body(line, speaker, m.end(), weak)
    return None


def match_label(line: str) -> tuple[str, int] | None:
    """(speaker, offset where the spoken words begin in `line`) if the line starts with a
    plainly written speaker label, else None."""
    found = match_label_weak(line)
    return (found[0], found[1]) if found and not found[2] else None
