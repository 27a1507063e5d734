"""Bulk exchange work without the cyclic garbage collector's pauses.

Reading a .qdpx of 50,000 codings, exporting one, or merging a colleague's copy makes
hundreds of thousands of small objects that live until the work is done (the bundle's
dataclasses, row dicts, lxml element proxies). Python's cyclic collector runs every few
hundred allocations and, as the survivors pile up, walks them all again and again: a
sixth of a large REFI import's CPU time, for nothing, since none of these objects form
cycles (reference counting frees them as before). So the collector is paused for the
work and resumed after it; cycles made elsewhere meanwhile wait until then.

The pause is process-wide. Nested or concurrent uses (a worker thread of the workbench)
are safe: only the use that found the collector running resumes it, so it ends running.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Pause the cyclic collector for a bulk read or write (also a decorator)."""
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()
