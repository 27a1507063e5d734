"""Shared fixtures: temp-file projects, a CLI runner bound to one project, paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qcode.cli import cli
from qcode.core.project.store import Project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nav-study"
CODEBOOKS = ROOT / "codebooks"
SHARED_TESTDATA = ROOT.parent / "shared" / "testdata"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "study.qcode"
    Project.create(path, coder="tester").close()
    return path


@pytest.fixture
def project(project_path: Path):
    with Project.open(project_path, coder="tester") as p:
        yield p


Run = Callable[..., Result]


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


def as_json(result: Result):
    return json.loads(result.stdout)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path
