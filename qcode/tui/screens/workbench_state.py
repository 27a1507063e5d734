"""What the workbench's panes show, read from the project in one go.

Reading it takes tens of milliseconds on a large project (every code's count, every
source, and the open source's codings: 5,000 on a 1 MB transcript), so after a change the
main screen reads it in a worker thread, with a connection of the thread's own, and only
puts the result on screen in the UI thread. Nothing here touches a widget.

The worker also compares what it read with what the panes show (the listing and the open
source's codings it was handed), so that after a coding the UI thread redraws one source's
row and adds one highlight instead of putting 10,000 rows and 5,000 codings back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qcode.core.codebook import codes as codes_core
from qcode.core.coding import coders as coders_core
from qcode.core.coding import codings as codings_core
from qcode.core.coding.codings import CodingView
from qcode.core.model import Code
from qcode.core.project.store import Project
from qcode.core.sources import documents as documents_core
from qcode.core.sources.documents import DocumentSummary
from qcode.tui.widgets.reader import Highlight
from qcode.tui.widgets.source_list import CountChanges, count_changes

UNKNOWN_COLOUR = "#808080"


@dataclass(frozen=True)
class SourceCodings:
    """One source's codings, by coding id, and the highlights the reader paints for them."""

    document_id: int
    views: dict[int, CodingView]
    highlights: list[Highlight]


@dataclass(frozen=True)
class HighlightChanges:
    """The highlights that differ from those of `base` (the same source's codings)."""

    base: SourceCodings
    added: tuple[Highlight, ...]
    removed: tuple[Highlight, ...]


def highlight_changes(base: SourceCodings | None, new: SourceCodings) -> HighlightChanges | None:
    """What to add and remove to go from `base` to `new` (None: another source)."""
    if base is None or base.document_id != new.document_id:
        return None
    old = set(base.highlights)
    now = set(new.highlights)
    added = tuple(h for h in new.highlights if h not in old)
    removed = tuple(h for h in base.highlights if h not in now)
    return HighlightChanges(base, added, removed)


@dataclass(frozen=True)
class WorkbenchState:
    """Sources, codes and their counts, and the codings of the source that was open."""

    summaries: list[DocumentSummary]
    codes: list[Code]
    counts: dict[int, int]  # codings per code id (by the coders shown)
    open_source: SourceCodings | None
    source_changes: CountChanges | None = None  # from the listing shown, if only counts
    highlight_changes: HighlightChanges | None = None  # from the open source's shown
    marks: dict[str, str] = field(default_factory=dict)  # coder -> margin mark (see below)


def source_codings(
    project: Project,
    document_id: int,
    codes: list[Code],
    coders: tuple[str, ...] = (),
    marks: dict[str, str] | None = None,
) -> SourceCodings:
    """The codings of one source (by `coders`, all when empty), coloured by their codes
    and marked by their coders (`marks`)."""
    views = {
        v.coding.id: v
        for v in codings_core.list_codings(project, document_id=document_id)
        if not coders or v.coding.coder in coders
    }
    marks = marks or {}
    colours = {c.id: c.colour for c in codes}
    highlights = [
        Highlight(
            v.coding.id,
            v.coding.start,
            v.coding.end,
            v.code_key,
            colours.get(v.coding.code_id, UNKNOWN_COLOUR),
            marks.get(v.coding.coder, ""),
        )
        for v in views.values()
    ]
    return SourceCodings(document_id, views, highlights)


def read_state(
    project: Project,
    document_id: int | None,
    shown: list[DocumentSummary] | None = None,
    shown_codings: SourceCodings | None = None,
    coders: tuple[str, ...] = (),
) -> WorkbenchState:
    """Everything the panes show; `document_id` is the source open in the reader, `shown`
    and `shown_codings` what the panes show now, to compare with; `coders` whose codings
    the reader and the code counts show (all when empty)."""
    summaries = documents_core.list_documents(project)
    codes = codes_core.list_codes(project)
    counts = coders_core.coding_counts_by(project, coders)
    marks = shown_marks(project)
    still_there = document_id is not None and any(s.document.id == document_id for s in summaries)
    open_source = (
        source_codings(project, document_id, codes, coders, marks)
        if still_there and document_id is not None
        else None
    )
    return WorkbenchState(
        summaries,
        codes,
        counts,
        open_source,
        count_changes(shown, summaries) if shown is not None else None,
        highlight_changes(shown_codings, open_source) if open_source is not None else None,
        marks,
    )


def shown_marks(project: Project) -> dict[str, str]:
    """coder -> mark, once more than one coder has codings (one coder needs no marks, and
    the margin keeps its plain blocks)."""
    marks = coders_core.coder_marks(project)
    return marks if len(marks) > 1 else {}
