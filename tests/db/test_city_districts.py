"""A city of two districts in one database (SQLite and PostgreSQL): both on the map and in the
KPIs by district; a user assigned to one district sees and acts on only its cases — the service
refuses the other district's, writing nothing."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from commandcenter.districts import OtherDistrict, UnknownDistrict, in_district, restrict
from commandcenter.errors import DomainError
from commandcenter.geography.model import District, DistrictMap
from commandcenter.messages import render
from commandcenter.runtime import build_runtime
from commandcenter.situation import SituationPicture
from db.backend import backend
from tests.cli.helpers import run
from tests.world import DLON, FakeClock, build_world, tiny_district

EAST = "990102"


def east_district() -> DistrictMap:
    """The tiny district's twin, 990102, just east of it (no shared cell)."""
    west = tiny_district()
    shift = 5 * DLON

    def moved(ring):
        return tuple((x + shift, y) for x, y in ring)

    def code(text):
        return EAST + text[6:]

    d = west.district
    district = District(EAST, "测试东区", d.datum, tuple(tuple(moved(r) for r in p) for p in d.boundary), d.area_m2)
    streets = tuple(replace(s, code=code(s.code), district_code=EAST, name="东" + s.name) for s in west.streets)
    communities = tuple(replace(c, code=code(c.code), street_code=code(c.street_code)) for c in west.communities)
    grids = tuple(replace(g, code=code(g.code), community_code=code(g.community_code), street_code=code(g.street_code),
                          rings=tuple(moved(r) for r in g.rings), centroid=(g.centroid[0] + shift, g.centroid[1]))
                  for g in west.grids)
    return DistrictMap(district, streets, communities, grids)


@pytest.fixture
def city(db_url):
    """The tiny world (district 990101) with 990102 added, and users assigned to one district each."""
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    backend.save_district_map(rt.store, east_district(), add=True)
    from tests.world import _HASH

    backend.add_users_bulk(rt.store, [
        dict(name="disp_w", display_name="西区派遣员", role="dispatcher", password_hash=_HASH, district_code="990101"),
        dict(name="disp_e", display_name="东区派遣员", role="dispatcher", password_hash=_HASH, district_code=EAST),
        dict(name="sup_w", display_name="西区监督员", role="supervisor", password_hash=_HASH, district_code="990101"),
    ])
    return build_runtime(rt.store, backend, clock=clock), db_url


def report_in(rt, grid, who="sup"):
    lon, lat = grid.centroid
    return rt.service.report(who, source="supervisor", class_code="E0102", lon=lon, lat=lat, description="暴露垃圾")


def to_dispatching(rt, case):
    case = rt.service.act("taker", case.id, "accept")
    return rt.service.act("leader", case.id, "register")


def test_both_districts_are_in_one_database_and_on_one_map(city):
    rt, _ = city
    districts = backend.load_districts(rt.store)
    assert [d.district.code for d in districts] == ["990101", EAST]
    assert [len(d.grids) for d in districts] == [16, 16]
    assert len(rt.district_map.grids) == 32 and backend.counts(rt.store)["districts"] == 2
    east_cell = districts[1].grids[5]
    assert rt.locate(*east_cell.centroid)[0] == east_cell.code
    assert restrict(districts, EAST).district.name == "测试东区"
    with pytest.raises(UnknownDistrict, match="990101, 990102"):
        restrict(districts, "110101")


def test_the_same_district_twice_is_refused_and_nothing_changes(city):
    rt, _ = city
    with pytest.raises(DomainError, match="990102 is already in this database"):
        backend.save_district_map(rt.store, east_district(), add=True)
    assert backend.counts(rt.store)["grids"] == 32


def test_a_district_dispatcher_cannot_act_on_the_other_district_and_nothing_is_written(city):
    rt, _ = city
    west_grid, east_grid = rt.district_map.grid("990101001001001"), rt.district_map.grid(EAST + "001001001")
    east_case = to_dispatching(rt, report_in(rt, east_grid))
    west_case = to_dispatching(rt, report_in(rt, west_grid))
    events_before = len(rt.store.events_of_case(east_case.id))
    with pytest.raises(OtherDistrict) as refused:
        rt.service.act("disp_w", east_case.id, "dispatch", department="szsr")
    assert rt.store.case(east_case.id) == east_case
    assert len(rt.store.events_of_case(east_case.id)) == events_before
    assert render(refused.value, "zh") == (f"案件 {east_case.number} 属于 {EAST} 区；disp_w 负责 990101 区，无权处理。")
    assert "may not act on it" in render(refused.value, "en")
    # their own district's case goes through, and the other district's own dispatcher may act on its case
    assert rt.service.act("disp_w", west_case.id, "dispatch", department="szsr").department_code == "szsr"
    assert rt.service.act("disp_e", east_case.id, "dispatch", department="szsr").department_code == "szsr"
    # a city-wide dispatcher (no district) may act anywhere
    assert {u.name: u.district_code for u in rt.store.users()}["disp_e"] == EAST


def test_a_district_supervisor_cannot_report_into_the_other_district(city):
    rt, _ = city
    east_grid = rt.district_map.grid(EAST + "002002004")
    cases_before = backend.counts(rt.store)["cases"]
    with pytest.raises(OtherDistrict):
        report_in(rt, east_grid, who="sup_w")
    assert backend.counts(rt.store)["cases"] == cases_before
    assert report_in(rt, rt.district_map.grid("990101002002004"), who="sup_w").grid_code == "990101002002004"


def test_kpi_by_district_lists_both(city, capsys):
    rt, url = city
    for grid in (rt.district_map.grid("990101001001001"), rt.district_map.grid(EAST + "001001001"),
                 rt.district_map.grid(EAST + "001002001")):
        report_in(rt, grid)
    start, end = FakeClock()().replace(hour=0), FakeClock()().replace(hour=23)
    groups = backend.kpi(rt.store, start, end, by="district")
    assert {k: v.reported for k, v in groups.items()} == {"990101": 1, EAST: 2}
    code, out, err = run(capsys, "kpi", "--by", "district", "--from", "2026-11-24", "--to", "2026-11-24",
                         "--format", "json", "--db", url)
    assert code == 0, err
    rows = {r["district"]: r["reported"] for r in json.loads(out)["rows"]}
    assert rows == {"990101": 1, EAST: 2, "total": 3}


def test_a_district_picture_holds_only_its_cases_at_load_and_live(city):
    rt, _ = city
    west = report_in(rt, rt.district_map.grid("990101001001001"))
    east = report_in(rt, rt.district_map.grid(EAST + "001001001"))
    picture = SituationPicture()
    picture.scope = in_district("990101")
    cases, seq = rt.store.load_snapshot()
    picture.reset(cases, last_seq=seq)
    assert set(picture.cases) == {west.id}
    to_dispatching(rt, east)
    later_east = report_in(rt, rt.district_map.grid(EAST + "001001002"))
    later_west = report_in(rt, rt.district_map.grid("990101001001002"))
    seen = []
    picture.events.cases.connect(seen.append)
    picture.apply(rt.store.events_after(seq))
    assert set(picture.cases) == {west.id, later_west.id}
    assert [c.added for c in seen] == [frozenset({later_west.id})] and later_east.id not in picture.cases
    assert picture.last_seq == rt.store.events_after(0)[-1].seq
