"""Plain-text and Markdown sources: decoded text with its turns and sections, or, when the
text is really SubRip or WebVTT saved as .txt, subtitles.
"""

from __future__ import annotations

from pathlib import Path

from .decoding import decode_text, read_bytes
from .result import ImportedSource, finish, normalise_newlines
from .structure import detect_structure
from .subtitles import looks_like_srt, looks_like_vtt, parse_subtitles


def read_text_file(path: Path, fmt: str) -> ImportedSource:
    """Plain text and Markdown: decoded text plus detected turns and sections."""
    raw, encoding, notes = decode_text(read_bytes(path), path)
    text = normalise_newlines(raw)
    if looks_like_srt(text) or looks_like_vtt(text):
        kind = "srt" if looks_like_srt(text) else "vtt"
        notes.append(
            f"recognised as {kind.upper()} subtitles; timestamps kept in metadata, not in the text"
        )
        return parse_subtitles(text, path, kind, {"encoding": encoding}, notes)
    sections, turns = detect_structure(text)
    return finish(text, sections, turns, {"format": fmt, "encoding": encoding}, notes)
