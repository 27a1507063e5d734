"""Units of text a suggestion covers: sentences, paragraphs, speaker turns.

A keyword hit is evidence about the sentence it sits in, and the analyst reviews and codes
whole sentences, not single words; so suggestions are widened to a unit. The sentence
splitter is rule-based and tuned for Norwegian field notes and transcripts:

- a sentence ends at `.`, `!`, `?` or `…` (with any closing quote or bracket after it)
  followed by white space and something that can start a sentence (a capital, a digit,
  an opening quote, a dash, a list marker);
- not after a known abbreviation (`f.eks.`, `bl.a.`, `ca.`, `kl.` ...), a single letter
  (`A. Hansen`), or inside numbers and dates (`12.03.2013`, `15.20`);
- a blank line always ends one, and so does a line break where the line before ends in
  punctuation or a colon (a heading, a form field), either line is a list item, or the
  next line starts with a capital. A hard-wrapped line that goes on in lower case does
  not.

Spans are `[start, end)` code-point offsets into the document text, trimmed of
surrounding white space, never empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from qcode.core.model import Turn

# Abbreviations after which a period does not end a sentence (casefolded, without the
# final period). Norwegian first, then the common English ones.
_ABBREVIATIONS = """
    f.eks bl.a ca kl dvs osv mv jf jfr nr evt pga ift mht t.o.m o.l e.l etc m.m
    m.fl iflg inkl ekskl hhv vedr tlf avd dr prof mr mrs ms vs e.g i.e cf approx
    fig ref utg kap feb apr aug sept okt nov årh stk pr p.t a.s
"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# Left out on purpose: abbreviations that are also common words at the end of a
# sentence ("min" = my, "des", "jan", "mar", "st", "red", "no", "s", "maks").

_END = re.compile(r"[.!?…]+[\"'”»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_STARTER = re.compile(r"[\s]*([\"'“«(\[–—\-•*]|\d|[^\W\d_])")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])\s")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without surrounding white space; None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _hard_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets (just after a newline) where a block of text must be split."""
    breaks: list[int] = []
    pos = text.find("\n", start, end)
    while pos != -1:
        line_start = text.rfind("\n", start, pos) + 1
        line_start = max(line_start, start)
        line = text[line_start:pos].rstrip()
        nxt_end = text.find("\n", pos + 1, end)
        nxt = text[pos + 1 : end if nxt_end == -1 else nxt_end]
        if (
            not line.strip()
            or not nxt.strip()
            or line[-1:] in '.!?…:;"”»)'
            or _LIST_ITEM.match(nxt)
            or _LIST_ITEM.match(line)
            or not nxt.lstrip()[:1].islower()
        ):
            breaks.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return breaks


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at `dot` part of an abbreviation, initial or number?"""
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    word = m.group(1).strip(".")
    folded = word.casefold()
    if folded in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "A. Hansen"
    return "." in word and all(len(part) <= 2 for part in word.split("."))  # "t.o.m", "o.a"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Sentences of `text[start:end]` as spans of `text`."""
    end = len(text) if end is None else end
    units: list[Unit] = []
    cuts = [start, *_hard_breaks(text, start, end), end]
    for block_start, block_end in zip(cuts, cuts[1:], strict=False):
        piece_start = block_start
        for m in _END.finditer(text, block_start, block_end):
            stop = m.end()
            if stop >= block_end:
                break
            lone_period = text[m.start()] == "." and m.end() - m.start() == 1
            if lone_period and _is_abbreviation(text, m.start()):
                continue
            starter = _STARTER.match(text, stop, block_end)
            if not starter:
                continue
            ch = starter.group(1)
            if ch[0].isalpha() and not ch[0].isupper():
                continue  # "... 2 min. og så" : lower case goes on
            span = trim_span(text, piece_start, stop)
            if span:
                units.append(Unit(*span))
            piece_start = stop
        span = trim_span(text, piece_start, block_end)
        if span:
            units.append(Unit(*span))
    return units


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Paragraphs: the blocks between hard line breaks (see the module notes)."""
    end = len(text) if end is None else end
    cuts = [start, *_hard_breaks(text, start, end), end]
    units = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        span = trim_span(text, a, b)
        if span:
            units.append(Unit(*span))
    return units


def units_of(text: str, unit: str, turns: Iterable[Turn] = ()) -> list[Unit]:
    """The units of a whole document. Within speaker turns only the spoken words are
    split (a label such as `Informant 1:` is never part of a unit); `turn` makes each
    turn's words one unit, with paragraphs for any text outside turns."""
    if unit not in ("sentence", "paragraph", "turn"):
        raise ValueError(f"unknown unit {unit!r}")
    split = split_sentences if unit == "sentence" else split_paragraphs
    out: list[Unit] = []
    pos = 0
    for turn in sorted(turns, key=lambda t: t.start):
        if turn.start > pos:
            out += (
                split_paragraphs(text, pos, turn.start)
                if unit == "turn"
                else split(text, pos, turn.start)
            )
        body = max(turn.body_start if turn.body_start is not None else turn.start, pos)
        if unit == "turn":
            span = trim_span(text, body, turn.end)
            out += [Unit(*span)] if span else []
        else:
            out += split(text, body, turn.end)
        pos = max(pos, turn.end)
    if pos < len(text):
        out += split_paragraphs(text, pos, len(text)) if unit == "turn" else split(text, pos)
    return out
