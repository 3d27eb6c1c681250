"""Wall benchmarks: how long one refresh of the wall's figures takes (KPIs, charts, heat,
ticker, early warnings) over a month of cases, first (cold) and then with the trend's past days
kept from the last minute, as most later refreshes are. JSON lines; run: python bench/bench_wall.py."""
from __future__ import annotations

import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = 30_000
MAIN_REFRESH_MS = 978.7
DAYS = 31


def month_of_cases(now: datetime, n: int = CASES) -> list:
    """About a thousand reports a day over a month, nine in ten closed, in 4,000 grids."""
    from commandcenter.case import Case, Source, Status, Tier
    from commandcenter.catalog import load_catalog

    rng = random.Random(1)
    classes = [s.code for s in load_catalog().small_classes()]
    cases = []
    for i in range(n):
        created = now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
        closed = rng.random() < 0.9 and created < now - timedelta(hours=10)
        status = Status.CLOSED if closed else rng.choice([Status.HANDLING, Status.DISPATCHING, Status.REPORTED])
        grid = f"990101{rng.randint(1, 15):03d}{rng.randint(1, 10):03d}{rng.randint(1, 27):03d}"
        cases.append(Case(
            id=i, number=str(i), version=7, status=status, source=Source.HOTLINE, kind="event",
            class_code=rng.choice(classes), tier=Tier.URGENT if rng.random() < 0.02 else Tier.GENERAL,
            description="", lon=116.8, lat=39.6, grid_code=grid, community_code=grid[:12], street_code=grid[:9],
            created_at=created, stage_started_at=created, stage_deadline=created + timedelta(hours=8),
            updated_at=created + timedelta(hours=5) if closed else created, updated_by="sim",
            registered_at=created + timedelta(minutes=30), dispatched_at=created + timedelta(hours=1),
            handled_at=created + timedelta(hours=3) if closed else None,
            closed_at=created + timedelta(hours=5) if closed else None, handled_on_time=True,
            department_code=rng.choice(["cgzf", "szsr", "ylyh"])))
    return cases


def run():
    from commandcenter.catalog import load_catalog
    from commandcenter.queues import DeadlineClock
    from commandcenter.worktime import WorkCalendar
    from ui.wall.presenter import WallPresenter

    now = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)
    cases = month_of_cases(now)
    presenter = WallPresenter(deadline_clock=DeadlineClock(load_catalog(), WorkCalendar()))
    began = time.perf_counter()
    presenter.figures(cases, now)
    cold_ms = (time.perf_counter() - began) * 1000
    warm = []
    for k in range(1, 6):
        began = time.perf_counter()
        presenter.figures(cases, now + timedelta(seconds=k))
        warm.append((time.perf_counter() - began) * 1000)
    note = f"{CASES} cases over {DAYS} days; off the GUI thread, at most one per second"
    yield {"name": "wall.refresh_30k_ms", "value": round(min(warm), 1), "unit": "ms", "baseline": MAIN_REFRESH_MS,
           "note": "one refresh of every figure of the wall (district), trend's past days kept; baseline: the "
                   "same refresh on main before the drill-down (measured 2026-12-07, same machine); " + note}
    from ui.wall.selection import Selection

    street = Selection("street", cases[0].street_code)
    presenter.figures(cases, now, street)
    began = time.perf_counter()
    presenter.figures(cases, now + timedelta(seconds=9), street)
    yield {"name": "wall.refresh_street_30k_ms", "value": round((time.perf_counter() - began) * 1000, 1),
           "unit": "ms", "baseline": round(min(warm), 1),
           "note": "a refresh while a leader has drilled into one street; baseline: the district's " + note}
    yield {"name": "wall.figures_ms", "value": round(min(warm), 1), "unit": "ms", "baseline": round(cold_ms, 1),
           "note": "a refresh with the trend's past days kept; baseline: the first (cold) refresh; " + note}


def main() -> None:
    for line in run():
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
