"""Project text on a terminal: control characters shown as visible escapes, never raw.

A project holds text that came from outside: file names, document text, code names from a
codebook someone sent, memos, attribute values from a CSV. A terminal obeys control
characters it is given, so `"\\x1b]0;pwned\\x07"` in a document name would retitle the
window when `qcode sources` lists it, `"\\x1b[2J"` would clear the screen, and a
right-to-left override (U+202E) would show a name backwards (Trojan Source). Every place
that shows project text on a terminal (each CLI command's output, each workbench widget)
passes it through `visible` or `visible_line` first; the stored text is never changed.

The classes neutralised (`UNSAFE`):

- C0 controls except newline and tab (ESC, BEL, CR, backspace, ...) and DEL;
- C1 controls U+0080-U+009F (U+009B is a one-character CSI on some terminals);
- the bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069.

The visible form is Python's escape for the character: ``\\x1b``, ``\\x9b``, ``\\u202e``,
the same form qcode uses for a file name that is not valid UTF-8, so one form is used
everywhere. Names (codes, coders, attribute keys) are refused with a control character in
them (`check_name`); file names cannot be refused (the file exists), so they are shown
escaped.
"""

from __future__ import annotations

import re

from qcode.core.errors import QcodeError

_BIDI = "\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""Characters never written raw to a terminal inside text that keeps its lines."""

UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
"""The same, plus newline and tab: for a name or label that must stay on one line."""

_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}]")
"""What `json.dumps` leaves raw (it escapes C0 itself): DEL, C1 and the bidi controls."""


def escape(ch: str) -> str:
    """The visible form of one character: ``\\x1b`` below U+0100, else ``\\u202e``."""
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return escape(match.group())


def visible(text: str) -> str:
    """`text` with its unsafe characters as visible escapes; newlines and tabs kept, so a
    document or memo reads as it was written."""
    if UNSAFE.search(text) is None:  # nearly always: no copy
        return text
    return UNSAFE.sub(_escaped, text)


def visible_line(text: str) -> str:
    """`text` on one line: as `visible`, and newlines and tabs escaped too, so a name with
    a line break cannot break a listing or a label into two rows."""
    if UNSAFE_IN_LINE.search(text) is None:
        return text
    return UNSAFE_IN_LINE.sub(_escaped, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_visible(dumped: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with DEL, C1 and bidi controls
    written as ``\\uXXXX`` escapes. They can only occur inside JSON strings, where such an
    escape is valid, so the result is still JSON and `json.loads` gives back the same data;
    only the terminal no longer sees them raw."""
    if _JSON_UNSAFE.search(dumped) is None:
        return dumped
    return _JSON_UNSAFE.sub(_json_escape, dumped)


def check_name(value: str, what: str) -> str:
    """`value` if it holds no control character, else a one-line `QcodeError` naming the
    character. Names are shown in listings, trees and file headers, where a control
    character would either act on the terminal or break the line."""
    found = UNSAFE_IN_LINE.search(value)
    if found is None:
        return value
    raise QcodeError(
        f"{what} '{visible_line(value)}' holds a control character ({escape(found.group())}); "
        "use letters, digits, spaces and punctuation"
    )
