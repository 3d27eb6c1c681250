"""A case's amber and red moments, worked out once, give the colour the working-time clock gives
at every moment: across nights, lunch breaks, weekends, holidays and the turn of a year, on working
and natural clocks, for every stage and tier of the catalog."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.case import Case, Source, Status, Tier
from commandcenter.catalog import load_catalog
from commandcenter.deadlines import DeadlineMarks
from commandcenter.queues import DeadlineClock
from commandcenter.worktime import WorkCalendar

CATALOG = load_catalog()
CALENDAR = WorkCalendar()
CLASSES = [c.code for c in CATALOG.small_classes()]
TIMED = [s for s in Status if s.stage is not None]
EPOCH = datetime(2025, 12, 20, tzinfo=timezone.utc)


def a_case(case_id: int, status: Status, class_code: str, tier: Tier, deadline: datetime | None) -> Case:
    return Case(case_id, f"2026{case_id:010d}", 1, status, Source.SUPERVISOR, "event", class_code, tier, "", 116.4,
                39.9, "110101001001001", "110101001001", "110101001", EPOCH, EPOCH, deadline, EPOCH, "dp01")


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from(TIMED + [Status.SUSPENDED, Status.CLOSED]), klass=st.sampled_from(CLASSES),
       tier=st.sampled_from(list(Tier)), due_min=st.integers(0, 60 * 24 * 400),
       offsets=st.lists(st.integers(-60 * 24 * 20, 60 * 24 * 3), min_size=1, max_size=12))
def test_the_colour_from_the_marks_is_the_clock_s_colour_at_every_moment(status, klass, tier, due_min, offsets):
    clock, marks = DeadlineClock(CATALOG, CALENDAR), DeadlineMarks(CATALOG, CALENDAR)
    due = EPOCH + timedelta(minutes=due_min)
    case = a_case(1, status, klass, tier, due)
    at_risk, _ = marks.of(case)
    moments = [due + timedelta(minutes=m) for m in offsets]
    if at_risk != float("inf"):   # both sides of the amber moment itself
        moments += [datetime.fromtimestamp(at_risk + d, timezone.utc) for d in (-1, 1)]
    for now in moments:
        assert marks.state(case, now.timestamp()) == clock.state(case, now), now


def test_a_case_without_deadline_is_on_time_and_a_changed_case_gets_new_marks():
    marks = DeadlineMarks(CATALOG, CALENDAR)
    now = datetime(2026, 11, 24, 3, tzinfo=timezone.utc).timestamp()
    untimed = a_case(7, Status.DISPATCHING, CLASSES[0], Tier.GENERAL, None)
    assert marks.state(untimed, now) == "on_time"
    late = a_case(7, Status.DISPATCHING, CLASSES[0], Tier.GENERAL, datetime(2026, 11, 23, tzinfo=timezone.utc))
    assert marks.state(late, now) == "overdue"
    closed = a_case(7, Status.CLOSED, CLASSES[0], Tier.GENERAL, None)
    assert marks.state(closed, now) == "closed"
