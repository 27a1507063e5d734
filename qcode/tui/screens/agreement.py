"""Inter-coder agreement in the workbench, and the consensus that settles disagreements.

The top table is `qcode agreement` for two coders (by default the two with most codings,
`c` chooses others): per code the percentage agreement, Cohen's κ, Krippendorff's α and
unitized α, and the characters coded by A only, B only and both. Enter on a code lists
its disagreement regions below, document by document, with the two coders side by side:
A's text, B's text (a dash where a coder coded nothing), and whether the consensus coder
has settled it. On a region, `a`, `b`, `k` and `n` keep A's segments, B's, both (their
union) or neither as codings of the consensus coder (`consensus`), one audited change
each that ctrl+z undoes; `g` copies the segments both coders made alike; `o` (or enter)
opens the region in the reader.

The figures and the regions are read in thread workers on their own connections (the
regions need the documents' text); each request is numbered, so an older answer never
replaces a newer one. A resolution is one small write and runs at once; the regions are
then read again, so what the table says is what the project holds, after an undo too.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from qcode.core.analysis.agreement import Comparison
from qcode.core.analysis.agreement_data import AgreementResult, AgreementSpec, agreement
from qcode.core.analysis.consensus import (
    CONSENSUS,
    DocumentRegions,
    Keep,
    Region,
    adopt_agreed,
    disagreements,
    resolve,
)
from qcode.core.coding.coders import list_coders
from qcode.core.errors import QcodeError
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.safetext import visible, visible_line
from qcode.tui.dialogs.choose import ChooseDialog
from qcode.tui.messages import OpenExcerpt, ProjectChanged

FIGURES: tuple[tuple[str, int], ...] = (
    ("%agree", 6),
    ("κ", 6),
    ("α", 6),
    ("u-α", 6),
    ("A only", 7),
    ("B only", 7),
    ("both", 7),
)
STATUS = {
    None: "",
    "a": "✓ A",
    "b": "✓ B",
    "both": "✓ both",
    "neither": "✓ none",
    "edited": "edited",
}
KIND = {"a_only": "A only", "b_only": "B only", "both": "both"}

# What the view showed last, per project file, in this session: the coders and the code
# whose regions were listed, so that opening a region in the reader and pressing f7 again
# comes back to the same list.
LAST_SHOWN: dict[str, tuple[tuple[str, ...], int, int]] = {}


def default_coders(project: Project, consensus: str = CONSENSUS) -> tuple[str, ...]:
    """The two coders with most codings (the consensus coder left out), most first."""
    ranked = sorted(
        (c for c in list_coders(project) if c.codings and c.name != consensus),
        key=lambda c: (-c.codings, c.name.casefold()),
    )
    return tuple(c.name for c in ranked[:2])


def figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.1f}" if percent else f"{value:.3f}"


def figures_row(comparison: Comparison) -> list[str]:
    t = comparison.table
    return [
        figure(t.percent, percent=True),
        figure(t.kappa),
        figure(t.alpha),
        figure(comparison.u_alpha),
        f"{t.a_only:,}",
        f"{t.b_only:,}",
        f"{t.both:,}",
    ]


def cell(value: str, style: str = "") -> Text:
    """A table cell as plain text: names and excerpts are never read as markup."""
    return Text(visible_line(value), style=style, end="", no_wrap=True)


def middle_cut(name: str, width: int) -> str:
    """A long name shortened in the middle: documents of one study often differ only at
    the end ("observasjon-nordby-a-1.txt", "observasjon-nordby-a-2.txt")."""
    if len(name) <= width:
        return name
    tail = (2 * (width - 1)) // 3
    return f"{name[: width - 1 - tail]}…{name[-tail:]}"


def marked(region: Region, spans: tuple[tuple[int, int], ...]) -> Text:
    """The region's text with one coder's segments shown and the rest dimmed, so the two
    panes side by side show where the boundaries differ."""
    text = Text(visible(region.text), style="dim", end="")
    if len(text.plain) != len(region.text):  # escapes changed lengths: no marks to place
        return Text(visible(region.text), end="")
    for start, end in spans:
        text.stylize("not dim bold reverse", start - region.start, end - region.start)
    return text


def side(region: Region, spans: tuple[tuple[int, int], ...], width: int) -> str:
    """One coder's segments in a region as one line of text, "—" for none."""
    if not spans:
        return "—"
    each = max(8, (width - 3 * (len(spans) - 1)) // len(spans))
    return " … ".join(region.snippet(span, each) for span in spans)


@dataclass(frozen=True)
class Figures:
    request: int
    result: AgreementResult | None
    error: str = ""


@dataclass(frozen=True)
class Regions:
    request: int
    code: Code
    found: list[DocumentRegions]
    error: str = ""


class AgreementScreen(Screen[None]):
    """Two coders compared, and their disagreements settled as a consensus coder."""

    DEFAULT_CSS = """
    AgreementScreen #agreement { padding: 0 1; }
    AgreementScreen #agreement-title, AgreementScreen #agreement-code {
        height: auto; width: 100%; margin: 1 0 0 0;
    }
    AgreementScreen #agreement-codes { height: auto; max-height: 45%; }
    AgreementScreen #agreement-regions { height: 1fr; min-height: 3; }
    AgreementScreen #agreement-sides { height: 7; }
    AgreementScreen .agreement-side {
        width: 1fr; height: 100%; border: round $secondary; padding: 0 1; overflow: hidden;
    }
    """

    BINDINGS = [
        Binding("c", "coders", "Coders"),
        Binding("a", "keep('a')", "Keep A"),
        Binding("b", "keep('b')", "Keep B"),
        Binding("k", "keep('both')", "Keep both"),
        Binding("n", "keep('neither')", "Neither"),
        Binding("g", "adopt", "Agreed→consensus", show=False),
        Binding("o", "open", "Open"),
        Binding("escape", "back", "Back"),
    ]

    class FiguresRead(Message):
        def __init__(self, figures: Figures) -> None:
            super().__init__()
            self.figures = figures

    class RegionsRead(Message):
        def __init__(self, regions: Regions) -> None:
            super().__init__()
            self.regions = regions

    def __init__(
        self,
        project: Project,
        coders: tuple[str, str] | None = None,
        consensus_coder: str = CONSENSUS,
    ) -> None:
        super().__init__()
        self.project = project
        self.consensus_coder = consensus_coder
        self.coders: tuple[str, ...] = coders or ()
        self.result: AgreementResult | None = None
        self.code: Code | None = None  # the code whose regions are listed
        self.regions: list[Region] = []  # in the order of the regions table
        self.requested = 0
        self.regions_requested = 0
        self.remembered_code: int | None = None
        self.remembered_row: int | None = None  # the region opened last time
        self.loading = False
        self.in_regions = False  # the regions table is where the keys act (enter chose a code)

    def compose(self) -> ComposeResult:
        with Vertical(id="agreement"):
            yield Label("", id="agreement-title")
            yield DataTable(id="agreement-codes", cursor_type="row", zebra_stripes=True)
            yield Label("", id="agreement-code")
            yield DataTable(id="agreement-regions", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="agreement-sides"):
                yield Static("", id="side-a", classes="agreement-side")
                yield Static("", id="side-b", classes="agreement-side")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        last = LAST_SHOWN.get(str(self.project.path))
        self.remembered_code = None if last is None else last[1]
        self.remembered_row = None if last is None else last[2]
        if not self.coders:
            self.coders = last[0] if last else default_coders(self.project, self.consensus_coder)
        self.query_one("#agreement-codes", DataTable).focus()
        self.refresh_figures()

    # -- reading (workers) -------------------------------------------------------------

    def refresh_figures(self) -> None:
        self.requested += 1
        self.loading = True
        if len(self.coders) < 2:
            self.loading = False
            self.show_title("Agreement needs two coders with codings (c chooses coders)")
            return
        self.show_title(f"Comparing {self.coders[0]} and {self.coders[1]}…")
        self.read_figures(self.requested, (self.coders[0], self.coders[1]))

    @work(thread=True, exclusive=True, group="agreement-figures")
    def read_figures(self, request: int, coders: tuple[str, str]) -> None:
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                result = agreement(own, AgreementSpec(coders))
            figures = Figures(request, result)
        except QcodeError as exc:
            figures = Figures(request, None, str(exc))
        self.post_message(self.FiguresRead(figures))

    @on(FiguresRead)
    def figures_read(self, event: FiguresRead) -> None:
        figures = event.figures
        if figures.request != self.requested:
            return
        self.loading = False
        self.result = figures.result
        if figures.result is None:
            self.show_title(figures.error)
            self.query_one("#agreement-codes", DataTable).clear(columns=True)
            return
        self.show_figures(figures.result)
        if self.remembered_code is not None:  # reopened: the code listed last time
            found = [c.code for c in figures.result.codes if c.code.id == self.remembered_code]
            self.remembered_code = None
            if found:
                self.code, self.in_regions = found[0], True
                self.select_code_row(found[0])
        if self.code is not None and any(c.code.id == self.code.id for c in figures.result.codes):
            self.refresh_regions()
        else:
            self.code = None
            self.in_regions = False
            self.show_regions([])

    def refresh_regions(self) -> None:
        if self.code is None or self.result is None:
            return
        self.regions_requested += 1
        self.loading = True
        a, b = self.result.coders
        self.read_regions(self.regions_requested, (a, b), self.code)

    @work(thread=True, exclusive=True, group="agreement-regions")
    def read_regions(self, request: int, coders: tuple[str, str], code: Code) -> None:
        try:
            with Project.open(self.project.path, coder=self.project.coder) as own:
                found = disagreements(own, *coders, code, self.consensus_coder)
            regions = Regions(request, code, found)
        except QcodeError as exc:
            regions = Regions(request, code, [], str(exc))
        self.post_message(self.RegionsRead(regions))

    @on(RegionsRead)
    def regions_read(self, event: RegionsRead) -> None:
        regions = event.regions
        if regions.request != self.regions_requested:
            return
        self.loading = False
        if regions.error:
            self.notify(visible(regions.error), severity="error")
        self.show_regions([r for d in regions.found for r in d.regions])

    # -- showing -----------------------------------------------------------------------

    def show_title(self, text: str) -> None:
        self.query_one("#agreement-title", Label).update(Text(visible_line(text), style="bold"))

    def show_figures(self, result: AgreementResult) -> None:
        a, b = result.coders
        docs = len(result.documents)
        self.show_title(
            f"A = {a}, B = {b}: {result.characters:,} characters in {docs} "
            f"document{'s' * (docs != 1)} both coded; resolutions coded as "
            f"{self.consensus_coder}"
        )
        table = self.query_one("#agreement-codes", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        label_width = max(10, self.app.size.width - 4 - sum(w + 2 for _, w in FIGURES) - 2)
        table.add_column("code", width=label_width, key="code")
        for head, width in FIGURES:
            table.add_column(head.rjust(width), width=width, key=head)
        widths = [width for _, width in FIGURES]
        for entry in result.codes:
            figures = figures_row(entry.comparison)
            cells = [cell(v.rjust(w)) for v, w in zip(figures, widths, strict=True)]
            table.add_row(cell(entry.code.name), *cells, key=str(entry.code.id))
        overall = [
            cell(v.rjust(w), "bold")
            for v, w in zip(figures_row(result.overall), widths, strict=True)
        ]
        table.add_row(cell("overall", "bold"), *overall, key="overall")
        if result.codes:
            table.move_cursor(row=min(row, len(result.codes) - 1))

    def select_code_row(self, code: Code) -> None:
        table = self.query_one("#agreement-codes", DataTable)
        table.move_cursor(row=table.get_row_index(str(code.id)))

    def show_regions(self, regions: list[Region]) -> None:
        self.regions = regions
        heading = self.query_one("#agreement-code", Label)
        table = self.query_one("#agreement-regions", DataTable)
        row = table.cursor_row
        if regions and self.remembered_row is not None:
            row, self.remembered_row = self.remembered_row, None
        table.clear(columns=True)
        self.query_one("#agreement-sides").display = bool(regions)
        if self.code is None or self.result is None:
            heading.update("enter on a code lists where the two coders differ on it")
            return
        a, b = self.result.coders
        settled = sum(1 for r in regions if r.resolved not in (None, "edited"))
        heading.update(
            Text(
                visible_line(
                    f"{self.code.name}: {len(regions)} region{'s' * (len(regions) != 1)} "
                    f"where {a} and {b} differ, {settled} resolved · a/b keep A's/B's, "
                    "k both, n neither · o open"
                )
            )
        )
        room = self.app.size.width - 4 - (11 + 6 + 6) - 6 * 2 - 2
        document = max(12, room // 4)
        snippet = max(10, (room - document) // 2)
        table.add_column("document", width=document, key="document")
        table.add_column("where", width=11, key="where")
        table.add_column("", width=6, key="kind")
        table.add_column(cell(f"A: {a}"), width=snippet, key="a")
        table.add_column(cell(f"B: {b}"), width=snippet, key="b")
        table.add_column("status", width=6, key="status")
        for index, region in enumerate(regions):
            status = STATUS.get(region.resolved, "")
            table.add_row(
                cell(middle_cut(region.document, document)),
                cell(f"{region.start}–{region.end}"),
                cell(KIND[region.kind]),
                cell(side(region, region.a_spans, snippet)),
                cell(side(region, region.b_spans, snippet)),
                cell(status, "green" if status.startswith("✓") else "yellow"),
                key=str(index),
            )
        if regions:
            table.move_cursor(row=min(row, len(regions) - 1))
            self.show_sides()
        if self.in_regions and not table.has_focus:
            table.focus()

    @on(DataTable.RowHighlighted, "#agreement-regions")
    def region_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_sides()

    def show_sides(self) -> None:
        """The region under the cursor in full, A's segments marked on the left and B's
        on the right."""
        if not self.regions or self.result is None:
            return
        table = self.query_one("#agreement-regions", DataTable)
        region = self.regions[min(max(table.cursor_row, 0), len(self.regions) - 1)]
        a, b = self.result.coders
        for pane, name, spans in (("#side-a", a, region.a_spans), ("#side-b", b, region.b_spans)):
            widget = self.query_one(pane, Static)
            what = ", ".join(f"{s}–{e}" for s, e in spans) or "did not code it"
            widget.border_title = visible_line(f"{name}: {what}")
            widget.update(marked(region, spans) if spans else Text("—", style="dim"))

    # -- keys --------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#agreement-codes")
    def code_chosen(self, event: DataTable.RowSelected) -> None:
        if self.result is None or event.row_key.value in (None, "overall"):
            return
        chosen = [c.code for c in self.result.codes if str(c.code.id) == event.row_key.value]
        if not chosen:
            return
        self.code = chosen[0]
        self.regions = []
        self.in_regions = True
        LAST_SHOWN[str(self.project.path)] = (self.coders, self.code.id, 0)
        self.query_one("#agreement-regions", DataTable).focus()
        self.refresh_regions()

    @on(DataTable.RowSelected, "#agreement-regions")
    def region_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def current_region(self) -> Region | None:
        table = self.query_one("#agreement-regions", DataTable)
        if not self.regions or not self.in_regions:
            return None
        return self.regions[min(table.cursor_row, len(self.regions) - 1)]

    def action_keep(self, keep: Keep) -> None:
        region = self.current_region()
        if region is None:
            self.notify("Choose a code (enter) and a region first", severity="warning")
            return
        try:
            done = resolve(self.project, region, keep, self.consensus_coder)
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        if not done.changed:
            self.notify("Already resolved that way")
            return
        table = self.query_one("#agreement-regions", DataTable)
        if table.cursor_row < len(self.regions) - 1:
            table.move_cursor(row=table.cursor_row + 1)  # on to the next region
        self.app.post_message(
            ProjectChanged(
                f"Consensus: {region.document} {region.start}-{region.end} "
                f"{STATUS[keep].lstrip('✓ ')}"
            )
        )

    def action_adopt(self) -> None:
        if self.code is None or self.result is None:
            self.notify("Choose a code first (enter)", severity="warning")
            return
        try:
            written = adopt_agreed(
                self.project, *self.result.coders, self.code, self.consensus_coder
            )
        except QcodeError as exc:
            self.notify(visible(str(exc)), severity="error")
            return
        if not written:
            self.notify("The consensus already has every segment both coders agree on")
            return
        self.app.post_message(
            ProjectChanged(f"Consensus: {written} agreed segment{'s' * (written != 1)} copied")
        )

    def on_project_changed(self, message: ProjectChanged) -> None:
        """After a resolution, undo or redo: the regions (and figures) as they now are."""
        message.stop()
        self.refresh_figures()

    def action_open(self) -> None:
        region = self.current_region()
        if region is None:
            return
        if self.code is not None:
            row = self.query_one("#agreement-regions", DataTable).cursor_row
            LAST_SHOWN[str(self.project.path)] = (self.coders, self.code.id, row)
        self.app.post_message(OpenExcerpt(region.document, region.start, region.end))
        self.dismiss(None)

    def action_coders(self) -> None:
        names = [c.name for c in list_coders(self.project) if c.codings]
        if len(names) < 2:
            self.notify("Two coders with codings are needed", severity="warning")
            return

        def second(first: str, name: str | None) -> None:
            if name:
                self.coders = (first, name)
                self.code = None
                LAST_SHOWN.pop(str(self.project.path), None)
                self.refresh_figures()

        def first(name: str | None) -> None:
            if name:
                others = [(visible_line(n), n) for n in names if n != name]
                self.app.push_screen(
                    ChooseDialog(f"Coder B (A is {name})", others),  # type: ignore[arg-type]
                    lambda chosen: second(name, chosen),
                )

        choices = [(visible_line(n), n) for n in names]
        self.app.push_screen(ChooseDialog("Coder A", choices), first)  # type: ignore[arg-type]

    def action_back(self) -> None:
        if self.in_regions:
            self.in_regions = False
            self.query_one("#agreement-codes", DataTable).focus()
            return
        self.dismiss(None)
