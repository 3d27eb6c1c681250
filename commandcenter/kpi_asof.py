"""KPIs as of their time: every case as the event log had it at a moment, where the KPIs come
from, and the "today" tiles of the wall and the trainer.

A case's state at ``t`` is the fold of its events up to ``t``. Its events' times are taken as a
running maximum (a desk whose clock is a few ms behind cannot make a case step back in time), the
same rule the database's state history (``case_states``) is written with. Whatever gives the
KPIs — the database, a fold of the log, a replay — answers :class:`KpiSource`, so a screen asks
for "this window" and never needs to know where the figures come from.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, Iterator, Mapping, Protocol, Sequence

from .case import Case, CaseEvent
from .clock import LOCAL_TZ, local
from .kpi import COUNTER_BY_NAME, KPI_BY_KEY, KpiValues, compute, total
from .workflow import evolve

DAY = timedelta(days=1)
MIN_RATE_DENOMINATOR = 10
"""Below this many cases a rate is shown as its counts ("3 / 4 应结案"): at 03:00 one case
would swing it between 0 % and 100 %."""
TODAY_TILES: tuple[str, ...] = ("reported", "registered", "dispatched", "closed", "overdue",
                                "on_time_closing_rate")
"""The wall's and the trainer's tiles; ``late_stages`` (超期环节) is the other 超期 figure."""


# States as of a moment -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StateSpan:
    """A case as one event left it, from ``valid_from`` until its next event (None: still so)."""

    case: Case
    valid_from: datetime
    valid_to: datetime | None


def state_spans(events: Iterable[CaseEvent], states: Iterable[Case] | None = None) -> Iterator[StateSpan]:
    """Every state every case went through, folding ``events`` (log order); a span is yielded
    once its end is known, the last span of each case at the end. ``states``: the case as each
    event left it, when the caller kept them (the demo's in-memory run) — no folding then."""
    current: dict[int, tuple[Case, datetime]] = {}
    after = iter(states) if states is not None else None
    for event in events:
        previous = current.get(event.case_id)
        case = evolve(previous[0] if previous else None, event) if after is None else next(after)
        valid_from = max(event.at, previous[1]) if previous else event.at
        if previous:
            yield StateSpan(previous[0], previous[1], valid_from)
        current[event.case_id] = (case, valid_from)
    for case, valid_from in current.values():
        yield StateSpan(case, valid_from, None)


def cases_as_of(events: Iterable[CaseEvent], t: datetime) -> dict[int, Case]:
    """Every case reported by ``t`` as it stood at ``t`` (events at ``t`` included)."""
    cases: dict[int, Case] = {}
    reached: dict[int, datetime] = {}
    stopped: set[int] = set()
    for event in events:
        if event.case_id in stopped:
            continue
        at = max(event.at, reached.get(event.case_id, event.at))
        if at > t:
            stopped.add(event.case_id)
            continue
        reached[event.case_id] = at
        cases[event.case_id] = evolve(cases.get(event.case_id), event)
    return cases


class CaseHistory:
    """Every state of every case it was told about, so KPIs can be counted as of any moment
    without the database: fed with the log's events (oldest first, then as they arrive)."""

    def __init__(self, events: Iterable[CaseEvent] = ()):
        self._times: dict[int, list[datetime]] = {}
        self._states: dict[int, list[Case]] = {}
        self.apply(events)

    def apply(self, events: Iterable[CaseEvent]) -> None:
        for event in events:
            times = self._times.setdefault(event.case_id, [])
            states = self._states.setdefault(event.case_id, [])
            states.append(evolve(states[-1] if states else None, event))
            times.append(max(event.at, times[-1]) if times else event.at)

    def state_at(self, t: datetime) -> dict[int, Case]:
        """Every case reported by ``t`` as it stood at ``t`` (equal to :func:`cases_as_of`)."""
        out = {}
        for case_id, times in self._times.items():
            index = bisect_right(times, t)
            if index:
                out[case_id] = self._states[case_id][index - 1]
        return out


# Where KPIs come from --------------------------------------------------------------------------
class KpiSource(Protocol):
    """KPIs per group of the window [start, end) as of min(end, now)."""

    def kpis(self, start: datetime, end: datetime, *, by: str = "all",
             now: datetime | None = None) -> dict[str, KpiValues]: ...


class FoldedKpis:
    """KPIs counted in Python from ``state_at(t)`` (id → case at ``t``): a replay's or a
    :class:`CaseHistory`'s ``state_at``, or a fold of an event log (:meth:`of_events`)."""

    def __init__(self, state_at: Callable[[datetime], Mapping[int, Case]]):
        self._state_at = state_at

    @classmethod
    def of_events(cls, events: Sequence[CaseEvent]) -> FoldedKpis:
        return cls(lambda t: cases_as_of(events, t))

    def kpis(self, start: datetime, end: datetime, *, by: str = "all",
             now: datetime | None = None) -> dict[str, KpiValues]:
        as_of = min(end, now) if now is not None else end
        return compute(self._state_at(as_of).values(), start, end, by, now, at_start=self._state_at(start))


class StoreKpis:
    """KPIs counted by the database (``backend.kpi``, i.e. :func:`db.kpi_sql.compute_in_db`).

    A window whose as_of has passed is counted once and kept: its figures are fixed by the
    events up to as_of, so the wall's 29 past trend days cost nothing after the first refresh.
    An event timed at or before a kept as_of that arrives later (a desk whose clock was behind,
    a report entered late, a bulk load or restore) is found among the events appended since the
    last look (``backend.kpi_changes``), and every kept window it can touch (as_of at or after
    its time) is counted again; a log that went back (another database) drops them all."""

    MAX_KEPT = 1024

    def __init__(self, backend, store):
        self._backend, self._store = backend, store
        self._changes = getattr(backend, "kpi_changes", None)
        self._kept: dict[tuple, dict[str, KpiValues]] = {}
        self._seen: int | None = None   # the log's newest seq when the kept windows were checked

    def kpis(self, start: datetime, end: datetime, *, by: str = "all",
             now: datetime | None = None) -> dict[str, KpiValues]:
        as_of = min(end, now) if now is not None else end
        if self._changes is None or now is None or as_of >= now:
            return self._backend.kpi(self._store, start, end, by=by, now=now)
        self._forget_changed()
        key = (start, end, by, as_of)
        kept = self._kept.get(key)
        if kept is None:
            if len(self._kept) >= self.MAX_KEPT:
                self._kept.clear()
            kept = self._kept[key] = self._backend.kpi(self._store, start, end, by=by, now=now)
        return {group: KpiValues(**values.counts()) for group, values in kept.items()}

    def _forget_changed(self) -> None:
        newest, earliest = self._changes(self._store, self._seen)
        if self._seen is not None and (newest is None or newest < self._seen):
            self._kept.clear()
        elif earliest is not None:
            self._kept = {key: kept for key, kept in self._kept.items() if key[3] < earliest}
        self._seen = newest


# Today's tiles ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tile:
    """One figure of today against the same hours of yesterday (较昨日).

    For a rate, ``numerator``/``denominator`` are its counts (``denominator_label_*`` names the
    denominator, e.g. 应结案); when :attr:`shows_counts` the screen shows them instead of a
    percentage and no change."""

    key: str
    label_zh: str
    label_en: str
    value: float | int | None
    previous: float | int | None
    is_rate: bool
    worse_when_up: bool | None
    numerator: int | None = None
    denominator: int | None = None
    previous_denominator: int | None = None
    denominator_label_zh: str = ""
    denominator_label_en: str = ""

    @property
    def shows_counts(self) -> bool:
        return self.is_rate and (self.denominator or 0) < MIN_RATE_DENOMINATOR

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.previous is None or self.shows_counts:
            return None
        if self.is_rate and (self.previous_denominator or 0) < MIN_RATE_DENOMINATOR:
            return None
        return self.value - self.previous

    def count_text(self, lang: str = "zh") -> str:
        """"3 / 4 应结案" (zh) or "3 / 4 due to close" (en)."""
        label = self.denominator_label_zh if lang == "zh" else self.denominator_label_en
        return f"{self.numerator or 0} / {self.denominator or 0} {label}"


def local_midnight(at: datetime) -> datetime:
    return datetime.combine(local(at).date(), time(0), LOCAL_TZ).astimezone(at.tzinfo)


def today_tiles(source: KpiSource | Iterable[Case], now: datetime,
                keys: Sequence[str] = TODAY_TILES) -> list[Tile]:
    """Today so far ([local midnight, now)) against yesterday's same hours, evaluated as of
    now − 1 day, so the comparison never sees what happened to yesterday's cases since.

    ``source``: a :class:`KpiSource`, or the cases as they stand at ``now`` (a live picture),
    which can give today but not yesterday as it was: then ``previous`` is None."""
    midnight = local_midnight(now)
    if hasattr(source, "kpis"):
        today = total(source.kpis(midnight, now, now=now))
        yesterday = total(source.kpis(midnight - DAY, now - DAY, now=now - DAY))
    else:
        today, yesterday = total(compute(source, midnight, now, now=now)), None
    return tiles_of(today, yesterday, keys)


def tiles_of(today: KpiValues, yesterday: KpiValues | None, keys: Sequence[str] = TODAY_TILES) -> list[Tile]:
    """The tiles of ``keys`` for figures already counted (``yesterday`` None: no comparison)."""
    tiles = []
    for key in keys:
        kpi = KPI_BY_KEY[key]
        rate = kpi.denominator is not None
        bottom = COUNTER_BY_NAME[kpi.denominator] if rate else None
        tiles.append(Tile(
            key, kpi.label_zh, kpi.label_en, kpi.value_of(today),
            kpi.value_of(yesterday) if yesterday is not None else None, kpi.is_rate, kpi.worse_when_up,
            numerator=getattr(today, kpi.numerator) if rate else None,
            denominator=getattr(today, kpi.denominator) if rate else None,
            previous_denominator=getattr(yesterday, kpi.denominator) if rate and yesterday is not None else None,
            denominator_label_zh=bottom.label_zh if bottom else "",
            denominator_label_en=bottom.label_en if bottom else ""))
    return tiles


@dataclass(frozen=True)
class DayFigure:
    """One local day's figure, as of the day's end; today's runs to now and is provisional.
    A past day's figure never changes, so a screen may keep it until midnight."""

    day: date
    value: float | int | None
    numerator: int
    denominator: int | None
    provisional: bool

    @property
    def shows_counts(self) -> bool:
        return self.denominator is not None and self.denominator < MIN_RATE_DENOMINATOR


def daily_figures(source: KpiSource, now: datetime, key: str, days: int = 30) -> list[DayFigure]:
    """``key`` (a :data:`~commandcenter.kpi.KPIS` figure) for each of the last ``days`` local
    days up to today, oldest first: the wall's trend, equal to ``kpi --from D --to D``."""
    kpi = KPI_BY_KEY[key]
    today = local(now).date()
    out = []
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        start = datetime.combine(day, time(0), LOCAL_TZ).astimezone(now.tzinfo)
        values = total(source.kpis(start, start + DAY, now=now))
        out.append(DayFigure(day, kpi.value_of(values), getattr(values, kpi.numerator),
                             getattr(values, kpi.denominator) if kpi.denominator else None, back == 0))
    return out
