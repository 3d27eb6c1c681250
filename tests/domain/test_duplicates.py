"""Duplicates (重复件) and merges (合并) through the real services, on SQLite and PostgreSQL:
who may take each step, what the cases and the log hold afterwards, how the KPIs count them,
and which open cases are offered as candidates."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.case import Status
from commandcenter.catalog import load_catalog
from commandcenter.duplicates import DuplicateIndex, DuplicateRule, distance_m, scan_candidates
from commandcenter.errors import IllegalTransition, PermissionDenied, ValidationError
from commandcenter.kpi import compute, total
from commandcenter.verify import verify_chain, verify_history
from commandcenter.workflow import fold
from db.kpi_sql import compute_in_db
from tests.world import LON0, FakeClock, build_world, cell_point


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def rt(db_url, clock):
    return build_world(db_url, clock=clock)


def report(rt, who="taker", cls="E0102", cell=0, source="hotline", description="路边暴露垃圾"):
    lon, lat = cell_point(cell)
    return rt.service.report(who, source=source, class_code=cls, lon=lon, lat=lat, description=description,
                             reporter_name="王五", reporter_phone="13800001111")


def test_a_call_taken_as_a_duplicate_is_counted_on_the_open_case(rt, clock):
    case = report(rt)
    clock.advance(minutes=20)
    linked = rt.service.report_duplicate("taker", case.id, source="app", description="又一位市民反映",
                                         reporter_name="赵六", reporter_phone="13900002222")
    assert linked.duplicate_count == 1 and linked.status is Status.REPORTED
    assert len(rt.store.load_cases()) == 1                     # no new case in the loop
    event = rt.store.events_of_case(case.id)[-1]
    assert event.type == "duplicate_report" and event.actor == "taker"
    assert (event.payload["reporter_name"], event.payload["reporter_phone"]) == ("赵六", "13900002222")
    assert fold(rt.store.events_of_case(case.id)) == rt.store.case(case.id)


@pytest.mark.parametrize("who", ["disp", "leader", "cg", "boss"])
def test_only_reporting_posts_take_a_duplicate(rt, who):
    case = report(rt)
    with pytest.raises(PermissionDenied):
        rt.service.report_duplicate(who, case.id, source="hotline", description="x")
    assert rt.store.case(case.id).duplicate_count == 0


def test_a_duplicate_of_a_finished_case_or_with_a_bad_phone_is_refused(rt):
    case = report(rt)
    rt.service.act("taker", case.id, "reject", reason="不属于城管")
    with pytest.raises(ValidationError) as closed:
        rt.service.report_duplicate("taker", case.id, source="hotline", description="x")
    assert closed.value.reason == "duplicate_not_open"
    other = report(rt, cell=3)
    with pytest.raises(ValidationError) as phone:
        rt.service.report_duplicate("taker", other.id, source="hotline", description="x", reporter_phone="12ab")
    assert phone.value.field == "reporter_phone"
    assert rt.store.case(other.id).version == 1


def test_a_shift_leader_merges_two_open_cases_and_both_histories_stay(rt, clock):
    survivor, merged = report(rt), report(rt, cls="E0103", cell=1)
    clock.advance(minutes=5)
    survivor, merged = rt.service.merge("leader", survivor.id, merged.id, reason="同一堆垃圾")
    assert merged.status is Status.MERGED and merged.merged_into == survivor.id and not merged.is_open
    assert merged.stage_deadline is None and survivor.status is Status.REPORTED
    assert [e.type for e in rt.store.events_of_case(merged.id)] == ["report", "merge_into"]
    assert [e.type for e in rt.store.events_of_case(survivor.id)] == ["report", "merge_in"]
    assert rt.store.events_of_case(survivor.id)[-1].payload["merged_number"] == merged.number
    for case in (survivor, merged):
        assert fold(rt.store.events_of_case(case.id)) == rt.store.case(case.id) == case
    with pytest.raises(IllegalTransition):
        rt.service.merge("leader", survivor.id, merged.id)   # already merged
    with pytest.raises(ValidationError):
        rt.service.merge("leader", survivor.id, survivor.id)
    assert verify_chain(rt.store).ok and verify_history(rt.store).difference is None


@pytest.mark.parametrize("who", ["taker", "disp", "sup", "cg", "boss"])
def test_only_a_shift_leader_merges(rt, who):
    a, b = report(rt), report(rt, cell=1)
    with pytest.raises(PermissionDenied):
        rt.service.merge(who, a.id, b.id)
    assert rt.store.case(b.id).status is Status.REPORTED


def test_kpis_count_duplicate_and_merged_reports_apart_in_python_and_sql(rt, clock):
    start = clock.now
    clock.advance(minutes=1)    # a state at the window's start itself counts as "at start"
    a, b, c = report(rt), report(rt, cell=1), report(rt, cell=2)
    rt.service.report_duplicate("taker", a.id, source="hotline", description="再次反映")
    rt.service.report_duplicate("sup", a.id, source="supervisor", description="监督员也看到了")
    clock.advance(minutes=10)
    rt.service.merge("leader", a.id, b.id)
    end = clock.now + timedelta(hours=1)
    in_python = total(compute(rt.store.load_cases(), start, end, now=end))
    in_sql = total(compute_in_db(rt.store, start, end, now=end))
    assert in_python == in_sql
    assert (in_python.reported, in_python.duplicate_reports, in_python.merged) == (3, 2, 1)
    assert in_python.closed == 0 and in_python.due_to_close == 0
    assert c.is_open


def test_candidates_are_open_near_recent_and_of_the_same_big_class():
    catalog = load_catalog()
    clock = FakeClock()
    now = clock.now
    rule = DuplicateRule(radius_m=50, window_h=72)
    lon, lat = cell_point(5)

    def case(id_, cls, dlon_m=0.0, age_h=1.0, status=Status.REPORTED):
        from commandcenter.case import Case, Source, Tier

        at = now - timedelta(hours=age_h)
        return Case(id=id_, number=f"N{id_}", version=1, status=status, source=Source.HOTLINE, kind="event",
                    class_code=cls, tier=Tier.GENERAL, description="d", lon=lon + dlon_m / 85_900, lat=lat,
                    grid_code="g", community_code="c", street_code="s", created_at=at, stage_started_at=at,
                    stage_deadline=None, updated_at=at, updated_by="x")

    cases = [case(1, "E0102"), case(2, "E0103", dlon_m=30), case(3, "E0102", dlon_m=80),
             case(4, "E0102", age_h=80), case(5, "E0102", status=Status.CLOSED), case(6, "E0201"),
             case(7, "0101")]
    expected = [1, 2]
    assert [c.case.id for c in scan_candidates(cases, catalog, "E0102", lon, lat, now, rule)] == expected
    index = DuplicateIndex(cases, catalog, rule)
    assert [c.case.id for c in index.find("E0102", lon, lat, now)] == expected
    assert 25 < distance_m(lon, lat, lon + 30 / 85_900, lat) < 35
    wider = DuplicateIndex(cases, catalog, DuplicateRule(radius_m=100, window_h=100))
    assert [c.case.id for c in wider.find("E0105", lon, lat, now)] == [1, 4, 2, 3]   # nearest first


@pytest.mark.parametrize("lat0", [39.9, 0.0, 62.5, -45.0])
def test_open_cases_found_by_place_are_every_open_case_within_the_radius(lat0):
    """The case panel finds possible duplicates among the open cases in the squares around the
    case: none within the radius may be missed, at any latitude, after cases move or close."""
    import random
    from dataclasses import replace as changed

    from commandcenter.case import Case
    from commandcenter.nearby import NearbyCases

    rnd = random.Random(lat0)
    base = Case(id=0, number="0", version=1, status=Status.HANDLING, source=None, kind="event", class_code="0101",
                tier=None, description="", lon=None, lat=None, grid_code="", community_code="", street_code="",
                created_at=None, stage_started_at=None, stage_deadline=None, updated_at=None, updated_by="")
    cases = {i: changed(base, id=i, lon=116.4 + rnd.uniform(-0.01, 0.01), lat=lat0 + rnd.uniform(-0.01, 0.01))
             for i in range(1, 6001)}
    cases[6001] = changed(base, id=6001)                                   # no position yet
    index = NearbyCases(cases.values())
    for i in rnd.sample(range(1, 6001), 300):                               # moved, closed, moved again
        cases[i] = changed(cases[i], lon=cases[i].lon + rnd.uniform(-0.001, 0.001),
                           status=rnd.choice([Status.CLOSED, Status.DISPATCHING]))
        index.put(cases[i])
    for i in rnd.sample(range(1, 6001), 50):                                # gone, some come back
        index.discard(i)
        if i % 2:
            index.put(cases[i])
        else:
            del cases[i]
    assert len(index) == sum(1 for c in cases.values() if c.is_open and c.lat is not None)
    for radius in (10.0, 50.0, 200.0):
        for probe in rnd.sample(list(cases.values())[:-1], 12):
            kept = index.around(probe.lon, probe.lat, radius)
            within = {c.id for c in cases.values() if c.is_open and c.lat is not None
                      and distance_m(probe.lon, probe.lat, c.lon, c.lat) <= radius}
            assert within <= kept and len(kept) < len(cases) / 4
            assert all(cases[i].is_open for i in kept)
