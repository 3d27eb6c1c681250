"""Geography timings: grid lookup, the Dongcheng import and a big synthetic district.

Run: ``python bench/bench_geography.py`` (prints one JSON line per measurement).
The Dongcheng files are read from ../shared/data (or $COMMANDCENTER_SHARED_DATA).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from commandcenter.geography.demo_district import fictional_divisions, procedural_boundary  # noqa: E402
from commandcenter.geography.gridgen import generate_district  # noqa: E402
from commandcenter.geography.locator import GridLocator  # noqa: E402
from commandcenter.geography.readers import read_boundary, read_divisions  # noqa: E402

DATA = Path(os.environ.get("COMMANDCENTER_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
LOOKUPS = 20_000
BASELINE_LOOKUPS = 300
BIG_AREA_KM2 = 450.0
BIG_STREETS = 32
BIG_COMMUNITIES = 800


def _line(name, value, unit, baseline, note) -> dict:
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "note": note}


def _import_dongcheng():
    start = time.perf_counter()
    boundary = read_boundary(DATA / "dongcheng_boundary.geojson", "gcj02")
    divisions = read_divisions(DATA / "dongcheng_divisions.csv", "110101")
    district = generate_district(boundary.geometry, "110101", boundary.name, divisions)
    return district, time.perf_counter() - start


def _lookup_lines(district) -> list[dict]:
    locator = GridLocator(district)
    min_lon, min_lat, max_lon, max_lat = district.bounds
    rng = np.random.default_rng(0)
    lons = rng.uniform(min_lon, max_lon, LOOKUPS).tolist()
    lats = rng.uniform(min_lat, max_lat, LOOKUPS).tolist()
    timings = []
    for lon, lat in zip(lons, lats):
        start = time.perf_counter_ns()
        locator.locate(lon, lat)
        timings.append(time.perf_counter_ns() - start)
    cells = np.array([g.polygon for g in district.grids])
    naive = []
    for lon, lat in zip(lons[:BASELINE_LOOKUPS], lats[:BASELINE_LOOKUPS]):
        start = time.perf_counter_ns()
        np.flatnonzero(shapely.contains_xy(cells, lon, lat))
        naive.append(time.perf_counter_ns() - start)
    start = time.perf_counter()
    locator.locate_many(lons, lats)
    many_us = (time.perf_counter() - start) / LOOKUPS * 1e6
    return [
        _line("locator.lookup_us", round(statistics.median(timings) / 1000, 2), "us",
              round(statistics.median(naive) / 1000, 1),
              f"median of {LOOKUPS} random points in the Dongcheng bbox ({len(cells)} cells); "
              "baseline = shapely.contains_xy over all cells"),
        _line("locator.locate_many_us", round(many_us, 2), "us", round(statistics.median(naive) / 1000, 1),
              "vectorised STRtree lookup, per point, same points"),
    ]


def _big_district_line() -> dict:
    boundary = procedural_boundary(7, BIG_AREA_KM2)
    divisions = fictional_divisions("990102", BIG_STREETS, BIG_COMMUNITIES, 7)
    start = time.perf_counter()
    district = generate_district(boundary, "990102", "大区", divisions, seed=7)
    seconds = time.perf_counter() - start
    return _line("geo.big_district_s", round(seconds, 2), "s", 120.0,
                 f"{BIG_AREA_KM2:.0f} km² synthetic boundary, {BIG_STREETS} streets, {BIG_COMMUNITIES} communities, "
                 f"{len(district.grids)} cells; baseline = the 2-minute requirement")


def run() -> list[dict]:
    lines = []
    if (DATA / "dongcheng_boundary.geojson").exists():
        district, seconds = _import_dongcheng()
        lines.append(_line("geo.dongcheng_import_s", round(seconds, 2), "s", 60.0,
                           f"read GCJ-02 boundary + divisions, generate {len(district.grids)} cells, 17 streets, "
                           "169 communities; baseline = the 1-minute requirement (aim < 10 s)"))
        lines.extend(_lookup_lines(district))
    else:
        lines.append(_line("geo.dongcheng_import_s", None, "s", 60.0, f"skipped: no shared data in {DATA}"))
    lines.append(_big_district_line())
    return lines


if __name__ == "__main__":
    for entry in run():
        print(json.dumps(entry, ensure_ascii=False))
