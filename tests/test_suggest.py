"""Keyword suggestions and their review: what an analyst sees and decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.core.codebook.codes import add_code
from qcode.core.coding import review
from qcode.core.coding.suggest import suggest
from qcode.core.errors import QcodeError
from qcode.core.project import undo
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files
from tests.builders import Run, as_json, write

SHEET = """OBSERVASJONSSKJEMA
Dato: 12.02.2013

Forberedelse:
Hun hadde ikke rukket å lese seg opp. Saken var ukjent, bl.a. fordi den var ny.
Etterpå sa hun: "Jeg var dårlig forberedt." Alle nikket.

Annet:
Vi snakket om forberedelser til neste møte, f.eks. en huskeliste. Hun kom uforberedt
til møtet og var forbredt på det verste.
Vi satte grenser på forhånd, og kollegaen måtte sette
grenser også.
Han hadde lover om ferie. Maten var god.
"""

TRANSCRIPT = """Intervjuer: Hvordan forbereder du deg?
Informant: Jeg forbereder meg godt. Men noen ganger blir jeg tatt på senga.
Intervjuer: Og når bruker kommer uanmeldt?
Informant: Da er jeg uforberedt, helt klart.
"""


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Project:
    code = add_code(project, "Forberedelse", key="preparation")
    with project.change("keywords", "", {}) as ch:
        ch.update(
            "codes",
            code.id,
            {
                "keywords": '["forberede", "forberedt", "forberedelse", "lese seg opp",'
                ' "på forhånd", "sette grenser", "uanmeldt", "lover", "makt"]'
            },
        )
    add_code(project, "Uten nøkkelord", key="empty")
    import_files(
        project,
        [write(tmp_path / "ark.txt", SHEET), write(tmp_path / "intervju.txt", TRANSCRIPT)],
    )
    return project


def passages(project: Project, status: str | None = "open") -> list[str]:
    return [v.text for v in review.list_suggestions(project, status=status)]


def test_suggestions_cover_whole_sentences_with_inflections_typos_and_phrases(
    study: Project,
) -> None:
    suggest(study)
    found = passages(study)
    assert "Hun hadde ikke rukket å lese seg opp." in found
    assert 'Etterpå sa hun: "Jeg var dårlig forberedt."' in found
    assert "Vi snakket om forberedelser til neste møte, f.eks. en huskeliste." in found
    assert (  # u- prefix and a typo, in one sentence running over a line break
        "Hun kom uforberedt\ntil møtet og var forbredt på det verste." in found
    )
    assert (  # phrases, with an inflected word and across a line break
        "Vi satte grenser på forhånd, og kollegaen måtte sette\ngrenser også." in found
    )
    assert "Jeg forbereder meg godt." in found  # in an answer
    assert "Da er jeg uforberedt, helt klart." in found
    # not a keyword hit: "over" is not "lover", "Maten" is not "makt"; headings and the
    # interviewer's questions are left out
    assert not any("Maten" in p for p in found)
    assert "Forberedelse:" not in found
    assert not any(p.startswith(("Hvordan", "Og når")) for p in found)


def test_interviewer_questions_only_when_asked_for(study: Project) -> None:
    result = suggest(study, include_questions=True, dry_run=True)
    texts = {
        study.query("SELECT text FROM documents WHERE id = ?", [p.document_id])[0]["text"][
            p.start : p.end
        ]
        for p in result.proposals
    }
    assert "Hvordan forbereder du deg?" in texts
    assert "Og når bruker kommer uanmeldt?" in texts


def test_no_repeats_no_coded_units_no_rejected_units(study: Project) -> None:
    first = suggest(study)
    assert first.ids and first.codes_without_keywords == ["empty"]
    again = suggest(study)
    assert again.proposals == [] and again.already_open == len(first.ids)
    views = review.list_suggestions(study)
    review.accept(study, [views[0].id])
    review.reject(study, [views[1].id])
    study.conn.execute("DELETE FROM suggestions WHERE status = 'open'")  # as if never run
    third = suggest(study)
    assert third.skipped_coded == 1 and third.skipped_rejected == 1
    assert views[0].text not in passages(study) and views[1].text not in passages(study)
    # rejection is remembered across unit sizes too
    by_paragraph = suggest(study, unit="paragraph", dry_run=True)
    rejected = views[1]
    assert not any(p.start <= rejected.start < p.end for p in by_paragraph.proposals)


def test_accept_makes_a_coding_and_undo_takes_it_back(study: Project) -> None:
    suggest(study)
    first = review.list_suggestions(study)[0]
    decision = review.accept(study, [first.id])
    coding = study.row("codings", decision.codings[0])
    assert coding is not None
    assert (coding["start"], coding["end"], coding["coder"]) == (first.start, first.end, "tester")
    row = study.row("suggestions", first.id) or {}
    assert (row["status"], row["coding_id"], row["decided_by"]) == (
        "accepted",
        coding["id"],
        "tester",
    )
    assert review.accept(study, [first.id]).unchanged == [first.id]
    undo.undo(study)
    assert study.row("codings", coding["id"]) is None
    assert (study.row("suggestions", first.id) or {})["status"] == "open"
    with pytest.raises(QcodeError, match="no suggestion with id 999"):
        review.reject(study, [first.id, 999])
    assert (study.row("suggestions", first.id) or {})["status"] == "open"  # nothing changed


def test_review_queue(study: Project) -> None:
    suggest(study)
    queue = review.ReviewQueue(study, "preparation")
    total = queue.counts()["open"]
    first = queue.current()
    assert first is not None and first.matches
    for start, end in first.matches:  # the matched words, to highlight
        assert first.start <= start < end <= first.end
    second = queue.skip()
    assert second is not None and second.id != first.id
    third = queue.accept()
    assert third is not None and third.id not in (first.id, second.id)
    queue.reject()
    counts = queue.counts()
    assert counts == {"open": total - 2, "accepted": 1, "rejected": 1, "skipped": 1}
    decision = queue.accept_all()
    assert len(decision.accepted) == total - 2
    assert queue.current() is None


def test_bad_input(study: Project) -> None:
    with pytest.raises(QcodeError, match="no keywords"):
        suggest(study, code="empty")
    with pytest.raises(QcodeError, match="out of range"):
        suggest(study, threshold=0)
    with pytest.raises(QcodeError, match="unknown unit"):
        suggest(study, unit="chapter")


def test_cli_suggest_and_review(run: Run, tmp_path: Path) -> None:
    run("codes", "add", "Forberedelse", "--key", "preparation")
    project_path = Path(run("status", "--json").stdout and as_json(run("status", "--json"))["path"])
    with Project.open(project_path, coder="tester") as p, p.change("kw", "", {}) as ch:
        ch.update("codes", p.query("SELECT id FROM codes")[0]["id"], {"keywords": '["forberedt"]'})
    run("import", str(write(tmp_path / "a.txt", "Hun var forberedt. Han var det ikke.\n")))
    made = as_json(run("suggest", "--json"))
    assert made == [
        {
            "id": made[0]["id"],
            "document": "a.txt",
            "code": "preparation",
            "start": 0,
            "end": 18,
            "keyword": "forberedt",
            "score": 100.0,
        }
    ]
    listed = as_json(run("suggestions", "list", "--json"))
    assert listed[0]["text"] == "Hun var forberedt." and listed[0]["matches"] == [[8, 17]]
    assert "[forberedt]" in run("suggestions", "list").output
    missing = run("suggestions", "accept", ok=False)
    assert missing.exit_code == 1 and "give the suggestion ids" in missing.output
    out = run("suggestions", "accept", "--all", "--code", "preparation").output
    assert "accepted 1 suggestion(s), made 1 coding(s)" in out
    assert as_json(run("codings", "--json"))[0]["start"] == 0
    assert "0 new suggestion(s)" in run("suggest").output
