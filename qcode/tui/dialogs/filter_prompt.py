"""Ask for the matrix filters: one line, where an empty line means "no filters".

`TextPrompt` treats an empty answer as cancel, which is right for a name or a path but
left the matrix without a way to remove a filter: clearing the line and pressing enter
did nothing. Here enter always answers (an empty string removes the filters) and only
escape cancels.
"""

from __future__ import annotations

from textual.widgets import Input

from qcode.tui.dialogs.text_prompt import TextPrompt


class FilterPrompt(TextPrompt):
    """Dismissed with the filter text (`""`: none) on enter, with None on escape."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.prevent_default()  # TextPrompt's handler (empty = cancel) must not run too
        value = self.value if event.value == self.shown else event.value  # unchanged: as it was
        self.dismiss(value.strip())
