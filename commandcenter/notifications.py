"""The notification centre's notices (通知): which urges, replies, reminders and escalations are
addressed to whom, and which of them ring.

- an urge goes to the operators of the department holding the case;
- a department's reply goes to the dispatchers and shift leaders;
- a reminder at the department level goes to whoever holds the stage (the department while it
  handles the case, else the centre's role for that stage); an escalation to the shift leaders
  (level 1) or the leaders (level 2)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .annotations import DEPARTMENT, LEADER, SHIFT_LEADER
from .case import Case, CaseEvent
from .outbound import is_urgent
from .roles import Role, User

#: the centre's role that holds each stage (a reminder of that stage goes to it)
STAGE_ROLE = {"intake": Role.CALL_TAKER, "verify": Role.SUPERVISOR, "register": Role.SHIFT_LEADER,
              "dispatch": Role.DISPATCHER, "check": Role.SUPERVISOR, "close": Role.SHIFT_LEADER}


@dataclass(frozen=True)
class Notice:
    """One line of the notification centre."""

    key: str                 # event seq, or 'outbox:<id>' for a failed outbound message
    kind: str                # 'urge', 'urge_reply', 'remind', 'escalation' or 'send_failed'
    at: datetime
    case_id: int | None
    case_number: str
    actor: str
    payload: dict
    urgent: bool = False


def addressed_to(event: CaseEvent, case: Case | None, user: User) -> bool:
    p = event.payload
    department = p.get("department") or (case.department_code if case else None)
    if event.type == "urge":
        return user.role is Role.DEPARTMENT and user.department_code == department
    if event.type == "urge_reply":
        return user.role in (Role.DISPATCHER, Role.SHIFT_LEADER)
    if event.type == "remind":
        level = int(p.get("level", DEPARTMENT))
        if level == SHIFT_LEADER:
            return user.role is Role.SHIFT_LEADER
        if level == LEADER:
            return user.role is Role.LEADER
        if p.get("stage") == "handle":
            return user.role is Role.DEPARTMENT and user.department_code == department
        return STAGE_ROLE.get(p.get("stage")) is user.role
    return False


def notice_for(event: CaseEvent, case: Case | None, user: User | None) -> Notice | None:
    """The notice ``event`` gives ``user``, or None when it is not addressed to them."""
    if user is None or event.seq is None or not addressed_to(event, case, user):
        return None
    kind = event.type
    if kind == "remind" and int(event.payload.get("level", 0)) > DEPARTMENT:
        kind = "escalation"
    return Notice(str(event.seq), kind, event.at, event.case_id, case.number if case else str(event.case_id),
                  event.actor, dict(event.payload), is_urgent(event))


def notice_of_failure(entry) -> Notice:
    """A failed outbound message (commandcenter.outbound.OutboxEntry) as a notice."""
    return Notice(f"outbox:{entry.id}", "send_failed", entry.created_at, entry.message.case_id, "",
                  "", {"address": entry.message.address, "error": entry.last_error or "",
                       "attempts": entry.attempts, "given_up": entry.given_up})
