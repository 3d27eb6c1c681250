"""Benchmark of the reminder ladder and batch dispatch; prints JSON lines, asserts nothing.

- urging.scan_ms: deciding which of 100,000 open cases have a reminder due (the desk's minute
  tick, off the GUI thread); baseline: colouring the same cases by deadline state alone, which
  every desk already does.
- batch.dispatch_ms_per_case: a batch of 50 dispatches on SQLite, each its own transaction;
  baseline: the same 50 as single dispatches one after the other.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

CASES = 100_000
BATCH = 50


def report(name: str, value: float, unit: str, baseline: float | None, note: str) -> None:
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit,
                      "baseline": None if baseline is None else round(baseline, 3), "note": note},
                     ensure_ascii=False))


def bench_scan() -> None:
    from commandcenter.case import Case, Source, Status, Tier
    from commandcenter.catalog import load_catalog
    from commandcenter.queues import DeadlineClock
    from commandcenter.urging import due_rungs, load_ladder
    from commandcenter.worktime import WorkCalendar

    catalog, calendar, ladder = load_catalog(), WorkCalendar(), load_ladder()
    clock = DeadlineClock(catalog, calendar)
    now = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
    template = Case(id=0, number="", version=1, status=Status.HANDLING, source=Source.SUPERVISOR, kind="event",
                    class_code="E0102", tier=Tier.GENERAL, description="", lon=0.0, lat=0.0, grid_code="",
                    community_code="", street_code="", created_at=now, stage_started_at=now, stage_deadline=now,
                    updated_at=now, updated_by="", department_code="szsr")
    rng = random.Random(3)
    cases = [replace(template, id=i, stage_started_at=now - timedelta(hours=rng.uniform(0, 48)),
                     stage_deadline=now + timedelta(hours=rng.uniform(-30, 10))) for i in range(CASES)]
    clock.state(cases[0], now)   # warm the year table
    began = time.perf_counter()
    states = [clock.state(c, now) for c in cases]
    baseline = (time.perf_counter() - began) * 1e3
    began = time.perf_counter()
    due = sum(1 for c in cases if due_rungs(c, now, ladder, clock, calendar))
    value = (time.perf_counter() - began) * 1e3
    report("urging.scan_ms", value, "ms", baseline,
           f"{CASES} open cases, {due} with a reminder due, {states.count('overdue')} overdue; "
           "baseline: deadline state alone")


def bench_batch() -> None:
    from commandcenter.batch import BatchStep, run_batch
    from tests.world import build_world, cell_point

    with tempfile.TemporaryDirectory() as folder:
        rt = build_world(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        ids = []
        for i in range(2 * BATCH):
            lon, lat = cell_point(i % 16)
            case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                     description=f"bench {i}")
            rt.service.act("taker", case.id, "accept")
            ids.append(rt.service.act("leader", case.id, "register"))
        single, batch = ids[:BATCH], ids[BATCH:]
        began = time.perf_counter()
        for c in single:
            rt.service.act("disp", c.id, "dispatch", expected_version=c.version, department="szsr")
        baseline = (time.perf_counter() - began) * 1e3 / BATCH
        began = time.perf_counter()
        outcome = run_batch(rt.service, "disp", [BatchStep(c.id, c.version, "dispatch", {"department": "szsr"})
                                                 for c in batch])
        value = (time.perf_counter() - began) * 1e3 / BATCH
        assert outcome.complete
        report("batch.dispatch_ms_per_case", value, "ms", baseline,
               f"{BATCH} cases on SQLite, one transaction each; baseline: single dispatches")


def main() -> None:
    bench_scan()
    bench_batch()


if __name__ == "__main__":
    main()
