"""The per-case side of a training debrief (逐案复盘): for each case the session was about, the
department the scenario expected and the one the trainee chose, how long each step took against
its limit, and whether the case was left open and overdue at the end (missed).

A case is in the breakdown when it was reported during the session (an injection), when a
trainee took a step on it, or when it was open and overdue at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping, Sequence

from .case import Case, CaseEvent
from .roles import Role
from .workflow import evolve

#: the steps the breakdown times, in life-cycle order
TIMED_STEPS = ("accept", "register", "dispatch")


@dataclass(frozen=True)
class StepTime:
    """One timed step of a case: who took it, minutes in the stage before it, and whether it
    came after the stage's deadline."""

    actor: str
    minutes: float
    late: bool


@dataclass
class CaseOutcome:
    case_id: int
    number: str
    class_code: str
    reported_at: datetime
    expected_department: str | None
    chosen_department: str | None = None
    steps: dict[str, StepTime] = field(default_factory=dict)
    #: the stage the case was overdue in at the end (open and past its deadline), else None
    missed_stage: str | None = None
    status: str = ""

    @property
    def right_department(self) -> bool | None:
        """None before any dispatch; else whether it went where the scenario wanted."""
        if self.chosen_department is None:
            return None
        return self.chosen_department == self.expected_department

    def as_row(self) -> dict:
        row: dict = {"case": self.number, "class_code": self.class_code,
                     "reported_at": self.reported_at.isoformat(),
                     "expected_department": self.expected_department or "",
                     "chosen_department": self.chosen_department or "",
                     "right_department": "" if self.right_department is None else int(self.right_department)}
        for step in TIMED_STEPS:
            timed = self.steps.get(step)
            row[f"{step}_by"] = timed.actor if timed else ""
            row[f"{step}_min"] = round(timed.minutes, 1) if timed else ""
            row[f"{step}_late"] = int(timed.late) if timed else ""
        row["missed_stage"] = self.missed_stage or ""
        row["status"] = self.status
        return row


CASE_COLUMNS = tuple(CaseOutcome(0, "", "", datetime.min, None).as_row())


def case_breakdown(events: Sequence[CaseEvent], start: datetime, end: datetime, *,
                   expected: Mapping[int, str] | None = None, default_department=None) -> list[CaseOutcome]:
    """The breakdown over a sandbox's whole log (in log order), for the session [start, end].
    ``expected`` maps case ids to the scenario's answer; other cases expect ``default_department(class_code)``
    (or the default department the dispatch recorded)."""
    expected = expected or {}
    cases: dict[int, Case] = {}
    outcomes: dict[int, CaseOutcome] = {}

    def outcome_of(case: Case) -> CaseOutcome:
        if case.id not in outcomes:
            wanted = expected.get(case.id) or (default_department(case.class_code) if default_department else None)
            outcomes[case.id] = CaseOutcome(case.id, case.number, case.class_code, case.created_at, wanted)
        return outcomes[case.id]

    for event in events:
        before = cases.get(event.case_id)
        after = evolve(before, event)
        cases[event.case_id] = after
        if not start < event.at <= end:
            continue
        if before is None:   # reported during the session (an injection)
            outcome_of(after)
            continue
        if event.role == Role.TRAINER.value:
            continue
        outcome = outcome_of(after)
        step = "accept" if event.type in ("accept", "request_verify", "reject") and before.stage == "intake" \
            else event.type
        if step in TIMED_STEPS and step not in outcome.steps:
            minutes = (event.at - before.stage_started_at).total_seconds() / 60
            outcome.steps[step] = StepTime(event.actor, minutes, bool(event.payload.get("late", False)))
        if event.type in ("dispatch", "redispatch"):
            outcome.chosen_department = event.payload.get("department")
            if outcome.expected_department is None:
                outcome.expected_department = event.payload.get("default_department")
    for case in cases.values():
        if case.is_open and case.is_overdue(end):
            outcome_of(case).missed_stage = case.stage
    for case_id, outcome in outcomes.items():
        outcome.status = cases[case_id].status.value
    return sorted(outcomes.values(), key=lambda o: (o.reported_at, o.case_id))
