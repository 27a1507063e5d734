"""Interview guides, and finding which guide question an interviewer is asking.

A guide is a text file: one question per line, or numbered (`1.`, `1)`, `Q1:`,
`Spørsmål 1:`). Lines under a numbered question that start with `-`, `*`, `•` or are
indented are its follow-up prompts; they help recognise the question when the
interviewer asks it through a follow-up. Blank lines and `#` comments are ignored.

In a semi-structured interview the interviewer words each question freely, so matching
is by shared content words, not by string similarity: each word is reduced to its first
letters (a crude stem that holds Norwegian inflections together: "krevende"/"krevd",
"påvirke"/"påvirket"), function words are dropped, and words are weighted by how few
guide questions use them ("påvirke" singles out one question, "veileder" none). The
question with the largest share of the turn's weight wins, when clearly ahead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from qcode.core.errors import InputError

STEM = 5
MIN_SHARE = 0.34  # share of the turn's known words a question must cover
MIN_WEIGHT = 1.2  # at least one fairly distinctive word in common
LEAD = 1.15  # the winner must be this much ahead of the runner-up

_NUMBERED = re.compile(
    r"^\s*(?:(?:q|spørsmål|sporsmal|question|spm\.?)\s*)?(\d{1,2})\s*[.):]\s*(.+)$", re.I
)
_FOLLOW_UP = re.compile(r"^(?:\s*[-*•–]\s*|\s+)(.+)$")
_WORD = re.compile(r"[^\W\d_]+")

_FUNCTION_WORDS = """
    og i på som det er en et at av for med til har de den du deg din dine ditt jeg meg vi
    oss dere han hun ham seg sin sitt sine hva hvem hvor hvordan hvorfor når noe noen
    annet andre kan skal vil vet være blir ble var har hadde slik sånn så men eller om
    ikke bare også mer mest litt ut inn opp ned her der nå da først til slutt egentlig
    jo vel nok liksom altså tror tenker synes mener spør sier the and you your what how
    why when where who do does is are of to in for on it that this with about there any
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


@dataclass(frozen=True)
class GuideQuestion:
    number: int
    text: str
    follow_ups: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        return " ".join((self.text, *self.follow_ups))


def read_guide(path: Path) -> list[GuideQuestion]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text; save the guide as UTF-8") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    return parse_guide(raw, path)


def parse_guide(raw: str, path: Path | str = "guide") -> list[GuideQuestion]:
    lines = [(n, line.rstrip()) for n, line in enumerate(raw.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    numbered = any(_NUMBERED.match(line) for _, line in lines)
    questions: list[tuple[int, str, list[str]]] = []
    for n, line in lines:
        m = _NUMBERED.match(line)
        follow = _FOLLOW_UP.match(line)
        if m:
            questions.append((int(m.group(1)), m.group(2).strip(), []))
        elif follow and questions:
            questions[-1][2].append(follow.group(1).strip())
        elif numbered:
            if not questions:
                raise InputError(path, "text before the first numbered question", n)
            questions[-1][2].append(line.strip())  # a question running over two lines
        else:
            questions.append((len(questions) + 1, line.strip(), []))
    if not questions:
        raise InputError(path, "no questions found (one per line, or numbered 1. 2. ...)")
    seen: set[int] = set()
    for number, _, _ in questions:
        if number in seen:
            raise InputError(path, f"question number {number} appears twice")
        seen.add(number)
    return [GuideQuestion(num, text, tuple(f)) for num, text, f in questions]


def stems(text: str) -> set[str]:
    return {w[:STEM] for w in (m.lower() for m in _WORD.findall(text)) if w not in FUNCTION_WORDS}


def match_question(
    text: str, guide: list[GuideQuestion], current: GuideQuestion | None = None
) -> GuideQuestion | None:
    """The guide question `text` (an interviewer's turn) asks, or None for a follow-up
    or small talk. A tie goes to the question after `current` (guides run in order)."""
    per_question = [stems(q.words) for q in guide]
    asked = stems(text)
    weights = {}
    for stem in asked:
        used = sum(1 for s in per_question if stem in s)
        if used:
            weights[stem] = math.log(1 + len(guide) / used)
    total = sum(weights.values())
    if not total:
        return None
    scored = []
    for q, q_stems in zip(guide, per_question, strict=True):
        weight = sum(w for stem, w in weights.items() if stem in q_stems)
        nearness = 1 if current is not None and q.number == current.number + 1 else 0
        scored.append((weight, nearness, q))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    weight, _, best = scored[0]
    if weight < MIN_WEIGHT or weight / total < MIN_SHARE:
        return None
    close = [q for w, _, q in scored if w * LEAD > weight]
    if len(close) > 1:
        following = [q for q in close if current is not None and q.number == current.number + 1]
        return following[0] if following else None
    return best
