"""Desk benchmarks: how long a dispatch committed by one desk (its own store and service) takes to
reach another desk's situation picture through the live feed — SQLite (polled) and PostgreSQL
(LISTEN/NOTIFY). Run: python bench/bench_desk.py (or python bench/run.py desk). JSON lines."""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROUNDS = 15
TARGETS_MS = {"sqlite": 1000, "pg": 300}


def _live_latency(url: str, rounds: int = ROUNDS) -> list[float]:
    """Milliseconds from a dispatch's commit (desk A) to the case showing HANDLING in desk B's picture."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from commandcenter.case import Status
    from commandcenter.runtime import build_runtime
    from commandcenter.situation import SituationPicture
    from db import open_store
    from db.backend import backend
    from tests.ui.desk_world import desk_world
    from widgets.live import LiveFeed

    QCoreApplication.instance() or QCoreApplication([])
    world = desk_world(url, dispatching=rounds, handling=0)
    desk_a = world.runtime.service
    store_b = open_store(url)
    build_runtime(store_b, backend)
    picture = SituationPicture()
    feed = LiveFeed(store_b, picture, lambda: backend.make_listener(store_b))
    seen: dict[int, float] = {}
    picture.events.cases.connect(lambda change: [seen.setdefault(i, time.perf_counter()) for i in change.case_ids
                                                 if picture.cases[i].status is Status.HANDLING])

    def spin(condition, timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        poll = QTimer(interval=1)
        poll.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()

    feed.start()
    spin(lambda: len(picture.cases) >= rounds)
    latencies = []
    for index, case_id in enumerate(world.dispatching):
        # Commit at varying moments of desk B's wait, so a polling feed's phase is sampled evenly.
        spin(lambda: False, 0.05 + (index * 0.13) % 0.3)
        version = picture.cases[case_id].version
        desk_a.act("disp", case_id, "dispatch", expected_version=version, department="szsr")
        committed = time.perf_counter()
        spin(lambda: case_id in seen)
        if case_id in seen:
            latencies.append((seen[case_id] - committed) * 1000)
    feed.stop()
    return latencies


def _line(name: str, latencies: list[float], kind: str, note: str) -> dict:
    if not latencies:
        return {"name": name, "value": None, "unit": "ms", "baseline": TARGETS_MS[kind], "note": "no dispatch arrived"}
    ordered = sorted(latencies)
    return {"name": name, "value": round(statistics.median(ordered), 1), "unit": "ms",
            "baseline": TARGETS_MS[kind],
            "note": f"median of {len(ordered)} dispatches, max {ordered[-1]:.1f} ms; {note}; baseline = target"}


@contextmanager
def _pg_database(folder: Path):
    """A fresh database on a pgserver PostgreSQL for the run, or None when it is not installed."""
    try:
        import pgserver
        import psycopg
    except ImportError:
        yield None
        return
    server = pgserver.get_server(folder / "pg", cleanup_mode="stop")
    try:
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench_desk")
        base, query = server.get_uri().split("?", 1)
        yield f"{base.rsplit('/', 1)[0]}/bench_desk?{query}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()


def run() -> list[dict]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        lines.append(_line("desk.live_latency_sqlite_ms", _live_latency(f"sqlite:///{folder / 'desk.sqlite'}"),
                           "sqlite", "two stores on one SQLite file, desk B's feed polls every 250 ms"))
        with _pg_database(folder) as url:
            if url is None:
                lines.append({"name": "desk.live_latency_pg_ms", "value": None, "unit": "ms", "baseline": 300,
                              "note": "skipped: pgserver/psycopg not installed"})
            else:
                lines.append(_line("desk.live_latency_pg_ms", _live_latency(url), "pg",
                                   "two stores on one PostgreSQL database, desk B woken by LISTEN/NOTIFY"))
    return lines


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line, ensure_ascii=False))
