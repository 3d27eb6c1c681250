"""Adding evidence to a case (附件) as a service step: the role and the case are checked against
the stored user and case, then the file's bytes (once per SHA-256) and the ``attach`` event are
written in one transaction."""
from __future__ import annotations

from typing import Callable

from .attachments import PHASES, Evidence
from .auth import refuse_production_write
from .case import Case, CaseEvent
from .errors import ConflictError, IllegalTransition, PermissionDenied, ValidationError
from .roles import Role

#: who adds evidence: everyone who works a case (a department only on its own cases); not leaders
ATTACH_ROLES = frozenset({Role.SUPERVISOR, Role.CALL_TAKER, Role.SHIFT_LEADER, Role.DISPATCHER, Role.DEPARTMENT,
                          Role.TRAINER})


def attach(store, clock: Callable, guard: Callable, actor: str, case_id: int, evidence: Evidence, *,
           phase: str = "other", expected_version: int | None = None) -> Case:
    if phase not in PHASES:
        raise ValidationError("phase", phase, "unknown phase", reason="bad_phase")
    at = clock()
    with store.transaction() as tx:
        user = tx.user(actor)
        guard(tx)
        refuse_production_write(user, "attach", tx.is_sandbox)
        if user.role not in ATTACH_ROLES or not user.active:
            raise PermissionDenied(user.name, user.role.value, "attach", tuple(sorted(r.value for r in ATTACH_ROLES)))
        case = tx.case_for_update(case_id)
        if user.role is Role.DEPARTMENT and user.department_code != case.department_code:
            raise PermissionDenied(user.name, user.role.value, "attach",
                                   (f"operators of department {case.department_code}",))
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(case.number, case.updated_by, case.updated_at, case.version)
        if not case.is_open:
            raise IllegalTransition(case.number, "attach", case.status.value, "not open")
        tx.put_blob(evidence.sha256, evidence.media_type, evidence.data, at, user.name)
        event = CaseEvent(case.id, "attach", user.name, user.role.value, at, evidence.payload(phase))
        from .workflow import evolve

        new_case = evolve(case, event)
        tx.save_case(new_case, expected_version=case.version)
        tx.append_event(event)
        return new_case
