"""Working-time calendar: the clock that case deadlines run on.

Time limits in city-management class tables are set in working hours (工作时) or working
days (工作日): the clock stops at night, at lunch, at weekends and on statutory holidays, and
runs on the swapped working weekend days (调休). A few emergencies run on natural hours.
"""
from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar

from commandcenter.errors import ValidationError
from commandcenter.holiday_estimate import is_estimated_day_off

WORK_HOURS = "work_hours"
WORK_DAYS = "work_days"
NATURAL_HOURS = "hours"
_SUFFIXES = {WORK_HOURS: "wh", WORK_DAYS: "wd", NATURAL_HOURS: "h"}
_UNIT_OF_SUFFIX = {suffix: unit for unit, suffix in _SUFFIXES.items()}
_LIMIT_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(wh|wd|h)\s*$")

DEFAULT_OFFICE_HOURS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
DEFAULT_TZ = "Asia/Shanghai"
# A deadline search that finds no working time for this long means the calendar is unusable.
_MAX_SEARCH_YEARS = 50
#: hours whose local day a calendar remembers (a decade of hours; then it starts over)
_MAX_HOURS_KNOWN = 100_000


@dataclass(frozen=True)
class TimeLimit:
    """A time limit (处置时限等) such as "4wh", "5wd" or "2h" (natural hours, for emergencies)."""

    amount: float
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in _SUFFIXES:
            raise ValidationError("time_limit.unit", self.unit, f"expected one of {', '.join(_SUFFIXES)}")
        try:
            amount = float(self.amount)
        except (TypeError, ValueError):
            raise ValidationError("time_limit.amount", self.amount, "must be a number") from None
        if not math.isfinite(amount) or amount <= 0:
            raise ValidationError("time_limit.amount", self.amount, "must be a positive number")
        object.__setattr__(self, "amount", amount)

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Read "4wh" (working hours), "5wd" (working days) or "2h" (natural hours)."""
        match = _LIMIT_TEXT.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValidationError(
                "time_limit", text,
                "expected a positive number followed by wh (working hours), wd (working days) "
                "or h (natural hours), e.g. '4wh', '5wd', '2h'",
            )
        try:
            return cls(float(match.group(1)), _UNIT_OF_SUFFIX[match.group(2)])
        except ValidationError as error:
            raise ValidationError("time_limit", text, error.problem) from None

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount.is_integer() else self.amount
        return f"{amount}{_SUFFIXES[self.unit]}"

    @property
    def counts_working_time(self) -> bool:
        """False for emergencies, whose clock runs day and night."""
        return self.unit != NATURAL_HOURS


@dataclass(frozen=True)
class _YearTable:
    """One year of working intervals, as UTC epoch seconds, with running totals per day."""

    first_ordinal: int
    day_intervals: tuple[tuple[tuple[float, float], ...], ...]
    cumulative: list[float]  # cumulative[i] = working seconds before day i; one extra entry at the end

    @property
    def total(self) -> float:
        return self.cumulative[-1]


class WorkCalendar:
    """Which days are working days (工作日) and which hours of them count as working time (工作时).

    A day is a working day by, in order: the admin holiday table (``overrides``: True = working,
    False = day off), the official calendar of the ``chinese_calendar`` package (statutory
    holidays and swapped working days 调休), and for years the package does not know
    Monday–Friday minus the statutory holidays computed by :mod:`commandcenter.holiday_estimate`.
    Such a year is *estimated* until an administrator confirms its published arrangement
    (``confirmed_years``); a confirmed year is Monday–Friday plus the admin table alone.

    Deadlines and countdowns are computed from per-year tables of working intervals with
    running totals, so ``add`` and ``working_seconds_between`` cost a table lookup and a
    bisection, not a walk over days or minutes.
    """

    def __init__(
        self,
        office_hours: Iterable[tuple[time, time]] = DEFAULT_OFFICE_HOURS,
        tz: str = DEFAULT_TZ,
        overrides: Mapping[date, bool] | None = None,
        confirmed_years: Iterable[int] = (),
    ):
        self.office_hours: tuple[tuple[time, time], ...] = _checked_office_hours(office_hours)
        try:
            self._zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValidationError("tz", tz, "unknown time zone; expected e.g. 'Asia/Shanghai'") from None
        self.tz = tz
        self.overrides: Mapping[date, bool] = MappingProxyType(_checked_overrides(overrides or {}))
        self.confirmed_years: frozenset[int] = frozenset(int(year) for year in confirmed_years)
        self.working_day_seconds: float = float(sum(
            _seconds_of_day(end) - _seconds_of_day(start) for start, end in self.office_hours
        ))
        self._year_table = lru_cache(maxsize=None)(self._build_year_table)
        #: the local day of each hour of UTC time asked about (:meth:`_year_offset`)
        self._hour_days: dict[float, tuple] = {}

    # Public API -----------------------------------------------------------------------

    @classmethod
    def from_config(cls, config: Mapping) -> WorkCalendar:
        """Build from the settings dict written by :meth:`to_config`; missing keys take defaults."""
        office_hours = DEFAULT_OFFICE_HOURS
        if "office_hours" in config:
            office_hours = _office_hours_from_config(config["office_hours"])
        overrides = {}
        for key, working in dict(config.get("overrides") or {}).items():
            try:
                day = date.fromisoformat(key)
            except (TypeError, ValueError):
                raise ValidationError("overrides", key, "expected a date written YYYY-MM-DD") from None
            overrides[day] = working
        return cls(office_hours, config.get("tz", DEFAULT_TZ), overrides, config.get("confirmed_years", ()))

    def to_config(self) -> dict:
        return {
            "office_hours": [[start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in self.office_hours],
            "tz": self.tz,
            "overrides": {day.isoformat(): working for day, working in sorted(self.overrides.items())},
            "confirmed_years": sorted(self.confirmed_years),
        }

    def with_overrides(self, changes: Mapping[date, bool]) -> WorkCalendar:
        """A calendar whose admin holiday table has ``changes`` applied on top of this one's."""
        return WorkCalendar(self.office_hours, self.tz, {**self.overrides, **changes}, self.confirmed_years)

    def with_confirmed(self, years: Iterable[int]) -> WorkCalendar:
        """A calendar in which an administrator has also confirmed ``years``' arrangement."""
        return WorkCalendar(self.office_hours, self.tz, self.overrides, self.confirmed_years | set(years))

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if _official_year_known(day.year):
            return chinese_calendar.is_workday(day)
        if day.year not in self.confirmed_years and is_estimated_day_off(day):
            return False
        return day.weekday() < 5

    def official_calendar_missing(self, years: Iterable[int]) -> list[int]:
        """The years among ``years`` that neither ``chinese_calendar`` knows nor an administrator
        has confirmed: their statutory holidays are estimated."""
        return sorted({year for year in years
                       if not _official_year_known(year) and year not in self.confirmed_years})

    def years_in_use(self, at: datetime | date) -> list[int]:
        """The years deadlines computed at ``at`` run in: that year, and in December the next one
        too, because open cases' deadlines reach into it."""
        day = self._local_date(at, "at") if isinstance(at, datetime) else at
        return [day.year, day.year + 1] if day.month == 12 else [day.year]

    def calendar_warning(self, at: datetime | date) -> str | None:
        """A sentence for the UI when deadlines computed at ``at`` rely on estimated holidays,
        naming the years concerned."""
        missing = self.official_calendar_missing(self.years_in_use(at))
        if not missing:
            return None
        named = " and ".join(str(year) for year in missing)
        verb = "is" if len(missing) == 1 else "are"
        return (
            f"The official holiday calendar for {named} {verb} missing; working time uses estimated "
            "statutory holidays (computed from the lunar calendar, without swapped working days) and "
            "the admin holiday table until an administrator confirms the published arrangement."
        )

    def limit_seconds(self, limit: TimeLimit) -> float:
        """The limit as seconds of the clock it runs on (working seconds, or natural for 'hours')."""
        if limit.unit == WORK_DAYS:
            return limit.amount * self.working_day_seconds
        return limit.amount * 3600.0

    def add(self, start_utc: datetime, limit: TimeLimit) -> datetime:
        """The UTC deadline of ``limit`` started at ``start_utc``.

        Outside office hours the working clock starts at the next opening; a limit that runs
        out exactly at closing time ends at closing time, not at the next morning's opening.
        """
        start = _timestamp(start_utc, "start_utc")
        if not limit.counts_working_time:
            return _utc(start) + timedelta(hours=limit.amount)
        return self._add_working_seconds(start, self.limit_seconds(limit), limit)

    def add_working_seconds(self, start_utc: datetime, seconds: float) -> datetime:
        """The moment ``seconds`` of working time after ``start_utc`` (used to move a deadline
        that was computed on an earlier version of the calendar)."""
        return self._add_working_seconds(_timestamp(start_utc, "start_utc"), seconds, f"{seconds:g}s")

    def working_seconds_between(self, a_utc: datetime, b_utc: datetime) -> float:
        """Working seconds from ``a_utc`` to ``b_utc``; negative when ``b_utc`` is earlier."""
        year_a, offset_a = self._year_offset(_timestamp(a_utc, "a_utc"))
        year_b, offset_b = self._year_offset(_timestamp(b_utc, "b_utc"))
        return self._years_total(year_a, year_b) - self._years_total(year_b, year_a) + offset_b - offset_a

    def last_moment_with(self, deadline_ts: float, seconds: float, limit_unit: str) -> float:
        """The latest moment (UTC epoch seconds) at which ``seconds`` are still left on the clock
        of ``limit_unit`` before ``deadline_ts``: from then on :meth:`remaining` is below
        ``seconds``. So a countdown's colour changes at a moment known in advance, and need not
        be re-read from the calendar on every tick."""
        if limit_unit == NATURAL_HOURS:
            return deadline_ts - seconds
        year, offset = self._year_offset(deadline_ts)
        target = offset - seconds
        table = self._year_table(year)
        while target < 0:
            year -= 1
            if year < 1:
                return -math.inf
            table = self._year_table(year)
            target += table.total
        while target >= table.total:   # exactly a year's working time: the next year's first opening
            target -= table.total
            year += 1
            table = self._year_table(year)
        day_index = bisect.bisect_right(table.cumulative, target) - 1
        left = target - table.cumulative[day_index]
        for opens, closes in table.day_intervals[day_index]:
            if left < closes - opens:
                return opens + left
            left -= closes - opens
        return table.day_intervals[day_index][-1][1]   # float rounding at the day's last closing

    def remaining(self, now_utc: datetime, deadline_utc: datetime, limit_unit: str) -> float:
        """Seconds left until the deadline on the limit's own clock; negative once overdue."""
        if limit_unit not in _SUFFIXES:
            raise ValidationError("limit_unit", limit_unit, f"expected one of {', '.join(_SUFFIXES)}")
        if limit_unit == NATURAL_HOURS:
            return _timestamp(deadline_utc, "deadline_utc") - _timestamp(now_utc, "now_utc")
        return self.working_seconds_between(now_utc, deadline_utc)

    # Private API ----------------------------------------------------------------------

    def _add_working_seconds(self, start: float, seconds: float, what: object) -> datetime:
        # ``what`` (the limit, for the error) becomes text only when it is needed: this runs per event
        start_year, offset = self._year_offset(start)
        year, target = start_year, offset + seconds
        table = self._year_table(year)
        while target > table.total:
            target -= table.total
            year += 1
            if year - start_year > _MAX_SEARCH_YEARS:
                raise ValidationError("limit", str(what), "the working calendar has no working time left")
            table = self._year_table(year)
        day_index = bisect.bisect_left(table.cumulative, target) - 1
        left = target - table.cumulative[day_index]
        for opens, closes in table.day_intervals[day_index]:
            if left <= closes - opens:
                break
            left -= closes - opens
        return _utc(min(opens + left, closes))

    def _local_date(self, moment: datetime, field: str) -> date:
        _timestamp(moment, field)
        return moment.astimezone(self._zone).date()

    def _build_year_table(self, year: int) -> _YearTable:
        first = date(year, 1, 1)
        intervals: list[tuple[tuple[float, float], ...]] = []
        cumulative = [0.0]
        for ordinal in range(first.toordinal(), date(year + 1, 1, 1).toordinal()):
            day = date.fromordinal(ordinal)
            if self.is_working_day(day):
                today = tuple(
                    (datetime.combine(day, opens, self._zone).timestamp(),
                     datetime.combine(day, closes, self._zone).timestamp())
                    for opens, closes in self.office_hours
                )
            else:
                today = ()
            intervals.append(today)
            cumulative.append(cumulative[-1] + sum(closes - opens for opens, closes in today))
        return _YearTable(first.toordinal(), tuple(intervals), cumulative)

    def _year_offset(self, moment: float) -> tuple[int, float]:
        """(local year, working seconds from that year's start to ``moment``)."""
        hour = moment // 3600
        known = self._hour_days.get(hour)
        if known is None:
            known = self._hour_day(hour)
        if known[0] <= moment < known[1]:
            year, table, index = known[2], known[3], known[4]
        else:
            day = datetime.fromtimestamp(moment, self._zone).date()
            year, table = day.year, self._year_table(day.year)
            index = day.toordinal() - table.first_ordinal
        within = 0.0
        for opens, closes in table.day_intervals[index]:
            if moment <= opens:
                break
            within += min(moment, closes) - opens
        return year, table.cumulative[index] + within

    def _hour_day(self, hour: float) -> tuple:
        """The local day (year, its table, the day's index in it) of every moment of one hour of UTC
        time, and the moments it holds for: the whole hour, short of its last microsecond (which
        a local date rounds up into the next hour), when no change of the zone's offset and no
        local midnight falls inside it; else none. Turning a moment into a local date costs
        microseconds, and a district's deadlines fall into a few thousand hours."""
        start = hour * 3600
        try:
            first = datetime.fromtimestamp(start, self._zone)
            last = datetime.fromtimestamp(start + 3599, self._zone)
            day = first.date()
            table = self._year_table(day.year)
        except (ValueError, OverflowError, OSError):   # the edge of datetime's range: moment by moment
            return (start, start, 0, None, 0)
        end = start + 3599.999999 if last.date() == day and last.utcoffset() == first.utcoffset() else start
        if len(self._hour_days) >= _MAX_HOURS_KNOWN:
            self._hour_days.clear()
        known = self._hour_days[hour] = (start, end, day.year, table, day.toordinal() - table.first_ordinal)
        return known

    def _years_total(self, first_year: int, end_year: int) -> float:
        return sum(self._year_table(year).total for year in range(first_year, end_year))


@lru_cache(maxsize=None)
def _official_year_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _timestamp(moment: datetime, field: str) -> float:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValidationError(field, moment, "expected a timezone-aware datetime")
    return moment.timestamp()


def _utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, timezone.utc)


def _seconds_of_day(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _checked_office_hours(office_hours: Iterable[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    periods = tuple(tuple(period) for period in office_hours)
    if not periods:
        raise ValidationError("office_hours", periods, "at least one office-hours period is needed")
    previous_end = None
    for period in periods:
        if len(period) != 2 or not all(isinstance(t, time) and t.tzinfo is None for t in period):
            raise ValidationError("office_hours", period, "expected (opening, closing) local times")
        opens, closes = period
        if opens >= closes:
            raise ValidationError("office_hours", period, "opening must be before closing on the same day")
        if previous_end is not None and opens < previous_end:
            raise ValidationError("office_hours", period, "periods must be in order and not overlap")
        previous_end = closes
    return periods


def _office_hours_from_config(raw: object) -> tuple[tuple[time, time], ...]:
    try:
        return tuple((time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in raw)
    except (TypeError, ValueError):
        raise ValidationError("office_hours", raw, "expected a list of [\"HH:MM\", \"HH:MM\"] pairs") from None


def _checked_overrides(overrides: Mapping[date, bool]) -> dict[date, bool]:
    checked = {}
    for day, working in overrides.items():
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError("overrides", day, "expected a date")
        if not isinstance(working, bool):
            raise ValidationError(f"overrides[{day.isoformat()}]", working,
                                  "expected true (working) or false (day off)")
        checked[day] = working
    return checked
