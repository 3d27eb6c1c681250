"""City-scale benchmarks (issue #14): one live event on a picture of 100,000 open cases (queues
and board updated) against a full picture reset; the desk's start and memory on a 46,000-cell
district with 100,000 open cases against the demo district.

The big database is built once into a cache folder ($COMMANDCENTER_BENCH_CACHE, default
/tmp/commandcenter-bench-city) and reused: a 460 km² synthetic district (≈46,000 cells), the demo's
departments, staff, components and two days of history on it, then ``--open`` extra open cases
(copies of the open ones, own ids, numbers, grids and deadlines; case rows only, no log entries).

Run: python bench/bench_city.py [--open 100000] (or python bench/run.py city). JSON lines.
``--desk-child URL`` is the measured desk process itself (used by the parent)."""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

CACHE = Path(os.environ.get("COMMANDCENTER_BENCH_CACHE", "/tmp/commandcenter-bench-city"))
OPEN_CASES = 100_000
BIG_AREA_KM2 = 460.0
PASSWORD = "demo1234"
RSS_TARGET_MB = 1500
START_TARGET_S = 5.0


def _line(name, value, unit, baseline, note) -> dict:
    ratio = f" (ratio to the baseline {value / baseline:.3g}×)" if baseline else ""
    return dict(name=name, value=value, unit=unit, baseline=baseline, note=note + ratio)


# queue.apply_event_100k_ms ------------------------------------------------------------------
def _apply_event_lines() -> list[dict]:
    from PySide6.QtWidgets import QApplication

    from tests.widgets.test_city_scale import city_picture, live_events
    from widgets.linkage_board import LinkageBoard
    from widgets.live import SituationSignals
    from widgets.queue_table import QueueTabs

    app = QApplication.instance() or QApplication([])
    context, picture = city_picture(OPEN_CASES)
    signals = SituationSignals(picture)
    tabs, board = QueueTabs(signals, context), LinkageBoard(signals, context)
    tabs.resize(1200, 700)
    board.resize(1200, 500)
    tabs.show()
    board.show()
    app.processEvents()
    events = live_events(picture, context, 200)
    times = []
    for event in events:
        began = time.process_time()
        picture.apply([event])
        app.processEvents()
        times.append((time.process_time() - began) * 1e3)
    one = statistics.median(times)
    resets = []
    for _ in range(3):
        began = time.process_time()
        picture.reset(list(picture.cases.values()), picture.last_seq)
        app.processEvents()
        resets.append((time.process_time() - began) * 1e3)
    baseline = statistics.median(resets)
    tabs.close()
    board.close()
    return [_line("queue.apply_event_100k_ms", round(one, 2), "ms", round(baseline, 1),
                  f"one live event (处置完毕 or 核查通过) folded into a picture of {OPEN_CASES} open cases, every "
                  f"queue and the linkage board updated and repainted (median CPU ms of {len(events)}; worst "
                  f"{max(times):.1f} ms); baseline = a full picture reset (queues and board rebuilt)")]


# the big database ----------------------------------------------------------------------------
def _big_url(open_cases: int) -> str:
    return f"sqlite:///{CACHE / f'city46k_{open_cases}.sqlite'}"


def _demo_url() -> str:
    return f"sqlite:///{CACHE / 'demo.sqlite'}"


def build_big_database(open_cases: int) -> str:
    """The 46,000-cell district with ``open_cases`` extra open cases (built once, then reused)."""
    from sqlalchemy import func, insert, select

    from commandcenter.demo import build_demo
    from commandcenter.geography.demo_district import fictional_divisions, procedural_boundary
    from commandcenter.geography.gridgen import generate_district
    from db import open_store
    from db.backend import backend
    from db.convert import case_to_values
    from db.engine import writer
    from db.models import CaseRow

    url = _big_url(open_cases)
    path = CACHE / f"city46k_{open_cases}.sqlite"
    if path.exists() and (CACHE / f"city46k_{open_cases}.done").exists():
        return url
    CACHE.mkdir(parents=True, exist_ok=True)
    for leftover in CACHE.glob(f"city46k_{open_cases}.sqlite*"):
        leftover.unlink()
    began = time.perf_counter()
    district = generate_district(procedural_boundary(7, BIG_AREA_KM2), "110105", "大区",
                                 fictional_divisions("110105", 40, 900, 7), seed=7)
    store = open_store(url)
    backend.save_district_map(store, district)
    print(f"# district: {len(district.grids)} cells in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    build_demo(store, backend, seed=0, days=2, keep_district=True)
    print(f"# demo history after {time.perf_counter() - began:.0f} s", file=sys.stderr)
    cases, _ = store.load_snapshot()
    models = [c for c in cases if c.is_open]
    grids = district.grids
    rng = random.Random(5)
    now = time.time()
    with writer(store.engine).begin() as conn:
        top = conn.execute(select(func.max(CaseRow.id))).scalar_one() or 0
        rows = []
        for i in range(1, open_cases + 1):
            base, grid = models[i % len(models)], grids[rng.randrange(len(grids))]
            deadline = base.created_at + timedelta(seconds=now - base.created_at.timestamp()
                                                   + rng.uniform(-36_000, 180_000))
            case = replace(base, id=top + i, number=f"2026990{top + i:07d}", grid_code=grid.code,
                           community_code=grid.community_code, street_code=grid.street_code,
                           lon=grid.centroid[0], lat=grid.centroid[1], stage_deadline=deadline)
            rows.append(case_to_values(case))
            if len(rows) == 5000:
                conn.execute(insert(CaseRow), rows)
                rows = []
        if rows:
            conn.execute(insert(CaseRow), rows)
    (CACHE / f"city46k_{open_cases}.done").write_text(str(len(grids)))
    print(f"# {open_cases} open cases added; built in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return url


def build_demo_database() -> str:
    from commandcenter.demo import build_demo
    from db import open_store
    from db.backend import backend

    path = CACHE / "demo.sqlite"
    if not (CACHE / "demo.done").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for leftover in CACHE.glob("demo.sqlite*"):
            leftover.unlink()
        build_demo(open_store(_demo_url()), backend, seed=0)
        (CACHE / "demo.done").write_text("1")
    return _demo_url()


# the desk, in a process of its own -------------------------------------------------------------
def process_age() -> float:
    """Seconds since this process was started, from the kernel's clock ticks (psutil's
    ``create_time`` adds the boot time rounded to whole seconds: up to a second off)."""
    start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def desk_child(url: str) -> None:
    """Start the desk on ``url`` as the desk command does, signed in as dp01, at 1920×1080; print
    the seconds since this process began until the queues are filled and the map drawn, and the
    RSS of this process plus its web renderer processes."""
    import psutil

    # in the order the desk command imports them (PySide6 reads the source of every module
    # imported after it: the database and geography libraries come first)
    from commandcenter.cli import build_parser
    from db.backend import backend
    from main import _gui_commands

    args = build_parser(_gui_commands()).parse_args(["desk", "--db", url, "--no-demo"])
    args.backend = backend
    try:
        from ui.read_ahead import read_ahead
    except ImportError:               # a checkout from before the helper (A/B runs against old code)
        read_ahead = None
    prefetch = read_ahead(args) if read_ahead is not None else None   # as the desk command does, first
    from PySide6.QtCore import QSettings
    from ui.app import make_application
    from ui.desk.startup import build_desk
    from ui.render import dispose, settle, wait
    from ui.session import open_session
    from widgets.map_view import MapView

    me = psutil.Process()
    app = make_application("zh")
    session = open_session(args, show_progress=True, **({"prefetch": prefetch} if prefetch is not None else {}))
    user = next(u for u in session.data.users if u.name == "dp01")
    settings = QSettings(str(CACHE / "desk.ini"), QSettings.Format.IniFormat)
    window = build_desk(session, args, user, settings=settings)
    loaded = []
    session.picture.events.reset.connect(lambda _none: loaded.append(process_age()))
    shown_at = process_age()
    session.start()
    window.resize(1920, 1080)
    window.show()
    wait(lambda: bool(loaded), 300)
    from widgets.queue_table import QueueTabs

    tabs = window.findChildren(QueueTabs)
    wait(lambda: all(t.model("handle").rowCount() > 0 for t in tabs), 300)
    for map_view in [m for m in window.findChildren(MapView) if m.isVisible()]:
        map_view.grab_when_ready(300_000)
    usable, usable_cpu = process_age(), time.process_time()
    filled = loaded[0]
    settle(2000)
    rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
    busiest = max(tabs[0]._models, key=lambda key: tabs[0].model(key).rowCount())
    select_ms = _select_in_a_row(tabs[0], busiest, 20)
    print(json.dumps({"start_s": round(usable, 2), "start_cpu_s": round(usable_cpu, 2), "rss_mb": round(rss / 2**20),
                      "window_s": round(shown_at, 2),
                      "picture_s": round(filled, 2), "select_ms": select_ms, "select_queue": busiest,
                      "cases": len(session.picture.cases),
                      "open": sum(1 for c in session.picture.cases.values() if c.is_open),
                      "cells": len(session.runtime.district_map.grids)}), flush=True)
    session.close()
    dispose(window)
    app.quit()


def _select_in_a_row(tabs, queue: str, times: int) -> float:
    """Median milliseconds from the operator's Down key in ``queue`` until the GUI thread is idle
    again (queues, board, map and case panel following the selection), over ``times`` cases."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    tabs.setCurrentIndex(list(tabs._models).index(queue))
    view = tabs.view(queue)
    view.setFocus()
    view.selectRow(0)
    app.processEvents()
    spent = []
    for _ in range(min(times, max(0, tabs.model(queue).rowCount() - 1))):
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Down)
        app.processEvents()
        spent.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(spent), 1) if spent else float("nan")


def _measure_desk(url: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--desk-child", url], capture_output=True, text=True,
                          timeout=1800, cwd=ROOT)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"desk child failed: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def _desk_lines(open_cases: int) -> list[dict]:
    big = _measure_desk(build_big_database(open_cases))
    demo = _measure_desk(build_demo_database())
    where = f"{big['cells']} cells, {big['open']} open of {big['cases']} cases, SQLite, 1920×1080 offscreen"
    return [
        _line("desk.start_46k_s", big["start_s"], "s", demo["start_s"],
              f"desk process start → queues filled and map drawn ({where}); {big['start_cpu_s']} CPU s of the desk "
              f"process by then; the window was up at "
              f"{big['window_s']} s, the cases read (off the GUI thread) and the panels filled at {big['picture_s']} s; "
              f"baseline = the demo district ({demo['cells']} cells, {demo['open']} open of {demo['cases']} cases); "
              f"target {START_TARGET_S:g} s"),
        _line("desk.select_46k_ms", big["select_ms"], "ms", demo["select_ms"],
              f"the operator presses Down 20 times in the desk's fullest queue ({big['select_queue']}, "
              f"{demo['select_queue']} on the demo district) ({where}): median ms until the GUI thread "
              f"is idle again, with queues, board, map and case panel following; baseline = the demo district"),
        _line("desk.rss_46k_mb", big["rss_mb"], "MB", demo["rss_mb"],
              f"RSS of the desk process and its QtWebEngine renderer processes ({where}); baseline = the demo "
              f"district; target < {RSS_TARGET_MB} MB"),
    ]


def run(open_cases: int = OPEN_CASES, parts=("queue", "desk")) -> list[dict]:
    lines = []
    if "queue" in parts:
        lines += _apply_event_lines()
    if "desk" in parts:
        lines += _desk_lines(open_cases)
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--desk-child", default=None)
    parser.add_argument("--open", type=int, default=OPEN_CASES)
    parser.add_argument("--only", choices=("queue", "desk"), default=None)
    parser.add_argument("--build", action="store_true", help="only build the cached databases")
    ns = parser.parse_args()
    if ns.desk_child:
        desk_child(ns.desk_child)
    elif ns.build:
        print(build_big_database(ns.open), build_demo_database())
    else:
        for result in run(ns.open, (ns.only,) if ns.only else ("queue", "desk")):
            print(json.dumps(result, ensure_ascii=False), flush=True)
