"""A scenario's own working calendar during a training session (演练日历).

A session replays a recorded morning at whatever hour the trainees meet: every event is moved by
the same offset so that the scenario's start becomes the session's start. Working time must move
with it: a Wednesday-morning scenario played at 03:46 is still a Wednesday morning for its
deadlines, so a general case reported five minutes into the session gets the limit it had on that
Wednesday, not a deadline at the next real opening (09:00 + the limit).

:class:`ShiftedCalendar` is the recorded calendar laid on play time: every question about a play
moment is asked of the recorded moment ``offset`` earlier, and the answer moved back. A sandbox
stores the offset (meta ``training_calendar_offset``, seconds), so every desk on the sandbox —
the trainees', the trainer's services — uses the same calendar.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

#: sandbox meta key: seconds from the scenario's recorded calendar to the session's play time
CALENDAR_OFFSET_KEY = "training_calendar_offset"


class ShiftedCalendar:
    """``base`` (a :class:`~commandcenter.worktime.WorkCalendar`) seen ``offset`` later."""

    def __init__(self, base, offset: timedelta):
        self.base = base
        self.offset = offset

    def __getattr__(self, name):   # office hours, working_day_seconds, limit_seconds, overrides…
        return getattr(self.base, name)

    def add(self, start_utc: datetime, limit) -> datetime:
        return self.base.add(start_utc - self.offset, limit) + self.offset

    def add_working_seconds(self, start_utc: datetime, seconds: float) -> datetime:
        return self.base.add_working_seconds(start_utc - self.offset, seconds) + self.offset

    def working_seconds_between(self, a_utc: datetime, b_utc: datetime) -> float:
        return self.base.working_seconds_between(a_utc - self.offset, b_utc - self.offset)

    def remaining(self, now_utc: datetime, deadline_utc: datetime, limit_unit: str) -> float:
        return self.base.remaining(now_utc - self.offset, deadline_utc - self.offset, limit_unit)

    def is_working_day(self, day: date) -> bool:
        return self.base.is_working_day(day - timedelta(days=round(self.offset / timedelta(days=1))))

    def years_in_use(self, at: datetime | date) -> list[int]:
        return self.base.years_in_use(at - self.offset if isinstance(at, datetime) else at)

    def calendar_warning(self, at: datetime | date) -> str | None:
        return self.base.calendar_warning(at - self.offset if isinstance(at, datetime) else at)


def calendar_for(store, base):
    """``base``, or on a training sandbox its scenario's calendar moved to play time."""
    meta = getattr(store, "meta", None)
    raw = meta(CALENDAR_OFFSET_KEY) if meta is not None else None
    if not raw:
        return base
    return ShiftedCalendar(base, timedelta(seconds=float(raw)))
