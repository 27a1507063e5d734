"""An import reads and writes one file at a time inside its one transaction, so memory
holds one document, not the corpus; the batch stays one step: one audit entry, one undo,
nothing written when a file is bad, duplicates skipped, attributes matched as before."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.core.errors import InputError
from qcode.core.project import store
from qcode.core.project.store import Project
from qcode.core.project.undo import history, redo, undo
from qcode.core.sources import reading
from qcode.core.sources.documents import import_files


def _write(folder: Path, names_texts: dict[str, str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in names_texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _count(project: Project, table: str) -> int:
    return int(project.query(f"SELECT count(*) AS n FROM {table}")[0]["n"])


def test_each_file_is_written_before_the_next_is_read(project: Project, tmp_path: Path) -> None:
    paths = _write(
        tmp_path / "kilder", {f"notat-{i}.txt": f"Notat nummer {i}.\n" for i in range(5)}
    )
    stored_when_read: list[int] = []

    def progress(done: int, total: int, path: Path) -> None:
        stored_when_read.append(_count(project, "documents"))  # the open transaction's view

    result = import_files(project, paths, progress=progress)
    assert stored_when_read == [0, 1, 2, 3, 4]
    assert len(result.imported) == 5
    assert [e.action for e in history(project)] == ["import"]  # one audit entry


def test_a_bad_file_after_good_ones_leaves_the_project_unchanged(
    project: Project, tmp_path: Path
) -> None:
    good = _write(tmp_path / "kilder", {"a.txt": "Første notat.\n", "b.txt": "Andre notat.\n"})
    bad = tmp_path / "kilder" / "c.txt"
    bad.write_bytes(b"")  # empty: refused
    with pytest.raises(InputError) as raised:
        import_files(project, [*good, bad, *good])
    assert "c.txt" in str(raised.value)
    assert _count(project, "documents") == 0
    assert _count(project, "documents_fts") == 0
    assert history(project) == []


def test_skip_errors_keeps_the_rest_as_one_undoable_step(project: Project, tmp_path: Path) -> None:
    paths = _write(tmp_path / "kilder", {"a.txt": "Første notat.\n", "b.txt": "Andre notat.\n"})
    bad = tmp_path / "kilder" / "tom.txt"
    bad.write_bytes(b"")
    result = import_files(project, [paths[0], bad, paths[1]], skip_errors=True)
    assert result.imported == ["a.txt", "b.txt"]
    assert [Path(f).name for f, _ in result.skipped] == ["tom.txt"]
    undo(project)
    assert _count(project, "documents") == 0


def test_duplicates_in_one_batch_and_against_the_project_are_skipped(
    project: Project, tmp_path: Path
) -> None:
    first = _write(tmp_path / "en", {"a.txt": "Samme tekst.\n"})
    import_files(project, first)
    again = _write(tmp_path / "to", {"kopi.txt": "Samme tekst.\n", "ny.txt": "Ny tekst.\n"})
    twice = _write(tmp_path / "tre", {"ny-igjen.txt": "Ny tekst.\n"})
    result = import_files(project, [*again, *twice])
    assert result.imported == ["ny.txt"]
    assert [why for _, why in result.skipped] == [
        "identical to 'a.txt', already imported",
        "identical to 'ny.txt', already imported",
    ]


def test_a_skipped_duplicate_no_longer_makes_a_row_ambiguous(
    project: Project, tmp_path: Path
) -> None:
    """Rows are matched to every file named before reading; when a duplicate is skipped the
    row is matched again, as if the duplicate had never been named, and the kind it gives
    is the document's."""
    import_files(project, _write(tmp_path / "før", {"tidligere.txt": "Kjent tekst.\n"}))
    paths = _write(
        tmp_path / "kilder", {"Mote-A.txt": "Et nytt møte.\n", "mote-a.md": "Kjent tekst.\n"}
    )
    csv_path = tmp_path / "egenskaper.csv"
    csv_path.write_text("file,kind,dag\nmote-a,observation,tirsdag\n", encoding="utf-8")
    result = import_files(project, paths, attributes_csv=csv_path)
    assert result.imported == ["Mote-A.txt"]
    assert result.unmatched_rows == []
    assert result.attributes_set == 1
    row = project.query("SELECT kind, id FROM documents WHERE name = 'Mote-A.txt'")[0]
    assert row["kind"] == "observation"
    attrs = project.query("SELECT key, value FROM attributes WHERE document_id = ?", [row["id"]])
    assert attrs == [{"key": "dag", "value": "tirsdag"}]
    undo(project)
    assert [r["name"] for r in project.query("SELECT name FROM documents")] == ["tidligere.txt"]


def test_an_unknown_kind_in_the_csv_names_its_line_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    paths = _write(tmp_path / "kilder", {"a.txt": "Første notat.\n", "b.txt": "Andre notat.\n"})
    csv_path = tmp_path / "egenskaper.csv"
    csv_path.write_text("file,kind\na.txt,interview\nb.txt,dagbok\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        import_files(project, paths, attributes_csv=csv_path)
    assert "dagbok" in str(raised.value) and ":3" in str(raised.value)
    assert _count(project, "documents") == 0


def _documents(project: Project) -> list[dict[str, object]]:
    return project.query(
        "SELECT name, kind, text, content_hash, original_path, metadata, sections, turns "
        "FROM documents ORDER BY id"
    )


def _many(folder: Path, count: int) -> list[Path]:
    """`count` sources, transcripts and sheets alternately, enough to be read by workers."""
    texts = {}
    for i in range(count):
        if i % 2:
            texts[f"intervju-{i:03d}.txt"] = f"I: Hva skjedde i møte {i}?\nK: Vi snakket om tid.\n"
        else:
            texts[f"observasjon-{i:03d}.txt"] = f"Forberedelse:\nMøte {i} var godt forberedt.\n"
    return _write(folder, texts)


def test_worker_processes_store_what_reading_in_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _many(tmp_path / "kilder", reading.PARALLEL_FROM + 5)
    assert reading.worker_count(len(paths)) > 0 or (os.cpu_count() or 1) < 2
    stored = []
    for workers in (None, 0):  # as chosen (workers on a multi-core machine), then in-process
        monkeypatch.setattr(reading, "worker_count", _forced(workers))
        with Project.create(tmp_path / f"p{workers}.qcode", coder="test") as project:
            result = import_files(project, paths)
            assert len(result.imported) == len(paths)
            stored.append(_documents(project))
    assert stored[0] == stored[1]


def test_worker_processes_make_the_notes_reading_in_process_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers make the structure notes themselves, with the codebook's theme names passed
    along: a sheet whose theme labels read as speakers, and a file with no structure, are
    noted as when the importing process reads them."""
    from qcode.core.codebook.codes import load_codebook
    from qcode.core.codebook.format import load_codebook as read_codebook

    codebook = Path(__file__).parents[1] / "codebooks" / "nav-guidance-groups.yaml"
    paths = _many(tmp_path / "kilder", reading.PARALLEL_FROM + 5)
    paths += _write(
        tmp_path / "kilder",
        {
            "ark.txt": "Forberedelse: Sakene var lest.\nSamtalestyring: Tett.\n"
            "Forberedelse: Igjen lest.\n",
            "bare-tekst.txt": "Bare en tekst uten noe mer.\n",
        },
    )
    notes = []
    for workers in (2, 0):
        monkeypatch.setattr(reading, "worker_count", _forced(workers))
        with Project.create(tmp_path / f"n{workers}.qcode", coder="test") as project:
            load_codebook(project, read_codebook(codebook))
            notes.append(import_files(project, paths).notes)
    assert notes[0] == notes[1]
    assert any("ark.txt" in n and "--structure sections" in n for n in notes[0])
    assert any("bare-tekst.txt" in n and "no headings or speaker turns" in n for n in notes[0])


def test_a_bad_file_read_by_a_worker_is_named_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "worker_count", _forced(2))
    paths = _many(tmp_path / "kilder", 30)
    bad = tmp_path / "kilder" / "ødelagt.txt"
    bad.write_bytes(b"")
    with Project.create(tmp_path / "p.qcode", coder="test") as project:
        with pytest.raises(InputError) as raised:
            import_files(project, [*paths[:20], bad, *paths[20:]])
        assert "ødelagt.txt" in str(raised.value) and "empty" in str(raised.value)
        assert _count(project, "documents") == 0
        result = import_files(project, [*paths[:20], bad, *paths[20:]], skip_errors=True)
        assert len(result.imported) == 30
        assert [Path(f).name for f, _ in result.skipped] == ["ødelagt.txt"]


def _forced(workers: int | None) -> Callable[[int], int]:
    chosen = reading.worker_count

    def count(files: int) -> int:
        return chosen(files) if workers is None else workers

    return count


def test_a_process_with_other_threads_reads_in_process() -> None:
    """The workbench imports from a worker thread: forking it could copy a held lock."""
    counted: list[int] = []
    thread = threading.Thread(target=lambda: counted.append(reading.worker_count(10_000)))
    thread.start()
    thread.join()
    assert counted == [0]


def test_row_images_written_as_they_come_undo_and_redo_a_large_step(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action writes its row images every few rows (undoing an import of thousands of
    documents would otherwise hold every deleted text in memory); it is still one audit
    entry, undone and redone exactly."""
    monkeypatch.setattr(store, "FLUSH_ROWS", 2)
    paths = _write(tmp_path / "kilder", {f"notat-{i}.txt": f"Notat {i}.\n" for i in range(5)})
    csv_path = tmp_path / "egenskaper.csv"
    csv_path.write_text("file,kontor\nnotat-1.txt,Nordby\n", encoding="utf-8")
    import_files(project, paths, attributes_csv=csv_path)
    before = _documents(project)
    (entry,) = history(project)
    assert entry.summary == "imported 5 document(s)"
    seqs = [
        r["seq"] for r in project.query("SELECT seq FROM changes WHERE audit_id = ?", [entry.id])
    ]
    assert sorted(seqs) == list(range(6))  # 5 documents and 1 attribute
    undo(project)
    assert _count(project, "documents") == 0 and _count(project, "attributes") == 0
    redo(project)
    assert _documents(project) == before
    assert _count(project, "attributes") == 1
    assert [e.action for e in history(project)] == ["redo", "undo", "import"]
