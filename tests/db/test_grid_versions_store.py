"""Grid versions in the store, on SQLite and PostgreSQL: a new survey splits one grid and drops
another; the retired versions stay answerable for past moments, components follow their points,
cases keep their grid, and a survey leaving a component uncovered changes nothing."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
import shapely

from commandcenter.errors import ValidationError
from commandcenter.geography.model import DistrictMap
from commandcenter.kpi_asof import cases_as_of
from db import open_store
from db.backend import backend
from tests.world import DLON, FakeClock, build_world, cell_point, tiny_district

BEFORE = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
CHANGE = datetime(2026, 12, 1, 2, tzinfo=timezone.utc)
AFTER = datetime(2026, 12, 2, tzinfo=timezone.utc)


def _resurveyed(drop: int | None = 15) -> tuple[DistrictMap, str]:
    """Cell 5 cut into a west and an east half (the east half a new grid); cell ``drop`` gone."""
    district = tiny_district()
    cell = district.grids[5]
    (x0, y1), _, (x1, y0) = cell.rings[0][0], cell.rings[0][1], cell.rings[0][2]
    middle = x0 + DLON / 2
    west = replace(cell, rings=(((x0, y1), (middle, y1), (middle, y0), (x0, y0), (x0, y1)),), area_m2=5000.0,
                   centroid=((x0 + middle) / 2, (y0 + y1) / 2))
    new_code = cell.community_code + "005"
    east = replace(cell, code=new_code, rings=(((middle, y1), (x1, y1), (x1, y0), (middle, y0), (middle, y1)),),
                   area_m2=5000.0, centroid=((middle + x1) / 2, (y0 + y1) / 2))
    grids = [west if g.code == cell.code else g for i, g in enumerate(district.grids) if i != drop] + [east]
    outline = shapely.union_all([g.polygon for g in grids]).normalize()      # the survey's own extent
    boundary = (tuple(tuple(r.coords) for r in (outline.exterior, *outline.interiors)),)
    return replace(district, grids=tuple(grids), district=replace(district.district, boundary=boundary)), new_code


def test_a_new_survey_is_a_new_version_and_the_old_one_stays_answerable(db_url):
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    rt = build_world(db_url, clock=clock)
    old = tiny_district().grids
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=cell_point(5)[0] + DLON / 4,
                             lat=cell_point(5)[1], description="暴露垃圾")
    backend.save_components(rt.store, [("9901010101000001", "0101", old[5].code, cell_point(5)[0] + DLON / 4,
                                        cell_point(5)[1]),
                                       ("9901010101000002", "0101", old[15].code, *cell_point(15))])
    resurveyed, new_code = _resurveyed()
    with pytest.raises(ValidationError, match="outside the new grids"):
        backend.save_grid_version(rt.store, resurveyed, CHANGE)       # cell 15's component would be lost
    assert len(backend.load_district_map(rt.store).grids) == 16       # nothing changed
    resurveyed, new_code = _resurveyed(drop=14)
    changes = backend.save_grid_version(rt.store, resurveyed, CHANGE)
    assert (changes.changed, changes.added, changes.removed) == ((old[5].code,), (new_code,), (old[14].code,))
    assert changes.unchanged == 14 and changes.components_moved == 1

    store = open_store(db_url)
    assert store.case(case.id).grid_code == old[5].code
    current = {g.code: g for g in backend.load_district_map(store).grids}
    assert new_code in current and old[14].code not in current and current[old[5].code].area_m2 == 5000.0
    assert dict((c, g) for c, _, g, *_ in backend.components(store))["9901010101000001"] == new_code
    then, now = backend.grids_in_force(store, BEFORE), backend.grids_in_force(store, AFTER)
    assert then[old[5].code].area_m2 == 10000.0 and then[old[5].code].valid_to == CHANGE
    assert old[14].code in then and new_code not in then
    assert now[old[5].code].area_m2 == 5000.0 and now[old[5].code].valid_from == CHANGE
    assert old[14].code not in now and now[new_code].valid_to is None


def test_the_overdue_list_of_the_store_equals_the_fold_of_the_log(db_url):
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    rt = build_world(db_url, clock=clock)
    cases = [rt.service.report("sup", source="supervisor", class_code="E0102", lon=cell_point(i)[0],
                               lat=cell_point(i)[1], description="暴露垃圾") for i in range(3)]
    rt.service.act("taker", cases[0].id, "accept")
    clock.advance(hours=3)
    rt.service.act("taker", cases[1].id, "accept")
    events = rt.store.events_between(None, None)
    for moment in (datetime(2026, 11, 24, 1, 45, tzinfo=timezone.utc), BEFORE, AFTER):
        folded = {c.number for c in cases_as_of(events, moment).values() if c.is_overdue(moment)}
        assert {c.number for c in backend.overdue_at(rt.store, moment)} == folded
    assert len(backend.overdue_at(rt.store, AFTER)) == 3
