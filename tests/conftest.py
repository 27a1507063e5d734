"""Shared fixtures: temp-file projects, a CLI runner bound to one project, the small coded
study. Plain helpers live in tests/builders.py and tests/paths.py; no test module imports
another test module or this file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.project.store import Project
from tests.builders import Run
from tests.coded_study import open_study


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "study.qcode"
    Project.create(path, coder="tester").close()
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.open(project_path, coder="tester") as p:
        yield p


@pytest.fixture
def run(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run a qcode command on the test project; fails the test on an unexpected exit."""
    monkeypatch.setenv("QCODE_CODER", "tester")
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(cli, ["--project", str(project_path), *args])
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"qcode {' '.join(args)} exited {result.exit_code}:\n{result.output}"
                f"{result.exception!r}"
            )
        return result

    return invoke


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Project]:
    """The small coded study (tests/coded_study.py), open as its first coder."""
    with open_study(tmp_path) as project:
        yield project
