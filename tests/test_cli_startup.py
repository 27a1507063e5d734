"""The CLI starts fast: `qcode --version`, `qcode status` and `qcode --help` import no
heavy module (Textual, rich, python-docx, openpyxl, rapidfuzz, the stemmers, YAML,
sqlite-utils, the importers, the exports). Each is run in a fresh Python, as a script's
call is, and its `sys.modules` read back. The time itself is measured in
benchmarks/bench_cli_startup.py (its quick mode runs here, so it keeps working)."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest
import sqlite_utils

import qcode
from qcode.cli.lazy import LazyGroup, help_from_source
from qcode.cli.main import LAZY_COMMANDS, cli
from qcode.core.project.store import Project
from tests.paths import ROOT

HEAVY = {"textual", "rich", "docx", "openpyxl", "rapidfuzz", "Stemmer", "simplemma", "yaml"}
HEAVY |= {"sqlite_utils"}
HEAVY_PACKAGES = ("qcode.core.importers", "qcode.core.export")
# what the root command itself needs: no command module
ROOT_MODULES = {"qcode.cli", "qcode.cli.main", "qcode.cli.lazy", "qcode.cli.support"}


def modules_after(code: str, cwd: Path = ROOT) -> tuple[list[str], str]:
    """The modules a fresh Python holds after running CODE, and what CODE printed (to
    stderr: stdout carries the module list)."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def heavy(modules: list[str]) -> list[str]:
    return [
        m
        for m in modules
        if m.split(".")[0] in HEAVY or any(m.startswith(p) for p in HEAVY_PACKAGES)
    ]


def command_modules(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("qcode.cli") and m not in ROOT_MODULES]


def run_cli(args: list[str], width: int = 80) -> str:
    """Code for the subprocess: ARGS through click's CliRunner, the output on stderr."""
    return (
        "import sys\nfrom click.testing import CliRunner\nfrom qcode.cli.main import cli\n"
        f"result = CliRunner().invoke(cli, {args!r}, terminal_width={width}, prog_name='qcode')\n"
        "assert result.exit_code == 0, (result.output, result.exception)\n"
        "sys.stderr.write(result.output)"
    )


def test_importing_the_cli_imports_no_command_module_and_nothing_heavy() -> None:
    modules, _ = modules_after("import qcode.cli.main")
    assert heavy(modules) == []
    assert command_modules(modules) == []


def test_version_runs_without_a_command_module() -> None:
    modules, output = modules_after(run_cli(["--version"]))
    assert output == f"qcode, version {qcode.__version__}\n"
    assert heavy(modules) == []
    assert command_modules(modules) == []


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_status_imports_its_own_module_and_nothing_heavy(coded: Project, as_json: bool) -> None:
    args = ["--project", str(coded.path), "status", *(["--json"] if as_json else [])]
    modules, output = modules_after(run_cli(args))
    documents = len(coded.query("SELECT id FROM documents"))
    if as_json:
        assert sum(json.loads(output)["documents_by_kind"].values()) == documents > 0
    else:
        assert output.splitlines()[1].startswith(f"documents  {documents} (")
    assert heavy(modules) == []
    assert command_modules(modules) == ["qcode.cli.project"]


@pytest.mark.parametrize("width", [50, 80, 120])
def test_help_lists_every_command_as_the_loaded_commands_would(width: int) -> None:
    """The listing read from source is the one click makes from the imported commands
    (same short help, cut at the same width), and it imports no command module."""
    code = run_cli(["--help"], width) + (
        "\nsys.stderr.write('\\n=====\\n')\ncli.commands\n" + run_cli(["--help"], width)
    )
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport json\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lazy, loaded = done.stderr.split("\n=====\n")
    assert lazy == loaded
    assert all(f"\n  {name} " in lazy for name in LAZY_COMMANDS)
    # once every module is loaded, the listing cannot tell: check the lazy run alone
    modules, _ = modules_after(run_cli(["--help"], width))
    assert command_modules(modules) == []
    assert heavy(modules) == []


def test_every_top_level_command_is_named_in_the_lazy_table() -> None:
    """A command module's commands that are no group's subcommands are the root's: each
    must be in LAZY_COMMANDS (a command left out would vanish from `qcode`)."""
    found: dict[str, click.Command] = {}
    for path in sorted((ROOT / "qcode" / "cli").glob("*.py")):
        if path.stem in {"__init__", "main", "lazy", "support"}:
            continue
        module = importlib.import_module(f"qcode.cli.{path.stem}")
        defined = [v for v in vars(module).values() if isinstance(v, click.Command)]
        nested = {
            id(sub) for g in defined if isinstance(g, click.Group) for sub in g.commands.values()
        }
        found.update({c.name or "": c for c in defined if id(c) not in nested})
    assert sorted(found) == sorted(LAZY_COMMANDS)
    assert all(cli.commands[name] is command for name, command in found.items())


def test_help_from_source_falls_back_where_the_source_cannot_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lazy_sample.py").write_text(
        "import click\n\n\n"
        '@click.command()\ndef plain() -> None:\n    """Do a plain thing.\n\n    More."""\n\n\n'
        '@click.command()\ndef escaped() -> None:\n    """Tab\\there. Then more."""\n\n\n'
        '@click.command(short_help="Short.")\ndef short() -> None:\n    """Long help."""\n\n\n'
        "@click.command()\ndef bare() -> None:\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert help_from_source("lazy_sample:plain") == "Do a plain thing."
    assert help_from_source("lazy_sample:escaped") is None
    assert help_from_source("lazy_sample:short") is None
    assert help_from_source("lazy_sample:bare") is None
    assert help_from_source("lazy_sample:missing") is None
    group = LazyGroup("sample", lazy={n: f"lazy_sample:{n}" for n in ("plain", "short")})
    listing = group.get_help(click.Context(group, info_name="sample"))
    assert "plain  Do a plain thing." in listing and "short  Short." in listing
    monkeypatch.delitem(sys.modules, "lazy_sample", raising=False)


def test_the_version_is_the_installed_one() -> None:
    """--version prints `qcode.__version__` (importlib.metadata costs a tenth of the
    start-up): it must be the version pyproject.toml declares and pip installed."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert qcode.__version__ == pyproject["project"]["version"]
    assert qcode.__version__ == importlib.metadata.version("qcode")


def test_query_reads_rows_as_sqlite_utils_did(coded: Project) -> None:
    """A plain SELECT no longer goes through sqlite-utils (not imported for a quick
    command); its rows are the same, repeated column names numbered alike."""
    sql = (
        "SELECT c.id, d.id, d.id AS id_2, d.name, c.start FROM codings c "
        "JOIN documents d ON d.id = c.document_id ORDER BY c.id"
    )
    expected = list(sqlite_utils.Database(coded.conn).query(sql))
    assert coded.query(sql) == expected
    assert list(expected[0]) == ["id", "id_3", "id_2", "name", "start"]
    assert coded.query("  select id FROM documents WHERE id = ?", [-1]) == []
    # sqlite-utils' settings hold from the start: recursive triggers on
    assert coded.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_the_startup_benchmark_runs_in_its_quick_mode(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_cli_startup.py"), "--quick"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("reference  python -c 'import click'")
    assert [line.split()[1] for line in lines[1:]] == ["--version", "status", "--help"]
    assert all("ratio" in line and " s " in line for line in lines[1:])
