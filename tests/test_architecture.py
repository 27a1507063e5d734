"""The layering the code promises (ARCHITECTURE.md), checked on the import graph itself.

`lint-imports` (in `make test`) checks the declared contracts; this test adds what the
contracts cannot say: no two modules of qcode import each other, directly or round a
circle, even lazily inside a function — a circle is where a change in one layer starts to
need a change in another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

import qcode


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles_in_qcode() -> None:
    graph = grimp.build_graph("qcode")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(edges) == []


def _package_edges() -> dict[str, set[str]]:
    """Imports as Python runs them: `from pkg import name` runs `pkg/__init__.py` even when
    `name` is a submodule, so it is an edge to `pkg` as well (grimp counts only the
    submodule), and a package's `__init__` imports what it imports."""
    root = Path(qcode.__file__).parent
    edges: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        targets = edges.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("qcode"):
                    targets.add(node.module)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("qcode"))
    return edges


def test_no_package_imports_its_own_module_back() -> None:
    """`qcode.cli.main` doing `from qcode.cli import x` while `qcode/cli/__init__.py`
    imports `main` is a circle, though every submodule import is one-way."""
    edges = _package_edges()
    assert _cycles({m: {t for t in ts if t in edges and t != m} for m, ts in edges.items()}) == []


def test_the_cli_is_a_package_of_command_groups() -> None:
    graph = grimp.build_graph("qcode")
    loose = [m for m in graph.modules if m.startswith("qcode.cli_")]
    assert loose == []
    assert "qcode.cli.codes" in graph.modules
