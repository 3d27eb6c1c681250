"""Working out 100,000 cases' amber and red moments in one loop (at a desk's start) gives exactly
the moments worked out case by case on the calendar as it was — each moment's local day asked of
the time zone every time — for deadlines at night, at lunch, at weekends, on holidays, on swapped
working days and across the turn of a year; and the calendar's remembered local days give the
zone's answer in zones with summer time, odd offsets and a skipped day."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from commandcenter.case import Case, Source, Status, Tier
from commandcenter.catalog import load_catalog
from commandcenter.deadlines import DeadlineMarks
from commandcenter.worktime import NATURAL_HOURS, WORK_DAYS, WORK_HOURS, TimeLimit, WorkCalendar

CATALOG = load_catalog()
CLASSES = [c.code for c in CATALOG.small_classes()]
BEIJING = ZoneInfo("Asia/Shanghai")
EPOCH = datetime(2025, 12, 20, tzinfo=timezone.utc)


class ZoneAskedEveryTime(WorkCalendar):
    """The calendar as it was before it remembered each hour's local day."""

    def _year_offset(self, moment: float) -> tuple[int, float]:
        day = datetime.fromtimestamp(moment, self._zone).date()
        table = self._year_table(day.year)
        index = day.toordinal() - table.first_ordinal
        within = 0.0
        for opens, closes in table.day_intervals[index]:
            if moment <= opens:
                break
            within += min(moment, closes) - opens
        return day.year, table.cumulative[index] + within


def a_case(case_id: int, status: Status, class_code: str, tier: Tier, deadline: datetime | None) -> Case:
    return Case(case_id, f"2026{case_id:010d}", 1, status, Source.SUPERVISOR, "event", class_code, tier, "", 116.4,
                39.9, "110101001001001", "110101001001", "110101001", EPOCH, EPOCH, deadline, EPOCH, "dp01")


def awkward_moments(rng: random.Random, count: int) -> list[datetime]:
    """Deadlines a district really has, and the edges: openings and closings, lunch, midnight, the
    hour, a microsecond either side, over the Spring Festival, National Day, swapped working
    Saturdays and New Year (Beijing time)."""
    days = [date(2026, 2, 14) + timedelta(days=d) for d in range(12)]          # 春节 and its swapped Saturday
    days += [date(2026, 9, 26) + timedelta(days=d) for d in range(16)]         # 国庆 and the weekends round it
    days += [date(2025, 12, 29) + timedelta(days=d) for d in range(6)]         # the turn of the year
    days += [date(2026, 1, 1) + timedelta(days=rng.randrange(730)) for _ in range(40)]
    edges = [(9, 0), (12, 0), (13, 30), (17, 30), (0, 0), (23, 0), (8, 59), (17, 29), (12, 30)]
    out = []
    for _ in range(count):
        day = rng.choice(days)
        if rng.random() < 0.5:
            hour, minute = rng.choice(edges)
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
            moment += timedelta(microseconds=rng.choice([0, 1, -1, 999_999, 500_000]))
        else:
            moment = datetime(day.year, day.month, day.day, tzinfo=BEIJING) + timedelta(
                seconds=rng.randrange(86400), microseconds=rng.randrange(1_000_000))
        out.append(moment.astimezone(timezone.utc))
    return out


def test_warming_many_cases_gives_the_moments_worked_out_case_by_case_on_the_old_calendar():
    rng = random.Random(14)
    holidays = {date(2026, 3, 2): False, date(2026, 3, 7): True}   # an admin's own day off and working Saturday
    calendar = WorkCalendar(overrides=holidays)
    reference = DeadlineMarks(CATALOG, ZoneAskedEveryTime(overrides=holidays))
    deadlines = awkward_moments(rng, 6000)
    cases = [a_case(i, rng.choice(list(Status)), rng.choice(CLASSES), rng.choice(list(Tier)),
                    None if i % 50 == 0 else deadlines[i]) for i in range(len(deadlines))]
    marks = DeadlineMarks(CATALOG, calendar)
    heard = []
    opened = [c for c in cases if c.is_open]
    marks.warm(opened, every=1000, progress=heard.append)
    assert len(opened) < len(cases)
    assert heard == list(range(1000, len(opened) + 1, 1000))
    assert {c.id for c in opened} == set(marks._marks)
    for case in opened:
        assert marks.of(case) == reference.of(case), case
    assert sum(marks.of(c)[0] != float("inf") for c in opened) > len(opened) // 2   # most have an amber moment


def test_warming_again_keeps_marks_that_still_hold_and_replaces_those_of_changed_cases():
    marks = DeadlineMarks(CATALOG, WorkCalendar())
    due = datetime(2026, 2, 13, 8, tzinfo=timezone.utc)
    case = a_case(1, Status.HANDLING, CLASSES[0], Tier.GENERAL, due)
    marks.warm([case])
    first = marks._marks[1]
    same = a_case(1, Status.HANDLING, CLASSES[0], Tier.GENERAL, due)
    marks.warm([same])
    assert marks._marks[1] is first                     # as ``of`` does: the marks still hold
    later = a_case(1, Status.HANDLING, CLASSES[0], Tier.GENERAL, due + timedelta(days=3))
    marks.warm([later])
    assert marks._marks[1][0] is later and marks.of(later) == DeadlineMarks(CATALOG, WorkCalendar()).of(later)


@pytest.mark.parametrize("zone, around", [
    ("Asia/Shanghai", datetime(1988, 4, 10)),          # Beijing's own summer time, 1986–1991
    ("America/New_York", datetime(2026, 3, 8)),        # summer time starts
    ("America/New_York", datetime(2026, 11, 1)),       # and ends
    ("America/Sao_Paulo", datetime(2018, 11, 4)),      # clocks went forward at midnight: no 00:00
    ("America/Sao_Paulo", datetime(2019, 2, 17)),      # and back at midnight: two 23:00–24:00
    ("Australia/Lord_Howe", datetime(2026, 4, 5)),     # half an hour of summer time
    ("Asia/Kathmandu", datetime(2026, 1, 1)),          # UTC+5:45: midnight falls inside a UTC hour
    ("Asia/Kolkata", datetime(2026, 6, 1)),            # UTC+5:30
    ("Pacific/Apia", datetime(2011, 12, 29)),          # 30 December 2011 did not happen
])
def test_the_remembered_local_day_of_an_hour_is_the_zone_s_answer(zone, around):
    rng = random.Random(zone)
    fast, asked = WorkCalendar(tz=zone), ZoneAskedEveryTime(tz=zone)
    start = around.replace(tzinfo=timezone.utc).timestamp() - 3 * 86400
    moments = [start + rng.randrange(6 * 86400) + rng.randrange(1_000_000) / 1e6 for _ in range(3000)]
    moments += [start + h * 3600 + d for h in range(6 * 24) for d in (0, 1e-6, -1e-6, 3599.999999, 3599.9999996,
                                                                        1800, 2700, -0.5e-6)]
    for moment in moments:
        assert fast._year_offset(moment) == asked._year_offset(moment), (zone, moment)
        for seconds, unit in ((3600.0, WORK_HOURS), (3 * 8 * 3600.0, WORK_DAYS), (7200.0, NATURAL_HOURS)):
            assert fast.last_moment_with(moment, seconds, unit) == asked.last_moment_with(moment, seconds, unit)
    for _ in range(300):
        a, b = (datetime.fromtimestamp(rng.choice(moments), timezone.utc) for _ in range(2))
        assert fast.working_seconds_between(a, b) == asked.working_seconds_between(a, b)
        assert fast.add(a, TimeLimit.parse("5wh")) == asked.add(a, TimeLimit.parse("5wh"))
