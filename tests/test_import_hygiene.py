"""The core must stay headless: importing any core module must not import Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import qcode.core


def core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(qcode.core.__path__, prefix="qcode.core."))


def test_core_modules_are_found() -> None:
    names = core_modules()
    assert "qcode.core.project.store" in names
    assert "qcode.core.importers" in names


def test_no_core_module_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
