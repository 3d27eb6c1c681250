"""The database's KPI query and the in-memory KPIs (used by the wall) agree exactly."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.kpi import GROUPINGS, compute
from db.kpi_sql import compute_in_db
from tests.world import FakeClock, build_world, cell_point


def _history(rt, clock):
    """A day of mixed outcomes: closed on time, late, reworked, returned, extended, open and overdue."""
    s = rt.service
    cases = []
    for i in range(12):
        lon, lat = cell_point(i)
        c = s.report("sup", source="supervisor", class_code=("E0102", "0101", "E0401")[i % 3], lon=lon, lat=lat,
                     description=f"案件{i}")
        clock.advance(minutes=10)
        if i == 11:
            cases.append(c)
            continue
        c = s.act("taker", c.id, "accept")
        c = s.act("leader", c.id, "register", tier="difficult" if i == 7 else None) if i == 7 else \
            s.act("leader", c.id, "register")
        c = s.act("disp", c.id, "dispatch", department="szsr" if i % 2 else "cgzf")
        cases.append(c)
    dept = {"szsr": "sz", "cgzf": "cg"}
    for i, c in enumerate(cases[:8]):
        clock.advance(hours=1 if i < 4 else 9)
        who = dept[c.department_code]
        if i == 2:
            c = s.act(who, c.id, "request_extension", limit="1wd", reason="材料")
            c = s.act("leader", c.id, "decide_extension", approve=True)
        if i == 3:
            c = s.act(who, c.id, "return_case", reason="非本部门")
            c = s.act("disp", c.id, "dispatch", department="ylyh")
            who = "yl"
        c = s.act(who, c.id, "report_done")
        c = s.act("sup", c.id, "check", passed=(i != 5))
        if i == 5:
            c = s.act(who, c.id, "report_done")
            c = s.act("sup", c.id, "check", passed=True)
        s.act("leader", c.id, "close")
    s.act("leader", cases[9].id, "cancel", reason="重复")
    clock.advance(days=2)


@pytest.mark.parametrize("by", sorted(GROUPINGS))
def test_sql_and_memory_kpis_agree(db_url, by):
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    start = clock.now - timedelta(hours=1)
    _history(rt, clock)
    for end in (start + timedelta(hours=6), start + timedelta(days=1), clock.now):
        memory = compute(rt.store.load_cases(), start, end, by=by, now=clock.now)
        database = compute_in_db(rt.store, start, end, by=by, now=clock.now)
        assert {k: v.as_dict() for k, v in database.items()} == {k: v.as_dict() for k, v in memory.items()}
    assert sum(v.closed for v in memory.values()) == 8
