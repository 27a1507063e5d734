"""The workbench driven with Pilot on the example study: open, select, code with the
picker and a shortcut key, undo, search, jump, remove, memo."""

from __future__ import annotations

from pathlib import Path

from qcode.core.coding import codings as codings_core
from qcode.core.project.store import Project
from qcode.core.sources import documents
from qcode.tui.app import make_app
from qcode.tui.screens.main import MainScreen
from qcode.tui.widgets.reader import Reader

SIZE = (120, 36)


def codings_in(path: Path) -> list[tuple[str, str, int, int, str]]:
    with Project.open(path) as project:
        return [
            (v.document, v.code_key, v.coding.start, v.coding.end, v.coding.coder)
            for v in codings_core.list_codings(project)
        ]


async def open_source(pilot, name: str) -> Reader:  # type: ignore[no-untyped-def]
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    main.open_document(name)
    await pilot.pause()
    return main.query_one(Reader)


async def test_select_sentence_and_code_with_picker_then_shortcut_then_undo(
    example: Path,
) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_source(pilot, "observasjon-nordby-a-1.txt")
        text = app.main.document.text  # type: ignore[union-attr]
        sentence = 'Bruker la brevet hardt på skranken og krevde å få snakke med "sjefen din".'
        at = text.index(sentence)
        reader.move_cursor(at + 5)
        await pilot.press("S")
        assert reader.selection == (at, at + len(sentence))
        await pilot.press("enter")  # the code picker
        await pilot.press(*"samt")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert codings_in(example) == [
            ("observasjon-nordby-a-1.txt", "conversation-control", at, at + len(sentence), "tester")
        ]
        # a shortcut key codes the next selection at once: m = Makt og avmakt
        other = text.index("Hun opplevde at bruker fikk overtaket")
        reader.move_cursor(other + 3)
        await pilot.press("S", "m")
        await pilot.pause()
        assert [c[1] for c in codings_in(example)] == ["conversation-control", "power"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [c[1] for c in codings_in(example)] == ["conversation-control"]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [c[1] for c in codings_in(example)] == ["conversation-control", "power"]


async def test_search_opens_the_hit_selected(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"uforberedt")
        for _ in range(20):
            await pilot.pause(0.05)
            if app.screen.hits:  # type: ignore[attr-defined]
                break
        hit = app.screen.hits[0]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert main is not None and main.document is not None
        assert main.document.name == hit.document
        reader = main.query_one(Reader)
        start, end = reader.selection  # type: ignore[misc]
        assert main.document.text[start:end].lower().startswith("uforberedt")


async def test_jump_between_codings_and_remove_one(example: Path) -> None:
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "observasjon-nordby-a-1.txt")
        first = doc.text.index("A2 hadde ingen mulighet")
        second = doc.text.index('A3: "Sånn er det')
        codings_core.add_coding(project, doc.id, first, first + 20, "preparation")
        codings_core.add_coding(project, doc.id, second, second + 10, "preparation")
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_source(pilot, "observasjon-nordby-a-1.txt")
        app.main.current_code = "preparation"  # type: ignore[union-attr]
        reader.move_cursor(0)
        await pilot.press("right_square_bracket")
        assert reader.selection == (first, first + 20)
        await pilot.press("right_square_bracket")
        assert reader.selection == (second, second + 10)
        await pilot.press("left_square_bracket")
        assert reader.selection == (first, first + 20)
        await pilot.press("delete")
        await pilot.pause()
        assert [c[2] for c in codings_in(example)] == [second]


async def test_memo_on_the_source(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "logg-deltaker-a.txt")
        await pilot.press("M")
        await pilot.pause()
        await pilot.press(*"Viktig episode")
        await pilot.press("ctrl+s")
        await pilot.pause()
    with Project.open(example) as project:
        memos = codings_core.list_memos(project)
        assert [(m.text, label) for m, label in memos] == [
            ("Viktig episode", "document logg-deltaker-a.txt")
        ]


async def test_new_project_is_offered_and_guides_the_user(tmp_path: Path) -> None:
    path = tmp_path / "ny.qcode"
    app = make_app(path, coder="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # "Create"
        await pilot.pause()
        assert path.exists()
        main = app.main
        assert main is not None
        welcome = main.query_one("#welcome")
        assert welcome.display and "ctrl+o" in str(welcome.render())


async def test_filter_sources_by_typing_and_open(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press(*"sorvik-d-2")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main is not None and app.main.document is not None
        assert app.main.document.name == "observasjon-sorvik-d-2.txt"


def code_keys(path: Path) -> dict[str, tuple[str, int]]:
    with Project.open(path) as project:
        from qcode.core.codebook.codes import list_codes

        return {c.key: (c.name, c.level) for c in list_codes(project)}


async def test_codebook_tree_add_edit_move_delete_and_undo(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")  # the codebook tree, cursor on Forberedelse
        await pilot.press("a")  # new category under it
        await pilot.press(*"Tillit", "enter")
        await pilot.pause()
        assert code_keys(example)["tillit"] == ("Tillit", 2)
        await pilot.press("f4", "e")  # edit the highlighted code (Forberedelse)
        for _ in range(len("Forberedelse")):
            await pilot.press("backspace")
        await pilot.press(*"Forarbeid", "enter")
        await pilot.pause()
        assert code_keys(example)["preparation"] == ("Forarbeid", 1)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # "Delete"
        await pilot.pause()
        assert "preparation" not in code_keys(example)
        assert "tillit" not in code_keys(example)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert code_keys(example)["tillit"] == ("Tillit", 2)


async def test_palette_offers_the_workbench_actions_and_runs_them(example: Path) -> None:
    """App-wide commands come from the app; coding and codebook commands from the
    workbench's own provider, and choosing one runs the workbench's action."""
    from textual.command import CommandList, CommandPalette

    from qcode.tui.dialogs.memo_editor import MemoEditor

    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Search all sources", "Import sources", "Load a codebook", "Undo"):
            assert wanted in titles
        await open_source(pilot, "logg-deltaker-a.txt")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"write a memo")
        for _ in range(40):
            await pilot.pause(0.05)
            prompts = [str(o.prompt) for o in app.screen.query_one(CommandList).options]
            if any("Write a memo" in p for p in prompts):
                break
        assert any("Write a memo" in p for p in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        assert "source logg-deltaker-a.txt" in app.screen.title_text


async def test_review_queue_accepts_rejects_and_skips(example: Path) -> None:
    from qcode.core.coding.suggest import suggest
    from qcode.tui.screens.review import ReviewScreen

    with Project.open(example, coder="tester") as project:
        suggest(project, code="power")
        from qcode.core.coding.review import list_suggestions

        first, second, third = list_suggestions(project, "power", "open")[:3]
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.item is not None and screen.item.id == first.id
        await pilot.press("y")  # accept → a coding
        assert screen.item.id == second.id
        await pilot.press("n")  # reject
        await pilot.press("s")  # skip
        assert screen.item.id != third.id
        await pilot.press("escape")
        await pilot.pause()
    with Project.open(example) as project:
        from qcode.core.coding.review import get_suggestion

        assert get_suggestion(project, first.id).status == "accepted"
        assert get_suggestion(project, second.id).status == "rejected"
        assert get_suggestion(project, third.id).status == "open"
    assert [(c[0], c[1], c[2]) for c in codings_in(example)] == [
        (first.document, "power", first.start)
    ]


async def test_changes_by_another_process_show_up(example: Path) -> None:
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_source(pilot, "logg-deltaker-b.txt")
        assert reader.highlights_at(5) == []
        with Project.open(example, coder="script") as other:  # e.g. `qcode code` in a shell
            doc = documents.get_document(other, "logg-deltaker-b.txt")
            codings_core.add_coding(other, doc.id, 0, 20, "power")
        app.main.watch_project()  # what the 2-second timer does
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.code_key for h in reader.highlights_at(5)] == ["power"]


async def test_backspace_outside_the_reader_never_uncodes(example: Path) -> None:
    with Project.open(example, coder="tester") as project:
        doc = documents.get_document(project, "logg-deltaker-a.txt")
        codings_core.add_coding(project, doc.id, 0, 20, "power")
    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_source(pilot, "logg-deltaker-a.txt")
        reader.move_cursor(5)
        await pilot.press("f4", "backspace")  # in the codebook tree
        await pilot.pause()
        assert len(codings_in(example)) == 1


async def test_source_list_follows_a_source_opened_from_search(example: Path) -> None:
    from textual.widgets import OptionList

    app = make_app(example, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "observasjon-nordby-a-1.txt")
        app.main.open_document("logg-deltaker-c.txt")  # type: ignore[union-attr]
        await pilot.pause()
        options = app.main.query_one("#source-options", OptionList)  # type: ignore[union-attr]
        assert options.get_option_at_index(options.highlighted).id == "logg-deltaker-c.txt"
