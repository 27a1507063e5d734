"""What a merge did: counts of what it added and matched, and the conflicts with the rule
applied to each; the shape of `qcode merge --json` and of REFI import's report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Conflict:
    """Where their work and ours disagree, and what was done about it."""

    kind: str  # document-name, code-name, code-key, code-parent, shortcut, attribute, ...
    subject: str
    ours: str
    theirs: str
    rule: str


@dataclass
class MergeReport:
    origin: str
    dry_run: bool = False
    documents_added: int = 0
    documents_matched: int = 0
    codes_added: int = 0
    codes_matched: int = 0
    codings_added: int = 0
    codings_already_there: int = 0
    memos_added: int = 0
    attributes_added: int = 0
    pseudonyms_added: int = 0
    decisions_added: int = 0
    summaries_added: int = 0
    views_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backup: str | None = None

    @property
    def added(self) -> int:
        return (
            self.documents_added
            + self.codes_added
            + self.codings_added
            + self.memos_added
            + self.attributes_added
            + self.pseudonyms_added
            + self.decisions_added
            + self.summaries_added
            + self.views_added
        )

    def summary(self) -> str:
        return (
            f"merged {self.origin}: {self.documents_added} document(s), "
            f"{self.codes_added} code(s), {self.codings_added} coding(s), "
            f"{self.memos_added} memo(s) added"
            + (f"; {len(self.conflicts)} conflict(s)" if self.conflicts else "")
        )
