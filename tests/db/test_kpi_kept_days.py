"""A finished window's KPIs are counted once and kept (the wall's past trend days): kept
figures equal a fresh count after later events, and an event timed inside a kept window that
arrives late (a desk clock behind) has it counted again."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from commandcenter.kpi_asof import FoldedKpis, StoreKpis
from db.backend import backend
from db.kpi_sql import compute_in_db
from tests.world import FakeClock, build_world, cell_point

DAY_END = datetime(2026, 11, 24, 16, 0, tzinfo=timezone.utc)   # 25 Nov 00:00 local
DAY_START = DAY_END - timedelta(days=1)


class CountingBackend:
    """The real backend, counting how often the database is asked for KPIs."""

    def __init__(self):
        self.asked = 0

    def kpi(self, *args, **kwargs):
        self.asked += 1
        return backend.kpi(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(backend, name)


def _as_dicts(groups):
    return {k: v.as_dict() for k, v in groups.items()}


def _dispatched_day(rt, clock):
    """24 Nov (local): six cases dispatched to cgzf, three closed; three still open at midnight."""
    s = rt.service
    cases = []
    for i in range(6):
        lon, lat = cell_point(i)
        c = s.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description=f"案件{i}")
        c = s.act("taker", c.id, "accept")
        c = s.act("leader", c.id, "register")
        cases.append(s.act("disp", c.id, "dispatch", department="cgzf"))
        clock.advance(minutes=10)
    clock.advance(hours=1)
    for c in cases[:3]:
        c = s.act("cg", c.id, "report_done")
        c = s.act("sup", c.id, "check", passed=True)
        s.act("leader", c.id, "close")
    return cases


def _day(kpis, clock):
    return kpis.kpis(DAY_START, DAY_END, by="department", now=clock.now)


def test_a_kept_day_equals_a_fresh_count_after_later_events(db_url):
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    cases = _dispatched_day(rt, clock)
    clock.now = DAY_END + timedelta(hours=10)   # 25 Nov 10:00 local
    counting = CountingBackend()
    kpis = StoreKpis(counting, rt.store)
    first = _day(kpis, clock)
    assert (first["cgzf"].closed, first["cgzf"].overdue, first["cgzf"].due_to_close) == (3, 3, 6)
    for c in cases[3:]:   # 25 Nov: the three are finished, late
        c = rt.service.act("cg", c.id, "report_done")
        c = rt.service.act("sup", c.id, "check", passed=True)
        rt.service.act("leader", c.id, "close")
        clock.advance(minutes=5)
    again = _day(kpis, clock)
    fresh = compute_in_db(rt.store, DAY_START, DAY_END, by="department", now=clock.now)
    folded = FoldedKpis.of_events(rt.store.events_between(None, None)).kpis(DAY_START, DAY_END, by="department",
                                                                            now=clock.now)
    assert _as_dicts(again) == _as_dicts(first) == _as_dicts(fresh) == _as_dicts(folded)
    assert counting.asked == 1, "the finished day was counted once and then kept"
    # today (as of now) is never kept: it grows with every event
    today = kpis.kpis(DAY_END, DAY_END + timedelta(days=1), by="department", now=clock.now)
    assert today["cgzf"].closed == 3 and counting.asked == 2


def test_a_late_event_inside_a_kept_day_has_it_counted_again(db_url):
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    cases = _dispatched_day(rt, clock)
    clock.now = DAY_END + timedelta(hours=10)
    kpis = StoreKpis(backend, rt.store)
    first = _day(kpis, clock)
    early_end = DAY_START + timedelta(hours=12)   # 24 Nov noon local
    early = kpis.kpis(DAY_START, early_end, by="department", now=clock.now)
    next_day = (DAY_END, DAY_END + timedelta(hours=2))
    kpis.kpis(*next_day, by="department", now=clock.now)
    # a desk whose clock is behind records a report-done at 23:00 local on 24 Nov
    clock.now = DAY_END - timedelta(hours=1)
    rt.service.act("cg", cases[3].id, "report_done")
    clock.now = DAY_END + timedelta(hours=11)
    after = _day(kpis, clock)
    fresh = compute_in_db(rt.store, DAY_START, DAY_END, by="department", now=clock.now)
    folded = FoldedKpis.of_events(rt.store.events_between(None, None)).kpis(DAY_START, DAY_END, by="department",
                                                                            now=clock.now)
    assert _as_dicts(after) == _as_dicts(fresh) == _as_dicts(folded)
    assert after["cgzf"].handled == first["cgzf"].handled + 1
    # the next day (after the late event's time) is counted again too; the morning before it stays
    assert _as_dicts(kpis.kpis(*next_day, by="department", now=clock.now)) == \
        _as_dicts(compute_in_db(rt.store, *next_day, by="department", now=clock.now))
    kept_morning = kpis.kpis(DAY_START, early_end, by="department", now=clock.now)
    assert _as_dicts(kept_morning) == _as_dicts(early) == \
        _as_dicts(compute_in_db(rt.store, DAY_START, early_end, by="department", now=clock.now))
