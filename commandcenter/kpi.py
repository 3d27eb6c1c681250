"""Evaluation (综合评价): the published KPIs of a city's grid management, for any window and
grouping, declared once as data. The counting in Python (below) and in SQL
(:mod:`db.kpi_sql`) are both rendered from :data:`COUNTERS`, and the figures people read
(rates, means, counts) from :data:`KPIS`, so the CLI, the wall and the trainer cannot disagree.

Every figure of a window [start, end) is evaluated **as of** ``as_of`` = min(end, now): from each
case as the event log had it at ``as_of`` (its status, stage deadline, closes and counters then),
never from what it became later, so a day's figures stop changing once the day is over.

- reported / registered / dispatched / handled / closed: the step happened in the window;
  ``reported`` counts new cases only: a call taken as a duplicate of an open case (重复件) adds
  to ``duplicate_reports`` instead, and a case merged into another (合并) later adds to
  ``merged``, so reports received = reported + duplicate_reports, and distinct problems =
  reported − merged (a merged case is neither closed nor due to close);
- due to close (应结案) = closed in the window, plus registered cases open and past their stage
  deadline at as_of (a rate that forgot those would flatter a slow city);
- closing rate (结案率) = closed in the window ÷ due;
- on-time closing rate (按期结案率) = closed in the window with no stage late ÷ due;
- on-time handling rate (按期处置率) = handled in the window on time ÷ handled in the window;
- rework rate (返工率) = handled in the window with any rework ÷ handled in the window;
- extension rate (延期率) = dispatched in the window with an approved extension ÷ dispatched;
- overdue now (超期案件) = cases open and past their stage deadline at as_of;
- stage deadlines missed (超期环节) = stages finished after their deadline in the window, i.e.
  the growth of each case's late-stage count from ``start`` to ``as_of`` (each late stage is
  counted once, on the day it ends; while it is still open it is "overdue now");
- mean handling hours (平均处置时长) = mean of dispatch → report-done for handled in the window;
- urges (催办次数) = urges and automatic reminders sent to the department holding a case in the
  window (the growth of its urge count from ``start`` to ``as_of``; by department: the department
  holding it at as_of);
- supervised cases (督办件) = cases in the window (open at as_of, or changed in it) that a shift
  leader or a leader took up: urged by a shift leader, or escalated past the department by the
  reminder ladder (:mod:`commandcenter.urging`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping

from .clock import local, parse_local, utc_now
from .errors import ValidationError

GROUPINGS: dict[str, Callable] = {
    "all": lambda c: "all",
    "district": lambda c: c.street_code[:6],
    "street": lambda c: c.street_code,
    "community": lambda c: c.community_code,
    "grid": lambda c: c.grid_code,
    "department": lambda c: c.department_code or c.returned_by,
    "dispatcher": lambda c: c.dispatched_by,
    "supervisor": lambda c: c.reported_by,
    "class": lambda c: c.class_code,
    "source": lambda c: c.source.value if hasattr(c.source, "value") else c.source,
}


# Conditions on one case as it stood at as_of (Known: not None; Positive: > 0; Zero: == 0) -----
@dataclass(frozen=True)
class Inside:
    """The case's ``field`` (a time) falls in the window [start, end)."""
    field: str


@dataclass(frozen=True)
class Known:
    field: str


@dataclass(frozen=True)
class Positive:
    field: str


@dataclass(frozen=True)
class Zero:
    field: str


@dataclass(frozen=True)
class IsTrue:
    field: str


@dataclass(frozen=True)
class OverdueAtAsOf:
    """Open and past its stage deadline at as_of (``Case.is_overdue``)."""


@dataclass(frozen=True)
class AllOf:
    parts: tuple


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


def all_of(*parts) -> AllOf:
    return AllOf(parts)


def any_of(*parts) -> AnyOf:
    return AnyOf(parts)


# What a matching case adds ---------------------------------------------------------------------
@dataclass(frozen=True)
class One:
    pass


@dataclass(frozen=True)
class Field:
    field: str


@dataclass(frozen=True)
class Growth:
    """How much ``field`` grew between the case at ``start`` and at as_of."""
    field: str


@dataclass(frozen=True)
class Seconds:
    """Seconds from ``since`` to ``until`` with both times' fractions of a second dropped, never
    negative: whole numbers that both databases compute exactly, and that add up to the same
    total in Python and in SQL, where floating-point hours would not."""
    since: str
    until: str


@dataclass(frozen=True)
class Counter:
    """A number summed over the cases: each case (as it stood at as_of) that meets ``when``
    adds ``adds``. Rendered to Python here and to SQL in :mod:`db.kpi_sql`."""

    name: str
    label_zh: str
    label_en: str
    when: object
    adds: object = One()


_HANDLED = all_of(Inside("handled_at"), Known("dispatched_at"))
_CLOSED = Inside("closed_at")

COUNTERS: tuple[Counter, ...] = (
    Counter("reported", "上报", "reported", Inside("created_at")),
    Counter("duplicate_reports", "重复件", "duplicate reports", all_of(), Growth("duplicate_count")),
    Counter("merged", "合并件", "merged cases", Inside("merged_at")),
    Counter("registered", "立案", "registered", Inside("registered_at")),
    Counter("dispatched", "派遣", "dispatched", Inside("dispatched_at")),
    Counter("handled", "处置", "handled", _HANDLED),
    Counter("closed", "结案", "closed", _CLOSED),
    Counter("due_to_close", "应结案", "due to close",
            any_of(_CLOSED, all_of(OverdueAtAsOf(), Known("registered_at")))),
    Counter("closed_on_time", "按期结案", "closed on time", all_of(_CLOSED, Zero("overdue_stages"))),
    Counter("handled_on_time", "按期处置", "handled on time", all_of(_HANDLED, IsTrue("handled_on_time"))),
    Counter("reworked", "返工", "reworked", all_of(_HANDLED, Positive("rework_count"))),
    Counter("extended", "延期", "extended", all_of(Inside("dispatched_at"), Positive("extension_count"))),
    Counter("returns", "退回", "returns", Inside("dispatched_at"), Field("return_count")),
    Counter("unjustified_returns", "推诿", "unjustified returns", Inside("dispatched_at"),
            Field("unjustified_returns")),
    Counter("overdue", "超期案件", "overdue now", OverdueAtAsOf()),
    Counter("late_stages", "超期环节", "stage deadlines missed", all_of(), Growth("overdue_stages")),
    Counter("handling_seconds", "处置时长", "handling time", _HANDLED, Seconds("dispatched_at", "handled_at")),
    Counter("urges", "催办次数", "urges", all_of(), Growth("urge_count")),
    Counter("supervised", "督办件", "supervised cases", Positive("escalation_level")),
)
COUNTER_BY_NAME = {c.name: c for c in COUNTERS}


@dataclass(frozen=True)
class Kpi:
    """A figure people read: a count (no denominator), a rate or a mean.

    ``format``: 'count', 'percent' (a ratio 0…1) or 'hours'. ``worse_when_up``: True when a
    rise is bad news, False when good, None when neither (the wall colours the change by it)."""

    key: str
    label_zh: str
    label_en: str
    numerator: str
    denominator: str | None = None
    format: str = "count"
    worse_when_up: bool | None = None

    @property
    def is_rate(self) -> bool:
        return self.format == "percent"

    def value_of(self, values: KpiValues) -> float | int | None:
        top = getattr(values, self.numerator)
        if self.denominator is None:
            return top
        bottom = getattr(values, self.denominator)
        if not bottom:
            return None
        if self.format == "hours":
            return round(top / bottom / 3600, 2)
        return round(top / bottom, 4)


def _count(name: str, worse: bool | None = None) -> Kpi:
    counter = COUNTER_BY_NAME[name]
    return Kpi(name, counter.label_zh, counter.label_en, name, worse_when_up=worse)


KPIS: tuple[Kpi, ...] = (
    _count("reported"), _count("duplicate_reports"), _count("merged"), _count("registered"), _count("dispatched"), _count("handled"),
    _count("closed", False), _count("due_to_close"),
    Kpi("closing_rate", "结案率", "closing rate", "closed", "due_to_close", "percent", False),
    Kpi("on_time_closing_rate", "按期结案率", "on-time closing rate", "closed_on_time", "due_to_close",
        "percent", False),
    Kpi("on_time_handling_rate", "按期处置率", "on-time handling rate", "handled_on_time", "handled",
        "percent", False),
    Kpi("rework_rate", "返工率", "rework rate", "reworked", "handled", "percent", True),
    Kpi("extension_rate", "延期率", "extension rate", "extended", "dispatched", "percent", True),
    _count("returns", True), _count("unjustified_returns", True),
    _count("overdue", True), _count("late_stages", True),
    Kpi("mean_handling_hours", "平均处置时长", "mean handling hours", "handling_seconds", "handled", "hours", True),
    _count("urges", True), _count("supervised", True),
)
KPI_BY_KEY = {k.key: k for k in KPIS}


class KpiValues:
    """The counters of one group; every :data:`KPIS` figure is an attribute too."""

    __slots__ = tuple(c.name for c in COUNTERS)

    def __init__(self, **counts):
        for c in COUNTERS:
            setattr(self, c.name, counts.pop(c.name, 0))
        if counts:
            raise TypeError(f"not a KPI counter: {', '.join(counts)}")

    def __getattr__(self, name: str):
        kpi = KPI_BY_KEY.get(name)
        if kpi is None:
            raise AttributeError(name)
        return kpi.value_of(self)

    def counts(self) -> dict[str, float]:
        return {c.name: getattr(self, c.name) for c in COUNTERS}

    def as_dict(self) -> dict:
        """Counters, then the figures that are not plain counters (what ``commandcenter kpi`` prints)."""
        out = self.counts()
        out.update((k.key, k.value_of(self)) for k in KPIS if k.denominator is not None)
        return out

    def __eq__(self, other) -> bool:
        return isinstance(other, KpiValues) and self.counts() == other.counts()

    def __repr__(self) -> str:
        return f"KpiValues({', '.join(f'{k}={v}' for k, v in self.counts().items() if v)})"


KPI_COLUMNS = tuple(KpiValues().as_dict())


# Counting in Python, rendered from COUNTERS -----------------------------------------------------
def _python(node) -> str:
    """``node`` as a Python expression over ``c`` (the case at as_of) and ``b`` (at start)."""
    if isinstance(node, Inside):
        return f"(c.{node.field} is not None and start <= c.{node.field} < end)"
    if isinstance(node, Known):
        return f"(c.{node.field} is not None)"
    if isinstance(node, Positive):
        return f"(c.{node.field} > 0)"
    if isinstance(node, Zero):
        return f"(c.{node.field} == 0)"
    if isinstance(node, IsTrue):
        return f"(c.{node.field} is True)"
    if isinstance(node, OverdueAtAsOf):
        return "c.is_overdue(as_of)"
    if isinstance(node, (AllOf, AnyOf)):
        if not node.parts:
            return "True" if isinstance(node, AllOf) else "False"
        joiner = " and " if isinstance(node, AllOf) else " or "
        return "(" + joiner.join(_python(p) for p in node.parts) + ")"
    if isinstance(node, One):
        return "1"
    if isinstance(node, Field):
        return f"c.{node.field}"
    if isinstance(node, Growth):
        return f"(c.{node.field} - (b.{node.field} if b is not None else 0))"
    if isinstance(node, Seconds):
        return (f"max(0, int((c.{node.until}.replace(microsecond=0) - c.{node.since}.replace(microsecond=0))"
                f".total_seconds()))")
    raise TypeError(f"not a KPI condition or value: {node!r}")


def _compile_counting() -> Callable:
    # One generated function instead of interpreting the table per case: the wall recounts a
    # month of cases on every refresh, and this runs as fast as hand-written code would.
    lines = ["def count(k, c, b, start, end, as_of):"]
    for counter in COUNTERS:
        lines.append(f"    if {_python(counter.when)}:")
        lines.append(f"        k.{counter.name} += {_python(counter.adds)}")
    namespace: dict = {}
    exec(compile("\n".join(lines), "<commandcenter.kpi COUNTERS>", "exec"), namespace)
    return namespace["count"]


_count_case = _compile_counting()


def check_grouping(by: str) -> Callable:
    if by not in GROUPINGS:
        raise ValidationError("by", by, f"unknown grouping (one of: {', '.join(GROUPINGS)})")
    return GROUPINGS[by]


def compute(cases: Iterable, start: datetime, end: datetime, by: str = "all",
            now: datetime | None = None, *, at_start: Mapping | None = None) -> dict[str, KpiValues]:
    """KPIs per group for the window [start, end).

    ``cases``: every case as it stood at as_of = min(end, now) (a picture or replay at that
    moment; :mod:`commandcenter.kpi_asof` folds them from the log). ``at_start``: case id → the
    case as it stood at ``start``, for the stage deadlines missed in the window; without it a
    case's late stages count in full when it changed in the window (exact for cases reported in
    it)."""
    key_of = check_grouping(by)
    as_of = min(end, now) if now is not None else end
    groups: dict[str, KpiValues] = defaultdict(KpiValues)
    for c in cases:
        if c.created_at > as_of or not (c.is_open or c.updated_at >= start):
            continue   # not yet reported, or finished before the window: adds nothing
        if at_start is not None:
            before = at_start.get(c.id)
        else:
            before = None if c.updated_at >= start else c
        _count_case(groups[key_of(c) or "—"], c, before, start, end, as_of)
    return {key: v for key, v in sorted(groups.items()) if any(v.counts().values())}


def total(groups: Mapping[str, KpiValues]) -> KpiValues:
    out = KpiValues()
    for values in groups.values():
        for name, value in values.counts().items():
            setattr(out, name, getattr(out, name) + value)
    return out


def kpi_window(start_text: str | None, end_text: str | None) -> tuple[datetime, datetime]:
    """The window of ``commandcenter kpi --from … --to …`` (local dates or times; default today
    so far; a bare ``--to`` date runs to the end of that day)."""
    now = utc_now()
    start = parse_local(start_text) if start_text else local(now).replace(
        hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)
    end = parse_local(end_text) if end_text else now
    if len(end_text or "") == 10:
        end = end + timedelta(days=1)
    if end <= start:
        raise ValidationError("--to", end_text, "must be after --from")
    return start, end
