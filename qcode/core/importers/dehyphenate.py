"""Undoing a PDF's layout inside sentences: words hyphenated at a line's end, and the
blank lines a page break leaves in the middle of a sentence.

A PDF's text layer keeps the typesetter's line breaks, so `self-\\norganized` and
`organi-\\nzation` reach the coder (and the search index) as two halves. The rule, chosen
on real text (no dictionary, so it must be safe when unsure):

- Only a letter, a hyphen, the line's end, then a lowercase letter count as a break inside
  a word: `QDA-\\nXML`, GUIDs (`4A82-\\nA279`) and numbers (`03-\\n27`) are left alone.
- The line break goes; the hyphen stays (`self-organized`), unless the document itself
  spells the joined word elsewhere without the hyphen and never with it (`organization`
  on another line makes `organi-\\nzation` one word). Keeping the hyphen when unsure loses
  nothing a reader needs; dropping it wrongly would merge a real compound.

A page that ends without sentence-final punctuation, followed by a page whose text starts
with a lowercase letter, is one sentence broken by the page: the blank lines between are
removed (a hyphenated word across the break is joined by the rule above).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BROKEN_WORD = re.compile(r"([^\W\d_]+)-\n[ \t]*([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = ".!?…:;\"'”’»"


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every word of the document (hyphenated compounds as one word), case folded."""
    return {w.casefold() for text in texts for w in _WORD.findall(text)}


def _joined(head: str, tail: str, words: set[str]) -> str:
    """`head` and `tail` of a word broken at a hyphen, as the document spells the word."""
    whole = (head + tail).casefold()
    if whole in words and f"{head}-{tail}".casefold() not in words:
        return head + tail
    return f"{head}-{tail}"


def join_hyphenated(text: str, words: set[str]) -> str:
    """Words broken by a hyphen at a line's end made whole again (see the module's rule)."""

    def repl(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if not tail[0].islower():
            return match.group(0)
        return _joined(head, tail, words)

    return _BROKEN_WORD.sub(repl, text)


def page_joint(before: str, after: str, words: set[str]) -> tuple[str, str, str]:
    """How the page texts `before` and `after` meet: (before, after, separator). A new
    paragraph keeps both as read ("\n"); a sentence running over the break loses the
    blank lines, and a word hyphenated over it is joined."""
    rest = after.lstrip()
    if not before or not rest or not rest[0].isalpha() or not rest[0].islower():
        return before, after, "\n"
    if before[-1] in SENTENCE_END:
        return before, after, "\n"
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha():
        head = re.search(r"[^\W\d_]+-$", before)
        tail = re.match(r"[^\W\d_]+", rest)
        if head and tail:
            word = _joined(head.group(0)[:-1], tail.group(0), words)
            return before[: head.start()], word + rest[tail.end() :], ""
    return before, rest, "\n"
