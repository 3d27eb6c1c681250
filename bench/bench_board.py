"""Linkage board benchmarks, each figure next to the same measurement of the board before its
columns became virtual lists (``BASELINE_REF``, 100 card widgets a column, the next hundred as
the operator scrolls), run in the same minutes: the baseline's sources are taken from git into a
temporary folder and measured in a child process, then this checkout's.
Run: python bench/bench_board.py (or python bench/run.py board). JSON lines. CPU time of the
process (time.process_time), median.

City scale (100,000 open cases over the 15 departments of the demo district):
- board.build_100k_ms: the board made, shown and painted over that picture;
- board.reset_100k_ms: a full reset (the picture reloaded), laid out and painted;
- board.apply_event_100k_ms: one live event (a department reports a case done: it leaves its
  column) applied and painted; worst in the note;
- board.widgets_100k: the board's widgets (QWidget descendants) with all those cases in hand.
A busy district (1,000 cases in hand, 300 in one column):
- board.rebuild_ms, board.tick_ms (the once-a-second refresh), board.select_reorder_ms."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BASELINE_REF = "767c3c8"
"""The commit before the board's columns became virtual lists (override: BENCH_BOARD_BASELINE)."""
CASES = 1000
OPEN_CASES = 100_000
EVENTS = 60


def _cpu_ms(function, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        times.append((time.process_time() - start) * 1000)
    return times


def measure() -> dict[str, float]:
    """In a child process whose sys.path starts at the code to measure."""
    from PySide6.QtWidgets import QApplication, QWidget

    from commandcenter.geography.demo_district import build_demo_district
    from commandcenter.situation import SituationPicture
    from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
    from tests.widgets.test_city_scale import city_cases, live_events
    from widgets.desk_preview import sample_context
    from widgets.linkage_board import LinkageBoard
    from widgets.live import SituationSignals

    app = QApplication.instance() or QApplication([])
    out: dict[str, float] = {}
    # City scale.
    context = sample_context(build_demo_district())
    picture = SituationPicture()
    now = picture.now()
    picture.set_time(now)
    picture.reset(city_cases(context, now, OPEN_CASES), 0)
    signals = SituationSignals(picture)
    holder = {}

    def build():
        board = LinkageBoard(signals, context)
        board.resize(1920, 330)
        board.show()
        app.processEvents()
        holder["board"] = board

    out["board.build_100k_ms"] = _cpu_ms(build, 1)[0]
    board = holder["board"]
    out["board.reset_100k_ms"] = statistics.median(_cpu_ms(lambda: (board._reset(), app.processEvents()), 3))
    out["board.widgets_100k"] = len(board.findChildren(QWidget))
    events = iter(live_events(picture, context, EVENTS))
    applied = _cpu_ms(lambda: (picture.apply([next(events)]), app.processEvents()), EVENTS)
    out["board.apply_event_100k_ms"] = statistics.median(applied)
    out["board.apply_event_100k_worst_ms"] = max(applied)
    board.close()
    board.deleteLater()
    app.processEvents()
    # A busy district.
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
    out["board.rebuild_ms"] = statistics.median(_cpu_ms(lambda: (board._reset(), app.processEvents()), 5))
    out["board.tick_ms"] = statistics.median(_cpu_ms(lambda: (board._on_tick(), app.processEvents()), 20))
    flip = iter([one, other] * 20)
    out["board.select_reorder_ms"] = statistics.median(_cpu_ms(lambda: board.select_case(next(flip)), 20))
    return out


def _child(root: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    code = (f"import sys, json; sys.path.insert(0, {str(root)!r}); sys.path.insert(1, {str(ROOT / 'bench')!r}); "
            "import bench_board; print('RESULT ' + json.dumps(bench_board.measure()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, text=True, stdout=subprocess.PIPE,
                          check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def run():
    ref = os.environ.get("BENCH_BOARD_BASELINE", BASELINE_REF)
    with tempfile.TemporaryDirectory(prefix="bench-board-") as folder:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        old = _child(Path(folder))
    new = _child(ROOT)
    load = os.getloadavg()[0]
    for name, unit, note in (
            ("board.build_100k_ms", "ms", f"{OPEN_CASES:,} open cases: board made, shown, painted (CPU)"),
            ("board.reset_100k_ms", "ms", f"{OPEN_CASES:,} open cases: full reset, laid out, painted (CPU, median of 3)"),
            ("board.apply_event_100k_ms", "ms", f"{OPEN_CASES:,} open cases: one live event applied and painted "
                                                f"(CPU, median of {EVENTS}; worst {new['board.apply_event_100k_worst_ms']:.1f} ms, "
                                                f"baseline worst {old['board.apply_event_100k_worst_ms']:.1f} ms)"),
            ("board.widgets_100k", "widgets", f"{OPEN_CASES:,} open cases: QWidgets under the board"),
            ("board.rebuild_ms", "ms", f"{CASES} cases in hand, 300 in one column: full reset (CPU, median)"),
            ("board.tick_ms", "ms", f"{CASES} cases in hand: the once-a-second refresh, painted (CPU, median)"),
            ("board.select_reorder_ms", "ms", f"{CASES} cases in hand: selecting a case of another department")):
        value, baseline = new[name], old[name]
        ratio = f"{value / baseline:.3f}×" if baseline else "—"
        yield {"name": name, "value": round(value, 2), "unit": unit, "baseline": round(baseline, 2),
               "note": f"{note}; baseline = the board at {ref} (card widgets, paged) in the same run; "
                       f"ratio {ratio}; load average {load:.1f}"}


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line, ensure_ascii=False))
