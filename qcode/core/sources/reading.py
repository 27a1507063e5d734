"""Reading the files of an import, in order, on every core the machine has.

Reading a source is most of an import's work (decoding, and finding speaker turns and
headings in Python), and each file is read on its own, so a large import reads its files in
worker processes while the importing process writes the ones already read. Results come back
in the order of the files, and only a few files are in flight at a time, so memory stays
bounded by a handful of documents, not by the corpus. A small import (or a one-core machine)
reads in the process itself: starting workers costs more than it saves.

A worker reports a bad file as a value, not as an exception, so the import decides (stop, or
skip it with `--skip-errors`) exactly as if it had read the file itself.

Whatever can be done with a file alone is done where it is read, not in the importing
process, which also writes every row and builds the search index: the structure columns
are encoded as JSON there (a transcript's turns travel as one string, not as thousands of
pickled `Turn`s), and the note on an unsure structure is made there (with the codebook's
theme names passed along). The importing process is what an import waits for once the
workers keep up (benchmarks/bench_import.py).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from qcode.core.errors import InputError
from qcode.core.importers import ImportedSource, read_source
from qcode.core.importers.readings import ambiguity, no_structure, reread
from qcode.core.rows import sections_to_json, turns_to_json

# Fewer files than this are read in-process; workers pay off from about here.
PARALLEL_FROM = 48
MAX_WORKERS = 4
WATCH_PARENT_EVERY = 0.5  # seconds between a worker's checks that the import lives
CHUNK = 16  # files a worker reads per task: one task per file costs more than it saves
IN_FLIGHT_PER_WORKER = 2  # tasks handed out ahead of the writer, per worker

# What a worker sends back: path, source (without its sections and turns), content hash,
# resolved path, the sections and turns as JSON, the structure note, and (path, reason,
# line) of a bad file.
_Wire = tuple[
    Path,
    ImportedSource | None,
    str,
    str,
    str,
    str,
    str | None,
    tuple[str, str, int | None] | None,
]


@dataclass
class ReadFile:
    """One file of an import: its source and content hash, or why it could not be read.

    The source's sections and turns are given as the JSON of the documents row's columns
    (`sections_json`, `turns_json`), not as objects: that is all the import needs of them
    once `structure_note` is made."""

    path: Path
    source: ImportedSource | None = None
    digest: str = ""
    error: InputError | None = None
    original: str = ""  # the file's absolute path, links resolved, as the project records it
    sections_json: str = "[]"
    turns_json: str = "[]"
    # On `--structure auto`: a second plausible reading, or no structure found (one line).
    structure_note: str | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_path_is_text(path: Path) -> None:
    """A file name that is not valid UTF-8 (made on another system, or by a zip tool) can
    be read but not stored: names are text in the project. Say so and how to fix it, showing
    the undecodable bytes as escapes."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise InputError(
            shown, "the file name is not valid UTF-8 text; rename the file and import it again"
        ) from None


def read_one(
    path: Path,
    structure: str,
    folders: dict[Path, Path] | None = None,
    themes: Collection[str] = frozenset(),
) -> ReadFile:
    """`path` read as the import stores it; `themes` are the codebook's names and keys,
    casefolded (see `readings.ambiguity`)."""
    try:
        check_path_is_text(path)
        source = reread(read_source(path), structure)
    except InputError as exc:
        return ReadFile(path, error=exc)
    note = (ambiguity(source, themes) or no_structure(source)) if structure == "auto" else None
    return ReadFile(
        path,
        replace(source, sections=[], turns=[]),
        content_hash(source.text),
        original=resolved(path, folders),
        sections_json=sections_to_json(source.sections),
        turns_json=turns_to_json(source.turns),
        structure_note=note,
    )


def resolved(path: Path, folders: dict[Path, Path] | None = None) -> str:
    """`path.resolve()`, with each folder resolved once per import (`folders`): resolving
    walks every part of the path, a tenth of the time of reading a 10 KB file."""
    if folders is None or path.is_symlink():
        return str(path.resolve())
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return str(folder / path.name)


def _read_in_worker(path: Path, structure: str, themes: Collection[str]) -> _Wire:
    """`read_one` as plain values: an exception with its own constructor does not
    survive pickling, so a bad file travels as (path, reason, line)."""
    read = read_one(path, structure, themes=themes)
    error = read.error
    return (
        read.path,
        read.source,
        read.digest,
        read.original,
        read.sections_json,
        read.turns_json,
        read.structure_note,
        None if error is None else (error.path, error.reason, error.line),
    )


def _read_chunk_in_worker(
    paths: list[Path], structure: str, themes: Collection[str]
) -> list[_Wire]:
    return [_read_in_worker(path, structure, themes) for path in paths]


def worker_count(files: int) -> int:
    """How many worker processes an import of `files` files uses (0: read in-process).

    Workers are forked: cheap, and they run the code already loaded. A process that runs
    other threads (the workbench imports from a worker thread) is not forked, since a
    fork copies any lock another thread holds; nor is one where fork does not exist.
    Starting workers from a fresh interpreter instead would re-import the program and
    could load other code than is running (after an upgrade), for a gain of a second."""
    cores = os.cpu_count() or 1
    if files < PARALLEL_FROM or cores < 2 or threading.active_count() > 1:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(cores, MAX_WORKERS)


def read_files(
    files: list[Path],
    structure: str,
    workers: int | None = None,
    themes: Collection[str] = frozenset(),
) -> Iterator[ReadFile]:
    """Each of `files` read, in order; `workers` overrides `worker_count`; `themes` as
    for `read_one`."""
    workers = worker_count(len(files)) if workers is None else workers
    folders: dict[Path, Path] = {}
    themes = frozenset(themes)
    if workers <= 0:
        for path in files:
            yield read_one(path, structure, folders, themes)
        return
    # The first file is read here, before forking, so the workers inherit its reader.
    yield read_one(files[0], structure, folders, themes)
    files = files[1:]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        queued: deque[Future[list[_Wire]]] = deque()
        try:
            for at in range(0, len(files), CHUNK):
                chunk = files[at : at + CHUNK]
                queued.append(pool.submit(_read_chunk_in_worker, chunk, structure, themes))
                if len(queued) >= workers * IN_FLIGHT_PER_WORKER:
                    yield from map(_received, queued.popleft().result())
            while queued:
                yield from map(_received, queued.popleft().result())
        finally:  # stopped early (a bad file): drop what is not started
            for future in queued:
                future.cancel()


def _exit_with_parent(parent: int) -> None:
    """Run in each worker: end it when the importing process is gone. A forked worker
    holds both ends of the pool's pipes, so it never sees the end of its queue when the
    import is killed (`kill -9`, a closed SSH session): it slept on forever, one per core
    per killed import, until the machine was restarted."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_PARENT_EVERY)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _received(value: _Wire) -> ReadFile:
    path, source, digest, original, sections, turns, note, error = value
    if error is not None:
        return ReadFile(path, error=InputError(error[0], error[1], error[2]))
    return ReadFile(
        path,
        source,
        digest,
        original=original,
        sections_json=sections,
        turns_json=turns,
        structure_note=note,
    )
