"""The desk's queues (待办队列) and the colours every screen gives a case's deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .case import Case, Status

AT_RISK_SHARE = 0.2
"""A case is at risk (amber) when less than this share of its stage limit is left."""


@dataclass(frozen=True)
class Queue:
    key: str
    accepts: Callable[[Case], bool]
    status: Status | None = None
    """The one status the queue holds, if that is all it tests (a city's queues are filled by
    grouping its open cases by status once instead of testing each case against each queue)."""


def _holding(key: str, status: Status) -> Queue:
    """The queue of the cases in ``status`` (its test binds the member once: ``Status.X`` is a
    slow class lookup, and the test runs for every open case of a city)."""
    return Queue(key, lambda c: c.status is status, status)


QUEUES: tuple[Queue, ...] = (
    _holding("intake", Status.REPORTED),          # 待受理
    _holding("verify", Status.VERIFYING),         # 待核实
    _holding("register", Status.REGISTERING),     # 待立案
    _holding("dispatch", Status.DISPATCHING),     # 待派遣
    _holding("handle", Status.HANDLING),          # 处置中
    _holding("check", Status.CHECKING),           # 待核查
    _holding("close", Status.CLOSING),            # 待结案
    Queue("requests", lambda c: c.pending_request is not None),      # 延期/挂账申请
    _holding("suspended", Status.SUSPENDED),      # 挂账
)
QUEUE_KEYS = tuple(q.key for q in QUEUES)

PLACEMENT_QUEUE = Queue("placement", lambda c: c.is_open and c.needs_placement)
"""待定位: open cases (12345 orders) found no closer than a street; a call-taker places them.
The desk's last tab, shown to the posts that may place (call-takers, shift leaders)."""

DESK_QUEUES: tuple[Queue, ...] = QUEUES + (PLACEMENT_QUEUE,)
"""The desk's tabs, in order: the stage queues, then 待定位."""
DESK_QUEUE_KEYS = tuple(q.key for q in DESK_QUEUES)


class DeadlineClock:
    """Countdowns and colours on the working-time clock of each case's stage."""

    def __init__(self, catalog, calendar):
        self._catalog = catalog
        self._calendar = calendar
        self._limits: dict[tuple[str, str, str], tuple[float, str]] = {}

    def _limit(self, case: Case) -> tuple[float, str] | None:
        stage = case.stage
        if stage is None:
            return None
        key = (case.class_code, case.tier.value, stage)
        cached = self._limits.get(key)
        if cached is None:
            limit = self._catalog.limit(case.class_code, case.tier.value, stage)
            cached = (self._calendar.limit_seconds(limit), limit.unit)
            self._limits[key] = cached
        return cached

    def remaining_s(self, case: Case, now: datetime) -> float | None:
        """Seconds left on the stage's own clock (working or natural); negative when overdue."""
        if case.stage_deadline is None or not case.is_open:
            return None
        limit = self._limit(case)
        unit = limit[1] if limit else "hours"
        return self._calendar.remaining(now, case.stage_deadline, unit)

    def clock_unit(self, case: Case) -> str:
        """The unit of the clock the case's stage runs on ('hours': natural, else working time)."""
        limit = self._limit(case)
        return limit[1] if limit else "hours"

    def state(self, case: Case, now: datetime, remaining: float | None = None) -> str:
        """'overdue' (red), 'at_risk' (amber), 'on_time' (neutral) or 'closed'."""
        if not case.is_open:
            return "closed"
        if case.stage_deadline is None:
            return "on_time"
        if case.is_overdue(now):
            return "overdue"
        left = self.remaining_s(case, now) if remaining is None else remaining
        limit = self._limit(case)
        if left is not None and limit and limit[0] > 0 and left < AT_RISK_SHARE * limit[0]:
            return "at_risk"
        return "on_time"
