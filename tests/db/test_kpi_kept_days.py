"""A finished window's KPIs are counted once and kept (the wall's past trend days): kept
figures equal a fresh count after later events, and an event timed inside a kept window that
arrives late (a desk clock behind) has it counted again."""
from __future__ import annotations

from datetime import timedelta

from commandcenter.kpi_asof import StoreKpis
from db.backend import backend
from db.kpi_sql import compute_in_db
from tests.db.kpi_day import DAY_END, DAY_START, as_dicts, finish, folded


class CountingBackend:
    """The real backend, counting how often the database is asked for KPIs."""

    def __init__(self):
        self.asked = 0

    def kpi(self, *args, **kwargs):
        self.asked += 1
        return backend.kpi(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(backend, name)


def _day(kpis, clock):
    return kpis.kpis(DAY_START, DAY_END, by="department", now=clock.now)


def test_a_kept_day_equals_a_fresh_count_after_later_events(day):
    rt, clock, cases = day.rt, day.clock, day.cases
    clock.now = DAY_END + timedelta(hours=10)   # 25 Nov 10:00 local
    counting = CountingBackend()
    kpis = StoreKpis(counting, rt.store)
    first = _day(kpis, clock)
    assert (first["cgzf"].closed, first["cgzf"].overdue, first["cgzf"].due_to_close) == (3, 3, 6)
    finish(rt, cases[3:], clock, minutes_apart=5)   # 25 Nov: the three are finished, late
    again = _day(kpis, clock)
    fresh = compute_in_db(rt.store, DAY_START, DAY_END, by="department", now=clock.now)
    python = folded(rt.store).kpis(DAY_START, DAY_END, by="department", now=clock.now)
    assert as_dicts(again) == as_dicts(first) == as_dicts(fresh) == as_dicts(python)
    assert counting.asked == 1, "the finished day was counted once and then kept"
    # today (as of now) is never kept: it grows with every event
    today = kpis.kpis(DAY_END, DAY_END + timedelta(days=1), by="department", now=clock.now)
    assert today["cgzf"].closed == 3 and counting.asked == 2


def test_a_late_event_inside_a_kept_day_has_it_counted_again(day):
    rt, clock, cases = day.rt, day.clock, day.cases
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
    python = folded(rt.store).kpis(DAY_START, DAY_END, by="department", now=clock.now)
    assert as_dicts(after) == as_dicts(fresh) == as_dicts(python)
    assert after["cgzf"].handled == first["cgzf"].handled + 1
    # the next day (after the late event's time) is counted again too; the morning before it stays
    assert as_dicts(kpis.kpis(*next_day, by="department", now=clock.now)) == \
        as_dicts(compute_in_db(rt.store, *next_day, by="department", now=clock.now))
    kept_morning = kpis.kpis(DAY_START, early_end, by="department", now=clock.now)
    assert as_dicts(kept_morning) == as_dicts(early) == \
        as_dicts(compute_in_db(rt.store, DAY_START, early_end, by="department", now=clock.now))
