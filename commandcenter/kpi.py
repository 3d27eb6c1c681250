"""Evaluation (综合评价): the published KPIs of a city's grid management, for any window and
grouping. One function serves the CLI, the wall and the trainer, so their numbers agree.

Definitions (window = [start, end), evaluated as of ``as_of`` = min(end, now)):
- reported / registered / dispatched / handled / closed: the step happened in the window;
- due to close (应结案) = closed in the window, plus registered cases still open and already
  past their stage deadline at as_of (a rate that forgot those would flatter a slow city);
- closing rate (结案率) = closed in the window ÷ due;
- on-time closing rate (按期结案率) = closed in the window with no stage late ÷ due;
- on-time handling rate (按期处置率) = handled in the window on time ÷ handled in the window;
- rework rate (返工率) = handled in the window with any rework ÷ handled in the window;
- extension rate (延期率) = dispatched in the window with an approved extension ÷ dispatched;
- overdue (超期数) = cases open and past their stage deadline at as_of, plus cases that
  finished a stage late and changed in the window (open-and-overdue cases are counted);
- mean handling hours (平均处置时长) = mean of dispatch → report-done for handled in the window.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Callable, Iterable


GROUPINGS: dict[str, Callable] = {
    "all": lambda c: "all",
    "street": lambda c: c.street_code,
    "community": lambda c: c.community_code,
    "grid": lambda c: c.grid_code,
    "department": lambda c: c.department_code or c.returned_by,
    "dispatcher": lambda c: c.dispatched_by,
    "supervisor": lambda c: c.reported_by,
    "class": lambda c: c.class_code,
    "source": lambda c: c.source.value if hasattr(c.source, "value") else c.source,
}

_OPEN = {"reported", "verifying", "registering", "dispatching", "handling", "checking", "closing", "suspended"}


@dataclass
class KpiValues:
    reported: int = 0
    registered: int = 0
    dispatched: int = 0
    handled: int = 0
    closed: int = 0
    due_to_close: int = 0
    closed_of_due: int = 0
    closed_on_time: int = 0
    handled_on_time: int = 0
    reworked: int = 0
    extended: int = 0
    returns: int = 0
    unjustified_returns: int = 0
    overdue: int = 0
    _handling_hours_sum: float = 0.0

    @property
    def closing_rate(self) -> float | None:
        return _ratio(self.closed_of_due, self.due_to_close)

    @property
    def on_time_closing_rate(self) -> float | None:
        return _ratio(self.closed_on_time, self.due_to_close)

    @property
    def on_time_handling_rate(self) -> float | None:
        return _ratio(self.handled_on_time, self.handled)

    @property
    def rework_rate(self) -> float | None:
        return _ratio(self.reworked, self.handled)

    @property
    def extension_rate(self) -> float | None:
        return _ratio(self.extended, self.dispatched)

    @property
    def mean_handling_hours(self) -> float | None:
        return round(self._handling_hours_sum / self.handled, 2) if self.handled else None

    def as_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if not k.startswith("_")}
        for name in ("closing_rate", "on_time_closing_rate", "on_time_handling_rate", "rework_rate",
                     "extension_rate", "mean_handling_hours"):
            d[name] = getattr(self, name)
        return d


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


KPI_COLUMNS = tuple(KpiValues().as_dict())


def _status(case) -> str:
    s = case.status
    return s.value if hasattr(s, "value") else s


def compute(cases: Iterable, start: datetime, end: datetime, by: str = "all",
            now: datetime | None = None) -> dict[str, KpiValues]:
    """KPIs per group for the window [start, end)."""
    if by not in GROUPINGS:
        from .errors import ValidationError

        raise ValidationError("by", by, f"unknown grouping (one of: {', '.join(GROUPINGS)})")
    key_of = GROUPINGS[by]
    as_of = min(end, now) if now is not None else end
    groups: dict[str, KpiValues] = defaultdict(KpiValues)

    def inside(t: datetime | None) -> bool:
        return t is not None and start <= t < end

    for c in cases:
        if c.created_at >= end:
            continue
        k = groups[key_of(c) or "—"]
        status = _status(c)
        if inside(c.created_at):
            k.reported += 1
        if inside(c.registered_at):
            k.registered += 1
        if inside(c.dispatched_at):
            k.dispatched += 1
            k.extended += 1 if c.extension_count else 0
            k.returns += c.return_count
            k.unjustified_returns += c.unjustified_returns
        if inside(c.handled_at) and c.dispatched_at is not None:
            k.handled += 1
            k.handled_on_time += 1 if c.handled_on_time else 0
            k.reworked += 1 if c.rework_count else 0
            k._handling_hours_sum += max(0.0, (c.handled_at - c.dispatched_at).total_seconds() / 3600)
        open_overdue = status in _OPEN and c.stage_deadline is not None and c.stage_deadline < as_of
        if inside(c.closed_at):
            k.closed += 1
            k.due_to_close += 1
            k.closed_of_due += 1
            k.closed_on_time += 1 if c.overdue_stages == 0 else 0
        elif open_overdue and c.registered_at is not None:
            k.due_to_close += 1
        if open_overdue or (c.overdue_stages > 0 and inside(c.updated_at)):
            k.overdue += 1
    return {key: v for key, v in sorted(groups.items()) if any(vars(v).values())}


def total(groups: dict[str, KpiValues]) -> KpiValues:
    out = KpiValues()
    for v in groups.values():
        for name, value in vars(v).items():
            setattr(out, name, getattr(out, name) + value)
    return out
