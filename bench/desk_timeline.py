"""Where a desk's start goes: runs the desk as ``bench_city.py``'s child does (dp01, 1920×1080,
offscreen) and prints, on stderr, each step of the start with the seconds since the process began
and the process's CPU seconds by then ("12.56  12.50cpu >LiveFeed._on_snapshot").

    python bench/desk_timeline.py [DATABASE_URL]      # default: the cached 46,000-cell database

The desk process is CPU-bound on one core (the feed's thread and the GUI thread share the
interpreter lock), so CPU seconds are the figure to compare between two versions; on a busy
machine the wall-clock seconds stretch."""
from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import bench_city  # noqa: E402

STEPS = [
    ("ui.loader", None, "load_screen_data"), ("ui.loader", None, "build_runtime"),
    ("ui.loader", None, "cached_map_geography"), ("ui.desk.startup", None, "build_desk"),
    ("db.store", "SqlStore", "load_snapshot"), ("db.prefetch", "SnapshotPrefetch", "take"),
    ("db.prefetch", "SnapshotPrefetch", "start"), ("commandcenter.deadlines", "DeadlineMarks", "warm"),
    ("widgets.live", "LiveFeed", "_on_snapshot"), ("widgets.queue_table", "QueueTabs", "_reset"),
    ("widgets.linkage_board", "LinkageBoard", "_reset"), ("widgets.case_panel", "CasePanel", "show_case"),
    ("widgets.map_layers", "SituationMapLayers", "_flush"), ("widgets.map_view", "MapView", "grab_when_ready"),
]


def mark(step: str) -> None:
    print(f"{bench_city.process_age():6.2f} {time.process_time():6.2f}cpu {step}", file=sys.stderr, flush=True)


def timed(module: str, owner: str | None, name: str) -> None:
    holder = importlib.import_module(module)
    holder = getattr(holder, owner) if owner else holder
    original = getattr(holder, name)

    @functools.wraps(original)
    def step(*args, **kwargs):
        mark(f">{owner or module}.{name}")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"<{owner or module}.{name}")

    setattr(holder, name, step)


if __name__ == "__main__":
    mark("python up")

    for where in STEPS:
        timed(*where)
    url = sys.argv[1] if len(sys.argv) > 1 else bench_city.build_big_database(bench_city.OPEN_CASES)
    bench_city.desk_child(url)
    mark("end")
