"""Working-time deadlines as a dispatcher sees them: local times in Beijing, holidays skipped."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.errors import ValidationError
from commandcenter.worktime import TimeLimit, WorkCalendar

BEIJING = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()


def local(*args) -> datetime:
    """A Beijing wall-clock time as the UTC instant the domain works with."""
    return datetime(*args, tzinfo=BEIJING).astimezone(timezone.utc)


def deadline(start: datetime, text: str, calendar: WorkCalendar = CALENDAR) -> datetime:
    return calendar.add(start, TimeLimit.parse(text)).astimezone(BEIJING).replace(tzinfo=None)


# TimeLimit ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, amount, unit", [
    ("4wh", 4, "work_hours"), ("5wd", 5, "work_days"), ("2h", 2, "hours"), ("0.5wh", 0.5, "work_hours"),
])
def test_time_limit_reads_and_writes_the_catalog_notation(text, amount, unit):
    limit = TimeLimit.parse(text)
    assert (limit.amount, limit.unit) == (amount, unit)
    assert str(limit) == text


@pytest.mark.parametrize("text", ["", "4", "4 hours", "wd", "-2h", "0wh", "5 wdx", None])
def test_time_limit_rejects_unreadable_text(text):
    with pytest.raises(ValidationError) as caught:
        TimeLimit.parse(text)
    assert caught.value.field == "time_limit"


def test_time_limit_rejects_an_unknown_unit():
    with pytest.raises(ValidationError):
        TimeLimit(3, "minutes")


# Which days count ---------------------------------------------------------------------

def test_national_day_2026_is_off_and_its_swapped_weekend_days_are_worked():
    for day in range(1, 8):
        assert not CALENDAR.is_working_day(date(2026, 10, day))
    assert CALENDAR.is_working_day(date(2026, 10, 8))
    assert CALENDAR.is_working_day(date(2026, 9, 20))   # a Sunday worked for National Day
    assert CALENDAR.is_working_day(date(2026, 10, 10))  # a Saturday worked for National Day
    assert not CALENDAR.is_working_day(date(2026, 10, 11))


def test_spring_festival_2026_is_off():
    for day in range(16, 21):
        assert not CALENDAR.is_working_day(date(2026, 2, day))
    assert CALENDAR.is_working_day(date(2026, 2, 14))  # swapped working Saturday


def test_admin_table_wins_over_the_official_calendar():
    calendar = CALENDAR.with_overrides({date(2026, 10, 8): False, date(2026, 10, 3): True})
    assert not calendar.is_working_day(date(2026, 10, 8))
    assert calendar.is_working_day(date(2026, 10, 3))
    assert CALENDAR.is_working_day(date(2026, 10, 8))  # the original calendar is unchanged


# Deadlines ----------------------------------------------------------------------------

def test_friday_afternoon_plus_four_working_hours_lands_monday_morning():
    assert deadline(local(2026, 11, 20, 15, 0), "4wh") == datetime(2026, 11, 23, 10, 30)


def test_the_clock_stops_overnight():
    assert deadline(local(2026, 11, 17, 17, 0), "2wh") == datetime(2026, 11, 18, 10, 30)


def test_the_clock_stops_for_lunch():
    assert deadline(local(2026, 11, 17, 11, 0), "2wh") == datetime(2026, 11, 17, 14, 30)


def test_a_case_reported_at_lunch_or_at_the_weekend_starts_at_the_next_opening():
    assert deadline(local(2026, 11, 17, 12, 30), "1wh") == datetime(2026, 11, 17, 14, 30)
    assert deadline(local(2026, 11, 21, 20, 0), "1wh") == datetime(2026, 11, 23, 10, 0)


def test_a_limit_that_runs_out_at_closing_time_ends_at_closing_time():
    assert deadline(local(2026, 11, 17, 16, 30), "1wh") == datetime(2026, 11, 17, 17, 30)


def test_one_working_day_is_one_day_of_office_hours():
    assert CALENDAR.working_day_seconds == 7 * 3600
    assert deadline(local(2026, 11, 16, 9, 0), "1wd") == datetime(2026, 11, 16, 17, 30)
    assert deadline(local(2026, 11, 18, 10, 0), "2wd") == datetime(2026, 11, 20, 10, 0)


def test_national_day_week_is_skipped():
    assert deadline(local(2026, 9, 30, 15, 0), "1wd") == datetime(2026, 10, 8, 15, 0)


def test_a_swapped_working_saturday_counts():
    assert deadline(local(2026, 10, 9, 17, 0), "1wh") == datetime(2026, 10, 10, 9, 30)


def test_emergencies_run_on_natural_hours_through_the_night_and_weekend():
    assert deadline(local(2026, 11, 21, 23, 0), "2h") == datetime(2026, 11, 22, 1, 0)


def test_custom_office_hours_from_settings():
    calendar = WorkCalendar.from_config({"office_hours": [["08:30", "12:00"], ["14:00", "18:00"]]})
    assert calendar.working_day_seconds == 7.5 * 3600
    assert deadline(local(2026, 11, 17, 11, 0), "2wh", calendar) == datetime(2026, 11, 17, 15, 0)


# Years the official calendar does not know yet ------------------------------------------

def test_2027_uses_estimated_statutory_holidays():
    assert not CALENDAR.is_working_day(date(2027, 1, 1))    # fixed-date New Year holiday, a Friday
    assert CALENDAR.is_working_day(date(2027, 1, 4))
    assert not CALENDAR.is_working_day(date(2027, 10, 1))
    assert not CALENDAR.is_working_day(date(2027, 1, 9))    # Saturday
    assert deadline(local(2026, 12, 31, 16, 0), "5wd") == datetime(2027, 1, 8, 16, 0)


def test_the_missing_2027_calendar_is_reported_for_the_ui():
    assert CALENDAR.official_calendar_missing([2025, 2026, 2027]) == [2027]
    assert CALENDAR.calendar_warning(local(2026, 6, 1, 10, 0)) is None
    warning = CALENDAR.calendar_warning(date(2027, 3, 1))
    assert "2027" in warning and "estimated" in warning
    # In December open cases already run into next year.
    assert "2027" in CALENDAR.calendar_warning(local(2026, 12, 15, 10, 0))


def test_admin_holiday_table_covers_spring_festival_2027():
    spring_festival = {date(2027, 2, 5): False, **{date(2027, 2, day): False for day in range(8, 12)},
                       date(2027, 2, 17): False, date(2027, 2, 20): True}
    calendar = CALENDAR.with_overrides(spring_festival)
    assert not calendar.is_working_day(date(2027, 2, 17))
    assert calendar.is_working_day(date(2027, 2, 20))
    assert deadline(local(2027, 2, 4, 15, 0), "1wd", calendar) == datetime(2027, 2, 12, 15, 0)
    # without the table, the estimated Spring Festival (5–10 February) is skipped as well
    assert deadline(local(2027, 2, 4, 15, 0), "1wd") == datetime(2027, 2, 11, 15, 0)


def test_config_round_trip_keeps_the_admin_table():
    calendar = WorkCalendar(overrides={date(2027, 2, 17): False})
    again = WorkCalendar.from_config(calendar.to_config())
    assert again.to_config() == calendar.to_config()
    assert not again.is_working_day(date(2027, 2, 17))


@pytest.mark.parametrize("config, field", [
    ({"overrides": {"17/02/2027": False}}, "overrides"),
    ({"overrides": {"2027-02-17": "no"}}, "overrides[2027-02-17]"),
    ({"office_hours": [["12:00", "09:00"]]}, "office_hours"),
    ({"office_hours": [["09:00", "12:00"], ["11:00", "17:00"]]}, "office_hours"),
    ({"office_hours": "9-17"}, "office_hours"),
    ({"tz": "Mars/Olympus"}, "tz"),
])
def test_bad_settings_are_rejected_naming_the_setting(config, field):
    with pytest.raises(ValidationError) as caught:
        WorkCalendar.from_config(config)
    assert caught.value.field == field


def test_naive_datetimes_are_refused():
    with pytest.raises(ValidationError):
        CALENDAR.add(datetime(2026, 11, 17, 9, 0), TimeLimit.parse("1wh"))


# Countdowns -----------------------------------------------------------------------------

def test_countdown_goes_negative_once_overdue():
    due = local(2026, 11, 17, 11, 0)
    assert CALENDAR.remaining(local(2026, 11, 17, 10, 0), due, "work_hours") == 3600
    assert CALENDAR.remaining(local(2026, 11, 18, 10, 0), due, "work_hours") == -(1 + 4 + 1) * 3600
    assert CALENDAR.remaining(local(2026, 11, 18, 10, 0), due, "hours") == -23 * 3600


def test_working_seconds_between_is_antisymmetric_across_years():
    a, b = local(2026, 12, 30, 10, 0), local(2027, 1, 5, 10, 0)
    forward = CALENDAR.working_seconds_between(a, b)
    assert forward == (6 + 7 + 7 + 1) * 3600  # rest of Dec 30, Dec 31, (New Year off) Jan 4, Jan 5 to 10:00
    assert CALENDAR.working_seconds_between(b, a) == -forward


@settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                       timezones=st.just(timezone.utc)),
    quarters=st.integers(min_value=1, max_value=4 * 300),
    unit=st.sampled_from(["work_hours", "work_days"]),
)
def test_a_deadline_is_exactly_its_limit_of_working_time_and_falls_in_office_hours(start, quarters, unit):
    limit = TimeLimit(quarters / 4 if unit == "work_hours" else quarters / 40, unit)
    due = CALENDAR.add(start, limit)
    assert CALENDAR.working_seconds_between(start, due) == pytest.approx(CALENDAR.limit_seconds(limit), abs=1e-3)
    wall = due.astimezone(BEIJING)
    assert CALENDAR.is_working_day(wall.date())
    assert any(opens <= wall.time() <= closes for opens, closes in CALENDAR.office_hours)
