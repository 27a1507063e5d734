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
# Transcription software also writes `0:0` and `0:02:05.6` before a label.
_TS_LOOSE = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.&+/\-]+){0,3}"
# After a label's colon: a space, the line's end, or a capital starting the speech
# (`O:Hvor ...`); not a lowercase word, as in `name :type` or `key:value`.
_AFTER = r"(?=\s|$|[A-ZÀ-ÖØ-Þ])"

# Order matters: the specific shapes first, the bare `Name:` last.
_PATTERNS = (
    # **Kari:** text   /   **Kari**: text
    re.compile(r"[ \t]*\*\*(?P<name>[^*\n]{1,40}?)[ \t]*(?::\*\*|\*\*[ \t]*:)(?=\s|$)"),
    # [00:01:23] Kari: text   /   00:01:23 Kari: text   /   *0:0 = I1: text
    re.compile(
        rf"[ \t]*\*?[ \t]*\[?{_TS_LOOSE}\]?[ \t]*(?:=[ \t]*)?(?P<name>{_NAME}?)[ \t]*:{_AFTER}"
    ),
    # 0:0<TAB>I1<TAB>text
    re.compile(rf"[ \t]*\[?{_TS_LOOSE}\]?\t(?P<name>{_NAME}?)[ \t]*:?\t"),
    # [00:14:02] K   (the speech follows on the next line)
    re.compile(rf"[ \t]*\[?{_TS}\]?[ \t]+(?P<name>{_NAME}?)[ \t]*:?[ \t]*$"),
    # Kari (00:01:23): text   /   Kari 00:01:23   /   Kari [00:01:23] text
    re.compile(rf"[ \t]*(?P<name>{_NAME}?)[ \t]+[(\[]?{_TS}[)\]]?[ \t]*:?(?=\s|$)"),
    # [Kari] text
    re.compile(r"[ \t]*\[(?P<name>[^\]\n:]{1,40})\][ \t]*:?(?=\s|$)"),
    # Kari: text   /   Researcher 1: text   /   I:   /   O:Hvor   /   M; text (a typo)
    re.compile(rf"[ \t]*(?P<name>[^:;\n\[\]*]{{1,40}}?)[ \t]*(?P<colon>[:;]){_AFTER}"),
)

# Lowercase words that may sit inside a person's name.
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "af", "la", "le", "bin"}
# Words that join two speakers in one label (`X og Y:`, `I1 & I2:`).
_JOINERS = {"og", "och", "and", "&", "+", "/"}
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


@dataclass(frozen=True)
class Label:
    """A place where a turn may begin: line start, speaker, start of the spoken words."""

    speaker: str
    start: int
    body_start: int
    # A weak label (`M; text` with a semicolon, `K: 12.` with only a number) counts only
    # for a speaker the transcript also labels plainly.
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
        if word in _NAME_PARTICLES or word in _JOINERS:
            continue
        if not (word[0].isalpha() and word[0].isupper()):
            return False
    return not any(ch in name for ch in '?!"“”«»')


@lru_cache(maxsize=4096)
def is_role_label(name: str) -> bool:
    """True for labels that name an interview role (`I`, `Informant 2`, `Intervjuer`)."""
    words = name.split()
    return bool(words) and words[0].casefold() in ROLE_WORDS


_CLOCK = re.compile(r"\d:\d")


def _candidate_patterns(head: str) -> list[re.Pattern[str]]:
    """The patterns worth trying on a line starting with `head`, in `_PATTERNS` order.
    Each special shape has a tell-tale start (`**`, `[`, a digit) or a clock time near the
    start; skipping the shapes a line cannot have keeps scanning a long transcript cheap."""
    start = head.lstrip(" \t")[:2]
    bold, bracket = start == "**", start[:1] == "["
    digit = head.lstrip(" \t*[")[:1].isdigit()
    clock = _CLOCK.search(head) is not None
    bold_p, stamp_first, stamp_tab, stamp_alone, stamp_after, bracket_p, plain = _PATTERNS
    chosen = [bold_p] if bold else []
    if clock and (bracket or digit):
        chosen.extend((stamp_first, stamp_tab, stamp_alone))
    if clock:
        chosen.append(stamp_after)
    if bracket:
        chosen.append(bracket_p)
    chosen.append(plain)
    return chosen


@lru_cache(maxsize=4096)
def _plain_label(prefix: str) -> tuple[str, int, bool] | None:
    """The bare `Name:` form, judged on the line up to its first ':' and the character
    after it, which is all that form depends on. A transcript repeats a handful of such
    prefixes thousands of times, so they are judged once each."""
    m = _PATTERNS[-1].match(prefix)
    if not m:
        return None
    speaker = clean_speaker(m.group("name"))
    weak = m.group("colon") == ";"
    return (speaker, m.end(), weak) if is_speaker_name(speaker) else None


def _with_body(line: str, speaker: str, end: int, weak: bool) -> tuple[str, int, bool]:
    rest = line[end:]
    body = rest.strip()
    if body and _FIELD_VALUE.fullmatch(body) and not is_role_label(speaker):
        weak = True  # `Tid: 10:00`, `Dato: 12.03.2013`, or an answer `K: 12.`
    return speaker, end + (len(rest) - len(rest.lstrip())), weak


_COLON = re.compile(r"[:;]")


def match_label_weak(line: str) -> tuple[str, int, bool] | None:
    """(speaker, offset where the spoken words begin in `line`, weak) if the line starts
    with a speaker label, else None; see `Label.weak`."""
    head = line[:LABEL_REACH]
    patterns = _candidate_patterns(head)
    if len(patterns) == 1:  # only the bare `Name:` form can apply
        colon = _COLON.search(head)
        if colon is None:
            return None
        found = _plain_label(line[: colon.start() + 2])
        return _with_body(line, *found) if found else None
    for pattern in patterns:
        m = pattern.match(line)
        if not m:
            continue
        speaker = clean_speaker(m.group("name"))
        if not is_speaker_name(speaker):
            continue
        weak = "colon" in pattern.groupindex and m.group("colon") == ";"
        return _with_body(line, speaker, m.end(), weak)
    return None


def match_label(line: str) -> tuple[str, int] | None:
    """(speaker, offset where the spoken words begin in `line`) if the line starts with a
    plainly written speaker label, else None."""
    found = match_label_weak(line)
    return (found[0], found[1]) if found and not found[2] else None


def scan_labels(text: str) -> list[Label]:
    """One candidate per line that starts with something label-shaped."""
    labels: list[Label] = []
    pos = 0
    for line in text.split("\n"):
        head = line[:LABEL_REACH]
        # Every label form has a ':' (or a timestamp's) or a '[' near the line start;
        # checking that first spares prose lines the five patterns.
        found = match_label_weak(line) if ":" in head or "[" in head or ";" in head else None
        if found:
            speaker, offset, weak = found
            labels.append(Label(speaker, pos, pos + offset, weak))
        pos += len(line) + 1
    return labels


def _names_a(label: Label, regulars: tuple[str, ...]) -> bool:
    """True when `label` is words before a regular speaker's name (`Hi PARTICIPANT 12`)."""
    speaker = label.speaker.casefold()
    for regular in regulars:
        if speaker.endswith(regular):
            before = speaker[: -len(regular)].split()
            return bool(before) and before[-1] not in _JOINERS
    return False


def accept_labels(labels: list[Label]) -> list[Label]:
    """Keep the labels that together look like a conversation.

    A speaker must recur; a label seen once is kept only inside the stretch where
    recurring speakers talk (someone who interjects once), never before or after it,
    where it is most likely a form field such as `Sted:` or `Merk:`.
    """
    strong = [lb for lb in labels if not lb.weak]
    if len(strong) < MIN_LABELLED_LINES:
        return []
    counts = Counter(label.speaker.casefold() for label in strong)
    recurring = [lb for lb in strong if counts[lb.speaker.casefold()] >= 2]
    if not recurring:
        return []
    first, last = recurring[0].start, recurring[-1].start
    # a lowercase label (`intervjuer:`) must recur: once, it is as likely a word of prose
    kept = [
        lb
        for lb in strong
        if counts[lb.speaker.casefold()] >= 2
        or (first < lb.start < last and lb.speaker[:1].isupper())
    ]
    # once-only `Hi PARTICIPANT 12:` is speech that names a speaker, not a new speaker
    # (but `X og Y:` is two speakers talking together)
    regulars = tuple(f" {name}" for name, n in counts.items() if n >= 2)
    kept = [lb for lb in kept if counts[lb.speaker.casefold()] >= 2 or not _names_a(lb, regulars)]
    speakers = {lb.speaker.casefold() for lb in kept}
    if len(speakers) < MIN_SPEAKERS or len(kept) < MIN_LABELLED_LINES:
        return []
    weak = [lb for lb in labels if lb.weak and lb.speaker.casefold() in speakers]
    return sorted(kept + weak, key=lambda lb: lb.start) if weak else kept


_STAMP_LINE = re.compile(rf"[ \t]*[\[(]?{_TS_LOOSE}[\])]?[ \t]*")
MAX_KEY_WORDS = 4


def _trimmed_end(text: str, start: int, end: int) -> int:
    """End of the turn's text: trailing whitespace and timestamp-only lines (`0:02:05.6`,
    the next turn's time) are not part of it."""
    end = start + len(text[start:end].rstrip())
    while True:
        line_start = text.rfind("\n", start, end) + 1
        if line_start <= start or not _STAMP_LINE.fullmatch(text, line_start, end):
            return end
        end = start + len(text[start:line_start].rstrip())


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
    bracketed = Counter(
        lb.speaker
        for lb in labels
        if text[lb.start : lb.body_start].strip().startswith(f"[{lb.speaker}]")
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
    labels = sorted(labels, key=lambda lb: lb.start)
    if check:
        labels = accept_labels(drop_key(text, drop_notes(text, labels)))
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
