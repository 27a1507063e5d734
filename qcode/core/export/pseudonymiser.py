"""Replacing real names by aliases, and finding real names that are left.

A name matches as a whole word, longest name first ("Kari Nordmann" before "Kari"), and
takes the genitive along: Norwegian "Karis" and "Kari's" become "Deltaker As" and
"Deltaker A's"; a name ending in s written "Hans'" takes the alias's own genitive.

"Whole word" means: no letter right before or after. Digits and underscores separate
words here, unlike in a regular expression's `\\b`, because file names are written so:
`intervju_Kari_2013.txt` names Kari. The words of a longer name may be joined by white
space, an underscore, a dot or a hyphen (`Kari_Nordmann.docx`, `kari.nordmann@...`).
Matching runs on folded text (see `folding`): NFC or NFD, any case, a soft hyphen or a
zero-width character inside the name — all match; the replacement is made in the text as
written.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace

from qcode.core.analysis.matrix import Case, Cell, Excerpt, Matrix
from qcode.core.analysis.matrix_spec import MatrixFilters
from qcode.core.analysis.summaries import CellSummary
from qcode.core.codebook.format import Codebook, CodeSpec, slugify
from qcode.core.export.folding import ascii_spellings, fold, fold_view
from qcode.core.model import Code
from qcode.core.project.store import Project

LETTER = r"[^\W\d_]"
_BETWEEN_WORDS = r"(?:[\s_]+|[.\-])"


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def _name_pattern(key: str) -> str:
    return _BETWEEN_WORDS.join(re.escape(part) for part in key.split())


class Pseudonymiser:
    """Replaces real names by aliases in text, and finds real names left in text."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        chosen: dict[str, tuple[str, str]] = {}
        for real, alias in pairs:
            if real.strip():
                chosen[_key(real)] = (real, alias)
        for real, alias in pairs:  # `sorvik` in a file name is Sørvik too
            for spelling in ascii_spellings(real):
                chosen.setdefault(_key(spelling), (real, alias))
        keys = sorted(chosen, key=lambda k: (-len(k), k))
        self.aliases = {k: chosen[k][1] for k in keys}
        self.shouting = {k: chosen[k][0].isupper() for k in keys}
        self.real_of = {k: chosen[k][0] for k in keys}
        self.reals = [chosen[k][0] for k in keys]
        self._keys = keys
        # Most text holds no name at all: a substring test on the first word of each name
        # rules that out before the (much slower) pattern of all names runs.
        self._first_words = {k.split()[0] for k in keys}
        if keys:
            names = "|".join(f"(?P<n{i}>{_name_pattern(k)})" for i, k in enumerate(keys))
            self._pattern = re.compile(
                rf"(?<!{LETTER})(?P<name>{names})"
                rf"(?P<gen>['’]s(?!{LETTER})|s(?!{LETTER})|['’](?!{LETTER}))?(?!{LETTER})"
            )
            # The group of each name, by number: `_which` asks each in turn.
            self._groups = [(self._pattern.groupindex[f"n{i}"], k) for i, k in enumerate(keys)]

    def __bool__(self) -> bool:
        return bool(self._keys)

    @classmethod
    def for_project(cls, project: Project) -> Pseudonymiser:
        rows = project.query("SELECT real, alias FROM pseudonyms ORDER BY real COLLATE NOCASE")
        return cls([(r["real"], r["alias"]) for r in rows])

    # -- text ------------------------------------------------------------------------------

    def apply(self, text: str) -> str:
        """`text` with every real name replaced by its alias."""
        if not self._keys or not text:
            return text
        view = fold_view(text)
        if not self._may_hold(view.text):
            return text
        out: list[str] = []
        last = 0
        for match in self._finditer(view.text):
            key = self._which(match)
            start, end = view.original(match.start("name"), match.end("name"))
            gen = ""
            if match.group("gen"):
                _, gen_end = view.original(match.start("gen"), match.end("gen"))
                gen, end_all = text[end:gen_end], gen_end
            else:
                end_all = end
            out += [text[last:start], self._substitute(key, text[start:end], gen)]
            last = end_all
        out.append(text[last:])
        return "".join(out)

    def matches(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Each real name in `text` as (the name as listed, start, end in `text`)."""
        if not self._keys or not text:
            return
        view = fold_view(text)
        if not self._may_hold(view.text):
            return
        for match in self._finditer(view.text):
            start, end = view.original(match.start("name"), match.end("name"))
            yield self.real_of[self._which(match)], start, end

    def find(self, text: str) -> list[str]:
        """The real names that occur in `text` (whole words, genitives included)."""
        found = {real for real, _, _ in self.matches(text)}
        return sorted(found, key=str.casefold)

    def pieces_that_may_hold(self, folded: list[str]) -> list[int]:
        """The indexes of the (folded) pieces in which a name may be: each name's first
        word looked for once in all of them together, not once per piece."""
        if not self._keys:
            return []
        joined = "\x00".join(folded)
        starts = list(itertools.accumulate((len(piece) + 1 for piece in folded[:-1]), initial=0))
        hits: set[int] = set()
        for word in self._first_words:
            at = joined.find(word)
            while at != -1:
                hits.add(bisect.bisect_right(starts, at) - 1)
                at = joined.find(word, at + 1)
        return sorted(hits)

    def _may_hold(self, folded: str) -> bool:
        return any(word in folded for word in self._first_words)

    def _finditer(self, folded: str) -> Iterator[re.Match[str]]:
        """What `self._pattern.finditer(folded)` gives, in a fraction of the time: a match
        starts where the first word of a name does, so the pattern is tried only there
        (found by str.find), not at every character; the matches do not overlap, as
        finditer's do not. (A lookbehind sees the text before the position tried.)"""
        starts: set[int] = set()
        for word in self._first_words:
            at = folded.find(word)
            while at != -1:
                starts.add(at)
                at = folded.find(word, at + 1)
        match_at = self._pattern.match
        end = 0
        for at in sorted(starts):
            if at < end:
                continue
            match = match_at(folded, at)
            if match is not None:
                end = match.end()
                yield match

    def _which(self, match: re.Match[str]) -> str:
        for group, key in self._groups:
            if match.start(group) >= 0:
                return key
        raise AssertionError("a name matched without a name group")  # pragma: no cover

    def _substitute(self, key: str, name: str, gen: str) -> str:
        alias = self.aliases[key]
        if name.isupper() and not self.shouting[key]:  # "KARI" in a heading
            alias = alias.upper()
        if gen in ("'", "’"):  # "Hans'": the alias takes its own genitive
            if fold(name)[-1:] not in ("s", "x", "z"):  # a closing quote, not a genitive
                return alias + gen
            gen = gen if alias[-1:].lower() in "sxz" else "s"
        return alias + gen

    def key(self, key: str) -> str:
        """A code key is shown in exports and may be made of a name (`speaker-kari`):
        the alias, slugified, takes the name's place (`speaker-deltaker-a`)."""
        changed = self.apply(key)
        return key if changed == key else slugify(changed)

    # -- what the exports hold -------------------------------------------------------------

    def matrix(self, matrix: Matrix) -> Matrix:
        """The matrix with every name replaced: its project name, excerpts, sources, cases,
        speakers, sections, coders, filters and rows (speaker codes are named after the
        people speaking)."""
        if not self._keys:
            return matrix
        names: dict[str, str] = {}

        def name(value: str) -> str:
            if value not in names:
                names[value] = self.apply(value)
            return names[value]

        # Most excerpts hold no name: one fold of all their texts together (C speed) finds
        # those that may, and only they are matched in full (`apply` on the others would
        # fold each and return it unchanged).
        texts = [e.text for row in matrix.cells for cell in row for e in cell.excerpts]
        folded = fold("\x00".join(texts)).split("\x00")
        if len(folded) != len(texts):  # a text that held NUL itself
            folded = [fold(text) for text in texts]
        may_hold = {texts[i] for i in self.pieces_that_may_hold(folded)}

        def excerpt_text(value: str) -> str:
            return self.apply(value) if value in may_hold else value

        coder_lists: dict[tuple[str, ...], tuple[str, ...]] = {}

        def coders_of(coders: tuple[str, ...]) -> tuple[str, ...]:
            if coders not in coder_lists:
                coder_lists[coders] = tuple(name(c) for c in coders)
            return coder_lists[coders]

        # Called for every excerpt (50,000 in a large matrix): each value is looked up in
        # what is known already before anything is called.
        known = names.get

        def excerpt(e: Excerpt) -> Excerpt:
            source = known(e.source) or name(e.source)
            text = excerpt_text(e.text)
            speaker = (known(e.speaker) or name(e.speaker)) if e.speaker else e.speaker
            section = (known(e.section) or name(e.section)) if e.section else e.section
            coders = coder_lists.get(e.coders) or coders_of(e.coders)
            if (source, text, speaker, section, coders) == (
                e.source, e.text, e.speaker, e.section, e.coders
            ):  # fmt: skip
                return e
            return replace(
                e, source=source, text=text, speaker=speaker, section=section, coders=coders
            )

        filters = matrix.spec.filters
        spec = replace(
            matrix.spec,
            filters=MatrixFilters(
                tuple(name(c) for c in filters.coders),
                filters.kinds,
                tuple((name(k), name(v)) for k, v in filters.attributes),
                self.apply(filters.text),
            ),
        )
        return replace(
            matrix,
            project=name(matrix.project),
            by=name(matrix.by),
            spec=spec,
            rows=tuple(
                replace(
                    r, name=name(r.name), key=self.key(r.key), description=self.apply(r.description)
                )
                for r in matrix.rows
            ),
            cases=tuple(
                Case(name(c.label), tuple(name(s) for s in c.sources)) for c in matrix.cases
            ),
            cells=tuple(
                tuple(Cell(tuple(excerpt(e) for e in cell.excerpts)) for cell in row)
                for row in matrix.cells
            ),
            coders=tuple(name(c) for c in matrix.coders),
        )

    def summaries(
        self, summaries: dict[tuple[str, str], CellSummary]
    ) -> dict[tuple[str, str], CellSummary]:
        """Cell summaries with names replaced in their text, author, code and case, keyed
        as `matrix` renames the rows (`key`) and cases (`apply`) they belong to."""
        if not self._keys:
            return summaries
        out = {}
        for (row_key, case), s in summaries.items():
            changed = replace(
                s,
                code=self.key(s.code),
                code_name=self.apply(s.code_name),
                case=self.apply(s.case),
                text=self.apply(s.text),
                author=self.apply(s.author),
            )
            out[(self.key(row_key), self.apply(case))] = changed
        return out

    def code(self, code: Code) -> Code:
        """A code with its name, key, description, notes, keywords and aliases replaced."""
        if not self._keys:
            return code
        return replace(
            code,
            name=self.apply(code.name),
            key=self.key(code.key),
            description=self.apply(code.description),
            include_note=self.apply(code.include_note),
            exclude_note=self.apply(code.exclude_note),
            keywords=tuple(self.apply(k) for k in code.keywords),
            aliases=tuple(self.apply(a) for a in code.aliases),
        )

    def codebook(self, book: Codebook) -> Codebook:
        """A codebook (as the YAML export writes it) with every name replaced."""
        if not self._keys:
            return book

        def spec(code: CodeSpec) -> CodeSpec:
            return replace(
                code,
                key=self.key(code.key),
                name=self.apply(code.name),
                description=self.apply(code.description),
                include=self.apply(code.include),
                exclude=self.apply(code.exclude),
                keywords=[self.apply(k) for k in code.keywords],
                aliases=[self.apply(a) for a in code.aliases],
                children=[spec(child) for child in code.children],
            )

        return replace(
            book,
            name=self.apply(book.name),
            description=self.apply(book.description),
            themes=[spec(theme) for theme in book.themes],
        )
