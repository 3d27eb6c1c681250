"""What the video wall shows, computed from the situation picture's cases: plain Python, no Qt.

Every KPI is the one ``commandcenter kpi`` prints for the same window, as of that window's end
(a :class:`commandcenter.kpi_asof.KpiSource`, the database when the wall runs), so a past day
never improves after the fact:

- today's tiles (:func:`commandcenter.kpi_asof.today_tiles`): window [local midnight, now);
  the change is against yesterday's [midnight − 1 day, now − 1 day) as it stood then;
- each point of the 30-day on-time closing rate is one local day, as
  ``commandcenter kpi --from D --to D`` prints it (today's point runs to now and is marked
  provisional);
- the department ranking is the on-time handling rate of the last 30 days as
  ``commandcenter kpi --by department --from D-29`` prints it, with each department's open
  cases that are overdue now (what a leader can still act on).

Nothing about reporters is ever read here: a figure carries case numbers, classes and
places only, so no widget of the wall can show a name or a phone number.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping

from commandcenter.case import Case, Tier
from commandcenter.clock import LOCAL_TZ, local
from commandcenter.districts import district_codes
from commandcenter.kpi import KpiValues, compute
from commandcenter.kpi_asof import MIN_RATE_DENOMINATOR, KpiSource, Tile, tiles_of
from commandcenter.warnings import EarlyWarning, WarningRule, early_warnings
from ui.wall.selection import Selection, area_of

DAY = timedelta(days=1)
TREND_DAYS = 30
TREND_RECOMPUTE_S = 60.0
"""The past days of the trend are recomputed at most this often (today's point every refresh)."""
USUAL_WEEKS = 4
TICKER_OVERDUE = 20
EMERGENCY_BIG_CLASS = "E05"

@dataclass(frozen=True)
class TrendPoint:
    """On-time closing rate of ``day``; provisional for today, which is not over."""

    day: date
    rate: float | None
    provisional: bool


@dataclass(frozen=True)
class DepartmentFigure:
    code: str
    on_time_handling_rate: float | None
    handled: int
    overdue: int          # its open cases overdue now


@dataclass(frozen=True)
class StreetFigure:
    code: str
    open: int
    overdue: int
    reported_today: int


@dataclass(frozen=True)
class MarkerFigure:
    """An urgent or emergency case on the map (state: overdue / at_risk / on_time)."""

    case_id: int
    lon: float
    lat: float
    state: str
    stage: str
    number: str
    class_code: str


@dataclass(frozen=True)
class TickerItem:
    """One entry of the ticker: kind 'warning', 'urgent' or 'overdue'."""

    kind: str
    case_id: int | None = None
    number: str = ""
    class_code: str = ""
    street_code: str = ""
    community_code: str = ""
    overdue_hours: float = 0.0
    warning: EarlyWarning | None = None
    since: datetime | None = None
    """An urgent case's report time; a warning's first report of its burst."""
    count: int = 1
    """Reports behind the entry: a warning's burst, 1 for a case."""
    #: the clock the overdue time runs on (working time or natural hours), for its words
    clock_unit: str = "work_hours"


@dataclass(frozen=True)
class WallFigures:
    now: datetime
    today: KpiValues
    yesterday: KpiValues
    kpis: tuple[Tile, ...]
    hourly_today: tuple[int, ...]
    hourly_usual: tuple[float, ...] | None
    usual_weeks: int
    on_time_trend: tuple[TrendPoint, ...]
    departments: tuple[DepartmentFigure, ...]
    streets: tuple[StreetFigure, ...]
    open_per_cell: Mapping[str, int]
    overdue_per_cell: Mapping[str, int]
    markers: tuple[MarkerFigure, ...]
    warnings: tuple[EarlyWarning, ...]
    flagged_cells: tuple[str, ...]
    ticker: tuple[TickerItem, ...]
    selection: Selection = Selection()
    area_level: str | None = "street"
    """What the ``streets`` figures are: streets, or the communities or grids of the selection."""


def local_midnight(at: datetime) -> datetime:
    day = local(at).date()
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(at.tzinfo)


def today_window(now: datetime) -> tuple[datetime, datetime]:
    return local_midnight(now), now


def is_highlighted(case: Case) -> bool:
    """Urgent tier or an emergency class (突发事件): drawn on the map and named in the ticker."""
    return case.tier is Tier.URGENT or case.class_code.startswith(EMERGENCY_BIG_CLASS)


class WallPresenter:
    """Turns the picture's cases into :class:`WallFigures`.

    ``district_map`` (optional) supplies the areas for the early-warning rule and the cells of
    a flagged street; ``deadline_clock`` (commandcenter.queues.DeadlineClock) the marker states;
    ``kpi_source`` the KPIs as of any moment (without one, today is counted from the picture
    and there is no honest yesterday to compare with).
    """

    def __init__(self, *, deadline_clock, district_map=None, rule: WarningRule = WarningRule(),
                 kpi_source: KpiSource | None = None):
        self._clock = deadline_clock
        self._kpis = kpi_source
        self._map = district_map
        self._rule = rule
        self._areas = ({"grid": len(district_map.grids), "street": len(district_map.streets)}
                       if district_map is not None else None)
        self._past_days: tuple[TrendPoint, ...] = ()
        self._past_days_at: datetime | None = None
        self._past_days_of: Selection | None = None
        self._selection = Selection()

    # Public API ---------------------------------------------------------------------------
    def figures(self, cases: Iterable[Case], now: datetime, selection: Selection = Selection()) -> WallFigures:
        """The figures of ``selection`` (default: the whole district). Early warnings, urgent
        cases and the ticker stay district-wide: a drill-down never hides an emergency."""
        horizon = now - (TREND_DAYS + 1) * DAY
        # anything older and closed can change no panel: keep the work proportional to a month
        everything = [c for c in cases if c.is_open or c.updated_at >= horizon]
        recent = everything if selection.is_whole else [c for c in everything if selection.contains(c)]
        self._selection = selection
        start, _ = today_window(now)
        if self._kpis is not None:
            today = self._pick(self._kpis.kpis(start, now, now=now, by=self._by()))
            yesterday = self._pick(self._kpis.kpis(start - DAY, now - DAY, now=now - DAY, by=self._by()))
            kpis = tuple(tiles_of(today, yesterday))
        else:
            today, yesterday = _total(compute(recent, start, now, now=now)), KpiValues()
            kpis = tuple(tiles_of(today, None))
        hourly_today, usual, weeks = self._hourly(recent, now)
        open_cases = [c for c in recent if c.is_open]
        open_everywhere = [c for c in everything if c.is_open]
        warnings = tuple(early_warnings(everything, now, self._rule, self._areas))
        return WallFigures(
            now=now, today=today, yesterday=yesterday, kpis=kpis,
            hourly_today=hourly_today, hourly_usual=usual, usual_weeks=weeks,
            on_time_trend=self._trend(recent, now),
            departments=self._departments(recent, open_cases, now),
            streets=self._streets(recent, open_cases, start, now, selection),
            open_per_cell=Counter(c.grid_code for c in open_everywhere),
            overdue_per_cell=Counter(c.grid_code for c in open_everywhere if c.is_overdue(now)),
            markers=self._markers(open_everywhere, now),
            warnings=warnings,
            flagged_cells=self._flagged_cells(warnings, everything),
            ticker=self._ticker(everything, open_everywhere, warnings, now),
            selection=selection, area_level=selection.child_level,
        )

    def _by(self) -> str:
        return "all" if self._selection.is_whole else self._selection.level

    def _pick(self, groups: Mapping[str, KpiValues]) -> KpiValues:
        """The selection's group of KPIs grouped by its level (the district: 'all')."""
        if self._selection.is_whole:
            return _total(groups)
        return groups.get(self._selection.code or "", KpiValues())

    # Private API --------------------------------------------------------------------------
    @staticmethod
    def _hourly(cases: list[Case], now: datetime) -> tuple[tuple[int, ...], tuple[float, ...] | None, int]:
        """Reports per local hour today, and the mean per hour of the same weekday in past weeks."""
        today = local(now).date()
        earliest = min((local(c.created_at).date() for c in cases), default=today)
        weeks = [today - timedelta(weeks=w) for w in range(1, USUAL_WEEKS + 1)]
        weeks = [d for d in weeks if d > earliest]   # only days the history fully covers
        per_day: dict[date, list[int]] = {d: [0] * 24 for d in [today, *weeks]}
        for c in cases:
            at = local(c.created_at)
            hours = per_day.get(at.date())
            if hours is not None and c.created_at < now:
                hours[at.hour] += 1
        hourly_today = tuple(per_day[today][: local(now).hour + 1])
        if not weeks:
            return hourly_today, None, 0
        usual = tuple(sum(per_day[d][h] for d in weeks) / len(weeks) for h in range(24))
        return hourly_today, usual, len(weeks)

    def _trend(self, cases: list[Case], now: datetime) -> tuple[TrendPoint, ...]:
        today = local(now).date()
        first = today - timedelta(days=TREND_DAYS - 1)
        # a day's rate reads only the cases closed that day and the registered ones still open
        # and overdue by its end: hand compute just those
        closed: dict[date, list[Case]] = defaultdict(list)
        for c in cases:
            if c.closed_at is not None and c.closed_at < now and local(c.closed_at).date() >= first:
                closed[local(c.closed_at).date()].append(c)
        waiting = [c for c in cases if c.is_open and c.registered_at is not None and c.stage_deadline is not None]

        def point(day: date) -> TrendPoint:
            start = datetime.combine(day, time(0), LOCAL_TZ).astimezone(now.tzinfo)
            end = min(now, start + DAY)
            if self._kpis is not None:   # the day as it stood at its end
                values = self._pick(self._kpis.kpis(start, end, now=now, by=self._by()))
            else:
                subset = closed.get(day, []) + [c for c in waiting if c.is_overdue(end) and c.created_at < end]
                values = _total(compute(subset, start, end, now=now))
            # a rate over a handful of cases (03:00, a quiet community) is no point: a gap, not a dive to 0
            rate = values.on_time_closing_rate if values.due_to_close >= MIN_RATE_DENOMINATOR else None
            if day == today and values.closed_on_time < MIN_RATE_DENOMINATOR:
                rate = None   # the night's few closes against the overdue backlog: no dive to 2 %
            return TrendPoint(day, rate, day == today)

        stale = (self._past_days_at is None or not self._past_days or self._past_days[-1].day != today - DAY
                 or not timedelta(0) <= now - self._past_days_at < timedelta(seconds=TREND_RECOMPUTE_S)
                 or self._past_days_of != self._selection)
        if stale:
            self._past_days = tuple(point(today - timedelta(days=k)) for k in range(TREND_DAYS - 1, 0, -1))
            self._past_days_at = now
            self._past_days_of = self._selection
        return (*self._past_days, point(today))

    @staticmethod
    def _departments(cases: list[Case], open_cases: list[Case], now: datetime) -> tuple[DepartmentFigure, ...]:
        start = local_midnight(now) - (TREND_DAYS - 1) * DAY
        groups = compute(cases, start, now, by="department", now=now)
        overdue = Counter(c.department_code for c in open_cases if c.department_code and c.is_overdue(now))
        figures = [DepartmentFigure(code, v.on_time_handling_rate, v.handled, overdue[code])
                   for code, v in groups.items() if code != "—"]
        figures.sort(key=lambda d: (d.on_time_handling_rate is None, -(d.on_time_handling_rate or 0),
                                    d.overdue, d.code))
        return tuple(figures)

    def _streets(self, cases: list[Case], open_cases: list[Case], start: datetime,
                 now: datetime, selection: Selection = Selection()) -> tuple[StreetFigure, ...]:
        """Per area one level below the selection: streets of the district (or of a
        department's cases), communities of a street, grids of a community."""
        level = selection.child_level
        if level is None:
            return ()
        reported = Counter(area_of(c, level) for c in cases if start <= c.created_at < now)
        open_count = Counter(area_of(c, level) for c in open_cases)
        overdue = Counter(area_of(c, level) for c in open_cases if c.is_overdue(now))
        if self._map is not None and level == "district":
            codes = list(district_codes(self._map))
        elif self._map is not None:
            areas = {"street": self._map.streets, "community": self._map.communities, "grid": self._map.grids}[level]
            codes = [a.code for a in areas if selection.owns(a.code)]
        else:
            codes = sorted(set(reported) | set(open_count))
        return tuple(StreetFigure(code, open_count[code], overdue[code], reported[code]) for code in codes)

    def _markers(self, open_cases: list[Case], now: datetime) -> tuple[MarkerFigure, ...]:
        return tuple(
            MarkerFigure(c.id, c.lon, c.lat, self._clock.state(c, now), c.stage or "", c.number, c.class_code)
            for c in open_cases if is_highlighted(c))

    @staticmethod
    def _warning_item(warning: EarlyWarning, cases: list[Case]) -> TickerItem:
        """A warning named by the class most of its burst's reports share (its 'what')."""
        burst = _burst(warning, cases)
        classes = Counter(c.class_code for c in burst)
        class_code = classes.most_common(1)[0][0] if classes else ""
        since = min((c.created_at for c in burst), default=warning.window_start)
        return TickerItem("warning", class_code=class_code, warning=warning, since=since, count=warning.count)

    @staticmethod
    def _flagged_cells(warnings: tuple[EarlyWarning, ...], cases: list[Case]) -> tuple[str, ...]:
        """A flagged grid is outlined itself; a flagged street through the cells its burst came from."""
        streets = {w.code: w for w in warnings if w.level == "street"}

        def in_burst(case: Case) -> bool:
            warning = streets.get(case.street_code)
            return warning is not None and warning.window_start <= case.created_at < warning.window_end

        cells = [w.code for w in warnings if w.level == "grid"] + sorted({c.grid_code for c in cases if in_burst(c)})
        return tuple(dict.fromkeys(cells))

    def _ticker(self, cases: list[Case], open_cases: list[Case], warnings: tuple[EarlyWarning, ...],
                now: datetime) -> tuple[TickerItem, ...]:
        earliest = min((w.window_start for w in warnings), default=now)
        in_windows = [c for c in cases if c.created_at >= earliest]   # a burst's reports are recent
        items = [self._warning_item(w, in_windows) for w in warnings]
        urgent = sorted((c for c in open_cases if is_highlighted(c)), key=lambda c: c.created_at, reverse=True)
        items += [TickerItem("urgent", c.id, c.number, c.class_code, c.street_code, c.community_code,
                             since=c.created_at) for c in urgent]
        overdue = []
        for c in open_cases:
            if c.is_overdue(now) and not is_highlighted(c):
                left = self._clock.remaining_s(c, now)
                overdue.append((-(left or 0.0), c))
        overdue.sort(key=lambda pair: (-pair[0], pair[1].id))
        items += [TickerItem("overdue", c.id, c.number, c.class_code, c.street_code, c.community_code,
                             overdue_hours=late_s / 3600, clock_unit=self._clock.clock_unit(c))
                  for late_s, c in overdue[:TICKER_OVERDUE]]
        return tuple(items)


def _burst(warning: EarlyWarning, cases: list[Case]) -> list[Case]:
    """The reports a warning counted: in its area and its window."""
    field = "grid_code" if warning.level == "grid" else "street_code"
    return [c for c in cases if getattr(c, field) == warning.code
            and warning.window_start <= c.created_at < warning.window_end]


def _total(groups: Mapping[str, KpiValues]) -> KpiValues:
    return groups.get("all", KpiValues())
