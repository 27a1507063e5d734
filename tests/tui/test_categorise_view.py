"""The categorising view: segments of a theme, uncategorised first, assigned by digit,
by the picker and to a category made on the spot; progress; undo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from qcode.core.categories import derive as categories
from qcode.core.coding import codings
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.screens.categorise import CategoriseScreen

QUOTES = [
    ("observasjon-nordby-a-1.txt", 'A2 sa at hun "satt med svarteper"'),
    ("observasjon-nordby-a-3.md", 'A3 sa at hun "ble liten"'),
    ("observasjon-sorvik-d-1.txt", "D2 mistet overtaket i samtalen"),
]


def power_segments(path: Path) -> list[int]:
    ids = []
    with Project.open(path, coder="analyst") as project:
        for name, quote in QUOTES:
            doc = documents.get_document(project, name)
            at = doc.text.index(quote)
            ids.append(codings.add_coding(project, doc.id, at, at + len(quote), "power").id)
    return ids


def categories_of(path: Path, coding_id: int) -> list[str]:
    with Project.open(path) as project:
        listing = categories.segments(project, "power")
        segment = next(s for s in listing.segments if s.coding_id == coding_id)
        return [a.key for a in segment.categories]


async def test_assign_by_digit_picker_and_new_category_then_undo(example: Path) -> None:
    first, second, third = power_segments(example)
    app = make_app(example, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        choices = [key for _, key in app.screen.choices]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * choices.index("power"), "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CategoriseScreen)
        assert screen.listing is not None
        assert (screen.listing.categorised, screen.listing.total) == (0, 3)
        cats = [c.key for c in screen.listing.categories]
        current = screen.current_segment()
        assert current is not None and current.coding_id == first

        await pilot.press("2")  # the second category in the list
        await pilot.pause()
        assert categories_of(example, first) == [cats[1]]
        assert screen.current_segment().coding_id == second  # type: ignore[union-attr]

        await pilot.press("enter", *"veileders avm", "enter")  # the picker
        await pilot.pause()
        assert categories_of(example, second) == ["counsellor-powerlessness"]

        await pilot.press("c", *"Mister overtaket", "enter")  # a new category on the spot
        await pilot.pause()
        assert len(categories_of(example, third)) == 1
        assert screen.listing.categorised == 3

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert categories_of(example, third) == []
        assert screen.listing.categorised == 2


async def test_group_suggestions_make_a_category(example: Path) -> None:
    texts = [
        "Veilederen hadde ikke tid til å forberede samtalen med bruker.",
        "Det var ikke tid til å forberede samtalen, køen var lang.",
        "Hun fikk ikke tid til å forberede seg til samtalen.",
        "Bruker truet veilederen i skranken og kolleger måtte hjelpe.",
        "Bruker truet med å komme tilbake, og veilederen ble redd.",
    ]
    notes = Path(example).with_name("notater.txt")
    notes.write_text("\n".join(texts) + "\n", encoding="utf-8")
    with Project.open(example, coder="analyst") as project:
        documents.import_files(project, [notes], kind="observation")
        doc = documents.get_document(project, "notater.txt")
        for line in texts:
            at = doc.text.index(line)
            codings.add_coding(project, doc.id, at, at + len(line), "time-pressure")
    app = make_app(example, coder="analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(CategoriseScreen(app.project, "time-pressure"))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        proposals = [p for _, p in app.screen.choices]  # type: ignore[attr-defined]
        assert len(proposals[0].coding_ids) == 3  # the three "ikke tid til å forberede"
        await pilot.press("enter")  # the first group
        await pilot.pause()
        await pilot.press("ctrl+u", *"Ingen tid til forberedelse", "enter")
        await pilot.pause()
    with Project.open(example) as project:
        listing = categories.segments(project, "time-pressure")
        named = [
            s
            for s in listing.segments
            if [a.name for a in s.categories] == ["Ingen tid til forberedelse"]
        ]
        assert len(named) == 3


async def test_a_categorys_members_are_not_called_uncategorised(example: Path) -> None:
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        codings.add_coding(project, doc.id, 0, 60, "power")
    app = make_app(example, coder="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(CategoriseScreen(app.project, "power"))
        await pilot.pause()
        await pilot.press("1")  # into the first category
        await pilot.pause()
        members = app.screen.query_one("#cat-members", OptionList)
        assert members.option_count == 1
        assert "uncategorised" not in str(members.get_option_at_index(0).prompt)
