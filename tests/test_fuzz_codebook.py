"""Property tests for the codebook loader: random text, random YAML-shaped documents and the
shipped codebooks damaged line by line give either a `Codebook` or one `InputError` line
naming the file; loading a refused codebook into a project changes nothing.

`CODEBOOK_FUZZ_CLASSES` × `FUZZ_EXAMPLES` is the figure the README quotes for fuzzed
codebooks.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.core.codebook.codes import load_codebook as load_into_project
from qcode.core.codebook.format import Codebook, load_codebook
from qcode.core.errors import InputError, QcodeError
from qcode.core.project.store import Project
from tests.paths import CODEBOOKS

FUZZ_EXAMPLES = int(os.environ.get("QCODE_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES * 2,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SHIPPED = sorted(CODEBOOKS.glob("*.yaml"))
CODEBOOK_FUZZ_CLASSES = (
    "random text",
    "random bytes",
    "random YAML document",
    "shipped codebook, line removed/duplicated/swapped/truncated",
    "shipped codebook, characters inserted",
)

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30)
)
_keys = st.sampled_from(
    ["qcode-codebook", "name", "themes", "categories", "key", "colour", "color", "shortcut",
     "keywords", "aliases", "description", "include", "exclude", "language", "x"]
)  # fmt: skip
_yaml_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)


@st.composite
def shipped_damaged(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SHIPPED)).read_text(encoding="utf-8").split("\n")
    at = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["remove", "duplicate", "swap", "truncate", "insert"]))
    if how == "remove":
        del lines[at]
    elif how == "duplicate":
        lines.insert(at, lines[at])
    elif how == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif how == "truncate":
        lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        del lines[at + 1 :]
    else:
        column = draw(st.integers(0, len(lines[at])))
        noise = draw(st.text(alphabet=":-&*!|>#'\"[]{}\t\x00\x1b é", min_size=1, max_size=4))
        lines[at] = lines[at][:column] + noise + lines[at][column:]
    return "\n".join(lines)


_documents = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=400),
    _yaml_values.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    shipped_damaged(),
)


def load_or_refuse(path: Path) -> Codebook | InputError:
    try:
        return load_codebook(path)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message, message
        return exc


def test_shipped_codebooks_load() -> None:
    assert SHIPPED and all(isinstance(load_codebook(p), Codebook) for p in SHIPPED)


@FUZZ
@given(document=_documents)
def test_codebook_is_loaded_or_refused_in_one_line(document: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.yaml"
        if isinstance(document, str):
            path.write_text(document, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(document)
        load_or_refuse(path)


@pytest.fixture(scope="module")
def project_path() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codes.qcode"
        with Project.create(path, coder="fuzz") as project:
            load_into_project(project, load_codebook(SHIPPED[0]), str(SHIPPED[0]))
        yield path  # type: ignore[misc]


@settings(FUZZ, max_examples=FUZZ_EXAMPLES)
@given(document=shipped_damaged())
def test_a_refused_codebook_changes_nothing(document: str, project_path: Path) -> None:
    """Read and merged as `qcode codebook load` does: a refusal at either step leaves the
    project (codes, audit log, everything) as it was."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.yaml"
        path.write_text(document, encoding="utf-8")
        with Project.open(project_path, coder="fuzz") as project:
            before = list(project.conn.iterdump())
            try:
                load_into_project(project, load_codebook(path), str(path))
            except QcodeError as exc:
                assert "\n" not in str(exc), str(exc)
                assert list(project.conn.iterdump()) == before
