"""What is under the cursor: the coding(s), the document, or the code in the tree."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from qcode.core.coding.codings import CodingView
from qcode.core.model import Code, Document
from qcode.core.safetext import visible, visible_line


class DetailPane(Static):
    def show_codings(
        self,
        document: Document,
        views: list[CodingView],
        codes: dict[int, Code],
        marks: dict[str, str] | None = None,
    ) -> None:
        """The codings under the cursor; each names its coder, after the coder's mark as
        the reader's margin shows it (`marks`, when the project has several coders)."""
        marks = marks or {}
        if not views:
            self.show_document(document, [])
            return
        parts: list[RenderableType] = []
        for view in views:
            c = view.coding
            code = codes.get(c.code_id)
            title = Text()
            title.append("■ ", style=code.colour if code else "")
            title.append(visible_line(view.code_name), style="bold")
            title.append(f"  #{c.id}", style="dim")
            parts.append(title)
            who = Text()
            mark = marks.get(c.coder)
            if mark:
                who.append(f"{mark} ", style=f"bold {code.colour}" if code else "bold")
            who.append(visible_line(c.coder))
            who.append(f" · {c.created_at} · {c.start}–{c.end}", style="dim")
            parts.append(who)
            excerpt = visible(" ".join(document.text[c.start : c.end].split()))
            parts.append(Text(f"“{excerpt[:300]}{'…' if len(excerpt) > 300 else ''}”"))
            if c.memo:
                parts.append(Text(f"memo: {visible(c.memo)}", style="italic"))
            parts.append(Text(""))
        self.update(Group(*parts))

    def show_document(self, document: Document, memos: list[str]) -> None:
        parts: list[RenderableType] = [
            Text(visible_line(document.name), style="bold"),
            Text(f"{document.kind} · {len(document.text):,} characters", style="dim"),
        ]
        for key, value in document.attributes.items():
            parts.append(Text(f"{visible_line(key)}: {visible(value)}"))
        if document.sections:
            parts.append(Text(f"{len(document.sections)} sections", style="dim"))
        if document.turns:
            speakers = sorted({visible_line(t.speaker) for t in document.turns})
            parts.append(Text(f"{len(document.turns)} turns: {', '.join(speakers)}", style="dim"))
        for memo in memos:
            parts.append(Text(f"memo: {visible(memo)}", style="italic"))
        self.update(Group(*parts))

    def show_code(self, code: Code, count: int, memos: list[str]) -> None:
        parts: list[RenderableType] = []
        title = Text()
        title.append("■ ", style=code.colour)
        title.append(visible_line(code.name), style="bold")
        parts.append(title)
        shortcut = f" · key [{code.shortcut}]" if code.shortcut else ""
        parts.append(
            Text(f"{code.key} · level {code.level} · {count} codings{shortcut}", style="dim")
        )
        for label, value in (
            ("", code.description),
            ("use when: ", code.include_note),
            ("not when: ", code.exclude_note),
        ):
            if value:
                parts.append(Text(f"{label}{visible(value)}"))
        if code.keywords:
            parts.append(Text("keywords: " + visible(", ".join(code.keywords)), style="dim"))
        for memo in memos:
            parts.append(Text(f"memo: {visible(memo)}", style="italic"))
        self.update(Group(*parts))
