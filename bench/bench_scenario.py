"""Benchmark of checking a scenario against its world and of stepping a replay back; prints JSON
lines, asserts nothing.

Run: python -m bench.bench_scenario
A day of about 20,000 events made through the real CaseService (in memory, the tiny district) is
written as a scenario file. ``scenario.check_20k_ms`` checks it against the district, the staff,
the workflow and the deadlines (every step decided again); its baseline is reading the file.
``replay.step_back_ms`` is the worst of 40 steps back at random moments; its baseline is the
worst seek to the same moments (a step back is a seek to the position before).
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from commandcenter.replay import Replay
from commandcenter.scenario import Scenario, load_located, write
from commandcenter.scenario_check import check_scenario
from commandcenter.situation import SituationPicture

STEPS = 40


def report(name: str, value: float, unit: str, baseline: float | None, note: str) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit,
            "baseline": None if baseline is None else round(baseline, 3), "note": note}


def run() -> list[dict]:
    from commandcenter.catalog import load_catalog
    from commandcenter.geography.locator import GridLocator
    from commandcenter.worktime import WorkCalendar
    from tests.replay.history import memory_world, simulate
    from tests.world import FakeClock, tiny_district

    clock = FakeClock(datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc))   # 00:00 Beijing time
    store, service, points = memory_world(clock)
    start = clock.now
    simulate(service, clock, points, hours=24, reports_per_hour=130, seed=11, act_chance=0.45)
    scenario = Scenario(start, start + timedelta(days=1), tuple(store.events()), (), "990101")
    district = tiny_district()
    locator = GridLocator(district)

    def locate(lon, lat):
        code = locator.locate(lon, lat)
        if code is None:
            return None
        grid = district.grid(code)
        return grid.code, grid.community_code, grid.street_code

    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "day.jsonl"
        write(scenario, path)
        began = time.perf_counter()
        located = load_located(path, catalog)
        load_ms = (time.perf_counter() - began) * 1e3
    began = time.perf_counter()
    problems = check_scenario(located, district_map=district, locate=locate, users=store.users(), catalog=catalog,
                              calendar=WorkCalendar(), departments=list(catalog.departments))
    check_ms = (time.perf_counter() - began) * 1e3

    replay = Replay(scenario, SituationPicture())
    rng = random.Random(5)
    span = (scenario.end - scenario.start).total_seconds()
    moments = [scenario.start + timedelta(seconds=rng.uniform(60, span)) for _ in range(STEPS)]
    back_ms, seek_ms = [], []
    for t in moments:
        replay.jump(t)
        began = time.perf_counter()
        replay.step_back()
        back_ms.append((time.perf_counter() - began) * 1e3)
        began = time.perf_counter()
        replay.seek(t)
        seek_ms.append((time.perf_counter() - began) * 1e3)
    events = len(scenario.events)
    return [
        report("scenario.check_20k_ms", check_ms, "ms", load_ms,
               f"{events} events checked ({len(problems)} problems); baseline = reading the file"),
        report("replay.step_back_ms", max(back_ms), "ms", max(seek_ms),
               f"worst of {STEPS} steps back in the same day; baseline = worst seek to the same moments"),
    ]


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line, ensure_ascii=False))
