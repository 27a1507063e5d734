"""`qcode merge`: two analysts' copies of one study become one, nothing lost or doubled.

The scenario is the reference study's: one copy of the project per laptop, each analyst
coding, adding categories, memos and pseudonyms, then one copy merged into the other."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.categories.derive import assign
from qcode.core.codebook.codes import add_code, update_code
from qcode.core.coding.codings import add_coding, add_memo
from qcode.core.coding.review import reject
from qcode.core.coding.suggest import suggest
from qcode.core.exchange.from_project import read_project
from qcode.core.exchange.merge import merge_bundle
from qcode.core.export.pseudonyms import add_pseudonym
from qcode.core.project.store import Project
from qcode.core.sources.documents import import_files, set_document_attributes
from tests.builders import state
from tests.coded_study import code_text, study_copy


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the coded study: Anna's (ours) and Bo's (theirs)."""
    (tmp_path / "anna").mkdir()
    (tmp_path / "bo").mkdir()
    ours = study_copy(tmp_path / "anna")
    theirs = study_copy(tmp_path / "bo")
    return ours, theirs


def run(project: Path, *args: str, coder: str = "anna") -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "--coder", coder, *args])


def merged(ours: Path, theirs: Path, **kw: bool) -> dict:
    args = ["merge", str(theirs), "--json"] + (["--dry-run"] if kw.get("dry_run") else [])
    result = run(ours, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def codings(path: Path) -> set[tuple[str, int, int, str, str]]:
    with Project.open(path) as project:
        return {
            (r["name"], r["start"], r["end"], r["key"], r["coder"])
            for r in project.query(
                'SELECT d.name, c.start, c."end", k.key, c.coder FROM codings c '
                "JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id"
            )
        }


def test_their_codings_join_ours_and_a_second_merge_adds_nothing(
    laptops: tuple[Path, Path],
) -> None:
    ours, theirs = laptops
    with Project.open(ours, coder="anna") as p:
        code_text(p, "obs-nordby-1.txt", "Bruker kom uanmeldt & sint.", "power")
    with Project.open(theirs, coder="bo") as p:
        code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "power")
        code_text(p, "obs-nordby-1.txt", "Bruker kom uanmeldt & sint.", "power")  # same span
    expected = codings(ours) | codings(theirs)
    report = merged(ours, theirs)
    assert report["documents_added"] == 0 and report["documents_matched"] == 4
    assert report["codings_added"] == 2  # Bo's two; the rest were in both copies already
    assert codings(ours) == expected
    again = merged(ours, theirs)
    assert again["codings_added"] == 0 and again["documents_added"] == 0
    assert codings(ours) == expected


def test_documents_match_by_text_whatever_their_name(
    laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    ours, _ = laptops
    with Project.open(ours) as p:
        text = p.query("SELECT text FROM documents WHERE name = 'obs-nordby-1.txt'")[0]["text"]
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "nordby-renamed.txt").write_text(text, encoding="utf-8")
    (folder / "new.txt").write_text("Intervjuer: Hei.\nKari: Hei.\n", encoding="utf-8")
    theirs = folder / "theirs.qcode"
    with Project.create(theirs, coder="bo") as p:
        import_files(p, [folder / "nordby-renamed.txt", folder / "new.txt"])
        start = text.index("Bruker")
        add_coding(p, "nordby-renamed.txt", start, start + 6, add_code(p, "Bruker", key="user"))
    report = merged(ours, theirs)
    assert report["documents_added"] == 1 and report["documents_matched"] == 1
    with Project.open(ours) as p:
        names = sorted(r["name"] for r in p.query("SELECT name FROM documents"))
    assert "new.txt" in names and "nordby-renamed.txt" not in names
    assert ("obs-nordby-1.txt", start, start + 6, "user", "bo") in codings(ours)


def test_a_different_text_under_a_taken_name_is_added_beside_and_reported(
    tmp_path: Path,
) -> None:
    ours = tmp_path / "a.qcode"
    theirs = tmp_path / "b.qcode"
    for path, text in ((ours, "Vår tekst.\n"), (theirs, "Deres tekst.\n")):
        folder = tmp_path / path.stem
        folder.mkdir()
        (folder / "notat.txt").write_text(text, encoding="utf-8")
        with Project.create(path, coder="x") as p:
            import_files(p, [folder / "notat.txt"])
    report = merged(ours, theirs)
    assert report["documents_added"] == 1
    (conflict,) = report["conflicts"]
    assert conflict["kind"] == "document-name" and "'notat (2).txt'" in conflict["rule"]
    with Project.open(ours) as p:
        texts = {r["name"]: r["text"] for r in p.query("SELECT name, text FROM documents")}
    assert texts == {"notat.txt": "Vår tekst.", "notat (2).txt": "Deres tekst."}


def test_codes_match_by_guid_key_then_name_and_conflicts_keep_ours(
    laptops: tuple[Path, Path],
) -> None:
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        update_code(p, "power", name="Makt")  # same GUID and key, another name
        new = add_code(p, "Skjult makt", key="hidden-power", parent="power")
        add_coding(p, "obs-nordby-1.txt", 0, 10, new)
    report = merged(ours, theirs)
    assert report["codes_added"] == 1
    kinds = {(c["kind"], c["subject"]) for c in report["conflicts"]}
    assert ("code-name", "power") in kinds
    rename = next(c for c in report["conflicts"] if c["kind"] == "code-name")
    assert rename["ours"] == "Makt og avmakt" and rename["theirs"] == "Makt"
    assert "kept ours" in rename["rule"]
    with Project.open(ours) as p:
        rows = {
            r["key"]: r
            for r in p.query(
                "SELECT c.key, c.name, p.key AS parent FROM codes c "
                "LEFT JOIN codes p ON p.id = c.parent_id"
            )
        }
    assert rows["power"]["name"] == "Makt og avmakt"
    assert rows["hidden-power"]["parent"] == "power"
    assert ("obs-nordby-1.txt", 0, 10, "hidden-power", "bo") in codings(ours)


def test_categories_keep_their_provenance(laptops: tuple[Path, Path]) -> None:
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        category = add_code(p, "Uten forberedelse", key="no-prep", parent="preparation")
        segment = code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "preparation")
        assign(p, segment, category.key)
    merged(ours, theirs)
    with Project.open(ours) as p:
        (row,) = p.query(
            'SELECT d.start, d."end", d.coder, s.id AS source, k.key AS source_code '
            "FROM codings d JOIN codes c ON c.id = d.code_id "
            "JOIN codings s ON s.id = d.derived_from JOIN codes k ON k.id = s.code_id "
            "WHERE c.key = 'no-prep'"
        )
    assert row["source_code"] == "preparation" and row["coder"] == "bo"


def test_memos_attributes_pseudonyms_and_decisions(laptops: tuple[Path, Path]) -> None:
    ours, theirs = laptops
    with Project.open(ours, coder="anna") as p:
        add_pseudonym(p, "Nordby", "Kontor A")
        set_document_attributes(p, "interview.txt", {"office": "Nordby"})
    with Project.open(theirs, coder="bo") as p:
        add_memo(p, "Bo: intervjuet ble avbrutt.", document="interview.txt")
        add_pseudonym(p, "Nordby", "Kontor X")  # a conflict
        add_pseudonym(p, "Sørvik", "Kontor B")
        set_document_attributes(p, "interview.txt", {"office": "Sørvik", "mode": "phone"})
        suggest(p)
        open_ids = [r["id"] for r in p.query("SELECT id FROM suggestions LIMIT 2")]
        reject(p, open_ids)
        rejected = p.query(
            'SELECT d.name, s.start, s."end" FROM suggestions s '
            "JOIN documents d ON d.id = s.document_id WHERE s.status = 'rejected'"
        )
    report = merged(ours, theirs)
    assert report["memos_added"] == 1
    assert report["pseudonyms_added"] == 1
    assert report["attributes_added"] == 1  # 'mode'; 'office' differs and ours is kept
    assert report["decisions_added"] == len(rejected) == 2
    kinds = sorted(c["kind"] for c in report["conflicts"])
    assert kinds == ["attribute", "pseudonym"]
    with Project.open(ours) as p:
        memo = p.query("SELECT text, author FROM memos")
        aliases = {r["real"]: r["alias"] for r in p.query("SELECT real, alias FROM pseudonyms")}
        office = p.query("SELECT key, value FROM attributes a JOIN documents d ON d.id = "
                         "a.document_id WHERE d.name = 'interview.txt' ORDER BY key")  # fmt: skip
        now_rejected = p.query(
            'SELECT d.name, s.start, s."end" FROM suggestions s '
            "JOIN documents d ON d.id = s.document_id WHERE s.status = 'rejected'"
        )
    assert memo == [{"text": "Bo: intervjuet ble avbrutt.", "author": "bo"}]
    assert aliases == {"Nordby": "Kontor A", "Sørvik": "Kontor B"}
    assert {r["key"]: r["value"] for r in office}["office"] == "Nordby"
    assert sorted(map(tuple, (r.values() for r in now_rejected))) == sorted(
        map(tuple, (r.values() for r in rejected))
    )


def test_dry_run_changes_nothing_and_reports_what_merge_does(
    laptops: tuple[Path, Path],
) -> None:
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "power")
    with Project.open(ours) as p:
        before = state(p)
    dry = merged(ours, theirs, dry_run=True)
    with Project.open(ours) as p:
        assert state(p) == before
        assert p.query("SELECT count(*) AS n FROM audit WHERE action = 'merge'")[0]["n"] == 0
    real = merged(ours, theirs)
    assert {k: v for k, v in dry.items() if k not in ("dry_run", "backup")} == {
        k: v for k, v in real.items() if k not in ("dry_run", "backup")
    }


def test_one_undo_takes_the_whole_merge_back_and_a_backup_is_made(
    laptops: tuple[Path, Path],
) -> None:
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        add_code(p, "Skjult makt", key="hidden-power", parent="power")
        code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "hidden-power")
    with Project.open(ours) as p:
        before = state(p)
    shutil.copy(ours, ours.parent / "before.qcode")
    report = merged(ours, theirs)
    assert report["backup"] and Path(report["backup"]).exists()
    assert codings(Path(report["backup"])) == codings(ours.parent / "before.qcode")
    again = merged(ours, theirs)  # nothing to add: no backup pushes an older one out
    assert again["backup"] is None
    assert len(list(Path(report["backup"]).parent.iterdir())) == 1
    assert run(ours, "undo").exit_code == 0
    with Project.open(ours) as p:
        assert state(p) == before


def test_an_older_copy_is_read_without_being_changed(tmp_path: Path) -> None:
    ours = tmp_path / "a.qcode"
    theirs = tmp_path / "old.qcode"
    Project.create(ours, coder="x").close()
    Project.create(theirs, coder="x", schema_version=1).close()
    before = theirs.read_bytes()
    merged(ours, theirs)
    assert theirs.read_bytes() == before
    assert not list(tmp_path.glob(".a.qcode.*"))  # the temporary copy is gone


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d, ours: d / "missing.qcode", "no such project"),
        (lambda d, ours: ours, "is the open project itself"),
        (
            lambda d, ours: _write(d / "notes.qcode", "not a database at all " * 100),
            "not a qcode project",
        ),
        (lambda d, ours: _sqlite(d / "other.sqlite"), "not a qcode project"),
        (lambda d, ours: _newer(d / "newer.qcode"), "made by a newer qcode"),
    ],
    ids=["missing", "itself", "text", "sqlite", "newer"],
)
def test_bad_merge_sources_are_one_line_and_change_nothing(
    tmp_path: Path, make, message: str
) -> None:
    ours = tmp_path / "a.qcode"
    Project.create(ours, coder="x").close()
    with Project.open(ours) as p:
        before = state(p)
    other = make(tmp_path, ours)
    result = run(ours, "merge", str(other))
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    with Project.open(ours) as p:
        assert state(p) == before
        assert p.query("SELECT count(*) AS n FROM audit")[0]["n"] == 0


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def _newer(path: Path) -> Path:
    Project.create(path, coder="x").close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    return path


def test_the_core_merge_reads_the_other_copy_once(laptops: tuple[Path, Path]) -> None:
    """The bundle holds everything: merging it into an empty project rebuilds the study."""
    ours, theirs = laptops
    empty = ours.parent / "empty.qcode"
    Project.create(empty, coder="x").close()
    with Project.open(empty) as p:
        report = merge_bundle(p, read_project(theirs, into=p))
    assert report.documents_added == 4 and report.conflicts == []
    assert codings(empty) == codings(theirs)


def test_the_benchmark_runs_in_quick_mode() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "bench_merge.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio" in done.stdout and "merged again" in done.stdout


def _summary(path: Path, coder: str, code: str, case: str, text: str) -> None:
    with Project.open(path, coder=coder) as p, p.change("summary") as ch:
        (code_id,) = [r["id"] for r in p.query("SELECT id FROM codes WHERE key = ?", [code])]
        ch.insert(
            "summaries",
            {"guid": f"{coder}-{code}-{case}", "code_id": code_id, "by": "office",
             "case_value": case, "text": text, "author": coder, "created_at": "2026-11-30",
             "updated_at": "2026-11-30"},
        )  # fmt: skip


def _view(path: Path, name: str, spec: str) -> None:
    with Project.open(path) as p, p.change("view") as ch:
        ch.insert("views", {"name": name, "spec": spec, "created_at": "2026-11-30",
                            "updated_at": "2026-11-30"})  # fmt: skip


def test_cell_summaries_and_saved_views_come_along(laptops: tuple[Path, Path]) -> None:
    ours, theirs = laptops
    _summary(ours, "anna", "power", "Nordby", "Makt ligger hos veileder.")
    _summary(theirs, "bo", "power", "Nordby", "Brukeren tar makten.")  # the same cell
    _summary(theirs, "bo", "preparation", "Sørvik", "Lite forberedelse.")
    _view(ours, "kontor", '{"by": "office"}')
    _view(theirs, "kontor", '{"by": "group"}')  # same name, other options
    _view(theirs, "intervjuer", '{"by": "source"}')
    report = merged(ours, theirs)
    assert report["summaries_added"] == 1 and report["views_added"] == 1
    assert sorted(c["kind"] for c in report["conflicts"]) == ["summary", "view"]
    with Project.open(ours) as p:
        texts = {r["case_value"]: r["text"] for r in p.query("SELECT * FROM summaries")}
        views = {r["name"]: r["spec"] for r in p.query("SELECT * FROM views")}
    assert texts == {"Nordby": "Makt ligger hos veileder.", "Sørvik": "Lite forberedelse."}
    assert views == {"kontor": '{"by": "office"}', "intervjuer": '{"by": "source"}'}
    assert merged(ours, theirs)["summaries_added"] == 0


def test_a_merge_whose_backup_fails_changes_nothing(laptops: tuple[Path, Path]) -> None:
    """The copy is made beside the merge (in a thread); if it cannot be made, the merge is
    refused in one line, as any destructive action without its backup is."""
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "power")
    with Project.open(ours) as p:
        before = state(p)
    folder = ours.with_name(f"{ours.name}-backups")
    folder.write_text("a file where the folder should be")
    result = run(ours, "merge", str(theirs))
    assert result.exit_code != 0
    assert "no backup could be made before 'merge'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with Project.open(ours) as p:
        assert state(p) == before


def test_a_copy_that_fails_while_the_merge_runs_refuses_it(
    laptops: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import qcode.core.project.backup as backup
    from qcode.core.errors import QcodeError

    def full_disk(*args: object, **kw: object) -> Path:
        raise QcodeError("backup failed (No space left on device)")

    monkeypatch.setattr(backup, "backup_to", full_disk)
    ours, theirs = laptops
    with Project.open(theirs, coder="bo") as p:
        code_text(p, "obs-sorvik-10.txt", "Ola tok styringen tidlig", "power")
    with Project.open(ours) as p:
        before = state(p)
    result = run(ours, "merge", str(theirs))
    assert result.exit_code != 0
    assert "No space left on device" in result.output
    with Project.open(ours) as p:
        assert state(p) == before
    assert list(ours.with_name(f"{ours.name}-backups").iterdir()) == []
