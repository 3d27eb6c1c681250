"""Urging and escalation (催办/督办): automatic reminders on the working-time clock.

A dispatcher or shift leader urges a department by hand (the ``urge`` step of the workflow; the
department answers with ``urge_reply``). On top of that, a ladder per tier
(``resources/escalation.json``) sends reminders when a stage reaches at-risk and when it becomes
overdue, and escalates past the department to the shift leader and then to a leader the longer it
stays overdue. :meth:`Escalation.tick` sends what is due; every desk may run it: each case is
checked again under its row lock and a rung fires once per case, stage and rung (the case keeps
the key of its last reminder), so two desks ticking at once never send one twice."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping

from .annotations import LEVEL_NAMES
from .case import Case, CaseEvent, Tier
from .clock import utc_now
from .errors import InputFileError
from .queues import DeadlineClock
from .workflow import evolve
from .worktime import TimeLimit

DEFAULT_LADDER_PATH = Path(__file__).resolve().parent.parent / "resources" / "escalation.json"
#: who the log names as the actor of automatic reminders
SYSTEM_ACTOR = "system"
SYSTEM_ROLE = "system"

#: code → (English, 中文)
MESSAGES: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Rung:
    """One step of the ladder: tell ``level`` when the stage is ``when`` (and ``after`` past the
    deadline, for overdue rungs)."""

    when: str                      # 'at_risk' or 'overdue'
    level: int                     # annotations.DEPARTMENT / SHIFT_LEADER / LEADER
    after: TimeLimit | None = None


@dataclass(frozen=True)
class Ladder:
    rungs: Mapping[str, tuple[Rung, ...]]   # tier value → rungs in order

    def for_tier(self, tier: Tier) -> tuple[Rung, ...]:
        return self.rungs.get(tier.value, ())


def load_ladder(path: str | Path | None = None) -> Ladder:
    """Read and check a ladder file; the shipped one when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_LADDER_PATH
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(str(path), "file", str(exc)) from None
    rungs: dict[str, tuple[Rung, ...]] = {}
    for tier in Tier:
        items = raw.get(tier.value, [])
        if not isinstance(items, list):
            raise InputFileError(str(path), tier.value, "expected a list of rungs")
        out = []
        for i, item in enumerate(items):
            where = f"{tier.value}[{i}]"
            when, level = item.get("when"), item.get("level")
            if when not in ("at_risk", "overdue"):
                raise InputFileError(str(path), where, f"'when' must be at_risk or overdue, not {when!r}")
            if level not in LEVEL_NAMES:
                raise InputFileError(str(path), where, f"'level' must be one of {', '.join(LEVEL_NAMES)}")
            after = item.get("after")
            if after is not None and when != "overdue":
                raise InputFileError(str(path), where, "'after' applies to overdue rungs only")
            try:
                limit = TimeLimit.parse(after) if after else None
            except Exception as exc:  # a bad limit text: name where it is
                raise InputFileError(str(path), where, str(exc)) from None
            out.append(Rung(when, LEVEL_NAMES.index(level), limit))
        rungs[tier.value] = tuple(out)
    return Ladder(rungs)


def reminder_key(case: Case, rung: int) -> str:
    """Names one rung of one stage of one case (the stage is known by when it started)."""
    return f"{case.stage}@{case.stage_started_at.isoformat()}#{rung}"


def _sent_rung(case: Case) -> int:
    """The highest rung already sent for the case's current stage, or -1."""
    key = case.last_reminder
    prefix = f"{case.stage}@{case.stage_started_at.isoformat()}#"
    if not key or not key.startswith(prefix):
        return -1
    return int(key[len(prefix):])


def due_rungs(case: Case, now: datetime, ladder: Ladder, clock: DeadlineClock, calendar) -> list[int]:
    """Rungs of ``case``'s ladder due at ``now`` and not yet sent for its current stage."""
    if not case.is_open or case.stage is None or case.stage_deadline is None:
        return []
    state = clock.state(case, now)
    if state not in ("at_risk", "overdue"):
        return []
    rungs = ladder.for_tier(case.tier)
    due = []
    for i in range(_sent_rung(case) + 1, len(rungs)):
        rung = rungs[i]
        if rung.when == "at_risk" and state == "overdue":
            continue   # passed while nobody ticked: the overdue rungs say more
        if rung.when == "overdue" and state != "overdue":
            break
        if rung.after is not None and calendar.add(case.stage_deadline, rung.after) > now:
            break
        due.append(i)
    return due


def reminder_payload(case: Case, rung_index: int, rung: Rung, now: datetime) -> dict:
    overdue = case.is_overdue(now)
    return {"key": reminder_key(case, rung_index), "level": rung.level, "stage": case.stage,
            "state": "overdue" if overdue else "at_risk", "department": case.department_code,
            "stage_deadline": case.stage_deadline.isoformat() if case.stage_deadline else None}


class Escalation:
    """Sends the ladder's due reminders (run it from a timer on any desk, or ``case remind``)."""

    def __init__(self, store, catalog, calendar, *, ladder: Ladder | None = None,
                 clock: Callable[[], datetime] = utc_now):
        self._store = store
        self._calendar = calendar
        self._ladder = ladder or load_ladder()
        self._deadlines = DeadlineClock(catalog, calendar)
        self._clock = clock

    def tick(self, cases: Iterable[Case] | None = None) -> list[CaseEvent]:
        """Send every reminder due now; ``cases`` are the candidates (default: every stored
        case). Returns the events written."""
        now = self._clock()
        candidates = self._store.load_cases() if cases is None else cases
        written: list[CaseEvent] = []
        for seen in candidates:
            if not due_rungs(seen, now, self._ladder, self._deadlines, self._calendar):
                continue
            # stamped when written: a run over thousands of cases takes a while, and the log's times
            # must not go back against its order (the decision above still used the run's moment)
            written += self._remind(seen.id, max(now, self._clock()))
        return written

    def _remind(self, case_id: int, now: datetime) -> list[CaseEvent]:
        events = []
        with self._store.transaction() as tx:
            case = tx.case_for_update(case_id)   # again, under the lock: another desk may have sent it
            rungs = self._ladder.for_tier(case.tier)
            for index in due_rungs(case, now, self._ladder, self._deadlines, self._calendar):
                event = CaseEvent(case.id, "remind", SYSTEM_ACTOR, SYSTEM_ROLE, now,
                                  reminder_payload(case, index, rungs[index], now))
                new_case = evolve(case, event)
                tx.save_case(new_case, expected_version=case.version)
                tx.append_event(event)
                events.append(event)
                case = new_case
        return events
