"""How long a qcode command takes to start: what every call of a script pays.

A script that codes or queries one call at a time pays the start-up on every call, so it
is timed as a user meets it: the wall time of a fresh process, best of N runs (the least
disturbed by other work on the machine). The reference, measured in the same run: a
Python that imports click and does nothing (`python -c "import click"`), the floor for
any click command. Timed: `qcode --version` (no command module), `qcode status` on a small
project (one command module, one SQLite read), and `qcode --help` (every command listed).
Target: `--version` and `status` <= 0.10 s on the machine the README's figure comes from.

Python's byte code is cached as an installed qcode has it (pip compiles it; an editable
install writes it beside the sources on the first run, the warm-up here), for the reference
too, even where PYTHONDONTWRITEBYTECODE is set. `--no-bytecode-cache` keeps that variable
set, so a module without byte code (a checkout's, there) is compiled on every run.

Run: .venv/bin/python benchmarks/bench_cli_startup.py [--quick] [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import coded_project, write_corpus  # noqa: E402

TARGET_SECONDS = 0.10


def qcode_command() -> list[str]:
    """The installed `qcode` script beside this Python, else the same entry point run by
    this Python (what the script does)."""
    script = Path(sys.executable).with_name("qcode")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from qcode.cli.main import main; main()"]


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """The wall time of one run of ARGV, in seconds."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def best_of(
    commands: dict[str, list[str]], repeat: int, cwd: Path, env: dict[str, str]
) -> dict[str, float]:
    """The shortest wall time of `repeat` runs of each command, in seconds. One warm-up
    round first (byte code and page cache warm for all), then rounds that run each
    command once in turn, so a busy moment on the machine falls on all of them alike."""
    best = dict.fromkeys(commands, float("inf"))
    for attempt in range(repeat + 1):
        for label, argv in commands.items():
            elapsed = run_once(argv, cwd, env)
            if attempt:
                best[label] = min(best[label], elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two runs each (for the tests)")
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (best)")
    parser.add_argument("--documents", type=int, default=20, help="documents in the project")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="write no byte code")
    args = parser.parse_args()
    repeat = 2 if args.quick else args.repeat
    documents = 2 if args.quick else args.documents
    qcode = qcode_command()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_corpus(folder / "corpus", documents, size=5_000, seed=5)
        project = coded_project(folder / "small.qcode", files, {"*": 10}, None, seed=5)
        env = dict(os.environ)
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"  # what was cached stays; nothing new is
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "reference": [sys.executable, "-c", "import click"],
            "--version": [*qcode, "--version"],
            "status": [*qcode, "--project", str(project), "status"],
            "--help": [*qcode, "--help"],
        }
        best = best_of(commands, repeat, folder, env)
    reference = best.pop("reference")
    cache = "no byte-code cache" if args.no_bytecode_cache else "byte code cached"
    print(f"reference  python -c 'import click'  {reference:.3f} s  ({cache})")
    for label, seconds in best.items():
        verdict = ""
        if label != "--help":
            met = "met" if seconds <= TARGET_SECONDS else "NOT met"
            verdict = f"  target <= {TARGET_SECONDS:.2f} s: {met}"
        print(
            f"qcode {label:<9} best of {repeat}  {seconds:.3f} s  "
            f"ratio {seconds / reference:.2f}x the reference{verdict}"
        )


if __name__ == "__main__":
    main()
