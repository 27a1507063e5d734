"""The matrix view: counts as the core computes them, excerpts per cell, jump to the
reader, columns changed in place, export of what is on screen."""

from __future__ import annotations

from pathlib import Path

import docx

from qcode.core.coding import codings
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.screens.matrix import MatrixScreen
from qcode.tui.widgets.reader import Reader


def coded(path: Path) -> Path:
    with Project.open(path, coder="analyst") as project:
        for name, quote, code in (
            (
                "observasjon-nordby-a-1.txt",
                "A2 hadde ingen mulighet til å forberede seg.",
                "preparation",
            ),
            ("observasjon-sorvik-d-1.txt", "Forberedelse", "preparation"),
            ("observasjon-nordby-a-1.txt", "Bruker la brevet hardt på skranken", "power"),
        ):
            doc = documents.get_document(project, name)
            at = doc.text.index(quote)
            codings.add_coding(project, doc.id, at, at + len(quote), code)
    return path


async def test_matrix_counts_excerpts_jump_and_export(example: Path, tmp_path: Path) -> None:
    app = make_app(coded(example), coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        m = screen.matrix
        assert m is not None and m.by == "office"
        assert [c.label for c in m.cases] == ["Nordby", "Sørvik"]
        grid = {
            (r.key, c.label): m.cells[i][j].counts.segments
            for i, r in enumerate(m.rows)
            for j, c in enumerate(m.cases)
        }
        assert grid[("preparation", "Nordby")] == 1 and grid[("preparation", "Sørvik")] == 1
        assert grid[("power", "Nordby")] == 1 and grid[("power", "Sørvik")] == 0
        # enter on the preparation × Nordby cell lists its excerpt; enter opens it
        row = [r.key for r in m.rows].index("preparation")
        screen.query_one("DataTable").move_cursor(row=row, column=1)
        await pilot.press("enter")
        await pilot.pause()
        assert [e.source for e in screen.excerpts] == ["observasjon-nordby-a-1.txt"]
        excerpt = screen.excerpts[0]
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert main is not None and app.screen is main
        assert main.document is not None and main.document.name == excerpt.source
        assert main.query_one(Reader).selection == (excerpt.start, excerpt.end)

        # columns by source kind, then export what is on screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        labels = [str(label) for label, _ in dialog.choices]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * labels.index("source kind"), "enter")
        await pilot.pause()
        assert screen.matrix.by == "kind"  # type: ignore[union-attr]
        out = tmp_path / "skjerm.docx"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # docx is the first format
        await pilot.pause()
        await pilot.press("ctrl+u", *str(out), "enter")
        await pilot.pause()
    text = "\n".join(
        cell.text for t in docx.Document(out).tables for row in t.rows for cell in row.cells
    )
    assert "A2 hadde ingen mulighet til å forberede seg." in text
    assert "observation" in text
