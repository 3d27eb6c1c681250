"""Events that annotate a case without moving it through the loop: notes (备注), urges (催办)
and the department's replies to them (催办回复), and the automatic reminders of the escalation
ladder (自动提醒 / 督办, :mod:`commandcenter.urging`).

Like every event they are appended to the hash-chained log in the transaction that writes the
case, and they raise its version (so every desk sees them arrive). They never change the case's
status, stage or deadline: only the urging counters the evaluation reads."""
from __future__ import annotations

from dataclasses import replace

from .case import Case, CaseEvent
from .roles import Role

#: event types folded here rather than by the life cycle's steps
ANNOTATION_EVENTS = frozenset({"note", "urge", "urge_reply", "remind"})
#: who may add a note: everyone at the centre who works on cases
NOTE_ROLES = frozenset({Role.CALL_TAKER, Role.DISPATCHER, Role.SHIFT_LEADER, Role.SUPERVISOR})
#: who may urge a department (催办): dispatchers; a shift leader's urge is supervision (督办)
URGE_ROLES = frozenset({Role.DISPATCHER, Role.SHIFT_LEADER})

#: escalation levels: the department is reminded, a shift leader, a leader took the case up
DEPARTMENT, SHIFT_LEADER, LEADER = 0, 1, 2
LEVEL_NAMES = ("department", "shift_leader", "leader")


def urge_level(role: Role) -> int:
    """The level an urge by ``role`` counts at: a shift leader's urge makes the case 督办件."""
    return SHIFT_LEADER if role is Role.SHIFT_LEADER else DEPARTMENT


def annotate(case: Case, event: CaseEvent) -> Case:
    """Fold one annotation event into ``case`` (the version is raised by the caller)."""
    p = event.payload
    if event.type in ("note", "urge_reply"):
        return case
    if event.type == "urge":
        return replace(case, urge_count=case.urge_count + 1,
                       escalation_level=max(case.escalation_level, int(p.get("level", DEPARTMENT))))
    if event.type == "remind":
        level = int(p["level"])
        to_department = level == DEPARTMENT and p.get("stage") == "handle"
        return replace(case, urge_count=case.urge_count + (1 if to_department else 0),
                       escalation_level=max(case.escalation_level, level), last_reminder=p["key"])
    raise ValueError(f"unknown annotation {event.type!r} for case {case.number}")
