"""Suggested categories: a theme's uncategorised segments grouped by what they talk about.

Developing categories means reading the segments of a theme and noticing which say the
same thing. This gives the analyst a first sort to react to, never a decision:

1. Each segment becomes a set of **content words**: stopwords (Norwegian and English) and
   short words out, inflected forms folded together ("tidspresset", "tidspress") with the
   rule keyword matching uses (`keywords.is_variant`: a changed ending of at most three
   letters, or one typo), compared only within words of the same first letters, so the
   cost stays near linear in the vocabulary.
2. Segments are compared by cosine similarity of idf-weighted word sets (a word that is in
   every segment of the theme says nothing about which category a segment belongs to).
3. **Average-linkage agglomerative clustering** joins the most similar groups until no two
   are more alike than `threshold`. Ties break by segment order, so the same project gives
   the same proposals every run.
4. Each group of at least `min_size` segments is named by its most **distinctive words**:
   in many of its segments and in few others.

`accept_proposal` turns a proposal into a category with its segments in one undoable step;
renaming, merging or dissolving it afterwards is the ordinary reshaping.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from qcode.core.categories.derive import (
    Segment,
    _check_new_name,
    _free_key,
    _same_span,
    assign_in,
    insert_code,
    segments,
)
from qcode.core.codebook.codes import resolve_code
from qcode.core.coding.keywords import fold, is_variant
from qcode.core.errors import QcodeError
from qcode.core.model import Code, Coding
from qcode.core.project.store import Project
from qcode.core.rows import coding_from_row

DEFAULT_THRESHOLD = 0.15
MIN_WORD = 3
MAX_ENDING = 3  # letters an inflected form may add (-ene, -ede, -het)
_WORD = re.compile(r"[^\W\d_]+")

_STOPWORD_TEXT = """
    alle allerede alltid andre annen annet at av bare begge ble bli blir blitt bra både
    da dag de deg dei deira deires dem den denne der dere deres det dette di din disse
    ditt du då eg ein eit eitt eller elles en ene eneste enn er et ett etter for fordi
    fra før først gang god gode gjort gjør gjøre ha hadde han hans har hennar henne
    hennes her hja ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor
    hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kanskje kom kunne
    kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mens
    mer mest mitt mot mye må måtte ned nei noe noen nok nokon noko nokor nå når og også
    om opp oss over på rett riktig samme sant seg selv si sia sidan siden sin sine sitt
    sjøl skal skulle slik so som somme somt så sånn til tror tilbake uten ut var
    vart varte ved vere verte vi vil ville vore vors vort vår være vært å ofte veldig
    litt liksom egentlig ganske mye sier sa sagt gikk går hele helt mens når
    informant intervjuer
    fikk får få sto står stå satt sitter sitte tok ta tar gjorde kommer komme sier
    opplevde oppleve opplever kjente kjenner tenkte tenker syntes synes trodde
    siste første neste nesten samtidig legge grunn jo altså derfor likevel faktisk
    mindre dager ting måte måten sånt hvert hverandre etterpå igjen fram frem
    a about after again all also am an and any are as at be because been before being
    but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how if in into is it its just me more most my
    no nor not now of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yes really quite lot lots get got said says
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Proposal:
    """A candidate category: segments that say alike, and words that name them."""

    number: int  # 1-based, in the order shown
    name: str
    words: tuple[str, ...]
    coding_ids: tuple[int, ...]
    texts: tuple[str, ...]  # the segments' text, in the same order

    @property
    def size(self) -> int:
        return len(self.coding_ids)


@dataclass(frozen=True)
class SuggestResult:
    theme: Code
    proposals: list[Proposal]
    uncategorised: int  # segments considered
    left_over: int  # of those, in no proposal


# -- words ---------------------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in STOPWORDS]


def _canonical_forms(words: set[str]) -> dict[str, str]:
    """Map each word to the form standing for it: inflections and typos of one word share
    a form. Shorter forms come first, so a base form stands for its inflections."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words, key=lambda w: (len(w), w)):
        buckets[word[:4]].append(word)
    canonical: dict[str, str] = {}
    for bucket in buckets.values():
        heads: list[str] = []
        for word in bucket:
            head = next((h for h in heads if _inflection(h, word)), None)
            if head is None:
                heads.append(word)
                head = word
            canonical[word] = head
    return canonical


def _inflection(head: str, word: str) -> bool:
    """Is `word` an inflection or typo of `head` (which is no longer)? "makten" of "makt",
    "forberedelse" of "forberedt"; not "maktesløs" of "makt", a word of its own."""
    return len(word) - len(head) <= MAX_ENDING and is_variant(head, word)


# -- clustering ----------------------------------------------------------------------------


def _vectors(
    docs: list[list[str]], canonical: dict[str, str]
) -> tuple[list[dict[str, float]], Counter[str]]:
    sets = [{canonical[w] for w in words} for words in docs]
    df: Counter[str] = Counter(t for s in sets for t in s)
    n = len(sets)
    vectors = []
    for terms in sets:
        weights = {t: math.log((n + 1) / df[t]) for t in terms}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors, df


def _similarities(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair that shares a word (others are 0), via an
    inverted index so that unrelated pairs cost nothing."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term in vec:
            postings[term].append(i)
    sims: dict[tuple[int, int], float] = defaultdict(float)
    for term, ids in postings.items():
        if len(ids) < 2:
            continue
        for x, i in enumerate(ids):
            wi = vectors[i][term]
            for j in ids[x + 1 :]:
                sims[(i, j)] += wi * vectors[j][term]
    return sims


def cluster(vectors: list[dict[str, float]], threshold: float) -> list[list[int]]:
    """Average-linkage clustering: join the two most alike groups while their mean
    pairwise similarity is at least `threshold`.

    Runs as a nearest-neighbour chain: follow each group's most similar group until two
    are each other's nearest, and join those. Average linkage never makes a joined group
    more similar to a third than its parts were, so this gives the same groups as always
    joining the globally closest pair, in time quadratic rather than cubic in the number
    of segments; a group whose nearest is below the threshold can never join anything
    and is set aside. Ties go to the lowest id, so the result is deterministic."""
    sums: dict[int, dict[int, float]] = {i: {} for i in range(len(vectors))}
    for (i, j), s in _similarities(vectors).items():
        sums[i][j] = s
        sums[j][i] = s
    members = {i: [i] for i in range(len(vectors))}
    active = dict.fromkeys(range(len(vectors)))  # insertion-ordered: deterministic starts
    done: list[list[int]] = []
    chain: list[int] = []
    next_id = len(vectors)
    while active:
        if not chain:
            chain.append(next(iter(active)))
        a = chain[-1]
        size_a = len(members[a])
        best, best_sim = -1, -1.0
        for b, total in sums[a].items():
            sim = total / (size_a * len(members[b]))
            if sim > best_sim or (sim == best_sim and b < best):
                best, best_sim = b, sim
        if len(chain) > 1:  # prefer the previous link on a tie, so the chain ends
            prev = chain[-2]
            prev_sim = sums[a].get(prev, 0.0) / (size_a * len(members[prev]))
            if prev_sim >= best_sim:
                best, best_sim = prev, prev_sim
        if best < 0 or best_sim < threshold:
            chain.pop()
            del active[a]
            for other in sums.pop(a):
                del sums[other][a]
            done.append(members.pop(a))
            continue
        if len(chain) > 1 and best == chain[-2]:
            chain.pop()
            chain.pop()
            c = next_id
            next_id += 1
            members[c] = sorted(members.pop(a) + members.pop(best))
            row_a, row_b = sums.pop(a), sums.pop(best)
            row: dict[int, float] = {}
            for other in row_a.keys() | row_b.keys():
                if other in (a, best):
                    continue
                total = row_a.get(other, 0.0) + row_b.get(other, 0.0)
                other_row = sums[other]
                other_row.pop(a, None)
                other_row.pop(best, None)
                other_row[c] = total
                row[other] = total
            sums[c] = row
            del active[a], active[best]
            active[c] = None
        else:
            chain.append(best)
    return sorted(done, key=lambda m: (-len(m), m[0]))


# -- naming --------------------------------------------------------------------------------


def _name_words(
    group: list[int], sets: list[set[str]], df: Counter[str], surface: list[dict[str, str]]
) -> tuple[str, ...]:
    """The group's most telling words: in many of its segments, in few of the others."""
    n = len(sets)
    inside: Counter[str] = Counter(t for i in group for t in sets[i])
    scored = []
    for term, g in inside.items():
        if g < 2 and len(group) > 1:
            continue
        elsewhere = df[term] - g
        scored.append(((g / len(group)) * math.log((n + 1) / (elsewhere + 1)), term))
    scored.sort(key=lambda x: (-round(x[0], 9), -len(x[1]), x[1]))
    if not scored:
        return ()
    top = scored[0][0]
    chosen = [t for s, t in scored[:3] if s >= top / 2]
    words = []
    for term in chosen:
        forms = Counter(surface[i][term] for i in group if term in surface[i])
        words.append(sorted(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0])
    return tuple(words)


def suggest_categories(
    project: Project, theme: str, threshold: float = DEFAULT_THRESHOLD, min_size: int = 2
) -> SuggestResult:
    """Candidate categories for the theme's uncategorised segments, largest first."""
    listing = segments(project, theme)
    todo: list[Segment] = [s for s in listing.segments if not s.categories]
    everything = listing.segments
    docs = [content_words(s.text) for s in everything]
    canonical = _canonical_forms({w for words in docs for w in words})
    vectors, df = _vectors(docs, canonical)
    sets = [set(v) for v in vectors]
    surface = [{canonical[w]: w for w in reversed(words)} for words in docs]
    index = {s.coding_id: i for i, s in enumerate(everything)}
    todo_ids = [index[s.coding_id] for s in todo]
    groups = cluster([vectors[i] for i in todo_ids], threshold)
    proposals: list[Proposal] = []
    for group in groups:
        if len(group) < max(min_size, 1):
            continue
        members = [todo_ids[i] for i in group]
        words = _name_words(members, sets, df, surface)
        name = ", ".join(words) if words else f"group {len(proposals) + 1}"
        proposals.append(
            Proposal(
                number=len(proposals) + 1,
                name=name[:1].upper() + name[1:],
                words=words,
                coding_ids=tuple(everything[i].coding_id for i in members),
                texts=tuple(everything[i].text for i in members),
            )
        )
    placed = sum(p.size for p in proposals)
    return SuggestResult(listing.theme, proposals, len(todo), len(todo) - placed)


def accept_proposal(
    project: Project,
    theme: str,
    proposal: Proposal | int,
    name: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_size: int = 2,
) -> tuple[Code, list[Coding]]:
    """Create the proposed category under `theme` and assign its segments to it, as one
    step. `proposal` is a Proposal or its number in `suggest_categories` (computed anew:
    the grouping is deterministic, so the number means what the analyst saw)."""
    parent = resolve_code(project, theme)
    if isinstance(proposal, int):
        found = suggest_categories(project, theme, threshold, min_size).proposals
        if not 1 <= proposal <= len(found):
            raise QcodeError(
                f"no proposal {proposal} for '{parent.name}' "
                f"({'1-' + str(len(found)) if found else 'there are none'})"
            )
        proposal = found[proposal - 1]
    title = (name or proposal.name).strip()
    _check_new_name(project, parent, title)
    key = _free_key(project, title, parent)
    summary = (
        f"accepted suggested category '{title}' under {parent.key}: {proposal.size} segment(s)"
    )
    params = {"theme": parent.key, "name": title, "codings": list(proposal.coding_ids)}
    new_ids: list[int] = []
    with project.change("category suggest accept", summary, params) as ch:
        code = insert_code(ch, title, key, parent)
        for coding_id in proposal.coding_ids:
            row = project.row("codings", coding_id)
            if row is None or _same_span(project, row, [code.id]):
                continue  # removed since the proposal was made
            new_ids.append(assign_in(ch, coding_from_row(row), code))
    return code, [coding_from_row(project.row("codings", i) or {}) for i in new_ids]
