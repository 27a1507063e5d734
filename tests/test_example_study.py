"""End to end: build the example study through the CLI, as `make demo` does, and check
what a user would see in it."""

from __future__ import annotations

import pytest

from tests.builders import Run, as_json
from tests.paths import CODEBOOKS, EXAMPLE


@pytest.fixture
def built(run: Run) -> Run:
    run("codebook", "load", str(CODEBOOKS / "nav-guidance-groups.yaml"))
    attrs = str(EXAMPLE / "attributes.csv")
    for kind, pattern in (
        ("observation", "observasjon-*"),
        ("interview", "intervju-*"),
        ("log", "logg-*"),
    ):
        files = sorted(str(p) for p in EXAMPLE.glob(pattern))
        run("import", "--kind", kind, "--attributes", attrs, *files)
    return run


def test_example_project_counts(built: Run) -> None:
    status = as_json(built("status", "--json"))
    assert status["documents_by_kind"] == {"interview": 4, "log": 4, "observation": 12}
    assert status["sections"] == 119
    assert status["turns"] == 106
    assert status["attributes"] == 78
    assert status["themes"] == 11
    assert status["categories"] == 29


def test_every_source_has_its_structure_and_attributes(built: Run) -> None:
    docs = as_json(built("docs", "--json"))
    assert len(docs) == 20
    for doc in docs:
        shown = as_json(built("show", doc["name"], "--json"))
        attrs = doc["attributes"]
        assert attrs["office"] in {"Nordby", "Sørvik"}
        if doc["kind"] == "observation":
            assert {"group", "meeting", "date"} <= attrs.keys()
            titles = [s["title"] for s in shown["sections"]]
            assert len(titles) >= 5, (doc["name"], titles)
        elif doc["kind"] == "interview":
            speakers = {t["speaker"] for t in shown["turns"]}
            assert len(speakers) == 2, (doc["name"], speakers)
            assert len(shown["turns"]) >= 20
            assert attrs["participant"] in {"yes", "no"}
        else:
            titles = [s["title"].lower() for s in shown["sections"]]
            assert any(t.startswith("hva skjedde") for t in titles), (doc["name"], titles)
            assert any(t.startswith("hva gikk dårlig") for t in titles), (doc["name"], titles)
        for section in shown["sections"]:
            assert (
                shown["text"][section["start"] : section["end"]]
                .lstrip("# ")
                .startswith(section["title"][:10])
            )


def test_docx_interviews_have_bold_speaker_turns(built: Run) -> None:
    shown = as_json(built("show", "intervju-deltaker-1.docx", "--json"))
    first = shown["turns"][0]
    assert shown["text"][first["start"] : first["body_start"]].startswith(first["speaker"])


def test_three_study_themes_are_present_in_several_sources(built: Run) -> None:
    for query in ("forbered", "samtalen", "makt"):
        hits = as_json(built("search", query, "--json"))
        assert len({h["document"] for h in hits}) >= 5, query


def test_reimporting_the_study_changes_nothing(built: Run) -> None:
    files = sorted(
        str(p)
        for p in EXAMPLE.iterdir()
        if p.suffix in {".txt", ".md", ".docx"} and p.name not in {"README.md", "intervjuguide.txt"}
    )
    result = built("import", *files)
    assert "0 imported, 20 skipped" in result.output
