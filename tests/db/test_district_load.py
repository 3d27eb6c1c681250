"""The stored geography read the fast way (driver cursor, flat arrays, outlines kept in the
database) gives every screen and command exactly what the plain reading and computing gave:
the same DistrictMap, the same locator answers, the same map geography — on the real Dongcheng
district, a generated one and a city of two, on SQLite and PostgreSQL; and a cache of another
geography (after a re-import) or a damaged one is never shown."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from sqlalchemy import select, update

from commandcenter.districts import merge, restrict
from commandcenter.geography.demo_district import build_demo_district
from commandcenter.geography.locator import GridLocator
from commandcenter.geography.model import DistrictMap
from commandcenter.runtime import build_runtime
from db.backend import backend
from db.models import DistrictCacheRow
from tests.cli.helpers import run
from tests.db.district_reference import reference_districts
from tests.db.test_city_districts import east_district
from tests.geography.dongcheng import dongcheng_map
from tests.world import tiny_district
from widgets.map.geography import map_geography


def holed_district() -> DistrictMap:
    """The tiny district with a courtyard cut out of one cell (a ring inside it) and that cell's
    ring given a vertex more: rings of several lengths and a hole."""
    base = tiny_district()
    first = base.grids[0]
    (x0, y0), (x1, _), (_, y1) = first.rings[0][0], first.rings[0][1], first.rings[0][2]
    mid = ((x0 + x1) / 2, y0)
    dx, dy = (x1 - x0) / 4, (y0 - y1) / 4
    hole = ((x0 + dx, y0 - dy), (x0 + dx, y1 + dy), (x1 - dx, y1 + dy), (x1 - dx, y0 - dy), (x0 + dx, y0 - dy))
    outer = (first.rings[0][0], mid) + first.rings[0][1:]
    grids = (replace(first, rings=(outer, hole)),) + base.grids[1:]
    return DistrictMap(base.district, base.streets, base.communities, grids)


def assert_same_as_reference(store, loaded: DistrictMap) -> None:
    """The map read fast equals the reference reading, and so does everything derived from it:
    outlines, label points, what the map draws and where the locator puts points."""
    reference = merge(reference_districts(store))
    assert loaded == reference
    assert [g.rings for g in loaded.grids] == [g.rings for g in reference.grids]
    assert map_geography(loaded) == map_geography(reference)
    fresh, fast = GridLocator(reference), GridLocator(loaded)
    lons, lats = _probe_points(reference)
    assert fast.locate_many(lons, lats) == fresh.locate_many(lons, lats)
    assert [fast.locate(x, y) for x, y in zip(lons[:400], lats[:400])] == fresh.locate_many(lons[:400], lats[:400])


def _probe_points(district_map: DistrictMap):
    """Random points over (and around) the district, and every vertex of every 7th cell (borders)."""
    min_lon, min_lat, max_lon, max_lat = district_map.bounds
    rng = np.random.default_rng(5)
    lons = rng.uniform(min_lon - 0.002, max_lon + 0.002, 600).tolist()
    lats = rng.uniform(min_lat - 0.002, max_lat + 0.002, 600).tolist()
    for grid in district_map.grids[::7]:
        for x, y in grid.rings[0]:
            lons.append(x)
            lats.append(y)
    return lons, lats


def cached_kinds(store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(DistrictCacheRow.kind, DistrictCacheRow.fingerprint)).all())


@pytest.mark.parametrize("make", [dongcheng_map, build_demo_district, holed_district],
                         ids=["dongcheng", "generated", "holed"])
def test_fast_reading_equals_the_reference_and_the_kept_outlines_equal_computed_ones(db_url, make):
    store = backend.open_store(db_url)
    backend.save_district_map(store, make())
    first = backend.load_district_map(store)
    assert not first.knows_outlines()                  # nothing kept yet: computed on demand
    assert cached_kinds(store).keys() == {"grids"}     # the grids' arrays were kept while reading
    assert_same_as_reference(store, first)
    backend.save_district_outlines(store, first)       # as the first desk does after drawing
    again = backend.load_district_map(store)           # the next start: arrays and outlines from the cache
    assert again.knows_outlines()
    assert_same_as_reference(store, again)
    assert again.source == first.source and set(cached_kinds(store).values()) == {first.source}


def test_a_city_of_two_districts_and_a_district_desk_read_the_same(db_url):
    store = backend.open_store(db_url)
    backend.save_district_map(store, holed_district())
    backend.save_district_map(store, east_district(), add=True)
    backend.warm_district_cache(store)
    assert_same_as_reference(store, backend.load_district_map(store))
    east = restrict(backend.load_districts(store), "990102")
    assert east.knows_outlines()
    assert east == restrict(reference_districts(store), "990102")
    assert map_geography(east) == map_geography(restrict(reference_districts(store), "990102"))


def test_a_reimport_of_the_grids_is_never_shown_with_the_old_outlines(sqlite_url, tmp_path):
    store = backend.open_store(sqlite_url)
    backend.save_district_map(store, tiny_district())
    backend.warm_district_cache(store)
    before = backend.load_district_map(store)
    assert before.knows_outlines()
    # the survey moves two cells of street 001 into street 002: outlines and labels change
    moved = tiny_district()
    grids = tuple(replace(g, community_code="990101002001", street_code="990101002")
                  if g.code in ("990101001001001", "990101001001002") else g for g in moved.grids)
    survey = DistrictMap(moved.district, moved.streets, moved.communities, grids)
    backend.save_district_map(store, survey)
    after = backend.load_district_map(store)
    assert after.source != before.source
    assert not after.knows_outlines()                   # the kept outlines were of the old grids
    assert after.street_outline("990101001") != before.street_outline("990101001")
    assert_same_as_reference(store, after)


def test_import_grids_keeps_the_outlines_of_the_new_grid_version(capsys, sqlite_url, tmp_path):
    """`import-grids --replace` on a district with cases: a new grid version; the import keeps
    the outlines of the new grids (not the old ones), and a start after it shows them."""
    from tests.cli.test_import_grids import survey_features, write
    from tests.world import build_world, cell_point

    rt = build_world(sqlite_url)
    lon, lat = cell_point(0)
    rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description="垃圾")
    backend.warm_district_cache(rt.store)
    before = backend.load_district_map(rt.store)
    features = survey_features()
    ring = features[0]["geometry"]["coordinates"][0]
    ring[1][0] -= 0.0003                                # the survey moved the east side of the first cell
    ring[2][0] -= 0.0003
    code, out, err = run(capsys, "import-grids", write(tmp_path / "v2.geojson", features), "--replace", "--local-admin",
                         "--db", sqlite_url)
    assert code == 0, err
    assert "new grid version" in out
    after = backend.load_district_map(rt.store)
    assert after.source != before.source and after.knows_outlines()
    assert set(cached_kinds(rt.store).values()) == {after.source}
    assert after.community_outline("990101001001") != before.community_outline("990101001001")
    assert_same_as_reference(rt.store, after)


def test_db_upgrade_derives_the_outlines_a_database_from_before_the_cache_lacks(capsys, sqlite_url):
    """A database upgraded from before the cache: `db upgrade` derives the outlines, so the first
    desk after the upgrade does not spend its start on them."""
    store = backend.open_store(sqlite_url)
    backend.save_district_map(store, tiny_district())
    with store.engine.begin() as conn:
        conn.execute(DistrictCacheRow.__table__.delete())
    assert not backend.load_district_map(store).knows_outlines()
    code, out, err = run(capsys, "db", "upgrade", "--db", sqlite_url)
    assert code == 0, err
    assert "outlines" in out
    assert backend.load_district_map(store).knows_outlines()


def test_a_damaged_cache_is_not_used(sqlite_url):
    store = backend.open_store(sqlite_url)
    backend.save_district_map(store, holed_district())
    backend.warm_district_cache(store)
    fingerprint = backend.load_district_map(store).source
    with store.engine.begin() as conn:
        conn.execute(update(DistrictCacheRow).values(payload=b"\x07" * 40))
    damaged = backend.load_district_map(store)
    assert damaged.source == fingerprint and not damaged.knows_outlines()
    assert_same_as_reference(store, damaged)
    # the grids' arrays were written again while reading; the outlines on the next save
    backend.save_district_outlines(store, damaged)
    assert backend.load_district_map(store).knows_outlines()


def test_a_read_only_start_reads_without_writing(sqlite_url):
    writable = backend.open_store(sqlite_url)
    backend.save_district_map(writable, holed_district())
    reader = backend.open_store(sqlite_url, read_only=True)
    runtime = build_runtime(reader, backend)
    assert_same_as_reference(reader, runtime.district_map)
    lons, lats = _probe_points(runtime.district_map)           # the runtime's locator is built at its first use
    expected = GridLocator(merge(reference_districts(reader))).locate_many(lons, lats)
    assert [runtime.locator.locate(x, y) for x, y in zip(lons, lats)] == expected
    backend.save_district_outlines(reader, runtime.district_map)
    assert cached_kinds(writable) == {}


def test_ring_arrays_round_trip_bytes_exactly():
    from commandcenter.geography.ring_arrays import RingArrays

    polygons = [g.rings for g in holed_district().grids]
    arrays = RingArrays.of_polygons(polygons)
    back, end = RingArrays.from_bytes(arrays.to_bytes())
    assert end == len(arrays.to_bytes()) and back.polygon_rings() == polygons
    with pytest.raises(ValueError):
        RingArrays.from_bytes(arrays.to_bytes()[:-8])


def test_a_copy_of_the_geography_uses_the_outlines_kept_for_the_original(tmp_path):
    """A training sandbox copies production's districts: identical rows, the same fingerprint, so
    the outlines production keeps serve the sandbox's first start too."""
    production = backend.open_store(f"sqlite:///{tmp_path / 'production.sqlite'}")
    backend.save_district_map(production, holed_district())
    backend.save_district_map(production, east_district(), add=True)
    backend.warm_district_cache(production)
    sandbox = backend.open_store(f"sqlite:///{tmp_path / 'sandbox.sqlite'}")
    districts = backend.load_districts(production)
    for index, district_map in enumerate(districts):
        backend.save_district_map(sandbox, district_map, add=index > 0)
    backend.save_district_outlines(sandbox, merge(districts))
    copied = backend.load_district_map(sandbox)
    assert copied.source == merge(districts).source and copied.knows_outlines()
    assert_same_as_reference(sandbox, copied)
