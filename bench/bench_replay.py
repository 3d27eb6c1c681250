"""Benchmark of replay seeks; prints JSON lines, asserts nothing.

Run: python -m bench.bench_replay
A day of about 20,000 events is made through the real CaseService (in memory). ``replay.seek_ms``
is the worst and the mean time of ``Replay.seek`` to random moments of that day (nearest keyframe
plus folding); the baseline folds every event from the start of the day up to the same moments.
"""
from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta, timezone

from commandcenter.replay import Replay, fold_events
from commandcenter.scenario import Scenario
from commandcenter.situation import SituationPicture

SEEKS = 40


def _day_of_events():
    from tests.replay.history import memory_world, simulate
    from tests.world import FakeClock

    clock = FakeClock(datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc))   # 00:00 Beijing time
    store, service, points = memory_world(clock)
    start = clock.now
    simulate(service, clock, points, hours=24, reports_per_hour=130, seed=11, act_chance=0.45)
    return Scenario(start, start + timedelta(days=1), tuple(store.events()))


def report(name: str, value: float, unit: str, baseline: float | None, note: str) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit,
            "baseline": None if baseline is None else round(baseline, 3), "note": note}


def run() -> list[dict]:
    began = time.perf_counter()
    scenario = _day_of_events()
    made_s = time.perf_counter() - began
    began = time.perf_counter()
    replay = Replay(scenario, SituationPicture())
    build_ms = (time.perf_counter() - began) * 1e3
    rng = random.Random(3)
    span = (scenario.end - scenario.start).total_seconds()
    moments = [scenario.start + timedelta(seconds=rng.uniform(0, span)) for _ in range(SEEKS)]
    seek_ms = []
    for t in moments:
        began = time.perf_counter()
        replay.seek(t)
        seek_ms.append((time.perf_counter() - began) * 1e3)
    fold_ms = []
    for t in moments:
        began = time.perf_counter()
        fold_events([e for e in scenario.events if e.at <= t])
        fold_ms.append((time.perf_counter() - began) * 1e3)
    events, cases = len(scenario.events), len(replay.state_at(scenario.end))
    return [
        report("replay.seek_ms", max(seek_ms), "ms", max(fold_ms),
               f"worst of {SEEKS} seeks in a day of {events} events / {cases} cases; "
               f"baseline = fold from the start of the day"),
        report("replay.seek_mean_ms", sum(seek_ms) / SEEKS, "ms", sum(fold_ms) / SEEKS,
               "mean of the same seeks; baseline = fold from the start"),
        report("replay.keyframes_build_ms", build_ms, "ms", None,
               f"one pass over the day building keyframes (history made in {made_s:.1f} s)"),
    ]


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line, ensure_ascii=False))
