"""The garbage collector, tuned for a workbench that holds a large project in memory.

After the first paint the app holds tens of thousands of long-lived objects (widgets,
styles, the source list's options, a transcript's highlights). With CPython's default
thresholds every full collection walks all of them: on a 10,000-source project, twenty
coding keys and a few matrix keys paid 28 full collections, 4.2 s in all and up to 0.34 s
at once, landing on whatever key was being handled. Freezing what exists after start-up
(it is never garbage while the app runs) and collecting the young generations in smaller,
less frequent steps cut that to one full collection (0.15 s), 0.7 s in all, the young
collections at most 16 ms each (measured on the same run of keys; see
benchmarks/bench_ui_thread.py for the per-key figures). Objects made later are still
collected; only cycles among the frozen start-up objects would outlive their use, and
those live as long as the app anyway.
"""

from __future__ import annotations

import gc

# Young generation after 2,000 allocations (default 700); a full collection only after
# 100 middle-generation ones (default 10).
THRESHOLDS = (2_000, 10, 100)
_before: list[tuple[int, int, int]] = []


def settle_after_start() -> None:
    """Move what start-up made out of the collector's way, and space out collections."""
    if not _before:
        _before.append(gc.get_threshold())
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def restore_defaults() -> None:
    """Undo `settle_after_start` (the app's exit, and tests that run several apps)."""
    gc.unfreeze()
    if _before:
        gc.set_threshold(*_before.pop())
