"""The reader is one package without import circles: the widget composes its parts and
no part imports the widget (or another part that leads back to itself)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import qcode.tui.widgets.reader as reader_package

PACKAGE = "qcode.tui.widgets.reader"


def modules() -> dict[str, Path]:
    root = Path(reader_package.__file__).parent
    found = {PACKAGE: root / "__init__.py"}
    for m in pkgutil.iter_modules([str(root)]):
        found[f"{PACKAGE}.{m.name}"] = root / f"{m.name}.py"
    return found


def imports_within(path: Path, names: set[str]) -> set[str]:
    """The package's modules that `path` imports (at any level, type-checking ones too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module in names:
                out.add(node.module)
            for alias in node.names:  # `from package import units`
                if f"{node.module}.{alias.name}" in names:
                    out.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in names)
    return out


def test_the_parts_are_where_the_package_says() -> None:
    names = set(modules())
    assert {f"{PACKAGE}.{m}" for m in ("layout", "units", "marks", "paint", "widget")} <= names
    old = Path(reader_package.__file__).parent.parent
    assert not list(old.glob("reader_*.py")), "the old reader_* modules are gone"


def test_no_import_circle_and_no_part_imports_the_widget() -> None:
    found = modules()
    names = set(found)
    graph = {
        name: imports_within(path, names) - {PACKAGE} for name, path in found.items()
    }  # the package's __init__ only re-exports: parts never import it
    for name, deps in graph.items():
        if name not in (PACKAGE, f"{PACKAGE}.widget"):
            assert f"{PACKAGE}.widget" not in deps, f"{name} imports the widget"
    # depth-first search for a cycle
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in graph[node]:
            assert state.get(dep) != 1, "import circle: " + " -> ".join([*path, node, dep])
            if dep not in state:
                visit(dep, [*path, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_each_module_imports_alone() -> None:
    for name in modules():
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}"], capture_output=True, text=True
        )
        assert done.returncode == 0, f"{name}: {done.stderr}"
