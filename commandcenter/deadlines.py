"""Stage deadlines from the class catalog and the working-time calendar, and moving the open
ones when the calendar changes."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .case import Case, CaseEvent, Tier
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
