"""Scoring of trainees (培训考核): how fast each one accepted, registered and dispatched against
the stage limits, whether dispatches went to the right department, and which cases were left
open and overdue at the end. Everything is read from the sandbox's event log.

Score = 100 × (steps on time + right departments) ÷ (timed steps + dispatches)
        − 5 per overdue case missed, never below 0.
A step is on time when it was taken before its stage's deadline (the ``late`` flag the
workflow writes into the event). A missed overdue case counts against every trainee who holds
the role that had to act on it (its department's operators for a case being handled).

With a roster (:mod:`commandcenter.training_roster`) every expected trainee is listed: one who
never signed in or never acted is absent (未参加) with 0; anyone else who acted is listed too,
marked as not on the roster.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .case import Case, CaseEvent
from .roles import Role, User
from .scoring_cases import CaseOutcome, case_breakdown
from .vocabulary import role_name
from .workflow import evolve

MISSED_PENALTY = 5.0
STEP_GROUPS = ("accept", "register", "dispatch", "other")
"""accept = the intake decision (accept, send to verify, reject); other = every other step that
ends a timed stage (verify, report done, check, close)."""
_OTHER_STEPS = frozenset({"verify", "reject", "report_done", "check", "close"})
#: attendance code → (Chinese, English) words for the exports
ATTENDANCE = {"present": ("出席", "present"), "absent": ("未参加", "absent"),
              "unexpected": ("名单外", "not on the roster")}
_STAGE_ROLE = {"intake": Role.CALL_TAKER, "verify": Role.SUPERVISOR, "register": Role.SHIFT_LEADER,
               "dispatch": Role.DISPATCHER, "handle": Role.DEPARTMENT, "check": Role.SUPERVISOR,
               "close": Role.SHIFT_LEADER}


@dataclass
class StepStats:
    """Steps of one kind: how many, how many before the deadline, minutes spent in the stage."""

    count: int = 0
    on_time: int = 0
    minutes: float = 0.0

    @property
    def mean_minutes(self) -> float | None:
        return round(self.minutes / self.count, 1) if self.count else None

    def add(self, minutes: float, on_time: bool) -> None:
        self.count += 1
        self.on_time += 1 if on_time else 0
        self.minutes += minutes


@dataclass
class TraineeScore:
    trainee: str
    display_name: str
    role: str
    steps: dict[str, StepStats] = field(default_factory=lambda: {g: StepStats() for g in STEP_GROUPS})
    right_department: int = 0
    overdue_missed: int = 0
    on_roster: bool = False
    signed_in: bool = False
    acted: bool = False
    #: '' without a roster; else 'present', 'absent' (expected, never signed in or never acted)
    #: or 'unexpected' (acted, not on the roster)
    attendance: str = ""

    @property
    def absent(self) -> bool:
        return self.attendance == "absent"

    @property
    def timed_steps(self) -> int:
        return sum(s.count for s in self.steps.values())

    @property
    def on_time_steps(self) -> int:
        return sum(s.on_time for s in self.steps.values())

    @property
    def score(self) -> float:
        if self.absent:
            return 0.0
        possible = self.timed_steps + self.steps["dispatch"].count
        base = 100.0 * (self.on_time_steps + self.right_department) / possible if possible else 0.0
        return round(max(0.0, base - MISSED_PENALTY * self.overdue_missed), 1)

    def as_row(self) -> dict:
        """One flat row for the on-screen table and the CSV."""
        row: dict = {"trainee": self.trainee, "name": self.display_name, "role": self.role,
                     "role_name": role_name(self.role, "zh")}
        for group in ("accept", "register", "dispatch"):
            stats = self.steps[group]
            row[f"{group}_count"] = stats.count
            row[f"{group}_on_time"] = stats.on_time
            row[f"{group}_mean_min"] = stats.mean_minutes
        row["other_count"] = self.steps["other"].count
        row["other_on_time"] = self.steps["other"].on_time
        row["steps_total"] = self.timed_steps
        row["steps_on_time"] = self.on_time_steps
        row["right_department"] = self.right_department
        row["overdue_missed"] = self.overdue_missed
        row["score"] = self.score
        row["expected"] = int(self.on_roster)
        row["signed_in"] = int(self.signed_in)
        row["attendance"] = self.attendance
        row["attendance_name"] = ATTENDANCE[self.attendance][0] if self.attendance else ""
        return row


REPORT_COLUMNS = tuple(TraineeScore("", "", "").as_row())


@dataclass
class ScoreReport:
    started_at: datetime
    ended_at: datetime
    trainees: list[TraineeScore]
    injected: int = 0
    #: the per-case breakdown (expected vs chosen department, step times, missed)
    cases: list[CaseOutcome] = field(default_factory=list)
    #: the trainees the trainer expected (empty: no roster was given)
    roster: tuple[str, ...] = ()
    #: what was played (the scenario's name or description) and who ran the session
    scenario: str = ""
    trainer: str = ""
    #: code → Chinese name, for the exports (the screen names things in its own language)
    department_names: dict[str, str] = field(default_factory=dict)
    class_names: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        return [t.as_row() for t in self.trainees]


def score_session(events: Sequence[CaseEvent], users: Iterable[User], start: datetime, end: datetime, *,
                  expected: Mapping[int, str] | None = None, trainees: Iterable[str] | None = None,
                  injected: int = 0, present: Iterable[str] = (), default_department=None,
                  scenario: str = "", trainer: str = "", roster: Iterable[str] = ()) -> ScoreReport:
    """Score every trainee on the log of a session's sandbox (all of it, in log order).

    Only steps taken after ``start`` and until ``end`` count. ``expected`` maps case ids to the department the
    scenario wants; other cases are right when sent to their class's default department.
    Without ``trainees``, everyone who acted in the session except trainers is scored, and every
    one of ``present`` (who signed in to the sandbox) too, with 0 when they did nothing. Every
    one of ``roster`` (the trainees expected) is listed; one who did nothing is absent with 0.
    """
    users = list(users)
    by_name = {u.name: u for u in users}
    expected = expected or {}
    cases: dict[int, Case] = {}
    scores: dict[str, TraineeScore] = {}

    def trainee(name: str) -> TraineeScore:
        if name not in scores:
            user = by_name.get(name)
            scores[name] = TraineeScore(name, user.display_name if user else name,
                                        user.role.value if user else "")
        return scores[name]

    wanted = set(trainees) if trainees is not None else None
    trainer_names = {u.name for u in users if u.role is Role.TRAINER}
    present, roster = set(present), tuple(roster)
    for name in wanted if wanted is not None else present - trainer_names:
        trainee(name)
    for name in roster:
        trainee(name)
    for event in events:
        before = cases.get(event.case_id)
        cases[event.case_id] = evolve(before, event)
        if not start < event.at <= end or event.role == Role.TRAINER.value:
            continue
        if wanted is not None and event.actor not in wanted:
            continue
        if event.actor in by_name:
            trainee(event.actor).acted = True   # any step, note or report of their own
        if before is None:
            continue
        group = _group(event, before)
        if group is None:
            continue
        score = trainee(event.actor)
        minutes = (event.at - before.stage_started_at).total_seconds() / 60
        score.steps[group].add(minutes, not event.payload.get("late", False))
        if group == "dispatch":
            right = expected.get(event.case_id) or event.payload.get("default_department")
            score.right_department += 1 if event.payload.get("department") == right else 0
    for case in cases.values():
        for score in scores.values():
            if _missed_by(case, by_name.get(score.trainee), end):
                score.overdue_missed += 1
    for score in scores.values():
        score.on_roster = score.trainee in roster
        score.signed_in = score.trainee in present or score.acted
        if roster:
            score.attendance = ("present" if score.acted else "absent") if score.on_roster else "unexpected"
    breakdown = case_breakdown(events, start, end, expected=expected, default_department=default_department)
    return ScoreReport(start, end, sorted(scores.values(), key=lambda s: (s.role, s.trainee)), injected,
                       breakdown, roster, scenario, trainer)


def _group(event: CaseEvent, before: Case) -> str | None:
    if before.stage == "intake" and event.type in ("accept", "request_verify", "reject"):
        return "accept"
    if event.type in ("register", "dispatch"):
        return event.type
    if event.type in _OTHER_STEPS:
        return "other"
    return None


def _missed_by(case: Case, user: User | None, end: datetime) -> bool:
    """Was ``case`` open and overdue at ``end`` with ``user``'s role the one to act on it?"""
    if user is None or not case.is_overdue(end):
        return False
    role = Role.SHIFT_LEADER if case.pending_request is not None else _STAGE_ROLE.get(case.stage or "")
    if role is not user.role:
        return False
    return role is not Role.DEPARTMENT or case.department_code == user.department_code


# Export ----------------------------------------------------------------------------------------
def write_csv(report: ScoreReport, path: str | Path) -> None:
    """The report as CSV: the session, the trainees' table, the per-case table (see scoring_export)."""
    from .scoring_export import write_csv as write

    write(report, path)


def write_pdf(report: ScoreReport, path: str | Path, **options) -> bool:
    """The report as an A4 landscape PDF (see scoring_export); True when a CJK font was embedded."""
    from .scoring_export import write_pdf as write

    return write(report, path, **options)
