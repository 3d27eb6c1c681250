"""Intake benchmarks. ``intake.duplicates_ms``: the possible duplicates of one report among
100,000 open cases spread over a district of ~40 km² (the desk's index, built once when the
form opens) against checking every case. ``intake.keys_per_case``: key presses of the scripted
keyboard-only intake path (tests/ui/intake_keys.py) against the characters of the command line
that records the same report (``commandcenter case report …``) and its argument count.
Run: python bench/run.py intake."""
from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = 100_000
LOOKUPS = 200


def _cases(catalog, now):
    from commandcenter.case import Case, Source, Status, Tier

    rng = random.Random(7)
    classes = [s.code for s in catalog.small_classes()]
    out = []
    for i in range(CASES):
        at = now - timedelta(hours=rng.uniform(0, 24 * 30))
        out.append(Case(id=i + 1, number=f"N{i + 1}", version=1, status=Status.REPORTED, source=Source.HOTLINE,
                        kind="event", class_code=rng.choice(classes), tier=Tier.GENERAL, description="d",
                        lon=116.38 + rng.uniform(0, 0.075), lat=39.90 + rng.uniform(0, 0.055), grid_code="g",
                        community_code="c", street_code="s", created_at=at, stage_started_at=at,
                        stage_deadline=None, updated_at=at, updated_by="x"))
    return out


def _median_ms(fn, queries) -> float:
    times = []
    for q in queries:
        t0 = time.perf_counter()
        fn(*q)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    from commandcenter.catalog import load_catalog
    from commandcenter.clock import utc_now
    from commandcenter.duplicates import DuplicateIndex, scan_candidates
    from commandcenter.intake import IntakeDraft, Spot, cli_report_arguments
    from tests.ui import intake_keys

    catalog = load_catalog()
    now = utc_now()
    cases = _cases(catalog, now)
    rng = random.Random(11)
    queries = [(rng.choice(cases).class_code, 116.38 + rng.uniform(0, 0.075), 39.90 + rng.uniform(0, 0.055))
               for _ in range(LOOKUPS)]
    t0 = time.perf_counter()
    index = DuplicateIndex(cases, catalog)
    build_ms = (time.perf_counter() - t0) * 1000
    ours = _median_ms(lambda cls, lon, lat: index.find(cls, lon, lat, now), queries)
    naive = _median_ms(lambda cls, lon, lat: scan_candidates(cases, catalog, cls, lon, lat, now), queries[:20])
    for cls, lon, lat in queries[:20]:   # the index finds exactly what the scan finds
        assert [c.case.id for c in index.find(cls, lon, lat, now)] == \
            [c.case.id for c in scan_candidates(cases, catalog, cls, lon, lat, now)]

    keys = intake_keys.keystrokes()
    draft = IntakeDraft(class_code=intake_keys.CLASS_CODE, description=intake_keys.DESCRIPTION,
                        spot=Spot(116.800585, 39.598650, intake_keys.GRID_CODE, "", "", "grid"))
    argv = list(cli_report_arguments(draft))
    cli_chars = len(" ".join(["commandcenter", *argv]))
    return [
        dict(name="intake.duplicates_ms", value=round(ours, 3), unit="ms", baseline=round(naive, 1),
             note=f"median of {LOOKUPS} lookups among {CASES:,} open cases (50 m, 72 h, same big class); "
                  f"index built once in {build_ms:.0f} ms when the form opens; baseline = checking every case"),
        dict(name="intake.keys_per_case", value=keys, unit="keys", baseline=cli_chars,
             note=f"F2 → Ctrl+Enter with phone, class by pinyin initials, description, grid code; baseline = "
                  f"characters of the same `commandcenter case report` line ({len(argv) - 2} arguments, "
                  f"no phone, source or tier, coordinates looked up by hand)"),
    ]


if __name__ == "__main__":
    import json

    for line in run():
        print(json.dumps(line, ensure_ascii=False))
