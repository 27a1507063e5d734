"""Transcripts as transcribers write them, built from short dialogues (none copied from
real material) so the turns a reader would mark are known exactly: thirteen forms, each in
Norwegian, Danish, Swedish and English. A plain module (not a test module) so the tests on
plain text and the tests on .docx and .pdf files measure the same forms.

Targets (issue 11): precision >= 0.995 and recall >= 0.99 on every form.
"""

from __future__ import annotations

from collections.abc import Callable

from qcode.core.model import Turn

PRECISION, RECALL = 0.995, 0.99

SPEECH = {
    "nb": [
        "Hvor lenge har du jobbet her?",
        "Snart tolv år, tror jeg.",
        "Hva er det viktigste i en samtale med brukeren?",
        "At hun føler seg hørt, og at vi har forberedt oss.",
        "Kan du gi et eksempel?",
        "Sist uke hadde vi et møte der alt var klart på forhånd.",
        "Hvordan gikk det?",
        "Det gikk fint. Hun sa at hun ble tatt på alvor.",
    ],
    "da": [
        "Hvor mange bor der i husstanden?",
        "Vi er fire, to voksne og to børn.",
        "Hvordan opvarmer I huset om vinteren?",
        "Vi fik en varmepumpe for tre år siden.",
        "Har det ændret jeres forbrug?",
        "Ja, vi bruger meget mindre strøm nu.",
        "Hvem bestemmer over termostaten?",
        "Det gør min mand, det meste af tiden.",
    ],
    "sv": [
        "Hur länge har du bott i kommunen?",
        "I ungefär tjugo år, sedan barnen var små.",
        "Vad tycker du om kollektivtrafiken här?",
        "Den fungerar bra på dagen men inte på kvällen.",
        "Använder du bilen mycket?",
        "Nästan varje dag, tyvärr.",
        "Vad skulle få dig att åka buss oftare?",
        "Fler avgångar och billigare biljetter.",
    ],
    "en": [
        "How did you first hear about the programme?",
        "A colleague mentioned it at a staff meeting.",
        "What made you decide to join?",
        "Mostly the chance to work with other teachers.",
        "Was there anything that worried you?",
        "The time it would take, honestly.",
        "And how did that turn out?",
        "Better than I feared. We met once a month.",
    ],
}
LANGS = sorted(SPEECH)
ROLES = {
    "nb": ("Intervjuer", "Deltaker"),
    "da": ("Interviewer", "Informant"),
    "sv": ("Intervjuare", "Respondent"),
    "en": ("Interviewer", "Participant"),
}
JOINER = {"nb": "og", "da": "og", "sv": "och", "en": "&"}


class Builder:
    """Text written line by line, with the turns it should give."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.expected: list[tuple[str, int]] = []

    def line(self, text: str, speaker: str | None = None) -> None:
        if speaker is not None:
            self.expected.append((speaker, self.pos))
        self.parts.append(text)
        self.pos += len(text) + 1

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def dialogue(lang: str) -> list[tuple[int, str]]:
    """(0 interviewer / 1 participant, words) turns, two rounds of the dialogue."""
    speech = SPEECH[lang]
    return [(i % 2, s) for i, s in enumerate(speech + speech)]


def form_stamp_equals(lang: str) -> Builder:
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I1", "D1")[who]
        b.line(f"*{i // 60}:{i % 60} = {name}: {words}", name)
    return b


def form_stamp_then_speech(lang: str) -> Builder:
    b = Builder()
    b.line("Transkripsjon, lydfil 3")
    b.line("")
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I", "K")[who]
        b.line(f"[00:14:{i * 3:02d}] {name}", name)
        b.line(words)
        b.line("")
    return b


def form_stamp_tabs(lang: str) -> Builder:
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I1", "IP1")[who]
        b.line(f"0:{i}\t{name}\t{words}", name)
    return b


def form_no_space(lang: str) -> Builder:
    b = Builder()
    for who, words in dialogue(lang):
        name = ("O", "P")[who]
        b.line(f"{name}:{words}", name)
    return b


def form_joint(lang: str) -> Builder:
    b = Builder()
    joint = f"X {JOINER[lang]} Y" if lang != "en" else "I1 & I2"
    names = ("X", "Y") if lang != "en" else ("I1", "I2")
    for i, (who, words) in enumerate(dialogue(lang)):
        name = joint if i == 5 else names[who]
        b.line(f"{name}: {words}", name)
        b.line("")
    return b


def form_semicolon(lang: str) -> Builder:
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("M", "F")[who]
        mark = ";" if i in (3, 10) else ":"
        b.line(f"{name}{mark} {words}", name)
    return b


def form_number_answers(lang: str) -> Builder:
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I", "K")[who]
        b.line(f"{name}: {'12.' if i in (1, 9) else '3' if i == 13 else words}", name)
    return b


def form_key_at_top(lang: str) -> Builder:
    interviewer, participant = ROLES[lang]
    b = Builder()
    b.line(f"I1: {interviewer} 1")
    b.line(f"I2: {interviewer} 2")
    b.line(f"K: {participant}, 45")
    b.line("")
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I1", "I2", "K")[2 if who else i % 4 // 2]
        b.line(f"{name}: {words}", name)
    return b


def form_bracket_notes(lang: str) -> Builder:
    b = Builder()
    speakers = ("Kari", "Sune")
    for i, (who, words) in enumerate(dialogue(lang)):
        b.line(f"[{speakers[who]}] {words}", speakers[who])
        if i == 4:
            b.line("[Latter]")
        if i == 6:
            b.line("[Anonymisert] kom inn i rommet.")
        if i == 8:
            b.line("[Sukk]")
        if i == 11:
            b.line(f"[Kari] {words} [Sukk] {words}", "Kari")
    return b


def wrap(words: str, width: int = 38) -> list[str]:
    lines, current = [], ""
    for word in words.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


def form_lowercase(lang: str) -> Builder:
    names = {
        "nb": ("intervjuer", "deltaker-3"),
        "da": ("[id1]", "[id2]"),
        "sv": ("intervjuare", "ip"),
        "en": ("admin-1", "participant-12"),
    }[lang]
    b = Builder()
    for who, words in dialogue(lang):
        written = names[who]
        speaker = written.strip("[]")
        label = written if written.startswith("[") else f"{written}:"
        # hard-wrapped, as a transcript saved from an editor with a fixed width
        first, *rest = wrap(f"{words} {words}")
        b.line(f"{label} {first}", speaker)
        for continuation in rest:
            b.line(continuation)
        b.line("")
    return b


def form_timestamp_lines(lang: str) -> Builder:
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = ("I", "R")[who]
        b.line(f"0:02:{i * 4:02d}.{i % 10}")
        b.line(f"{name}: {words}", name)
        b.line("")
    return b


def form_caps_label_alone(lang: str) -> Builder:
    """As PDF transcripts print them: `[27:00] PARTICIPANT 18`, the speech below."""
    interviewer, participant = (role.upper() for role in ROLES[lang])
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = (interviewer, f"{participant} 18")[who]
        b.line(f"[27:{i * 2:02d}] {name}", name)
        b.line(words)
        b.line("")
    return b


def form_label_word_in_speech(lang: str) -> Builder:
    """`Hi PARTICIPANT 12: ...` once, inside the interviewer's speech: no new speaker."""
    interviewer, participant = (role.upper() for role in ROLES[lang])
    b = Builder()
    for i, (who, words) in enumerate(dialogue(lang)):
        name = (interviewer, f"{participant} 12")[who]
        b.line(f"{name}: {words}", name)
        if i == 4:
            b.line(f"Hi {participant} 12: {words}")
    return b


FORMS: dict[str, Callable[[str], Builder]] = {
    "caps_label_alone": form_caps_label_alone,
    "label_word_in_speech": form_label_word_in_speech,
    "stamp_equals": form_stamp_equals,
    "stamp_then_speech": form_stamp_then_speech,
    "stamp_tabs": form_stamp_tabs,
    "no_space": form_no_space,
    "joint": form_joint,
    "semicolon": form_semicolon,
    "number_answers": form_number_answers,
    "key_at_top": form_key_at_top,
    "bracket_notes": form_bracket_notes,
    "lowercase": form_lowercase,
    "timestamp_lines": form_timestamp_lines,
}


def precision_recall(found: list[Turn], expected: list[tuple[str, int]]) -> tuple[float, float]:
    got = {(t.speaker, t.start) for t in found}
    want = set(expected)
    hits = len(got & want)
    return hits / max(len(got), 1), hits / max(len(want), 1)
