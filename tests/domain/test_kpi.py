"""KPIs against a hand-computed fixture: six cases, two departments, one day."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.case import Case, Source, Status, Tier
from commandcenter.errors import ValidationError
from commandcenter.kpi import compute, total

D = datetime(2026, 11, 20, tzinfo=timezone.utc)
START, END = D, D + timedelta(days=1)


def h(hours: float) -> datetime:
    return D + timedelta(hours=hours)


BASE = Case(id=0, number="", version=1, status=Status.CLOSED, source=Source.SUPERVISOR, kind="event",
            class_code="E0102", tier=Tier.GENERAL, description="", lon=0, lat=0, grid_code="g1",
            community_code="c1", street_code="s1", created_at=h(1), stage_started_at=h(1), stage_deadline=None,
            updated_at=h(1), updated_by="x")

CASES = [
    # 1 closed on time, handled in 2 h, department A
    replace(BASE, id=1, registered_at=h(1.5), dispatched_at=h(2), handled_at=h(4), closed_at=h(6), updated_at=h(6),
            department_code="A", handled_on_time=True),
    # 2 closed late (a stage was overdue), handled late in 6 h, reworked once, department A
    replace(BASE, id=2, registered_at=h(1.5), dispatched_at=h(2), handled_at=h(8), closed_at=h(10), updated_at=h(10),
            department_code="A", handled_on_time=False, overdue_stages=1, rework_count=1),
    # 3 still handling, overdue at the end of the window, extended once, department B
    replace(BASE, id=3, status=Status.HANDLING, registered_at=h(2), dispatched_at=h(3), updated_at=h(3),
            department_code="B", stage_deadline=h(12), extension_count=1),
    # 4 handling, not yet due, department B
    replace(BASE, id=4, status=Status.HANDLING, registered_at=h(2), dispatched_at=h(3), updated_at=h(3),
            department_code="B", stage_deadline=h(30)),
    # 5 cancelled after registering: not due to close
    replace(BASE, id=5, status=Status.CANCELLED, registered_at=h(2), updated_at=h(5)),
    # 6 reported yesterday, closed today on time, department A (registered yesterday: not due today)
    replace(BASE, id=6, created_at=h(-10), registered_at=h(-9), dispatched_at=h(-8), handled_at=h(-2),
            closed_at=h(3), updated_at=h(3), department_code="A", handled_on_time=True),
]


def test_totals_match_hand_computation():
    t = total(compute(CASES, START, END, by="department"))
    assert (t.reported, t.registered, t.dispatched, t.handled, t.closed) == (5, 5, 4, 2, 3)
    assert t.due_to_close == 4, "closed today (1, 2, 6) plus open and already overdue (3)"
    assert t.closed_of_due == 3 and t.closed_on_time == 2
    assert t.closing_rate == 0.75 and t.on_time_closing_rate == 0.5
    assert t.on_time_handling_rate == 0.5 and t.rework_rate == 0.5
    assert t.extension_rate == 0.25
    assert t.overdue == 2, "case 2 (closed late) and case 3 (open, past its deadline) both count"
    assert t.mean_handling_hours == 4.0


def test_grouped_by_department():
    groups = compute(CASES, START, END, by="department")
    a, b = groups["A"], groups["B"]
    assert (a.handled, a.on_time_handling_rate, a.closed, a.overdue) == (2, 0.5, 3, 1)
    assert (b.dispatched, b.extension_rate, b.overdue, b.handled) == (2, 0.5, 1, 0)
    assert (a.due_to_close, a.closing_rate, a.on_time_closing_rate) == (3, 1.0, 0.6667)
    assert (b.due_to_close, b.closing_rate) == (1, 0.0), "an overdue open case makes a department's rate 0, not None"
    assert b.on_time_handling_rate is None, "no handled case: no rate, not zero"


def test_open_overdue_depends_on_as_of():
    early = total(compute(CASES, START, END, by="all", now=h(11)))
    assert early.overdue == 1, "at 11:00 case 3 is not yet past its 12:00 deadline"
    assert early.due_to_close == 3 and early.closing_rate == 1.0


def test_unknown_grouping_is_refused():
    with pytest.raises(ValidationError) as err:
        compute(CASES, START, END, by="planet")
    assert err.value.field == "by"
