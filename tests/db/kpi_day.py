"""The day the KPI tests look back on: 24 Nov (local), six cases dispatched to cgzf, three closed
that day, three still with their department and overdue at midnight; and how KPIs are compared."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from commandcenter.kpi_asof import FoldedKpis
from tests.world import cell_point

DAY_END = datetime(2026, 11, 24, 16, 0, tzinfo=timezone.utc)   # 25 Nov 00:00 local
DAY_START = DAY_END - timedelta(days=1)


def as_dicts(groups) -> dict:
    return {k: v.as_dict() for k, v in groups.items()}


def folded(store) -> FoldedKpis:
    """The KPIs in Python, folded from the whole event log."""
    return FoldedKpis.of_events(store.events_between(None, None))


def finish(rt, cases, clock=None, minutes_apart: int = 0) -> None:
    """Done by cgzf, checked and closed, one case after another (``minutes_apart`` on ``clock``)."""
    s = rt.service
    for c in cases:
        c = s.act("cg", c.id, "report_done")
        c = s.act("sup", c.id, "check", passed=True)
        s.act("leader", c.id, "close")
        if clock is not None:
            clock.advance(minutes=minutes_apart)


def dispatched_day(rt, clock) -> list:
    """The day's six cases, ten minutes apart from 24 Nov 09:30 local; the first three closed an
    hour after the last was dispatched. Returns the six as dispatched."""
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
    finish(rt, cases[:3])
    return cases
