"""Quality of the default keyword suggestions, measured against an analyst's reading.

`examples/nav-study/gold.csv` lists the passages an analyst codes as preparation,
conversation control and power, by meaning, read from the texts before the matcher was
written (document, code, exact quote). Evaluation is at sentence level: a gold passage
is *found* when a suggestion of its code overlaps it; a suggestion is *correct* when it
overlaps a gold passage of its code. The Nordby documents are the tuning half (the only
ones looked at when matcher parameters and the three themes' keywords were chosen), the
Sørvik documents are held out.

The floors below are the measured figures rounded down (see the README); the test fails
if a change to the matcher makes suggestions worse.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from qcode.core.codebook.codes import load_codebook as load_codes
from qcode.core.codebook.format import load_codebook
from qcode.core.coding.suggest import suggest
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nav-study"
GOLD_CODES = ("preparation", "conversation-control", "power")

# (precision, recall) the default suggestions must reach, per half.
# A word inside another theme's phrase no longer proposes ("samtalen" in "før samtalen"):
# Nordby 0.736 -> 0.762, Sørvik 0.589 -> 0.600, recall unchanged on both.
FLOORS = {"Nordby": (0.76, 0.84), "Sørvik": (0.60, 0.75)}
# The same with --strict (common keywords propose only beside another keyword word or a
# theme word of the codebook's description, see theme_words.py). The theme words raised
# recall on both halves (Nordby 0.800 -> 0.820, Sørvik 0.673 -> 0.692) for a little
# precision (0.967 -> 0.952, 0.786 -> 0.784), so the Nordby precision floor is 0.95.
STRICT_FLOORS = {"Nordby": (0.95, 0.82), "Sørvik": (0.78, 0.69)}


@dataclass(frozen=True)
class Span:
    document: str
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    suggestions: int
    gold: int


def build_example(path: Path) -> Project:
    project = Project.create(path, coder="analyst")
    load_codes(project, load_codebook(ROOT / "codebooks" / "nav-guidance-groups.yaml"))
    attrs = EXAMPLE / "attributes.csv"
    for kind, pattern in (
        ("observation", "observasjon-*"),
        ("interview", "intervju-*"),
        ("log", "logg-*"),
    ):
        import_files(project, sorted(EXAMPLE.glob(pattern)), kind, attrs)
    return project


def offices() -> dict[str, str]:
    with open(EXAMPLE / "attributes.csv", encoding="utf-8", newline="") as f:
        return {row["file"]: row["office"] for row in csv.DictReader(f)}


def gold_spans(project: Project) -> list[Span]:
    texts = {r["name"]: r["text"] for r in project.query("SELECT name, text FROM documents")}
    spans = []
    with open(EXAMPLE / "gold.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = texts[row["document"]]
            start = text.find(row["quote"])
            assert start >= 0, f"gold quote not in {row['document']}: {row['quote'][:50]}"
            spans.append(Span(row["document"], row["code"], start, start + len(row["quote"])))
    return spans


def evaluate(gold: list[Span], suggested: list[Span]) -> Score:
    def overlaps(a: Span, b: Span) -> bool:
        return a.document == b.document and a.code == b.code and a.start < b.end and b.start < a.end

    found = sum(1 for g in gold if any(overlaps(g, s) for s in suggested))
    correct = sum(1 for s in suggested if any(overlaps(s, g) for g in gold))
    return Score(
        correct / len(suggested) if suggested else 0.0,
        found / len(gold) if gold else 0.0,
        len(suggested),
        len(gold),
    )


def measure(project: Project, **options) -> dict[str, Score]:
    """Precision and recall of fresh suggestions (the project's are cleared first)."""
    suggest(project, **options)
    rows = project.query(
        'SELECT d.name AS document, c.key AS code, s.start, s."end" AS "end" FROM suggestions s '
        "JOIN documents d ON d.id = s.document_id JOIN codes c ON c.id = s.code_id"
    )
    suggested = [Span(r["document"], r["code"], r["start"], r["end"]) for r in rows]
    suggested = [s for s in suggested if s.code in GOLD_CODES]
    gold = gold_spans(project)
    office = offices()
    return {
        half: evaluate(
            [g for g in gold if office[g.document] == half],
            [s for s in suggested if office[s.document] == half],
        )
        for half in ("Nordby", "Sørvik")
    }


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Score]:
    with build_example(tmp_path_factory.mktemp("gold") / "gold.qcode") as project:
        return measure(project)


def test_gold_quotes_are_in_the_texts(tmp_path: Path) -> None:
    with build_example(tmp_path / "g.qcode") as project:
        spans = gold_spans(project)
    assert {s.code for s in spans} == set(GOLD_CODES)
    assert {offices()[s.document] for s in spans} == {"Nordby", "Sørvik"}


@pytest.mark.parametrize("half", ["Nordby", "Sørvik"])
def test_default_suggestions_reach_documented_quality(scores: dict[str, Score], half: str) -> None:
    precision_floor, recall_floor = FLOORS[half]
    score = scores[half]
    assert score.precision >= precision_floor, score
    assert score.recall >= recall_floor, score


@pytest.fixture(scope="module")
def strict_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Score]:
    with build_example(tmp_path_factory.mktemp("gold") / "strict.qcode") as project:
        return measure(project, strict=True)


@pytest.mark.parametrize("half", ["Nordby", "Sørvik"])
def test_strict_suggestions_reach_documented_quality(
    strict_scores: dict[str, Score], half: str
) -> None:
    precision_floor, recall_floor = STRICT_FLOORS[half]
    score = strict_scores[half]
    assert score.precision >= precision_floor, score
    assert score.recall >= recall_floor, score


if __name__ == "__main__":  # print the figures: python -m tests.test_gold [threshold] [unit]
    import sys
    import tempfile

    options: dict = {}
    if len(sys.argv) > 1 and sys.argv[1] != "--strict":
        options["threshold"] = float(sys.argv[1])
    if len(sys.argv) > 2:
        options["unit"] = sys.argv[2]
    if "--strict" in sys.argv:
        options["strict"] = True
    with tempfile.TemporaryDirectory() as folder, build_example(Path(folder) / "g.qcode") as p:
        for half, score in measure(p, **options).items():
            print(
                f"{half:7} precision {score.precision:.3f} recall {score.recall:.3f} "
                f"({score.suggestions} suggestions, {score.gold} gold passages)"
            )
