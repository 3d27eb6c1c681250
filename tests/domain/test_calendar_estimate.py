"""Years the official calendar does not know: statutory holidays computed from the lunar
calendar, estimated until an administrator confirms, and open deadlines moved when it changes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from commandcenter.case import CaseEvent, Source, Status, Tier
from commandcenter.catalog import load_catalog
from commandcenter.clock import LOCAL_TZ
from commandcenter.deadlines import RECOMPUTE_EVENT, CatalogDeadlines, recompute_deadlines
from commandcenter.workflow import evolve, new_case_payload
from commandcenter.worktime import TimeLimit, WorkCalendar

CALENDAR = WorkCalendar()


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=LOCAL_TZ)


def test_a_7_working_day_limit_from_4_february_2027_skips_spring_festival():
    # Spring Festival 2027 is 6 February; the week around it is off (estimated: 5–10 February).
    start = local(2027, 2, 4, 10, 0).astimezone(timezone.utc)
    deadline = CALENDAR.add(start, TimeLimit.parse("7wd")).astimezone(LOCAL_TZ)
    assert deadline.date() != date(2027, 2, 15)
    assert deadline == local(2027, 2, 19, 10, 0)   # 4, 11, 12, 15, 16, 17, 18 February, then 10:00 on the 19th
    for day in range(5, 11):
        assert not CALENDAR.is_working_day(date(2027, 2, day))
    assert CALENDAR.is_working_day(date(2027, 2, 11))


def test_every_statutory_festival_of_2027_is_a_day_off():
    festivals = {"New Year": date(2027, 1, 1), "Spring Festival": date(2027, 2, 8),
                 "Qingming": date(2027, 4, 5), "Labour Day": date(2027, 5, 3),
                 "Dragon Boat": date(2027, 6, 9), "Mid-Autumn": date(2027, 9, 15),
                 "National Day": date(2027, 10, 5)}
    for name, day in festivals.items():
        assert not CALENDAR.is_working_day(day), name
    assert CALENDAR.is_working_day(date(2027, 6, 10))


def test_computed_holidays_agree_with_the_official_calendar_where_both_exist():
    from datetime import timedelta

    import chinese_calendar

    from commandcenter.holiday_estimate import estimated_days_off

    official_off = {d for d in (date(2026, 1, 1) + timedelta(days=i) for i in range(365))
                    if chinese_calendar.is_holiday(d) and d.weekday() < 5}
    computed_off = {d for d in estimated_days_off(2026) if d.weekday() < 5}
    assert computed_off == official_off


def test_the_warning_names_the_years_that_are_estimated_and_confirmation_ends_it():
    assert CALENDAR.calendar_warning(local(2026, 6, 1, 10, 0)) is None
    march = CALENDAR.calendar_warning(local(2027, 3, 1, 10, 0))
    assert "2027" in march and "2028" not in march and "estimated" in march
    december = CALENDAR.calendar_warning(local(2027, 12, 15, 10, 0))
    assert "2027 and 2028" in december
    confirmed = CALENDAR.with_confirmed([2027])
    assert confirmed.calendar_warning(local(2027, 3, 1, 10, 0)) is None
    assert "2028" in confirmed.calendar_warning(local(2027, 12, 15, 10, 0))
    assert "2027" not in confirmed.calendar_warning(local(2027, 12, 15, 10, 0))


def test_a_confirmed_year_follows_the_admin_table_and_weekdays_only():
    # The published arrangement: 5–11 February off, Saturday 20 February worked (调休).
    arrangement = {**{date(2027, 2, d): False for d in range(5, 12)}, date(2027, 2, 20): True}
    calendar = CALENDAR.with_overrides(arrangement).with_confirmed([2027])
    assert not calendar.is_working_day(date(2027, 2, 11))
    assert calendar.is_working_day(date(2027, 2, 20))
    assert calendar.is_working_day(date(2027, 6, 9)) is True     # the estimate no longer applies
    again = WorkCalendar.from_config(calendar.to_config())
    assert again.confirmed_years == {2027} and again.is_working_day(date(2027, 2, 20))


def _case_in_handling(catalog, calendar, start):
    """A general case of a class limited in working days, dispatched at ``start``."""
    policy = CatalogDeadlines(catalog, calendar, frozenset())
    small = next(c for c in catalog.small_classes() if catalog.limit(c.code, "general", "handle").unit == "work_days")
    payload = new_case_payload(number="202703010001", source=Source.SUPERVISOR, kind=small.kind,
                               class_code=small.code, tier=Tier.GENERAL, description="test", lon=0, lat=0,
                               grid_code="g", community_code="c", street_code="s", stage_deadline=None,
                               component_code=None, reporter_name=None, reporter_phone=None)
    reported = evolve(None, CaseEvent(1, "report", "sup", "supervisor", start, payload))
    deadline = policy.stage_deadline("handle", small.code, Tier.GENERAL, start)
    return replace(reported, status=Status.HANDLING, stage_deadline=deadline), small


def test_a_calendar_change_moves_open_deadlines_with_an_event_saying_why():
    catalog = load_catalog()
    before = WorkCalendar()
    start = local(2027, 3, 1, 10, 0).astimezone(timezone.utc)
    case, small = _case_in_handling(catalog, before, start)
    limit = catalog.limit(small.code, "general", "handle")
    day_off = case.stage_deadline.astimezone(LOCAL_TZ).date()     # the deadline's own day becomes a holiday
    after = before.with_overrides({day_off: False})
    at = local(2027, 3, 1, 11, 0).astimezone(timezone.utc)
    moved = recompute_deadlines([case], catalog, before, after, actor="root", role="admin", at=at,
                                reason="working calendar changed by root: test")
    assert len(moved) == 1
    new_case, event = moved[0]
    assert event.type == RECOMPUTE_EVENT and "root" in event.payload["reason"]
    assert event.payload["previous_deadline"] == case.stage_deadline.isoformat()
    assert new_case.stage_deadline == after.add(start, limit) > case.stage_deadline
    assert new_case.version == case.version + 1 and new_case.status is Status.HANDLING
    # a change outside the stage's span moves nothing
    assert recompute_deadlines([case], catalog, before, before.with_overrides({date(2027, 8, 3): False}),
                               actor="root", role="admin", at=at, reason="x") == []


def test_an_extended_deadline_keeps_its_extension_when_moved():
    catalog = load_catalog()
    before = WorkCalendar()
    start = local(2027, 3, 1, 10, 0).astimezone(timezone.utc)
    case, small = _case_in_handling(catalog, before, start)
    extended = replace(case, stage_deadline=before.add(case.stage_deadline, TimeLimit.parse("2wd")),
                       extension_count=1)
    after = before.with_overrides({local(2027, 3, 2, 0, 0).date(): False})
    (moved, _), = recompute_deadlines([extended], catalog, before, after, actor="root", role="admin",
                                      at=start, reason="x")
    limit = catalog.limit(small.code, "general", "handle")
    assert moved.stage_deadline == after.add(after.add(start, limit), TimeLimit.parse("2wd"))
