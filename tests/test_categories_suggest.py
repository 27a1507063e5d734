"""Suggested categories: a deterministic, sensible grouping of a Norwegian theme's segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.categories import derive as cat
from qcode.core.categories.suggest import (
    _canonical_forms,
    accept_proposal,
    cluster,
    content_words,
    suggest_categories,
)
from qcode.core.errors import QcodeError
from qcode.core.project.store import Project
from qcode.core.project.undo import undo
from tests.builders import state
from tests.category_study import build


def groups(result) -> list[set[str]]:
    return [{t.split()[0] for t in p.texts} for p in result.proposals]


def test_words_drop_stopwords_and_fold_inflections() -> None:
    assert content_words("Jeg følte meg uforberedt, og saken var ikke lest.") == [
        "følte",
        "uforberedt",
        "saken",
        "lest",
    ]
    forms = _canonical_forms({"makt", "makten", "maktesløs", "forberedt", "forberedelse"})
    assert forms["makten"] == "makt" and forms["maktesløs"] == "maktesløs"
    assert forms["forberedelse"] == "forberedt"


def test_segments_about_the_same_thing_are_grouped(project: Project, tmp_path: Path) -> None:
    build(project, tmp_path)
    result = suggest_categories(project, "complexity")
    assert result.uncategorised == 10 and result.left_over == 0
    assert groups(result) == [
        {"Ofte", "Jeg", "Hun"},  # unprepared for conversations
        {"Tidspresset", "Veilederen", "Det"},  # time pressure
        {"Kunnskap", "Vi"},  # knowledge of many laws
        {"Saksbehandlingssystemene", "Mange"},  # many case-handling systems
    ]
    names = [p.name for p in result.proposals]
    assert names[0].startswith("Uforberedt") and names[1].startswith("Tidspresset")
    assert "lover" in names[2].lower() and "arena" in names[3].lower()
    assert [p.number for p in result.proposals] == [1, 2, 3, 4]


def test_suggestions_are_deterministic_and_skip_categorised(
    project: Project, tmp_path: Path
) -> None:
    ids = build(project, tmp_path)
    first = suggest_categories(project, "complexity")
    assert suggest_categories(project, "complexity") == first
    cat.add_category(project, "complexity", "Tidspress")
    for coding_id in first.proposals[1].coding_ids:
        cat.assign(project, coding_id, "tidspress")
    after = suggest_categories(project, "complexity")
    assert after.uncategorised == 7 and len(after.proposals) == 3
    assert all(
        i not in p.coding_ids for p in after.proposals for i in first.proposals[1].coding_ids
    )
    strict = suggest_categories(project, "complexity", threshold=0.9)
    assert strict.proposals == [] and strict.left_over == 7
    assert ids  # the fixture coded something


def test_accept_proposal_is_one_undoable_step(project: Project, tmp_path: Path) -> None:
    build(project, tmp_path)
    before = state(project)
    proposal = suggest_categories(project, "complexity").proposals[1]
    code, made = accept_proposal(project, "complexity", 2, name="Tidspress")
    assert code.name == "Tidspress" and code.level == 2 and len(made) == 3
    assert cat.segments(project, "complexity").categorised == 3
    derived = {project.row("codings", c.id)["derived_from"] for c in made}
    assert derived == set(proposal.coding_ids)
    undo(project)
    assert state(project) == before


def test_accept_refuses_an_unknown_number(project: Project, tmp_path: Path) -> None:
    build(project, tmp_path)
    with pytest.raises(QcodeError, match="no proposal 9 for 'Rollens kompleksitet' \\(1-4\\)"):
        accept_proposal(project, "complexity", 9)


def _brute_force(vectors: list[dict[str, float]], threshold: float) -> list[list[int]]:
    """Textbook average linkage: always join the globally most similar pair."""

    def sim(a: list[int], b: list[int]) -> float:
        total = sum(
            sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items()) for i in a for j in b
        )
        return total / (len(a) * len(b))

    groups = [[i] for i in range(len(vectors))]
    while True:
        pairs = [
            (sim(groups[x], groups[y]), x, y)
            for x in range(len(groups))
            for y in range(x + 1, len(groups))
        ]
        best = max(pairs, default=None, key=lambda p: p[0])
        if best is None or best[0] < threshold:
            return sorted((sorted(g) for g in groups), key=lambda m: (-len(m), m[0]))
        _, x, y = best
        groups[x] = groups[x] + groups[y]
        del groups[y]


def test_chain_clustering_gives_the_textbook_groups() -> None:
    import random

    rnd = random.Random(7)
    words = [f"w{i}" for i in range(25)]
    for _ in range(5):
        vectors = []
        for _ in range(30):
            chosen = rnd.sample(words, rnd.randint(2, 6))
            weights = {w: rnd.random() + 0.1 for w in chosen}
            norm = sum(v * v for v in weights.values()) ** 0.5
            vectors.append({w: v / norm for w, v in weights.items()})
        for threshold in (0.1, 0.2, 0.35):
            assert cluster(vectors, threshold) == _brute_force(vectors, threshold)
