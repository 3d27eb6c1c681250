"""KPIs against hand-computed fixtures: six cases of one day, the same day's figures before and
after its cases were closed the next day, and today's tiles."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.case import Case, CaseEvent, Source, Status, Tier
from commandcenter.errors import ValidationError
from commandcenter.kpi import COUNTER_BY_NAME, KPI_COLUMNS, KPIS, compute, total
from commandcenter.kpi_asof import (CaseHistory, FoldedKpis, cases_as_of, daily_figures, state_spans,
                                    today_tiles)
from commandcenter.replay import fold_events
from commandcenter.workflow import new_case_payload

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
    assert t.closed_on_time == 2
    assert t.closing_rate == 0.75 and t.on_time_closing_rate == 0.5
    assert t.on_time_handling_rate == 0.5 and t.rework_rate == 0.5
    assert t.extension_rate == 0.25
    assert t.overdue == 1, "cases overdue now: case 3 (open, past its deadline); case 2 is closed"
    assert t.late_stages == 1, "stage deadlines missed in the window: case 2's late stage"
    assert t.mean_handling_hours == 4.0


def test_grouped_by_department():
    groups = compute(CASES, START, END, by="department")
    a, b = groups["A"], groups["B"]
    assert (a.handled, a.on_time_handling_rate, a.closed, a.overdue, a.late_stages) == (2, 0.5, 3, 0, 1)
    assert (b.dispatched, b.extension_rate, b.overdue, b.handled) == (2, 0.5, 1, 0)
    assert (a.due_to_close, a.closing_rate, a.on_time_closing_rate) == (3, 1.0, 0.6667)
    assert (b.due_to_close, b.closing_rate) == (1, 0.0), "an overdue open case makes a department's rate 0, not None"
    assert b.on_time_handling_rate is None, "no handled case: no rate, not zero"


def test_open_overdue_depends_on_as_of():
    early = total(compute(CASES, START, END, by="all", now=h(11)))
    assert early.overdue == 0, "at 11:00 case 3 is not yet past its 12:00 deadline"
    assert early.due_to_close == 3 and early.closing_rate == 1.0


def test_unknown_grouping_is_refused():
    with pytest.raises(ValidationError) as err:
        compute(CASES, START, END, by="planet")
    assert err.value.field == "by"


def test_every_figure_is_declared_once_with_both_labels():
    for kpi in KPIS:
        assert kpi.label_zh and kpi.label_en
        assert kpi.numerator in COUNTER_BY_NAME
        assert kpi.denominator is None or kpi.denominator in COUNTER_BY_NAME
    assert {"overdue", "late_stages", "on_time_closing_rate", "mean_handling_hours"} <= set(KPI_COLUMNS)
    assert COUNTER_BY_NAME["overdue"].label_zh != COUNTER_BY_NAME["late_stages"].label_zh


# A day told as events: its figures must not change when its cases are finished later ----------
def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def _life(case_id: int, reported: float, steps) -> list[CaseEvent]:
    """One case's events: reported at hour ``reported``, then (type, hour, late, next deadline hour)."""
    payload = new_case_payload(number=f"N{case_id}", source=Source.SUPERVISOR, kind="event", class_code="E0102",
                               tier=Tier.GENERAL, description="", lon=0, lat=0, grid_code="g1",
                               community_code="c1", street_code="s1", stage_deadline=h(reported + 1),
                               component_code=None, reporter_name=None, reporter_phone=None)
    events = [CaseEvent(case_id, "report", "sup", "supervisor", h(reported), payload)]
    for kind, at, late, deadline in steps:
        p = {"late": late, "stage_deadline": _iso(h(deadline) if deadline is not None else None)}
        if kind == "dispatch":
            p.update(department="A", default_department="A")
        if kind == "check":
            p["passed"] = True
        events.append(CaseEvent(case_id, kind, "x", "x", h(at), p))
    return events


FIRST_DAY = [
    # closed on time on day 1
    *_life(1, 1, [("accept", 1.5, False, 2), ("register", 2, False, 3), ("dispatch", 3, False, 6),
                  ("report_done", 5, False, 7), ("check", 6, False, 8), ("close", 7, False, None)]),
    # dispatched on day 1 with a 10:00 deadline, still with the department at midnight
    *_life(2, 1, [("accept", 1.5, False, 2), ("register", 2, False, 3), ("dispatch", 3, False, 10)]),
]
NEXT_DAY = [   # case 2 is finished late on day 2
    CaseEvent(2, "report_done", "x", "x", h(33), {"late": True, "stage_deadline": _iso(h(34))}),
    CaseEvent(2, "check", "x", "x", h(34), {"passed": True, "late": False, "stage_deadline": _iso(h(35))}),
    CaseEvent(2, "close", "x", "x", h(35), {"late": False, "stage_deadline": None}),
]


def test_a_finished_day_keeps_its_figures_when_its_cases_close_later():
    first = FoldedKpis.of_events(FIRST_DAY).kpis(START, END, now=END + timedelta(hours=1))
    later = FoldedKpis.of_events(FIRST_DAY + NEXT_DAY).kpis(START, END, now=h(40))
    assert first == later
    day = first["all"]
    assert (day.closed, day.due_to_close, day.overdue, day.on_time_closing_rate) == (1, 2, 1, 0.5)
    assert day.late_stages == 0, "case 2's deadline passed, but its stage ended only on day 2"
    flattering = total(compute(fold_events(FIRST_DAY + NEXT_DAY).values(), START, END))
    assert flattering.overdue == 0, "counted from what the cases became later, day 1 would look better"


def test_a_late_stage_counts_on_the_day_it_ends():
    second = FoldedKpis.of_events(FIRST_DAY + NEXT_DAY).kpis(END, END + timedelta(days=1))["all"]
    assert (second.late_stages, second.closed, second.closed_on_time, second.overdue) == (1, 1, 0, 0)


def test_states_as_of_a_moment_follow_the_log_up_to_it():
    assert cases_as_of(FIRST_DAY + NEXT_DAY, h(24))[2].status is Status.HANDLING
    assert cases_as_of(FIRST_DAY + NEXT_DAY, h(35))[2].status is Status.CLOSED
    history = CaseHistory(FIRST_DAY)
    history.apply(NEXT_DAY)
    for hour in (0.5, 1, 3, 24, 33.5, 35, 50):
        assert history.state_at(h(hour)) == cases_as_of(FIRST_DAY + NEXT_DAY, h(hour)), hour
    spans = [s for s in state_spans(FIRST_DAY + NEXT_DAY) if s.case.id == 2]
    assert [s.valid_from for s in spans] == [e.at for e in FIRST_DAY + NEXT_DAY if e.case_id == 2]
    assert [s.valid_to for s in spans[:-1]] == [s.valid_from for s in spans[1:]] and spans[-1].valid_to is None


# Today's tiles ---------------------------------------------------------------------------------
def test_today_tiles_compare_with_yesterday_as_it_was_then():
    source = FoldedKpis.of_events(FIRST_DAY + NEXT_DAY)
    # 19:30 local (UTC+8) on day 2; yesterday's same hours are evaluated as of 19:30 on day 1
    tiles = {t.key: t for t in today_tiles(source, h(35.5))}
    assert set(tiles) == {"reported", "registered", "dispatched", "closed", "overdue", "on_time_closing_rate"}
    closed = tiles["closed"]
    assert (closed.label_zh, closed.value, closed.is_rate, closed.worse_when_up) == ("结案", 1, False, False)
    rate = tiles["on_time_closing_rate"]
    assert rate.is_rate and rate.shows_counts, "one case due: the count, not 0 %"
    assert (rate.numerator, rate.denominator) == (0, 1) and rate.count_text() == "0 / 1 应结案"
    assert rate.count_text("en") == "0 / 1 due to close" and rate.change is None
    assert (rate.previous, rate.previous_denominator) == (0.5, 2), "day 1 as of 19:30: case 2 already overdue"



def test_tiles_from_a_live_picture_have_no_yesterday():
    tiles = today_tiles(fold_events(FIRST_DAY).values(), h(10))
    assert all(t.previous is None and t.change is None for t in tiles)
    assert next(t for t in tiles if t.key == "reported").value == 2


def test_the_daily_trend_keeps_past_days_and_marks_today_provisional():
    now = h(35.5)   # 19:30 local on day 2
    before = daily_figures(FoldedKpis.of_events(FIRST_DAY), now, "on_time_closing_rate", days=3)
    after = daily_figures(FoldedKpis.of_events(FIRST_DAY + NEXT_DAY), now, "on_time_closing_rate", days=3)
    assert [d.provisional for d in after] == [False, False, True]
    assert after[1] == before[1], "day 1 is over: closing case 2 on day 2 does not change it"
    assert (after[1].value, after[1].numerator, after[1].denominator) == (0.5, 1, 2)
    assert (after[2].numerator, after[2].denominator, after[2].shows_counts) == (0, 1, True)
