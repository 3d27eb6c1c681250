"""Benchmark of working-time deadlines and countdowns; prints JSON lines, asserts nothing.

Run: python -m tests.domain.bench_worktime
The baseline is a straightforward day-by-day walk over the same calendar, the approach the
year tables replace.
"""
from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from commandcenter.worktime import TimeLimit, WorkCalendar

CASES = 50_000


def day_walk_seconds(calendar: WorkCalendar, a: datetime, b: datetime) -> float:
    """Working seconds from a to b (a <= b) by visiting every local day in between."""
    zone = ZoneInfo(calendar.tz)
    day, last = a.astimezone(zone).date(), b.astimezone(zone).date()
    total = 0.0
    while day <= last:
        if calendar.is_working_day(day):
            for opens, closes in calendar.office_hours:
                start = max(datetime.combine(day, opens, zone), a)
                end = min(datetime.combine(day, closes, zone), b)
                total += max((end - start).total_seconds(), 0.0)
        day += timedelta(days=1)
    return total


def report(name: str, value: float, unit: str, baseline: float | None, note: str) -> None:
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit,
                      "baseline": None if baseline is None else round(baseline, 3), "note": note}))


def main() -> None:
    rng = random.Random(7)
    now = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
    starts = [now - timedelta(seconds=rng.uniform(0, 30 * 86400)) for _ in range(CASES)]
    limits = [TimeLimit.parse(rng.choice(["2wh", "4wh", "1wd", "5wd", "15wd"])) for _ in range(CASES)]

    cold = WorkCalendar()
    began = time.perf_counter()
    cold.add(now, TimeLimit.parse("1wh"))
    report("worktime.first_call", (time.perf_counter() - began) * 1e3, "ms", None,
           "builds the year table (365 days) on first use")

    calendar = WorkCalendar()
    began = time.perf_counter()
    deadlines = [calendar.add(start, limit) for start, limit in zip(starts, limits)]
    add_us = (time.perf_counter() - began) / CASES * 1e6

    began = time.perf_counter()
    for start, due in zip(starts[:2000], deadlines[:2000]):
        day_walk_seconds(calendar, start, due)
    walk_us = (time.perf_counter() - began) / 2000 * 1e6
    report("worktime.add", add_us, "us/call", walk_us,
           f"{CASES} deadlines 2wh..15wd; baseline = day-walk measuring the same span")

    began = time.perf_counter()
    for due in deadlines:
        calendar.remaining(now, due, "work_hours")
    countdown_s = time.perf_counter() - began
    report("worktime.countdowns", countdown_s * 1e3, "ms", walk_us * CASES / 1e3,
           f"remaining() for {CASES} open cases; baseline = day-walk estimate for the same cases")


if __name__ == "__main__":
    main()
