"""WebVTT and SRT subtitles as transcripts.

Recorded interviews are often transcribed by a captioning service (Teams, Zoom, Whisper)
that delivers .vtt or .srt. The analyst codes what was said, so the coded text holds the
cue text only, one cue per line; the timestamps, which would clutter the text and break
keyword search, live in `metadata["cues"]` with each cue's span, so a coding can still be
traced back to the moment in the recording.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from qcode.core.errors import InputError
from qcode.core.model import Turn

from .decoding import decode_text, read_bytes
from .result import ImportedSource, finish, normalise_newlines
from .turns import Label, accept_labels, match_label

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"\s*(?P<begin>{_TIME})\s*-->\s*(?P<until>{_TIME})(?:\s.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_ASS_TAG = re.compile(r"\{\\[^}]*\}")
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")


def looks_like_srt(text: str) -> bool:
    """A cue number line, then a timing line: an SRT whatever its file name says."""
    lines = text.lstrip("\ufeff\n \t").split("\n", 2)
    return (
        len(lines) >= 2 and lines[0].strip().isdigit() and _TIMING.fullmatch(lines[1]) is not None
    )


def looks_like_vtt(text: str) -> bool:
    """WebVTT files must open with the word WEBVTT."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))


def normalise_time(stamp: str) -> str:
    """`0:01,5` and `00:00:01.500` both become `00:00:01.500`."""
    stamp = stamp.replace(",", ".")
    clock, _, fraction = stamp.partition(".")
    parts = clock.split(":")
    while len(parts) < 3:
        parts.insert(0, "0")
    hours, minutes, seconds = (int(p) for p in parts)
    millis = int(fraction.ljust(3, "0")[:3])
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _cue_text(lines: list[str]) -> tuple[str, str | None]:
    """The cue's words on one line (tags and entities resolved) and its voice, if any."""
    raw = " ".join(line.strip() for line in lines if line.strip())
    voice = _VOICE.search(raw)
    speaker = " ".join(voice.group(1).split()) if voice else None
    words = html.unescape(_TAG.sub("", _ASS_TAG.sub("", raw)))
    return " ".join(words.split()), speaker


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the 1-based line number it starts on."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def parse_subtitles(
    text: str,
    path: Path,
    kind: str,
    metadata: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> ImportedSource:
    """Cue text one per line; cues with spans in metadata; voices and `Name:` as turns."""
    blocks = _blocks(text.lstrip("\ufeff"))
    out_lines: list[str] = []
    cues: list[dict[str, Any]] = []
    voiced: list[Label] = []
    written: list[Label] = []
    pos = 0
    for index, (block_start_line, block_lines) in enumerate(blocks):
        head = block_lines[0].strip()
        if index == 0 and head.startswith("WEBVTT"):
            continue
        if head.split(" ", 1)[0] in _SKIP_BLOCKS and not any("-->" in ln for ln in block_lines):
            continue
        timing_at = next((i for i, ln in enumerate(block_lines[:2]) if "-->" in ln), None)
        if timing_at is None:
            continue  # stray text between cues: not part of any cue
        timing = _TIMING.fullmatch(block_lines[timing_at])
        if timing is None:
            raise InputError(path, "bad cue timing line in subtitles", block_start_line + timing_at)
        words, speaker = _cue_text(block_lines[timing_at + 1 :])
        if not words:
            continue
        start, end = pos, pos + len(words)
        cue = {
            "start": start,
            "end": end,
            "begin": normalise_time(timing.group("begin")),
            "until": normalise_time(timing.group("until")),
        }
        if timing_at == 1:
            cue["id"] = block_lines[0].strip()
        cues.append(cue)
        out_lines.append(words)
        pos = end + 1
        if speaker:
            voiced.append(Label(speaker, start, start))
        else:
            found = match_label(words)
            if found:
                written.append(Label(found[0], start, start + found[1]))
    if not cues:
        raise InputError(path, f"has no subtitle cues (not a valid .{kind})")
    body = "\n".join(out_lines)
    labels = sorted(voiced + accept_labels(written), key=lambda lb: lb.start)
    turns = _merge(body, labels)
    meta = {"format": kind, **(metadata or {}), "cues": cues}
    return finish(body, [], turns, meta, notes)


def _merge(text: str, labels: list[Label]) -> list[Turn]:
    """One turn per run of cues by the same speaker; unlabelled cues continue the turn
    before them, as unlabelled paragraphs do in a plain transcript."""
    merged: list[Label] = []
    for label in labels:
        if merged and merged[-1].speaker == label.speaker:
            continue
        merged.append(label)
    turns: list[Turn] = []
    for i, label in enumerate(merged):
        stop = merged[i + 1].start if i + 1 < len(merged) else len(text)
        end = stop
        while end > label.start and text[end - 1].isspace():
            end -= 1
        turns.append(Turn(label.speaker, label.start, end, min(label.body_start, end)))
    return turns


def read_subtitles(path: Path, kind: str) -> ImportedSource:
    """.vtt and .srt files (decoded like plain text: SRT is often Windows-1252)."""
    raw, encoding, notes = decode_text(read_bytes(path), path)
    return parse_subtitles(normalise_newlines(raw), path, kind, {"encoding": encoding}, notes)
