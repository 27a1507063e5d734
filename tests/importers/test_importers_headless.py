"""The importers are core code: reading every format must not pull in Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx


def test_reading_does_not_import_textual(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    d = docx.Document()
    d.add_paragraph("I: hei")
    d.save(str(path))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from qcode.core.importers import read_source\n"
        "from qcode.core.importers import decoding, docx, odt, pdf, rtf, subtitles, text\n"
        f"read_source(Path({str(path)!r}))\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
