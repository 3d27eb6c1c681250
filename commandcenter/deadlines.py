"""Stage deadlines from the class catalog and the working-time calendar, and moving the open
ones when the calendar changes."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from weakref import WeakKeyDictionary

from .case import Case, CaseEvent, Tier
from .queues import AT_RISK_SHARE
from .workflow import evolve


class CatalogDeadlines:
    """The :class:`~commandcenter.workflow.DeadlinePolicy` of a real deployment."""

    def __init__(self, catalog, calendar, department_codes: frozenset[str]):
        self._catalog = catalog
        self._calendar = calendar
        self._departments = department_codes

    def stage_deadline(self, stage: str, class_code: str, tier: Tier, start: datetime) -> datetime | None:
        limit = self._catalog.limit(class_code, tier.value, stage)
        return self._calendar.add(start, limit) if limit is not None else None

    def extended_deadline(self, deadline: datetime, limit_text: str) -> datetime:
        from .worktime import TimeLimit

        return self._calendar.add(deadline, TimeLimit.parse(limit_text))

    def department_exists(self, code: str) -> bool:
        return code in self._departments

    def default_department(self, class_code: str) -> str | None:
        return self._catalog.small_class(class_code).department


#: the event that moves an open stage's deadline after the working calendar changed
RECOMPUTE_EVENT = "recompute_deadline"


def recompute_deadlines(cases: Iterable[Case], catalog, before, after, *, actor: str, role: str, at: datetime,
                        reason: str) -> list[tuple[Case, CaseEvent]]:
    """Open stages whose deadline ``after`` (the changed calendar) puts elsewhere than ``before``
    did: each case as it becomes, with the event that says why.

    A stage's deadline is its start plus an amount of working time (its limit, plus any approved
    extension); that amount is read off the old calendar and laid out again on the new one, so
    extensions survive. Stages on natural hours (emergencies) are not affected by holidays."""
    moved = []
    for case in cases:
        if not case.is_open or case.stage is None or case.stage_deadline is None:
            continue
        if not catalog.limit(case.class_code, case.tier.value, case.stage).counts_working_time:
            continue
        worked = before.working_seconds_between(case.stage_started_at, case.stage_deadline)
        deadline = after.add_working_seconds(case.stage_started_at, worked)
        if abs((deadline - case.stage_deadline).total_seconds()) < 1:
            continue
        payload = {"stage_deadline": deadline.isoformat(), "previous_deadline": case.stage_deadline.isoformat(),
                   "stage": case.stage, "reason": reason}
        event = CaseEvent(case.id, RECOMPUTE_EVENT, actor, role, at, payload)
        moved.append((evolve(case, event), event))
    return moved


class DeadlineMarks:
    """When each open case turns amber (at risk) and red (overdue), worked out once per case.

    :class:`commandcenter.queues.DeadlineClock` answers "what colour is this case now" by running
    the working-time clock from now to the deadline; at 100,000 open cases that is seconds per
    recount. Both moments are fixed by the case itself (its stage deadline, and the last moment
    at which a fifth of its stage limit is still left on the stage's clock), so they are computed
    once per version of the case and every later question is a comparison with ``now``.
    Answers equal ``DeadlineClock.state`` (tests/domain/test_deadline_marks.py)."""

    def __init__(self, catalog, calendar):
        self._catalog = catalog
        self._calendar = calendar
        self._limits: dict[tuple[str, str, str], tuple[float, str]] = {}
        self._marks: dict[int, tuple[Case, float, float]] = {}

    def of(self, case: Case) -> tuple[float, float]:
        """(at risk from, overdue from) as epoch seconds: the case is at risk once ``now`` is past
        the first and overdue once past the second; ``inf`` when it never is (closed, untimed)."""
        known = self._marks.get(case.id)
        if known is not None and _still_holds(known[0], case):
            return known[1], known[2]
        marks = self._compute(case)
        self._marks[case.id] = (case, *marks)
        return marks

    def state(self, case: Case, now_ts: float) -> str:
        """'overdue', 'at_risk', 'on_time' or 'closed', as ``DeadlineClock.state`` says at ``now_ts``."""
        if not case.is_open:
            return "closed"
        at_risk, overdue = self.of(case)
        if now_ts > overdue:
            return "overdue"
        return "at_risk" if now_ts > at_risk else "on_time"

    def warm(self, cases, every: int = 5000, progress=None) -> None:
        """Work out the moments of every open case in ``cases`` (off the GUI thread, before they
        are shown); ``progress(done)`` hears every ``every`` cases."""
        for done, case in enumerate(cases, 1):
            if case.is_open:
                self.of(case)
            if progress is not None and done % every == 0:
                progress(done)

    def forget(self, case_id: int) -> None:
        self._marks.pop(case_id, None)

    def _compute(self, case: Case) -> tuple[float, float]:
        inf = float("inf")
        deadline = case.stage_deadline
        if not case.is_open or deadline is None:
            return inf, inf
        due = deadline.timestamp()
        stage = case.stage
        if stage is None:
            return inf, due
        key = (case.class_code, case.tier._value_, stage)   # _value_: .value is a slow descriptor
        limit = self._limits.get(key)
        if limit is None:
            limit = self._limit(key)
        seconds, unit = limit
        if seconds <= 0:
            return inf, due
        return min(self._calendar.last_moment_with(due, AT_RISK_SHARE * seconds, unit), due), due

    def _limit(self, key: tuple[str, str, str]) -> tuple[float, str]:
        """(seconds, clock) of a (class, tier, stage)'s limit, looked up once."""
        found = self._catalog.limit(*key)
        limit = self._limits[key] = (self._calendar.limit_seconds(found), found.unit)
        return limit


def _still_holds(seen: Case, case: Case) -> bool:
    """Whether marks worked out for ``seen`` hold for ``case`` (the same deadline, status, class, tier)."""
    return seen is case or (seen.stage_deadline == case.stage_deadline and seen.status is case.status
                            and seen.class_code == case.class_code and seen.tier is case.tier)


_SHARED = WeakKeyDictionary()


def shared_marks(catalog, calendar) -> DeadlineMarks:
    """The one :class:`DeadlineMarks` of a calendar and catalog in this process: the loader works
    the moments out while it reads the cases, and every screen observing the picture reuses them."""
    marks = _SHARED.get(calendar)
    if marks is None or marks._catalog is not catalog:
        marks = _SHARED[calendar] = DeadlineMarks(catalog, calendar)
    return marks
