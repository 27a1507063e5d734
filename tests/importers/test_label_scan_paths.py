"""The fast paths of structure detection give the answers of the plain rules.

`scan_labels` sends most lines through a prefilter regex and a cache instead of trying the
label patterns one by one; `find_sections` judges only the lines one regex picks out as
possible headings; `accept_labels` and `spans_from_headings` take shortcuts. Each test
here writes the rule out the slow, obvious way (as the modules did before they were made
fast) and lets hypothesis look for a line or a text where the two disagree: a prefilter
that drops a line a pattern would match would show up here as a lost label or heading.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qcode.core.importers import speaker_labels as sl
from qcode.core.importers.sections import (
    _heading,
    _paragraph_starts,
    heading_lines,
    is_meeting_heading,
    spans_from_headings,
)
from qcode.core.importers.turns import Label, _trimmed_end, accept_labels, scan_labels
from qcode.core.model import Section

# Pieces that label-shaped lines are made of: names and roles in both cases, every
# timestamp style, the marks the patterns look for, digits that are decimal and digits
# that are not (`²`), letters that are not ASCII, and filler that pushes a mark past the
# first LABEL_REACH characters.
PIECES = [
    "I", "R", "K", "M", "Kari", "Ola Nordmann", "Informant 2", "PARTICIPANT 12", "Hi",
    "intervjuer", "admin-1", "id1", "følgende", "Tid", "Dato", "Latter", "og", "&",
    "[", "]", "**", "*", ":", ";", "=", " ", "  ", "\t", "(", ")", ".", "?",
    "00:01:23", "0:0", "12:5", "0:02:05.6", "10:30", "12.", "3", "²", "٣",
    "Hvor", "hva", "…", "...", "‘", "“", "«", "'", "ø",
    "Møte 2 (17.10.12)", "Forberedelse", "SAMTALESTYRING", "#", "## Tema",
    "x" * 30, "y" * 61, "\r",
]  # fmt: skip
loose_lines = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)
# A label's slots, each with the shapes it takes in one house style or another.
label_lines = st.tuples(
    st.sampled_from(["", " ", "\t", "  ", "*", "**", "[", " " * 62]),
    st.sampled_from(["", "00:01:23 ", "[00:01:23] ", "0:0\t", "*0:0 = ", "12:5 ", "0:02:05.6 "]),
    st.sampled_from(
        ["I", "I1", "Kari", "Ola Nordmann", "intervjuer", "admin-1", "Tid", "følgende"]
    ),
    st.sampled_from(["", "**", "]", ")", " 00:01:23", " [00:01:23]", " (00:01:23)", " " * 60]),
    st.sampled_from([":", ";", ": ", ":  ", ":**", "**:", ":** ", "\t", " ", "", " :", ":\t"]),
    st.sampled_from(
        ["", "Hei.", "hva", "12.", " 12.03.2013", "Ja 10:30 nei", "x" * 61, "²", "[Latter]"]
        + ["…så", "...ja", "..", "‘sort of’", '"ja"', "ßen", "éte", "Ødegård", "-", "/x", "ø"]
    ),
).map("".join)
lines = st.one_of(loose_lines, label_lines)
# Heading-shaped lines: Markdown, capitals, `Title:`, meetings, padded to near the limits.
heading_shaped = st.tuples(
    st.sampled_from(["", " ", "   ", "**", "# ", "## ", " " * 8, "#" * 7 + " "]),
    st.sampled_from(
        ["Forberedelse", "Makt og avmakt", "SAMTALESTYRING", "Møte 2 (17.10.12)", "I", "A" * 55]
        + [
            "Meeting 3 – 14 March",
            "Hva gikk dårlig, og hva kunne jeg gjort annerledes",
            "Tema " * 14,
        ]
    ),
    st.sampled_from(["", ":", ":**", "**:", "**", ".", " #"]),
    st.sampled_from(["", " ", "    ", " " * 9]),
).map("".join)
texts = st.lists(st.one_of(lines, heading_shaped, st.just("")), max_size=12).map("\n".join)


# --- the label rules, written out slowly --------------------------------------------------


def slow_match_label_weak(line: str) -> tuple[str, int, bool] | None:
    """The label rule as first written: choose the patterns from the line's first
    characters, try each in order, and judge the first one that names a speaker."""
    head = line[: sl.LABEL_REACH]
    start = head.lstrip(" \t")[:2]
    bold, bracket = start == "**", start[:1] == "["
    digit = head.lstrip(" \t*[")[:1].isdigit()
    clock = re.search(r"\d:\d", head) is not None
    bold_p, stamp_first, stamp_tab, stamp_alone, stamp_after, bracket_p, plain = sl._PATTERNS
    chosen = [bold_p] if bold else []
    if clock and (bracket or digit):
        chosen.extend((stamp_first, stamp_tab, stamp_alone))
    if clock:
        chosen.append(stamp_after)
    if bracket:
        chosen.append(bracket_p)
    chosen.append(plain)
    if len(chosen) == 1:  # the bare form is judged on the line up to its first colon
        colon = re.search(r"[:;]", head)
        if colon is None:
            return None
        m = plain.match(line[: colon.start() + 2])
        candidates = [(plain, m)] if m else []
    else:
        candidates = [(p, p.match(line)) for p in chosen]
    for pattern, m in candidates:
        if not m:
            continue
        speaker = sl.clean_speaker(m.group("name"))
        if not sl.is_speaker_name(speaker):
            continue
        # a semicolon, or a colon glued to a lowercase word or an ellipsis: weak
        weak = pattern is plain and (
            m.group("colon") == ";"
            or (
                line[m.end() : m.end() + 1] != ""
                and not line[m.end()].isspace()
                and not re.match(r"[A-ZÀ-ÖØ-Þ]", line[m.end()])
            )
        )
        rest = line[m.end() :]
        body = rest.strip()
        if body and sl._FIELD_VALUE.fullmatch(body) and not sl.is_role_label(speaker):
            weak = True
        return speaker, m.end() + len(rest) - len(rest.lstrip()), weak
    return None


def slow_scan_labels(text: str) -> list[tuple[str, int, int, bool]]:
    found = []
    pos = 0
    for line in text.split("\n"):
        head = line[: sl.LABEL_REACH]
        if ":" in head or "[" in head or ";" in head:
            match = slow_match_label_weak(line)
            if match:
                found.append((match[0], pos, pos + match[1], match[2]))
        pos += len(line) + 1
    return found


@settings(max_examples=600, deadline=None)
@given(lines)
@example("**Kari:** Hei.")
@example("**Kari**: Hei.")
@example(" " * 60 + "**K:** Hei.")
@example("Kari: vi møttes 10:30.")
@example("Kari 10:30: Hei.")
@example("Kari (00:01:23): Hei.")
@example("[Kari] Hei.")
@example("[00:14:02] K")
@example("0:0\tI1\tHei.")
@example(" " * 60 + "[00:01:23] Kari: Hei.")
@example("[00:01:23] følgende: 0:0\tI1\tHei.")
@example("K1:2 Hei.")
@example("Tid: 10:00")
@example("David:…so")
@example("Jessica:..what")
@example("Researcher 1:‘...sort of…")
@example("I:ja")
@example("- GUID  :guid")
@example("[00:01:23] Kari:hei")
# the scan's shortcuts for `[00:01:23] name:` and `0:0<TAB>I1<TAB>`, and lines just beside them
@example("[00:01:23] Kari: Hei.")
@example("[00:01:23] følgende: Hei.")
@example("[00:01:23] Ola Nordmann: Hei.")
@example("[00:01:23] Kari: 12.")
@example("0:0\tI1\tHei.")
@example("0:0\tI1\tKari Hansen: hei")  # the first shape takes `I1<TAB>Kari Hansen`
@example("0:0\tI1\tHei du der: ja")
@example("0:0\tI1\tHei du der du: ja")  # four words before the ':': too many for a name
@example("0:0\tI1\tHei:ja")
@example("0:0\tI1\tHei & du: ja")
@example("0:0\tfølgende\tHei.")
@example("10:30\tIP1\tJa.")
def test_a_line_gets_the_label_the_patterns_give_it(line: str) -> None:
    assert sl.match_label_weak(line) == slow_match_label_weak(line)
    assert [tuple(lb) for lb in scan_labels(line)] == slow_scan_labels(line)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_a_text_gets_the_labels_of_its_lines(text: str) -> None:
    assert [tuple(lb) for lb in scan_labels(text)] == slow_scan_labels(text)


def test_the_fast_path_is_taken_and_agrees_on_a_transcript() -> None:
    """Lines the prefilter sends the short way (`Name: text`) and lines it does not (a
    clock later in the line, a timestamp first, bold, a bracket before the colon, which
    is no label) side by side."""
    text = (
        "Intervjuer: Hva skjedde 10:30?\nInformant: Vi møttes.\nK: 12.\nM; Ja.\n"
        "[00:00:01] intervjuer: Hei.\n0:0\tI1\tHei.\n**Kari:** Ja.\nKari [laughs]: Ja.\n"
        "Intervjuer:Nei\n  Informant :  Greit.\nInformant:…ja\nIntervjuer:så\n"
    )
    found = [tuple(lb) for lb in scan_labels(text)]
    assert found == slow_scan_labels(text)
    assert [f[0] for f in found] == [
        "Intervjuer", "Informant", "K", "M", "intervjuer", "I1", "Kari", "Intervjuer",
        "Informant", "Informant", "Intervjuer",
    ]  # fmt: skip
    assert [f[3] for f in found][2:4] == [True, True]  # a number alone; a semicolon
    assert [f[3] for f in found][-2:] == [True, True]  # glued to an ellipsis, lowercase


# --- conversation judgement ---------------------------------------------------------------


def slow_accept(labels: list[Label]) -> list[Label]:
    strong = [lb for lb in labels if not lb.weak]
    if len(strong) < 3:
        return []
    counts = Counter(lb.speaker.casefold() for lb in strong)
    recurring = [lb for lb in strong if counts[lb.speaker.casefold()] >= 2]
    if not recurring:
        return []
    first, last = recurring[0].start, recurring[-1].start
    kept = [
        lb
        for lb in strong
        if counts[lb.speaker.casefold()] >= 2
        or (first < lb.start < last and lb.speaker[:1].isupper())
    ]
    regulars = tuple(f" {name}" for name, n in counts.items() if n >= 2)

    def names_a(lb: Label) -> bool:
        speaker = lb.speaker.casefold()
        for regular in regulars:
            if speaker.endswith(regular):
                before = speaker[: -len(regular)].split()
                return bool(before) and before[-1] not in sl.JOINERS
        return False

    kept = [lb for lb in kept if counts[lb.speaker.casefold()] >= 2 or not names_a(lb)]
    speakers = {lb.speaker.casefold() for lb in kept}
    if len(speakers) < 2 or len(kept) < 3:
        return []
    weak = [lb for lb in labels if lb.weak and lb.speaker.casefold() in speakers]
    return sorted(kept + weak, key=lambda lb: lb.start) if weak else kept


speakers = st.sampled_from(["I", "i", "R", "Kari", "KARI", "Hi KARI", "Ola og Kari", "tid"])
label_lists = st.lists(st.tuples(speakers, st.booleans()), max_size=12).map(
    lambda pairs: [Label(s, 10 * n, 10 * n + 3, weak) for n, (s, weak) in enumerate(pairs)]
)


@settings(max_examples=400, deadline=None)
@given(label_lists)
def test_accepted_labels_are_those_of_the_plain_rule(labels: list[Label]) -> None:
    assert accept_labels(labels) == slow_accept(labels)


stamp_texts = st.lists(
    st.sampled_from(["Ja.", "0:02:05.6", " [00:01:02] ", "", "  ", "Nei", "\t"]), max_size=8
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(stamp_texts)
def test_a_turn_ends_before_trailing_space_and_time_only_lines(text: str) -> None:
    end = len(text.rstrip())
    while True:  # as first written: strip, and drop a last line that is only a time
        line_start = text.rfind("\n", 0, end) + 1
        if line_start <= 0 or not re.fullmatch(
            rf"[ \t]*[\[(]?{sl.TS_LOOSE}[\])]?[ \t]*", text[line_start:end]
        ):
            break
        end = len(text[:line_start].rstrip())
    assert _trimmed_end(text, 0, len(text)) == end


# --- headings -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_line_that_is_a_heading_is_among_the_heading_lines(text: str) -> None:
    picked = heading_lines(text)
    pos = 0
    expected = []
    for line in text.split("\n"):
        if _heading(line) is not None or is_meeting_heading(line):
            expected.append((pos, line))
        pos += len(line) + 1
    assert set(expected) <= set(picked)
    for start, line in picked:  # and each is a whole line of the text, where it says
        assert text[start:].split("\n", 1)[0] == line
        assert start == 0 or text[start - 1] == "\n"


@settings(max_examples=200, deadline=None)
@given(texts, st.booleans())
def test_paragraph_starts_are_the_lines_after_blank_ones(text: str, every_line: bool) -> None:
    lines_ = text.split("\n")
    starts, pos = [], 0
    for i, line in enumerate(lines_):
        if every_line or i == 0 or not lines_[i - 1].strip():
            starts.append(pos)
        pos += len(line) + 1
    assert _paragraph_starts(text, every_line) == starts


heads = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 4)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(heads)
def test_a_section_runs_to_the_next_heading_of_its_level_or_higher(
    pairs: list[tuple[int, int]],
) -> None:
    text = "Tekst  \n" * 8
    given_heads = [(start, level, f"H{n}") for n, (start, level) in enumerate(pairs)]
    expected = []
    for n, (start, level, title) in enumerate(given_heads):
        end = len(text)
        for later_start, later_level, _ in given_heads[n + 1 :]:
            if later_level <= level:
                end = later_start
                break
        while end > start and text[end - 1].isspace():
            end -= 1
        expected.append(Section(title, start, end, level))
    assert spans_from_headings(text, given_heads) == expected
