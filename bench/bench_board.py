"""Linkage board benchmarks: the board with every case in hand as a card (no cap) on a busy
district — 1,000 cases in hand over the 15 departments (the demo has ~930), one with 300.
Run: python bench/bench_board.py (or python bench/run.py board). JSON lines.

- board.rebuild_ms: a full reset (the picture reloaded): every column's cards built and filled;
- board.tick_ms: the once-a-second refresh (countdowns of the cards in view, counts);
- board.select_reorder_ms: selecting a case whose default department differs (columns reordered).
Baselines: the same measurement on the board before this change (30 cards per column at most,
every shown card refreshed each second), on this 2-core machine."""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CASES = 1000
BASELINE_MS = {"board.rebuild_ms": 56.3, "board.tick_ms": 40.0, "board.select_reorder_ms": 0.12}


def _timed(function, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run():
    from PySide6.QtWidgets import QApplication

    from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
    from widgets.linkage_board import LinkageBoard

    app = QApplication.instance() or QApplication([])
    world = make_world()
    codes = [d.code for d in world.context.departments]
    for i in range(CASES):
        department = "cgzf" if i < 300 else codes[i % len(codes)]
        world.being_handled(department=department, grid=i % 16, dispatched=at(8 + (i % 8), i % 60))
    board = LinkageBoard(world.signals, world.context)
    board.resize(1920, 330)
    board.show()
    app.processEvents()
    one = world.waiting_for_dispatch(class_code=MANHOLE)
    other = world.waiting_for_dispatch(class_code=BILLBOARD)
    rebuild = _timed(lambda: (board._reset(), app.processEvents()), 5)
    tick = _timed(board._on_tick, 20)
    flip = iter([one, other] * 20)
    reorder = _timed(lambda: board.select_case(next(flip)), 20)
    note = f"{CASES} cases in hand, 300 in one column; median"
    for name, values in (("board.rebuild_ms", rebuild), ("board.tick_ms", tick),
                         ("board.select_reorder_ms", reorder)):
        yield {"name": name, "value": round(statistics.median(values), 2), "unit": "ms",
               "baseline": BASELINE_MS[name], "note": f"{note}; baseline = the capped board before this change"}


if __name__ == "__main__":
    import json

    for line in run():
        print(json.dumps(line, ensure_ascii=False))
