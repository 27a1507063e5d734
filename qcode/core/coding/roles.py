"""Who is the interviewer in a transcript?

Structural coding (which guide question an answer belongs to) and keyword suggestions
(which leave the interviewer's questions out) both need to know. Transcripts name roles
in many ways (`Intervjuer`, `Interviewer`, `I`, `Researcher 1`, `Q`); when no label names
the role (two people called by name), the interviewer is the speaker who asks the most
questions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from qcode.core.importers.turns import is_role_label
from qcode.core.model import Turn

INTERVIEWER_WORDS = frozenset(
    {
        "i",
        "q",
        "intervjuer",
        "interviewer",
        "researcher",
        "forsker",
        "moderator",
        "spørsmål",
        "question",
        "int",
    }
)


def is_interviewer_label(speaker: str) -> bool:
    words = speaker.split()
    return (
        bool(words)
        and words[0].casefold() in INTERVIEWER_WORDS
        and (is_role_label(speaker) or words[0].casefold() in {"forsker", "int"})
    )


def interviewer_speakers(text: str, turns: Iterable[Turn]) -> set[str]:
    """The speaker labels (as written) that belong to the interviewer; empty when the
    document has no turns or nobody asks anything."""
    turns = list(turns)
    labelled = {t.speaker for t in turns if is_interviewer_label(t.speaker)}
    if labelled:
        return labelled
    questions: Counter[str] = Counter()
    for t in turns:
        body = t.body_start if t.body_start is not None else t.start
        questions[t.speaker] += text.count("?", body, t.end)
    if not questions:
        return set()
    (speaker, asked), *rest = questions.most_common()
    if asked == 0 or (rest and rest[0][1] == asked):
        return set()
    return {speaker}
