"""The desk's read of the picture on a big district (issue #14): what the live feed's worker
thread does before the first picture can be shown — every case read, masked for a dispatcher,
and every open case's amber and red moments worked out — on the cached 46,000-cell district with
100,000 open cases (bench_city builds it once), next to the plain way in the same run: SQLAlchemy
rows through ``db.convert.case_from_row``, each case masked with ``masked_case``, each open case's
moments with ``DeadlineMarks.of`` on the calendar asking the time zone for every moment.

CPU seconds of this process (the work is on one core whatever the thread); wall seconds in the
note. Run: python bench/bench_read.py [--open 100000] (or python bench/run.py read). JSON lines."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OPEN_CASES = 100_000
ROUNDS = 2


def _line(name, value, unit, baseline, note) -> dict:
    ratio = f" (ratio to the baseline {value / baseline:.3g}×)" if baseline else ""
    return dict(name=name, value=value, unit=unit, baseline=baseline, note=note + ratio)


def _timed(fn) -> tuple[float, float, object]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def run(open_cases: int = OPEN_CASES) -> list[dict]:
    from types import SimpleNamespace

    from bench_city import build_big_database
    from commandcenter.catalog import load_catalog
    from commandcenter.collector import collector_paused, thaw
    from commandcenter.deadlines import DeadlineMarks, open_cases as opened
    from commandcenter.privacy import masked_case
    from commandcenter.situation import SituationPicture
    from commandcenter.worktime import WorkCalendar
    from db import open_store
    from db.backend import backend
    from tests.domain.test_deadline_warm import ZoneAskedEveryTime
    from ui.session import PreparingStore

    store = open_store(build_big_database(open_cases), read_only=True)
    catalog = load_catalog()
    holidays, confirmed = backend.holidays(store), backend.confirmed_years(store)

    def fast():
        picture = SituationPicture(source_name="live")
        picture.admit = masked_case
        runtime = SimpleNamespace(catalog=catalog, calendar=WorkCalendar(overrides=holidays, confirmed_years=confirmed))
        preparing = PreparingStore(store, runtime, picture)
        preparing.prepare_deadlines = True
        read = _timed(lambda: store.load_snapshot(admit=masked_case))
        marks = DeadlineMarks(catalog, WorkCalendar(overrides=holidays, confirmed_years=confirmed))
        with collector_paused():   # as the feed's worker works them out
            warm = _timed(lambda: marks.warm(opened(read[2][0])))
        whole = _timed(preparing.load_snapshot)
        thaw()   # the next round starts as this one did
        return read, warm, whole

    def plain():
        read = _timed(lambda: [masked_case(c) for c in store.load_cases()])
        marks = DeadlineMarks(catalog, ZoneAskedEveryTime(overrides=holidays, confirmed_years=confirmed))
        warm_plain = _timed(lambda: [marks.of(c) for c in read[2] if c.is_open])
        marks = DeadlineMarks(catalog, ZoneAskedEveryTime(overrides=holidays, confirmed_years=confirmed))
        with collector_paused():
            warm = _timed(lambda: [marks.of(c) for c in read[2] if c.is_open])
        return read, warm, (read[0] + warm_plain[0], read[1] + warm_plain[1], None)

    store.load_snapshot()   # the file in the page cache, the columns this login may read known
    best_fast = best_plain = None
    for _ in range(ROUNDS):
        for kind, fn in (("fast", fast), ("plain", plain)):
            got = [(cpu, wall) for cpu, wall, _ in fn()]
            if kind == "fast":
                best_fast = got if best_fast is None else [min(a, b) for a, b in zip(best_fast, got)]
            else:
                best_plain = got if best_plain is None else [min(a, b) for a, b in zip(best_plain, got)]
    load = os.getloadavg()[0]
    cases = len(store.load_cases())
    (read_cpu, read_wall), (warm_cpu, warm_wall), (whole_cpu, whole_wall) = best_fast
    (plain_read_cpu, plain_read_wall), (plain_warm_cpu, plain_warm_wall), (plain_cpu, plain_wall) = best_plain
    where = f"{cases:,} cases, {open_cases:,} extra open, load average {load:.1f}"
    return [
        _line("desk.read_100k_s", round(whole_cpu, 2), "s", round(plain_cpu, 2),
              f"the feed's read of the picture for a dispatcher (read, masked, amber/red moments), CPU s, "
              f"best of {ROUNDS}; wall {whole_wall:.2f} s vs {plain_wall:.2f} s; {where}; baseline: the plain way"),
        _line("desk.read_cases_100k_s", round(read_cpu, 2), "s", round(plain_read_cpu, 2),
              f"every case read and masked, CPU s; wall {read_wall:.2f} s vs {plain_read_wall:.2f} s; "
              f"baseline: SQLAlchemy rows through case_from_row, then masked_case per case"),
        _line("desk.warm_100k_s", round(warm_cpu, 3), "s", round(plain_warm_cpu, 3),
              f"every open case's amber and red moments, CPU s; wall {warm_wall:.2f} s vs {plain_warm_wall:.2f} s; "
              f"baseline: DeadlineMarks.of per case on the calendar asking the zone for every moment; "
              f"both with the cycle collector paused, as in the feed"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=OPEN_CASES)
    for result in run(parser.parse_args().open):
        print(json.dumps(result, ensure_ascii=False), flush=True)
