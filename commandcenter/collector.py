"""Building a whole picture at once (100,000 cases, 600,000 datetimes) without Python's cycle
collector walking the growing heap again and again while it is built: a third of the work of
reading the picture was the collector's, and none of what is built holds a cycle.

What a screen builds at its start (the district, the desk, the picture) lives as long as the
screen; ``freeze`` hands it to the collector's permanent generation, so no later collection —
on the GUI thread, in the middle of a reset or a repaint — walks 100,000 cases again. Objects
frozen are still freed by reference counting as usual (a replaced case goes at once); only a
reference cycle that was already garbage when frozen stays."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Within this block the cycle collector does not run (reference counting still frees
    everything as usual); it runs again afterwards, with everything alive by then frozen if
    ``freeze``. Nested or overlapping uses are safe: only the use that found the collector
    running starts it again (and freezes)."""
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            if freeze:
                gc.freeze()
            gc.enable()


def thaw() -> None:
    """Give everything frozen back to the collector (a screen's session closes: what it built
    may now be garbage, cycles and all)."""
    gc.unfreeze()
