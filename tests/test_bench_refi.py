"""The REFI-QDA exchange benchmark (benchmarks/bench_refi.py) keeps working, and the fast
paths it led to give what the slow ones gave."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.core.exchange import refi_common as rc

ROOT = Path(__file__).resolve().parents[1]


def _uuid5_as_the_library_makes_it(base: str, name: str) -> str:
    try:
        namespace = uuid.UUID(base.strip("{}"))
    except ValueError:
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, "qcode:" + base)
    return str(uuid.uuid5(namespace, name)).upper()


def _bases() -> st.SearchStrategy[str]:
    guid = st.uuids().map(str)
    return st.one_of(
        guid,
        guid.map(str.upper),
        guid.map(lambda g: "{" + g + "}"),
        guid.map(lambda g: g.replace("-", "")),
        guid.map(lambda g: "urn:uuid:" + g),
        guid.map(lambda g: g[:-1] + "z"),  # one letter off: no GUID, its text's uuid5
        st.text(max_size=40),
    )


@settings(max_examples=500, deadline=None)
@given(base=_bases(), name=st.text(max_size=30))
def test_derived_guids_are_uuid5_as_the_library_makes_them(base: str, name: str) -> None:
    assert rc._uuid5(base, name) == _uuid5_as_the_library_makes_it(base, name)


def test_known_derived_guids_stay_the_same() -> None:
    """A colleague's tool sees the same users and selections as in earlier exports."""
    project = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
    assert rc.user_guid(project, "anna") == _uuid5_as_the_library_makes_it(project, "user:anna")
    assert rc.selection_guid(project) == _uuid5_as_the_library_makes_it(project, "selection")


def test_the_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_refi.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "20 documents" in done.stdout and "400 codings" in done.stdout
    assert done.stdout.count("ratio") == 2 and "peak" in done.stdout


def test_the_collector_runs_again_after_bulk_work_even_when_it_fails(tmp_path: Path) -> None:
    import gc

    import pytest

    from qcode.core.errors import QcodeError
    from qcode.core.exchange.bulk import without_gc_pauses
    from qcode.core.exchange.refi_import import init_from_refi

    assert gc.isenabled()
    with without_gc_pauses():
        assert not gc.isenabled()
        with without_gc_pauses():  # nested: the inner one leaves it to the outer
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(QcodeError):
        init_from_refi(tmp_path / "new.qcode", bad, "anna")
    assert gc.isenabled()
    assert not (tmp_path / "new.qcode").exists()
    gc.disable()  # paused by someone else: bulk work does not turn it on behind their back
    try:
        with without_gc_pauses():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
