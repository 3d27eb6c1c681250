"""Soak run of the video wall: the wall offscreen on a database while the simulator streams a
live day into it, measuring the wall's memory (its own process and the map's renderer).

    python bench/soak_wall.py --db sqlite:////tmp/soak.sqlite --minutes 30 --speed 60

30 real minutes at 60× are 30 simulated hours. The simulated clock starts on a working morning
(08:00 of the next weekday after the log's last event, or ``--start``), so reports, dispatches and
closes flow from the first minute: thousands of events, not a night's few hundred. ``--code DIR``
runs the wall from another checkout (e.g. /work/main, the baseline) against the same simulator, so
two runs differ only in the wall's code. ``--probe`` prints, every minute, what could grow with
events: Python objects by type, Qt objects under the wall and items in its charts, glibc's heap
in use and free, the page's script heap (``--page-gc``: after a collection), DOM nodes, Leaflet
layers and markers; ``--trace`` adds tracemalloc's top growing allocation sites. An empty database gets the demo first. The wall's
picture clock follows the simulated time, so its KPIs, overdue colours and early warnings move
as on a real day. Prints JSON lines {"name", "value", "unit", "baseline", "note"}; RSS growth is
the least-squares slope of the samples after the first minute (start-up allocations excluded), per
real hour and per 1,000 events applied, for the wall process and the map's renderer; the
picture's own growth (the cases it must hold: deep size per case × cases) is printed separately
and subtracted, so what is left is what the wall adds per event.
Not part of bench/run.py: it runs for as long as you ask.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLE_S = 10
WARM_UP_S = 60


def line(name: str, value, unit: str, note: str = "", baseline=None) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "baseline": baseline, "note": note},
                     ensure_ascii=False), flush=True)


def slope_per_hour(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, MB) samples, in MB per hour."""
    if len(samples) < 3:
        return None
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if not var:
        return None
    return sum((t - mean_t) * (m - mean_m) for t, m in samples) / var * 3600


def slope(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (x, y) samples, per unit of x."""
    per_hour = slope_per_hour(samples)
    return None if per_hour is None else per_hour / 3600


def deep_size(value, seen=None) -> int:
    """Bytes of an object and everything it holds (a case: its fields, strings, datetimes)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, (list, tuple, set, frozenset)):
        size += sum(deep_size(v, seen) for v in value)
    elif hasattr(value, "__dict__"):
        size += deep_size(vars(value), seen)
    elif hasattr(value, "__slots__"):
        size += sum(deep_size(getattr(value, n), seen) for n in value.__slots__ if hasattr(value, n))
    return size


def rss_mb(process) -> tuple[float, float]:
    """(this process, the map's QtWebEngine processes) resident memory in MB; the simulator,
    also a child of this process, is not the wall's and is left out."""
    import psutil

    own = process.memory_info().rss
    renderers = 0
    for child in process.children(recursive=True):
        try:
            if "QtWebEngine" in child.name():
                renderers += child.memory_info().rss
        except psutil.Error:
            continue
    return own / 2**20, renderers / 2**20


def working_morning(after):
    """08:00 Beijing time of the first weekday at or after ``after`` (a UTC datetime)."""
    from datetime import datetime, time as clock_time

    from commandcenter.clock import LOCAL_TZ, local

    day = local(after).date() + timedelta(days=0 if local(after).hour < 8 else 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, clock_time(8, 0), LOCAL_TZ).astimezone(after.tzinfo)


def malloc_counts() -> dict[str, int]:
    """glibc's heap (all arenas) in MB: in use, and free but kept (fragmentation), via mallinfo2."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                         "fsmblks", "uordblks", "fordblks", "keepcost")]

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
    except (OSError, AttributeError):
        return {}
    info = libc.mallinfo2()
    return {"malloc_used_mb": round(info.uordblks / 2**20), "malloc_free_mb": round(info.fordblks / 2**20),
            "mmapped_mb": round(info.hblkhd / 2**20)}


class Probe:
    """What could grow with events in the wall process and its map page, printed as the change
    since the last report (stderr)."""

    def __init__(self, wall, trace: bool = False):
        self.wall = wall
        self.trace = trace
        self.types = None
        self.snapshot = None
        self.qt = None
        self.page = None

    def report(self, events: int) -> None:
        import collections
        import gc

        gc.collect()
        types = collections.Counter(type(o).__name__ for o in gc.get_objects())
        out = [f"--- probe at {events} events: {sum(types.values())} Python objects"]
        if self.types is not None:
            grown = sorted(((n - self.types.get(t, 0), t) for t, n in types.items()), reverse=True)[:12]
            out.append("  objects grown: " + ", ".join(f"{t} +{d}" for d, t in grown if d > 0))
        self.types = types
        qt = self.qt_counts()
        out.append("  qt: " + ", ".join(f"{k} {v}" + (f" ({v - self.qt[k]:+d})" if self.qt else "")
                                        for k, v in qt.items()))
        self.qt = qt
        page = self.page_counts()
        if page:
            out.append("  page: " + ", ".join(f"{k} {v}" + (f" ({v - self.page.get(k, 0):+g})" if self.page else "")
                                              for k, v in page.items()))
            self.page = page
        if self.trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen *>")])
            if self.snapshot is not None:
                for stat in snapshot.compare_to(self.snapshot, "traceback")[:8]:
                    frames = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in stat.traceback[:4])
                    out.append(f"  +{stat.size_diff / 1024:.0f} KiB ({stat.count_diff:+d}) {frames}")
            self.snapshot = snapshot
        print("\n".join(out), file=sys.stderr, flush=True)

    def qt_counts(self) -> dict[str, int]:
        from PySide6.QtCore import QObject, QTimer
        from PySide6.QtWidgets import QApplication, QGraphicsView

        children = self.wall.findChildren(QObject)
        items = sum(len(v.scene().items()) for v in self.wall.findChildren(QGraphicsView) if v.scene() is not None)
        counts = {"objects": len(children), "timers": sum(isinstance(c, QTimer) for c in children),
                  "widgets": len(QApplication.allWidgets()), "scene_items": items}
        counts.update(malloc_counts())
        return counts

    def page_counts(self) -> dict[str, float]:
        import json

        from PySide6.QtWebEngineWidgets import QWebEngineView

        from ui.render import wait

        web = self.wall.map.findChild(QWebEngineView)
        if web is None:
            return {}
        result = []
        expression = ("(() => { if (window.gc) window.gc(); const s = ccMap.probe.state();"
                      " const m = ccMap.probe.memory ? ccMap.probe.memory() : {};"
                      " return JSON.stringify(Object.assign({heap_mb: performance.memory.usedJSHeapSize / 1048576,"
                      " dom: document.getElementsByTagName('*').length, markers: s.markers}, m)); })()")
        web.page().runJavaScript(expression, 0, result.append)
        if not wait(lambda: bool(result), 10) or not result[0]:
            return {}
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in json.loads(result[0]).items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (an empty one gets the demo)")
    parser.add_argument("--minutes", type=float, default=30.0, help="real minutes to run (default 30)")
    parser.add_argument("--speed", type=float, default=60.0, help="simulated seconds per real second (60)")
    parser.add_argument("--size", default="3840x2160", help="wall size (default 3840x2160)")
    parser.add_argument("--start", default=None,
                        help="simulated start, local time (default: 08:00 of the next weekday after the last event)")
    parser.add_argument("--code", default=str(ROOT), help="checkout whose wall runs (default: this one)")
    parser.add_argument("--probe", action="store_true", help="print what grows every minute (stderr)")
    parser.add_argument("--trace", action="store_true", help="with --probe: tracemalloc's top growing sites")
    parser.add_argument("--page-gc", action="store_true",
                        help="with --probe: collect the page's garbage before reading its heap (lifts the heap cap)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(args.code).resolve()))
    if args.trace:
        import tracemalloc

        tracemalloc.start(8)
    if args.page_gc:   # lets the probe collect the page's garbage before reading its heap
        from ui.app import default_chromium_flags

        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", default_chromium_flags())
                                                    + " --js-flags=--expose-gc --enable-precise-memory-info").strip()

    import psutil
    from PySide6.QtCore import QTimer

    from commandcenter.clock import local, parse_local, utc_now
    from db import open_store
    from db.backend import backend
    from ui.app import make_application, prepare_chromium
    from ui.render import settle, wait
    from ui.session import open_session
    from ui.wall.window import build_wall

    prepare_chromium()
    store = open_store(args.db)
    if backend.load_district_map(store) is None:
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", args.db], check=True,
                       stdout=subprocess.DEVNULL)
    last = store.last_seq()
    history_end = store.events_after(last - 1, limit=1)[0].at if last else utc_now()
    sim_start = parse_local(args.start) if args.start else working_morning(max(utc_now(), history_end))
    print(f"simulated start {local(sim_start):%Y-%m-%d %H:%M} (wall code: {args.code})", file=sys.stderr, flush=True)
    duration_s = args.minutes * 60

    app = make_application("zh")
    wall_args = argparse.Namespace(db=args.db, lang="zh", backend=backend, screens=None, layout=None, config=None,
                                   size=None, tour_seconds=20.0, heat=None)
    session = open_session(wall_args, read_only=True, show_progress=False)
    wall = build_wall(session, wall_args)
    wall.resize(*(int(v) for v in args.size.split("x")))
    wall.show()
    applied = {"events": 0, "refreshes": 0}
    session.picture.events.cases.connect(
        lambda change: applied.__setitem__("events", applied["events"] + len(change.events)))
    wall.sig_refreshed.connect(lambda: applied.__setitem__("refreshes", applied["refreshes"] + 1))
    session.start()
    if not wait(lambda: bool(session.picture.cases) and wall.map.is_ready(), 120):
        raise SystemExit("the wall did not load within 120 s")

    simulator = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "simulate", "--db", args.db, "--speed", str(args.speed),
         "--auto-dispatch", "--seed", "1", "--duration-s", str(duration_s + 30), "--local-admin",
         "--start", local(sim_start).isoformat()],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    began = time.monotonic()
    # the picture's own clock runs at the simulated speed, as the wall clock does live: no time
    # notices (a pinned clock moved every second would restart the wall's refresh debounce and
    # starve it to the 30-s periodic refresh, hiding what each refresh costs)
    session.picture._clock = lambda: sim_start + timedelta(seconds=(time.monotonic() - began) * args.speed)
    session.picture.set_time(None)
    clock = QTimer()
    me = psutil.Process()
    probe = Probe(wall, trace=args.trace) if args.probe else None
    samples: list[tuple[float, float, float]] = []
    by_events: list[tuple[int, float, float, int]] = []   # (events applied, wall MB, renderer MB, cases)
    try:
        while time.monotonic() - began < duration_s:
            settle(SAMPLE_S * 1000)
            own, renderer = rss_mb(me)
            samples.append((time.monotonic() - began, own, renderer))
            by_events.append((applied["events"], own, renderer, len(session.picture.cases)))
            print(f"{samples[-1][0]:6.0f} s  wall {own:6.1f} MB  renderer {renderer:6.1f} MB  "
                  f"{applied['events']} events  {len(session.picture.cases)} cases", file=sys.stderr, flush=True)
            if probe is not None and len(samples) % (60 // SAMPLE_S) == 0:
                probe.report(applied["events"])
            if simulator.poll() is not None:
                raise SystemExit(f"the simulator stopped: {simulator.stderr.read()[-2000:]}")
    finally:
        simulator.terminate()
        simulator.wait(30)
        clock.stop()
        session.close()
        wall.close()
    app.processEvents()
    sample_cases = list(session.picture.cases.values())[:500]
    per_case_mb = (sum(deep_size(c) for c in sample_cases) / len(sample_cases) / 2**20) if sample_cases else 0.0

    settled = [s for s in samples if s[0] >= WARM_UP_S] or samples
    hours = (samples[-1][0] if samples else 0) * args.speed / 3600
    note = (f"{args.minutes:g} real min at {args.speed:g}× ({hours:.1f} simulated h), "
            f"{args.db.split(':')[0]}, {args.size}")
    line("wall.soak.rss_start_mb", round(settled[0][1], 1), "MB", "wall process after the first minute; " + note)
    line("wall.soak.rss_end_mb", round(samples[-1][1], 1), "MB", note)
    growth = slope_per_hour([(t, own) for t, own, _r in settled])
    line("wall.soak.rss_growth_mb_per_h", None if growth is None else round(growth, 1), "MB/h",
         "least-squares slope, wall process, per real hour; " + note)
    # start-up caches (fonts, frame buffers, V8 up to its cap) fill in steps over the first minutes:
    # the second half of the run shows the steady state
    second_half = samples[len(samples) // 2:]
    growth = slope_per_hour([(t, own) for t, own, _r in second_half])
    line("wall.soak.rss_growth_second_half_mb_per_h", None if growth is None else round(growth, 1), "MB/h",
         "least-squares slope over the second half of the run, wall process; " + note)
    line("wall.soak.renderer_rss_start_mb", round(settled[0][2], 1), "MB", "map renderer (QtWebEngine) processes")
    line("wall.soak.renderer_rss_end_mb", round(samples[-1][2], 1), "MB", "map renderer (QtWebEngine) processes")
    growth = slope_per_hour([(t, r) for t, _own, r in settled])
    line("wall.soak.renderer_rss_growth_mb_per_h", None if growth is None else round(growth, 1), "MB/h",
         "least-squares slope, renderer processes, per real hour")
    growth = slope_per_hour([(t, r) for t, _own, r in second_half])
    line("wall.soak.renderer_rss_growth_second_half_mb_per_h", None if growth is None else round(growth, 1),
         "MB/h", "least-squares slope over the second half of the run, renderer processes")
    settled_events = [e for (t, *_rest), e in zip(samples, by_events) if t >= WARM_UP_S] or by_events
    wall_k = slope([(e / 1000, own) for e, own, _r, _c in settled_events])
    renderer_k = slope([(e / 1000, r) for e, _o, r, _c in settled_events])
    picture_k = slope([(e / 1000, cases * per_case_mb) for e, _o, _r, cases in settled_events])
    line("wall.rss_slope_mb_per_1k_events", None if wall_k is None else round(wall_k - (picture_k or 0), 2),
         "MB/1k events", "wall process per 1,000 events applied, less the picture's own growth; " + note)
    line("wall.soak.rss_slope_raw_mb_per_1k_events", None if wall_k is None else round(wall_k, 2), "MB/1k events",
         "wall process per 1,000 events, picture included; " + note)
    line("wall.soak.picture_slope_mb_per_1k_events", None if picture_k is None else round(picture_k, 3),
         "MB/1k events", f"the picture's own growth: new cases × {per_case_mb * 2**20:.0f} B per case (deep size)")
    line("wall.soak.renderer_slope_mb_per_1k_events", None if renderer_k is None else round(renderer_k, 2),
         "MB/1k events", "map renderer (QtWebEngine) processes per 1,000 events; " + note)
    line("wall.soak.events_applied", applied["events"], "events", note)
    line("wall.soak.refreshes", applied["refreshes"], "refreshes", "figures recomputed and drawn; " + note)
    line("wall.soak.recoveries", sum(wall.watchdog.recoveries.values()), "recoveries",
         f"watchdog: {wall.watchdog.recoveries}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
