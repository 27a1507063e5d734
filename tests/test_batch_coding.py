"""`qcode code --batch` and `qcode uncode --batch`: many codings from JSON lines, all or
none, as one audit entry and one undo step; every bad line named by file and line with the
project left as it was; the README's search-to-batch pipelines run as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from qcode.cli.main import cli
from qcode.core.project.store import Project
from tests.builders import BOOK, state
from tests.paths import ROOT

# Two sources; the second with letters outside ASCII, so offsets must be code points.
FIRST = "Intervjuer: Hvordan forbereder du deg?\nKari: Jeg har ikke tid til å forberede meg.\n"
SECOND = "Ærlig talt: makt og avmakt på kontoret. Brukeren får overtaket, så makt er tema.\n"


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the test codebook and two sources, run from its folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QCODE_CODER", "tester")
    project = tmp_path / "study.qcode"
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "intervju-1.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "notat.txt").write_text(SECOND, encoding="utf-8")
    for args in (
        ["init", str(project), "--codebook", "book.yaml"],
        ["import", "intervju-1.txt", "notat.txt"],
    ):
        result = qcode(project, *args)
        assert result.exit_code == 0, result.output
    return project


def qcode(project: Path, *args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), *args], input=input)


def lines(*objects: Any) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


def snapshot(project: Path) -> dict[str, Any]:
    """Everything a batch could write: rows, and the audit log with its row images."""
    with Project.open(project) as p:
        return {
            **state(p),
            "audit": p.query("SELECT * FROM audit ORDER BY id"),
            "changes": p.query("SELECT * FROM changes ORDER BY audit_id, seq"),
        }


def codings(project: Path) -> list[dict[str, Any]]:
    with Project.open(project) as p:
        return p.query(
            'SELECT d.name AS document, c.start, c."end", k.key AS code, c.coder, c.memo '
            "FROM codings c JOIN documents d ON d.id = c.document_id "
            "JOIN codes k ON k.id = c.code_id ORDER BY c.id"
        )


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# -- good batches ----------------------------------------------------------------------


def test_a_batch_codes_every_line_as_one_undoable_step(study: Path, tmp_path: Path) -> None:
    s1, e1 = span(FIRST, "ikke tid til å forberede meg")
    s2, e2 = span(SECOND, "makt og avmakt")  # after "Æ": code points, not bytes
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        lines(
            {"document": "intervju-1.txt", "start": s1, "end": e1, "code": "preparation"},
            {"document": 2, "start": s2, "end": e2, "code": "Makt og avmakt", "memo": "tydelig"},
            {"document": "NOTAT.TXT", "start": s2, "end": e2, "code": "power", "coder": "kari"},
        )
        + "\n",  # a blank line at the end is passed over
        encoding="utf-8",
    )
    before = snapshot(study)
    result = qcode(study, "code", "--batch", str(batch), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["added"] == 3 and out["skipped"] == 0
    assert codings(study) == [
        {"document": "intervju-1.txt", "start": s1, "end": e1, "code": "preparation",
         "coder": "tester", "memo": ""},
        {"document": "notat.txt", "start": s2, "end": e2, "code": "power", "coder": "tester",
         "memo": "tydelig"},
        {"document": "notat.txt", "start": s2, "end": e2, "code": "power", "coder": "kari",
         "memo": ""},
    ]  # fmt: skip
    assert SECOND[s2:e2] == "makt og avmakt"
    after = snapshot(study)
    new_audit = after["audit"][len(before["audit"]) :]
    assert len(new_audit) == 1 and new_audit[0]["id"] == out["audit"]
    assert new_audit[0]["summary"] == f"coded 3 spans from {batch}"

    undone = qcode(study, "undo")
    assert undone.exit_code == 0, undone.output
    assert state_of(snapshot(study)) == state_of(before)
    redone = qcode(study, "redo")
    assert redone.exit_code == 0, redone.output
    assert state_of(snapshot(study)) == state_of(after)


def state_of(snap: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in snap.items() if k not in ("audit", "changes")}


def test_a_batch_from_standard_input(study: Path) -> None:
    s, e = span(FIRST, "Hvordan forbereder du deg")
    batch = lines({"document": "intervju-1.txt", "start": s, "end": e, "code": "preparation"})
    result = qcode(study, "code", "--batch", "-", input=batch.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.output == "coded 1 span(s) from <stdin>\n"
    assert [c["start"] for c in codings(study)] == [s]


def test_a_coding_already_made_is_refused_as_qcode_code_refuses_it(
    study: Path, tmp_path: Path
) -> None:
    s, e = span(SECOND, "makt er tema")
    single = qcode(study, "code", "notat.txt", str(s), str(e), "power")
    assert single.exit_code == 0, single.output
    again = qcode(study, "code", "notat.txt", str(s), str(e), "power")
    assert again.exit_code == 1 and "already coded as power by tester" in again.output

    other = span(SECOND, "Brukeren får overtaket")
    batch = tmp_path / "b.jsonl"
    batch.write_text(
        lines(
            {"document": "notat.txt", "start": other[0], "end": other[1], "code": "power"},
            {"document": "notat.txt", "start": s, "end": e, "code": "power"},
        )
    )
    before = snapshot(study)
    refused = qcode(study, "code", "--batch", str(batch))
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {batch}:2: notat.txt {s}-{e} is already coded as power by tester (coding 1)\n"
    )
    assert snapshot(study) == before
    # --skip-existing: the repeat is passed over and counted; running it again adds nothing
    skipped = qcode(study, "code", "--batch", str(batch), "--skip-existing", "--json")
    assert skipped.exit_code == 0, skipped.output
    assert json.loads(skipped.output)["added"] == 1
    assert json.loads(skipped.output)["skipped"] == 1
    rerun = qcode(study, "code", "--batch", str(batch), "--skip-existing", "--json")
    assert json.loads(rerun.output) == {"added": 0, "skipped": 2, "audit": None}
    assert len(codings(study)) == 2


def test_a_line_repeating_an_earlier_line_is_named(study: Path, tmp_path: Path) -> None:
    s, e = span(SECOND, "makt er tema")
    line = {"document": "notat.txt", "start": s, "end": e, "code": "power"}
    batch = tmp_path / "b.jsonl"
    batch.write_text(lines(line, line))
    result = qcode(study, "code", "--batch", str(batch))
    assert result.exit_code == 1
    assert f"{batch}:2: repeats line 1" in result.output
    assert codings(study) == []


# -- bad input: one line with the file and line, exit 1, nothing written ---------------

GOOD = {"document": "intervju-1.txt", "start": 0, "end": 10, "code": "power"}

BAD_LINES: dict[str, tuple[str, str]] = {
    "not JSON": ('{"document": "intervju-1.txt", "start": 0,', "not JSON"),
    "a JSON list": ('["intervju-1.txt", 0, 10, "power"]', "a JSON list, not an object"),
    "a JSON string": ('"intervju-1.txt 0 10 power"', "a JSON string, not an object"),
    "missing field": (json.dumps({k: v for k, v in GOOD.items() if k != "end"}),
                      "missing field 'end'"),
    "unknown field": (json.dumps({**GOOD, "stop": 10}), "unknown field 'stop'"),
    "misspelt field": (json.dumps({"doc": "intervju-1.txt", "start": 0, "end": 10,
                                   "code": "power"}), "unknown field 'doc'"),
    "field given twice": ('{"document": "intervju-1.txt", "start": 0, "start": 1, "end": 10, '
                          '"code": "power"}', "field 'start' is given twice"),
    "start as a string": (json.dumps({**GOOD, "start": "0"}),
                          "'start' must be a whole number from 0, not \"0\""),
    "end as a float": (json.dumps({**GOOD, "end": 10.0}),
                       "'end' must be a whole number from 0, not 10.0"),
    "negative start": (json.dumps({**GOOD, "start": -1}), "'start' must be a whole number"),
    "start true": (json.dumps({**GOOD, "start": True}), "'start' must be a whole number"),
    "code a number": (json.dumps({**GOOD, "code": 3}), "'code' must be a string, not 3"),
    "memo null": (json.dumps({**GOOD, "memo": None}), "'memo' must be a string, not null"),
    "document a list": (json.dumps({**GOOD, "document": ["a"]}),
                        "'document' must be a document's name or id"),
    "coder empty": (json.dumps({**GOOD, "coder": " "}), "'coder' is empty"),
    "coder with a control character": (json.dumps({**GOOD, "coder": "kari\u001b[2J"}),
                                       "holds a control character"),
    "end before start": (json.dumps({**GOOD, "start": 10, "end": 4}),
                         "'end' 4 is before 'start' 10"),
    "empty span": (json.dumps({**GOOD, "start": 4, "end": 4}), "the span 4-4 is empty"),
    "span past the end": (json.dumps({**GOOD, "end": 10_000}),
                          f"span 0-10000 is not inside 'intervju-1.txt' (0-{len(FIRST.rstrip())};"),
    "huge offset": (json.dumps({**GOOD, "end": 10**30}), "is not inside 'intervju-1.txt'"),
    "white space only": (json.dumps({**GOOD, "start": 11, "end": 12}),
                         "span 11-12 of 'intervju-1.txt' holds only white space"),
    "unknown document": (json.dumps({**GOOD, "document": "intervju-2.txt"}),
                         "no document named 'intervju-2.txt' (did you mean 'intervju-1.txt'?)"),
    "unknown document id": (json.dumps({**GOOD, "document": 99}), "no document named '99'"),
    "unknown code": (json.dumps({**GOOD, "code": "powr"}), "no code 'powr' (did you mean"),
    "not UTF-8": ('{"document": "intervju-1.txt\xff"}', "not UTF-8 text"),
}  # fmt: skip


@pytest.mark.parametrize("label", list(BAD_LINES))
def test_a_bad_line_is_named_and_nothing_is_written(
    label: str, study: Path, tmp_path: Path
) -> None:
    bad, why = BAD_LINES[label]
    good = [
        lines({"document": "intervju-1.txt", "start": 0, "end": 10, "code": "power"}),
        lines({"document": "notat.txt", "start": 0, "end": 10, "code": "preparation"}),
    ]
    encoding = "latin-1" if "\xff" in bad else "utf-8"
    raw = b"".join([good[0].encode(), b"\n", good[1].encode(), bad.encode(encoding), b"\n"])
    batch = tmp_path / "bad.jsonl"
    batch.write_bytes(raw)  # the bad line is line 4 (line 2 is blank)
    before = snapshot(study)
    result = qcode(study, "code", "--batch", str(batch))
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {batch}:4: "), result.output
    assert why in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(study) == before


def test_the_first_bad_line_is_given_with_how_many_more(study: Path, tmp_path: Path) -> None:
    """The README's example message, as a user gets it."""
    batch = tmp_path / "hits.jsonl"
    good = {"document": "notat.txt", "start": 0, "end": 20, "code": "power"}
    batch.write_text(
        lines(*[{**good, "start": i} for i in range(6)])
        + lines({**good, "document": "intervju-1.docx"}, {**good, "start": "x"}, {**good, "end": 0})
    )
    result = CliRunner().invoke(cli, ["--project", str(study), "code", "--batch", "hits.jsonl"])
    assert result.output == (
        "Error: hits.jsonl:7: no document named 'intervju-1.docx' (did you mean "
        "'intervju-1.txt'?) (and 2 more bad lines)\n"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert result.output.strip() in readme


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_an_empty_batch_is_an_error_naming_the_file(
    content: str, study: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "empty.jsonl"
    batch.write_text(content, encoding="utf-8")
    before = snapshot(study)
    for command in ("code", "uncode"):
        result = qcode(study, command, "--batch", str(batch))
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {batch}: the batch is empty: give one JSON object per line\n"
        )
    empty_stdin = qcode(study, "code", "--batch", "-", input=b"")
    assert empty_stdin.output.startswith("Error: <stdin>: the batch is empty")
    assert snapshot(study) == before


def test_a_batch_file_that_is_not_there_or_a_folder(study: Path, tmp_path: Path) -> None:
    for path in (tmp_path / "missing.jsonl", tmp_path):
        result = qcode(study, "code", "--batch", str(path))
        assert result.exit_code == 2
        assert str(path) in result.output and "Traceback" not in result.output


def test_arguments_and_batch_do_not_mix(study: Path, tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(lines(GOOD))
    cases = [
        (["code", "intervju-1.txt", "0", "10", "power", "--batch", str(batch)], "not both"),
        (["code", "intervju-1.txt", "0"], "Missing argument 'END'"),
        (["code", "--batch", str(batch), "--memo", "x"], 'give each line a "memo"'),
        (["code", "intervju-1.txt", "0", "10", "power", "--skip-existing"], "goes with --batch"),
        (["uncode"], "Missing argument 'CODING_ID'"),
        (["uncode", "1", "--batch", str(batch)], "not both"),
    ]
    for args, why in cases:
        result = qcode(study, *args)
        assert result.exit_code == 2, (args, result.output)
        assert why in result.output, (args, result.output)
    assert codings(study) == []


def test_a_control_character_in_a_line_reaches_the_terminal_escaped(
    study: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(lines({**GOOD, "document": "x\u001b]0;owned\u0007"}))
    result = CliRunner().invoke(
        cli, ["--project", str(study), "code", "--batch", str(batch)], color=True
    )
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "no document named" in result.output


# -- uncode --batch ----------------------------------------------------------------------


def test_uncode_batch_removes_what_its_lines_name_in_one_step(study: Path, tmp_path: Path) -> None:
    s, e = span(SECOND, "makt og avmakt")
    made = tmp_path / "made.jsonl"
    made.write_text(
        lines(
            {"document": "notat.txt", "start": s, "end": e, "code": "power"},
            {"document": "notat.txt", "start": s, "end": e, "code": "power", "coder": "kari"},
            {"document": "notat.txt", "start": s, "end": e, "code": "preparation"},
            {"document": "intervju-1.txt", "start": 0, "end": 10, "code": "power"},
        )
    )
    assert qcode(study, "code", "--batch", str(made)).exit_code == 0
    before = snapshot(study)
    gone = tmp_path / "gone.jsonl"
    gone.write_text(
        lines(
            {"document": "notat.txt", "start": s, "end": e, "code": "power"},  # both coders
            {"document": 1, "start": 0, "end": 10, "code": "Makt og avmakt", "coder": "tester"},
        )
    )
    result = qcode(study, "uncode", "--batch", str(gone))
    assert result.exit_code == 0, result.output
    assert result.output == f"removed 3 coding(s) named in {gone}\n"
    assert [(c["code"], c["coder"]) for c in codings(study)] == [("preparation", "tester")]
    with Project.open(study) as p:
        (entry,) = p.query("SELECT * FROM audit WHERE action = 'uncode'")
        assert len(p.query("SELECT * FROM changes WHERE audit_id = ?", [entry["id"]])) == 3
    assert qcode(study, "undo").exit_code == 0
    assert state_of(snapshot(study)) == state_of(before)
    assert qcode(study, "redo").exit_code == 0
    assert len(codings(study)) == 1


def test_uncode_batch_with_a_line_matching_nothing_removes_nothing(
    study: Path, tmp_path: Path
) -> None:
    s, e = span(SECOND, "makt og avmakt")
    line = {"document": "notat.txt", "start": s, "end": e, "code": "power"}
    assert qcode(study, "code", "--batch", "-", input=lines(line).encode()).exit_code == 0
    before = snapshot(study)
    cases = [
        (lines(line, {**line, "end": e + 1}),
         f":2: no coding of notat.txt {s}-{e + 1} as power"),
        (lines(line, {**line, "coder": "kari"}),
         f":2: no coding of notat.txt {s}-{e} as power by kari"),
        (lines(line, line), ":2: repeats line 1"),
        (lines({**line, "memo": "x"}), ":1: unknown field 'memo'"),
        (lines({**line, "code": "nope"}), ":1: no code 'nope'"),
    ]  # fmt: skip
    for batch, why in cases:
        result = qcode(study, "uncode", "--batch", "-", input=batch.encode())
        assert result.exit_code == 1
        assert result.output.startswith("Error: <stdin>" + why), result.output
        assert snapshot(study) == before


# -- the README's pipelines, run as written ----------------------------------------------


def readme_pipelines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Coding from scripts")
    section = readme[start : readme.index("\n## ", start + 1)]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_two_pipelines() -> None:
    pipelines = readme_pipelines()
    assert len(pipelines) == 2
    assert all("qcode search --json" in p and "qcode code --batch -" in p for p in pipelines)


@pytest.mark.parametrize("index", [0, 1], ids=["jq", "python"])
def test_the_readme_pipeline_codes_every_search_hit(
    index: str, study: Path, tmp_path: Path
) -> None:
    pipeline = readme_pipelines()[int(index)]
    if "jq " in pipeline and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "QCODE_PROJECT": str(study),
        "QCODE_CODER": "tester",
    }
    hits = json.loads(qcode(study, "search", "--json", "makt").output)
    assert len(hits) >= 2
    for run in (1, 2):
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", pipeline],
            env=env, cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run == 2 and "--skip-existing" not in pipeline:
            assert done.returncode == 1 and "already coded" in done.stderr
            break
        assert done.returncode == 0, done.stderr
    got = sorted((c["document"], c["start"], c["end"], c["code"]) for c in codings(study))
    assert got == sorted((h["document"], h["start"], h["end"], "power") for h in hits)


# -- the benchmark keeps working -----------------------------------------------------------


def test_the_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_batch_coding.py"), "--quick"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert re.search(r"qcode code --batch .*: +\d+\.\d+ s +ratio \d", done.stdout), done.stdout
    assert "qcode code, one call:" in done.stdout
