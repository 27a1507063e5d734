"""`qcode categories ...` and the reshaping subcommands of `qcode codes`."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.project.store import Project
from tests.builders import Run, as_json, state
from tests.category_study import build


@pytest.fixture
def ids(project_path: Path, tmp_path: Path) -> dict[str, list[int]]:
    with Project.open(project_path, coder="tester") as project:
        return build(project, tmp_path)


def test_add_assign_list_and_provenance(run: Run, ids) -> None:
    assert (
        "added category Tidspress (tidspress)"
        in run("categories", "add", "complexity", "Tidspress").output
    )
    first = ids["observasjon-a.txt"][0]
    assert f"coding {first} assigned" in run("categories", "assign", str(first), "Tidspress").output
    listing = as_json(run("categories", "list", "Rollens kompleksitet", "--json"))
    assert (listing["categorised"], listing["total"]) == (1, 10)
    assert listing["categories"] == [
        {"key": "tidspress", "name": "Tidspress", "level": 2, "segments": 1}
    ]
    assert listing["segments"][-1]["categories"][0]["key"] == "tidspress"
    text = run("categories", "list", "complexity").output
    assert "1 of 10 segments categorised" in text and "[Tidspress]" in text and "[-]" in text
    prov = as_json(run("categories", "provenance", "tidspress", "--json"))
    assert prov["from_codes"] == {"complexity": 1}
    assert prov["sources"][0]["derived_from"] == first
    out = run("categories", "provenance", "tidspress").output
    assert "Rollens kompleksitet > Tidspress" in out and f"from coding {first} (complexity" in out


def test_assign_move_unassign_and_split(run: Run, ids) -> None:
    run("categories", "add", "complexity", "Tid")
    run("categories", "add", "complexity", "Uforberedt")
    segment = ids["observasjon-a.txt"][2]
    run("categories", "assign", str(segment), "tid")
    run("categories", "assign", str(segment), "uforberedt", "--move")
    segments = as_json(run("categories", "list", "complexity", "--json"))["segments"]
    moved = next(s for s in segments if s["coding_id"] == segment)
    assert [c["key"] for c in moved["categories"]] == ["uforberedt"]
    run("categories", "unassign", str(segment), "uforberedt")
    run("categories", "assign", str(segment), "tid")
    out = run("categories", "split", "tid", "Sent varslet", str(segment)).output
    assert "new category Sent varslet (sent-varslet)" in out


def test_suggest_and_accept(run: Run, ids) -> None:
    shown = run("categories", "suggest", "complexity").output
    assert "4 proposal(s) for 10 uncategorised segment(s)" in shown and "1. Uforberedt" in shown
    data = as_json(run("categories", "suggest", "complexity", "--json"))
    assert [p["size"] for p in data["proposals"]] == [3, 3, 2, 2]
    out = run("categories", "suggest", "complexity", "--accept", "2", "--name", "Tidspress").output
    assert "added category Tidspress (tidspress) with 3 segment(s)" in out
    assert as_json(run("categories", "list", "complexity", "--json"))["categorised"] == 3


def test_codes_reshaping_commands(run: Run, ids) -> None:
    run("categories", "add", "complexity", "Tid")
    run("categories", "add", "complexity", "Tidspress")
    run("categories", "assign", str(ids["observasjon-a.txt"][0]), "tid")
    assert "renamed tid to Knapp tid (tid)" in run("codes", "rename", "tid", "Knapp tid").output
    out = run("codes", "merge", "Knapp tid", "tidspress").output
    assert "merged Knapp tid into Tidspress: 1 coding(s) moved, 0 duplicate(s) dropped" in out
    assert "under relational (level 2)" in run("codes", "move", "tidspress", "relational").output
    assert "is now a theme" in run("codes", "promote", "tidspress").output
    assert (
        "is now a category under complexity"
        in run("codes", "demote", "tidspress", "complexity").output
    )
    tree = {c["key"]: c for c in as_json(run("codes", "--json"))}
    assert tree["tidspress"]["parent"] == "complexity" and tree["tidspress"]["codings"] == 1
    assert "tid" not in tree


@pytest.mark.parametrize(
    "args, message",
    [
        (("categories", "list", "nope"), "no code 'nope'"),
        (("categories", "add", "nope", "X"), "no code 'nope'"),
        (("categories", "assign", "4", "tidspress"), "is coded as 'Relasjonelle utfordringer'"),
        (("categories", "assign", "999", "tidspress"), "no coding with id 999"),
        (("categories", "assign", "1", "nope"), "no code 'nope'"),
        (("categories", "provenance", "nope"), "no code 'nope'"),
        (("categories", "suggest", "complexity", "--accept", "7"), "no proposal 7"),
        (("categories", "split", "tidspress", "Ny", "2"), "not in category 'Tidspress'"),
        (("codes", "merge", "complexity", "complexity"), "into itself"),
        (("codes", "promote", "complexity"), "already a theme"),
        (("codes", "demote", "tidspress", "relational"), "already a category"),
        (("codes", "move", "complexity", "tidspress"), "under itself or one of its categories"),
        (("codes", "rename", "nope", "X"), "no code 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    run: Run, ids, project_path: Path, args: tuple[str, ...], message: str
) -> None:
    run("categories", "add", "complexity", "Tidspress")
    run("categories", "assign", str(ids["observasjon-a.txt"][0]), "tidspress")
    with Project.open(project_path) as project:
        before = state(project)
    result = run(*args, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    with Project.open(project_path) as project:
        assert state(project) == before


def test_codebook_show_tree_counts(run: Run, ids) -> None:
    run("categories", "add", "complexity", "Tidspress")
    for coding_id in ids["observasjon-a.txt"][:2]:
        run("categories", "assign", str(coding_id), "tidspress")
    out = run("codebook", "show", "--tree", "--counts").output.splitlines()
    theme = next(line for line in out if line.startswith("Rollens kompleksitet"))
    assert theme.split()[-7:] == ["10", "4", "with", "categories:", "12", "in", "4"]
    category = next(line for line in out if "Tidspress" in line)
    assert category.startswith("  ") and category.split()[-2:] == ["2", "1"]
    counts = {c["key"]: c for c in as_json(run("codebook", "show", "--counts", "--json"))}
    assert counts["complexity"]["codings"] == 10 and counts["complexity"]["total_codings"] == 12
    assert counts["relational"]["total_documents"] == 2
