"""The first-time guide shown in place of the reader until a source is open."""

from __future__ import annotations

from rich.text import Text


def welcome_text(sources: int, codes: int) -> Text:
    """The first-time guide: what to do next, given what the project holds."""
    steps = [
        ("Import sources: ctrl+o (observation sheets, transcripts, log forms).", sources > 0),
        ("Load a codebook: ctrl+l (the shipped ones are listed).", codes > 0),
        (
            "Open a source on the left (enter), select text (shift+arrows, W S P T E, or "
            "drag) and code it: enter opens the code picker, a code's shortcut key codes at "
            "once.",
            False,
        ),
    ]
    text = Text("Welcome to qcode.\n\n", style="bold")
    for number, (step, done) in enumerate(steps, start=1):
        text.append("✓  " if done else f"{number}. ", style="green bold" if done else "bold")
        text.append(step + "\n", style="dim" if done else "")
    text.append("\n? shows every key · ctrl+p lists every action · ctrl+q quits", style="dim")
    return text
