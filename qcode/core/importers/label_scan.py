"""The line scan: one candidate speaker label per line of a text, found in one regex pass.

An import runs this on every line of every plain-text file, and a transcript is mostly
lines of three shapes: `Name: text`, `[00:01:02] name: text` and `0:0<TAB>I1<TAB>text`.
So one compiled regex (`_SCAN`) walks the whole text from line start to line start (a
search for '\\n' in C, never a Python loop over lines) and, at each line, tells which of
these shapes it has, with the name and where the spoken words begin; lines with no mark a
label needs (':', ';' or '[' within LABEL_REACH characters) are skipped inside the regex.
Python then only judges the name, once per spelling (a transcript repeats a handful of
names thousands of times), and makes the `Label`.

The fast shapes are shortcuts, never rules of their own: a line they cannot settle (a name
that is no speaker's, a second ':' in the reach, anything else) goes through the general
path of `speaker_labels` (`_stamp_label`, then `match_label_weak`), and each fast answer is
the one the general path gives (tests/importers/test_label_scan_paths.py checks that line
by line against the rules written out slowly).
"""

from __future__ import annotations

import re

from .speaker_labels import (
    _AFTER,
    _PATTERNS,
    _PLAIN_SEEN,
    LABEL_REACH,
    Label,
    _field_value,
    _plain_label,
    _speaker,
    _with_body,
    match_label_weak,
)

_UNSEEN = ("", -1, False)  # not yet judged (compared by identity)

# A line only the bare `Name:` form can fit: it does not open with `**` or `[`, and its
# first ':' or ';' comes before any '[' and is not the middle of a clock time `d:d` (a
# second ':' later in the reach sends the line to the general path, see `scan_labels`).
# Group `plain` is the line up to that mark and one character more, all the bare form is
# judged on (`_plain_label`); `pbody` ends where the spoken words begin. When the words
# open with a letter (`_LETTER`, a few of those `str.isalpha` knows) the group is `plain`,
# and they cannot be a field's value; else `plainx`, checked by `_field_value`.
_PLAIN_CORE = rf"(?![ \t]*\*\*)[^:;\[\n]{{0,{LABEL_REACH - 1}}}(?:;|(?<!\d):|:(?!\d))"
_LETTER = "[A-Za-zÀ-ÖØ-öø-ÿ]"
_PLAIN_BRANCH = (
    rf"(?P<plain>{_PLAIN_CORE}(?=(?P<pbody>[^\S\n]*){_LETTER})[^\n]?)"
    rf"|(?P<plainx>{_PLAIN_CORE}(?=(?P<pxbody>[^\S\n]*))[^\n]?)"
)
# A line that opens with a time (`[00:01:23] Kari:`, `*0:0 = I1:`, then `0:0<TAB>I1<TAB>`):
# the two shapes `_stamp_label` tries, in its order, when the time's ':' is within the
# reach (the first shape needs a second ':', so a line without one is spared its costly
# failure); the whitespace after the label is taken too, so the match ends at the words.
# As for the bare form, a group ending in `x` is a label whose words may be a field's value.
_STAMP = _PATTERNS[1].pattern
_TAB = _PATTERNS[2].pattern
_STAMP_BRANCHES = (
    rf"(?=[^:\n]{{0,{LABEL_REACH - 2}}}:)(?:(?=[^:\n]*+:[^:\n]*+:)"
    rf"(?:(?P<stamp>{_STAMP.replace('<name>', '<sname>')}[^\S\n]*(?={_LETTER}))"
    rf"|(?P<stampx>{_STAMP.replace('<name>', '<sxname>')}[^\S\n]*))"
    rf"|(?P<tab>{_TAB.replace('<name>', '<tname>')}[^\S\n]*(?={_LETTER}))"
    rf"|(?P<tabx>{_TAB.replace('<name>', '<txname>')}[^\S\n]*))"
)
# The commonest time-stamped line, `[00:01:23] name: words`, in fewer steps than the first
# shape takes: where this matches, the first path the first shape tries (greedy time, the
# one space, a one-word name, no more words) matches too and ends at the same ':', so the
# name is the one the shape's group would hold (group `bracketed`, words opening with a
# letter; any other such line goes through `_STAMP_BRANCHES`).
_BRACKETED_BRANCH = (
    rf"(?P<bracketed>\[\d\d:\d\d:\d\d\] (?P<bname>[^\W\d_][\w'’.\-]*):{_AFTER})"
    rf"[^\S\n]*(?={_LETTER})"
)
# The commonest tab-separated line, `0:0<TAB>I1<TAB>words`: the second shape's first path
# (a one-word name between the tabs), and the first shape cannot match: that would need a
# ':' after at most three more words, which the possessive lookahead rules out exactly
# (each word is all the name characters in a row, so backtracking finds no other split).
_NAME_CHARS = r"[\w'’.&+/\-]"
_TABBED_BRANCH = (
    rf"(?P<tabbed>\d{{1,2}}:\d{{1,2}}\t(?P<tbname>[^\W\d_][\w'’.\-]*)\t)"
    rf"(?!{_NAME_CHARS}++(?:[ \t]++{_NAME_CHARS}++){{0,2}}+[ \t]*+:)(?={_LETTER})"
)
# Any other line with a mark within the reach: the general path.
_OTHER_BRANCH = rf"(?P<other>(?=[^:;\[\n]{{0,{LABEL_REACH - 1}}}[:;\[]))"
# Searched in the text behind a '\n': each match starts at the '\n' before its line, so
# its start is the line's offset in the text itself. No branch consumes a '\n' of the text.
_FAST_BRANCHES = f"{_PLAIN_BRANCH}|{_BRACKETED_BRANCH}|{_TABBED_BRANCH}"
_SCAN = re.compile(rf"\n(?:{_FAST_BRANCHES}|{_STAMP_BRANCHES}|{_OTHER_BRANCH})")
_PLAIN_G = _SCAN.groupindex["plain"]
_PBODY_G = _SCAN.groupindex["pbody"]
_PLAINX_G = _SCAN.groupindex["plainx"]
_PXBODY_G = _SCAN.groupindex["pxbody"]
# a time-stamped label's group -> (its name's group, whether the words open with a letter)
_STAMPED = {
    _SCAN.groupindex[label]: (_SCAN.groupindex[name], letter)
    for label, name, letter in (
        ("bracketed", "bname", True),
        ("tabbed", "tbname", True),
        ("stamp", "sname", True),
        ("stampx", "sxname", False),
        ("tab", "tname", True),
        ("tabx", "txname", False),
    )
}


def _line(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end == -1 else text[start:end]


def _general(text: str, start: int) -> tuple[str, int, bool] | None:
    """The general path's answer for the line at `start`."""
    line = _line(text, start)
    return _stamp_label(line) or match_label_weak(line)


def scan_labels(text: str) -> list[Label]:
    """One candidate per line that starts with something label-shaped."""
    labels: list[Label] = []
    append = labels.append
    new = tuple.__new__  # a Label without the named tuple's Python-level __new__
    seen = _PLAIN_SEEN
    names: dict[str, str | None] = {}  # a time-stamped label's name -> its speaker
    reach = LABEL_REACH
    stamped = _STAMPED
    for m in _SCAN.finditer("\n" + text):
        start = m.start()  # its line starts one later in the padded text
        kind = m.lastindex
        found: tuple[str, int, bool] | None
        if kind in (_PLAIN_G, _PLAINX_G):
            after = m.start(_PBODY_G if kind == _PLAIN_G else _PXBODY_G) - 1  # after the mark
            colon = text.find(":", after, start + reach)
            if colon == -1 or text.find("\n", after, colon) != -1:
                prefix = m.group(kind)
                found = seen.get(prefix, _UNSEEN)  # one lookup: another thread may clear it
                if found is _UNSEEN:
                    found = _plain_label(prefix)
                if found is None:
                    continue
                speaker, _, weak = found
                if kind == _PLAIN_G:  # words opening with a letter: no field's value
                    append(new(Label, (speaker, start, m.end(_PBODY_G) - 1, weak)))
                    continue
                body = m.end(_PXBODY_G) - 1
                weak = weak or _field_value(_line(text, start), speaker, body - start)
                append(new(Label, (speaker, start, body, weak)))
                continue
            found = _general(text, start)  # a second ':' in the reach (a clock?)
        elif kind in stamped:
            name, letter = stamped[kind]
            raw = m.group(name)
            speaker_or_none = names.get(raw, "")  # "" is never a speaker: not yet judged
            if speaker_or_none == "":
                speaker_or_none = names[raw] = _speaker(raw)
            if speaker_or_none is None:
                found = _general(text, start)  # the other shape, or another pattern
            else:
                body = m.end() - 1
                weak = not letter and _field_value(
                    _line(text, start), speaker_or_none, body - start
                )
                append(new(Label, (speaker_or_none, start, body, weak)))
                continue
        else:
            found = _general(text, start)
        if found is not None:
            speaker, end, weak = found
            append(new(Label, (speaker, start, start + end, weak)))
    return labels


# `[00:01:23] Kari:` / `*0:0 = I1:`, then `0:0<TAB>I1<TAB>`: the first two patterns tried on
# a line that opens with a time.
_STAMP_SHAPES = _PATTERNS[1:3]


def _stamp_label(line: str) -> tuple[str, int, bool] | None:
    """The label of a line that opens with a time, without the general path's choosing.
    When either shape matches with the time's ':' within the reach, the line opens with
    '*', '[' or a digit and shows a clock, so these are the first two patterns
    `match_label_weak` would try, in this order, and a speaker found is its answer."""
    # the first shape needs two colons, the time's and the label's: a line with one (as
    # `0:0<TAB>I1<TAB>...` has) is spared its costly failure
    shapes = _STAMP_SHAPES if line.count(":") >= 2 else _STAMP_SHAPES[1:]
    for pattern in shapes:
        m = pattern.match(line)
        if m is None:
            continue
        if line.find(":", 0, LABEL_REACH - 1) == -1:
            return None
        speaker = _speaker(m.group("name"))
        if speaker is not None:
            return _with_body(line, speaker, m.end(), False)
    return None
