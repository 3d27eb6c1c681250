"""The content of a daily or weekly evaluation report, counted once and rendered by
:mod:`.pdf` and :mod:`.xlsx`.

A daily report covers one local day; a weekly report the Monday-to-Sunday week holding the
date. Every figure is the as-of KPI of :mod:`commandcenter.kpi` for the window [first day
00:00, day after the last 00:00), evaluated as of min(end, now): the numbers equal
``commandcenter kpi --from FIRST --to LAST`` (grouped ``--by street`` / ``--by department``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..clock import LOCAL_TZ
from ..errors import ValidationError
from ..kpi import KPI_BY_KEY, KpiValues, total
from ..kpi_asof import KpiSource

KINDS = {"daily": "日报", "weekly": "周报"}
#: the figures a report shows, in this order
FIGURES = ("reported", "registered", "dispatched", "closed", "due_to_close", "closing_rate",
           "on_time_closing_rate", "on_time_handling_rate", "rework_rate", "extension_rate",
           "overdue", "late_stages", "mean_handling_hours")
#: the figures of the by-street and by-department tables
GROUP_FIGURES = ("reported", "closed", "due_to_close", "closing_rate", "on_time_closing_rate",
                 "on_time_handling_rate", "overdue")
TREND_DAYS = 14
DEFINITIONS = (
    ("统计期间", "上报、立案、派遣、处置、结案等环节发生在期间内（北京时间，含首尾两日）"),
    ("口径时点", "所有数字按期间结束时（或出报时，取较早者）案件当时的状态计算，期间结束后不再变化"),
    ("应结案数", "期间内结案数，加上截至口径时点已立案、未结且当前环节超过时限的案件数"),
    ("结案率", "期间内结案数 ÷ 应结案数"),
    ("按期结案率", "期间内结案且没有任何环节超期的案件数 ÷ 应结案数"),
    ("按期处置率", "期间内按时限处置完成的案件数 ÷ 期间内处置完成的案件数"),
    ("返工率", "期间内处置完成且有过返工的案件数 ÷ 期间内处置完成的案件数"),
    ("延期率", "期间内派遣且获批延期的案件数 ÷ 期间内派遣的案件数"),
    ("超期案件", "口径时点未结且当前环节已过时限的案件（见超期案件清单）"),
    ("超期环节", "期间内结束时已超过时限的环节个数"),
    ("平均处置时长", "期间内处置完成案件自派遣至处置完成的平均小时数"),
    ("一致性", "与 commandcenter kpi --from 首日 --to 末日 的结果相同"),
)


@dataclass(frozen=True)
class Period:
    """The local days a report covers, both included."""

    kind: str
    first: date
    last: date

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        if kind not in KINDS:
            raise ValidationError("report", kind, f"one of {', '.join(KINDS)}")
        if kind == "daily":
            return cls(kind, day, day)
        monday = day - timedelta(days=day.weekday())
        return cls(kind, monday, monday + timedelta(days=6))

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), LOCAL_TZ)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), LOCAL_TZ)

    def describe(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} 至 {self.last.isoformat()}"


@dataclass(frozen=True)
class GroupRow:
    """One street's or department's figures."""

    name: str
    values: KpiValues


@dataclass(frozen=True)
class OverdueCase:
    """A case open and past its stage deadline at the report's as-of moment, as it stood then."""

    number: str
    class_code: str
    street_code: str
    department_code: str | None
    status: str
    stage_deadline: datetime


@dataclass(frozen=True)
class EvaluationReport:
    """Everything a daily or weekly report says; ``as_of`` is the moment its figures describe."""

    title: str
    period: Period
    as_of: datetime
    generated_at: datetime
    total: KpiValues
    by_street: tuple[GroupRow, ...]
    by_department: tuple[GroupRow, ...]
    overdue: tuple[OverdueCase, ...]
    trend: tuple[tuple[date, KpiValues], ...]
    places: Mapping[str, str]
    departments: Mapping[str, str]
    class_names: Callable[[str], str] = str

    def class_name(self, code: str) -> str:
        """The class's name (暴露垃圾) for its code, as a leader reads it."""
        return self.class_names(code)


def build_report(kind: str, day: date, source: KpiSource,
                 overdue_at: Callable[[datetime], Iterable[OverdueCase]], *, now: datetime,
                 places: Mapping[str, str], departments: Mapping[str, str],
                 class_names: Callable[[str], str] = str, centre: str = "") -> EvaluationReport:
    """Count the report of ``kind`` for the period holding ``day``.

    ``source`` counts the KPIs (the database's, as ``commandcenter kpi`` does); ``overdue_at(t)``
    lists the cases open and overdue at ``t`` as they stood then (the database's state history,
    not a fold of the whole log); ``class_names`` names a class code."""
    period = Period.of(kind, day)
    start, end = period.start, period.end
    if start > now:
        raise ValidationError("--date", day.isoformat(), "is in the future: nothing to report yet")
    as_of = min(end, now)
    by_street = source.kpis(start, end, by="street", now=now)
    by_department = source.kpis(start, end, by="department", now=now)
    overdue = sorted(overdue_at(as_of), key=lambda c: (c.stage_deadline, c.number))
    trend = []
    for back in range(TREND_DAYS - 1, -1, -1):
        first = datetime.combine(period.last - timedelta(days=back), time(), LOCAL_TZ)
        if first <= now:
            trend.append((first.date(), total(source.kpis(first, first + timedelta(days=1), now=now))))
    title = f"{centre}城市管理考核评价{KINDS[kind]}".strip()
    return EvaluationReport(
        title, period, as_of, now, total(by_street),
        tuple(GroupRow(places.get(code, code), v) for code, v in by_street.items()),
        tuple(GroupRow(departments.get(code, code), v) for code, v in by_department.items()),
        tuple(overdue), tuple(trend), dict(places), dict(departments), class_names)


def figure_text(key: str, values: KpiValues) -> str:
    """A figure as a report prints it: 92.3% for a rate, 3.5 for hours, — when undefined."""
    kpi = KPI_BY_KEY[key]
    value = kpi.value_of(values)
    if value is None:
        return "—"
    if kpi.is_rate:
        return f"{value * 100:.1f}%"
    if kpi.format == "hours":
        return f"{value:.1f}"
    return str(int(value))


def label(key: str) -> str:
    return KPI_BY_KEY[key].label_zh
