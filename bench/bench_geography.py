"""Geography timings: grid lookup, the Dongcheng import and a big synthetic district.

Run: ``python bench/bench_geography.py`` (prints one JSON line per measurement; ``--runtime``:
only the district part of a start on the 46,000-cell bench database).
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


BIG_DATABASE = Path(os.environ.get("COMMANDCENTER_BENCH_CACHE", "/tmp/commandcenter-bench-city")) / \
    "city46k_100000.sqlite"
RUNTIME_REPEATS = 3


def _main_runtime(store, backend, cache_folder: Path):
    """The district part of a start as main did it before the district cache: row objects and a
    JSON parse and fresh tuple per value, a shapely polygon per cell, the locator's buckets in a
    Python loop, the outlines from the file cache under a fingerprint of every cell's rings."""
    import math

    from commandcenter.districts import merge
    from commandcenter.geography.shapes import multipolygon_from_rings
    from tests.db.district_reference import reference_districts
    from widgets.map.geography_cache import cached_map_geography

    district_map = merge(reference_districts(store))
    ordered = sorted(district_map.grids, key=lambda g: g.code)
    cells = np.array([g.polygon for g in ordered], dtype=object)
    shapely.prepare(cells)
    shapely.STRtree(cells)
    shapely.prepare(multipolygon_from_rings(district_map.district.boundary))
    boxes = [tuple(b) for b in shapely.bounds(cells).tolist()]
    per_deg = 1.0 / 0.0005
    min_x, min_y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_x, max_y = max(b[2] for b in boxes), max(b[3] for b in boxes)
    columns = math.floor((max_x - min_x) * per_deg) + 1
    rows = math.floor((max_y - min_y) * per_deg) + 1
    buckets: list[list[int]] = [[] for _ in range(columns * rows)]
    for cell, (x0, y0, x1, y1) in enumerate(boxes):
        c0, c1 = (math.floor((v - min_x) * per_deg) for v in (x0, x1))
        r0, r1 = (math.floor((v - min_y) * per_deg) for v in (y0, y1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                buckets[r * columns + c].append(cell)
    [tuple(b) for b in buckets]
    return cached_map_geography(district_map, cache_folder)


def _runtime_line() -> dict:
    """What a desk, wall or trainer pays for the district before its window can show:
    build_runtime and the map's geography, on the 46,000-cell bench database, against main's way
    in the same run (both with their caches warm: the second start after an import)."""
    import shutil
    import tempfile

    from db.backend import backend
    from ui.loader import build_runtime, cached_map_geography

    if not BIG_DATABASE.exists():
        return _line("geography.runtime_46k_s", None, "s", None,
                     f"skipped: no {BIG_DATABASE} (python bench/bench_city.py builds it)")
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "big.sqlite"
        shutil.copyfile(BIG_DATABASE, copy)
        store = backend.open_store(f"sqlite:///{copy}")
        ours, main = [], []
        for repeat in range(RUNTIME_REPEATS + 1):
            start = time.process_time()
            runtime = build_runtime(store, backend)
            geography = cached_map_geography(runtime)
            ours.append(time.process_time() - start)
            start = time.process_time()
            reference = _main_runtime(store, backend, Path(folder) / "outlines")
            main.append(time.process_time() - start)
            if repeat == 0:
                assert geography == reference, "the map geography differs from main's"
            start = time.process_time()
            runtime.locate(*runtime.district_map.grids[0].centroid)
            first_locate = time.process_time() - start
    load = os.getloadavg()[0]
    return _line("geography.runtime_46k_s", round(min(ours[1:]), 3), "s", round(min(main[1:]), 3),
                 f"CPU s of build_runtime + the map geography (street/community outlines) on "
                 f"{len(runtime.district_map.grids)} cells, best of {RUNTIME_REPEATS} after a first start that "
                 f"fills the caches (ours {ours[0]:.1f} s, main {main[0]:.1f} s); baseline = main's reading, "
                 f"locator and file-cached outlines in the same run; {min(main[1:]) / min(ours[1:]):.1f}× faster; "
                 f"our locator is built at the first point located ({first_locate:.2f} s, not counted; "
                 f"main built it in every start); load average {load:.1f}")


def run() -> list[dict]:
    lines = [_runtime_line()]
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
    for entry in ([_runtime_line()] if "--runtime" in sys.argv else run()):
        print(json.dumps(entry, ensure_ascii=False))
