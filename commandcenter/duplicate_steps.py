"""The two steps of :mod:`commandcenter.duplicates` as services: a call taken as a duplicate of
an open case, and two open cases merged. Each checks the actor's role against the stored user
and writes its case rows and events in one transaction, like every other step."""
from __future__ import annotations

from typing import Any, Callable

from .auth import refuse_production_write
from .case import Case, CaseEvent, Source
from .errors import ConflictError, IllegalTransition, PermissionDenied, ValidationError
from .duplicates import LINK_ROLES, MERGE_ROLES, duplicate_payload
from .text_input import clean_text


def _refuse_role(user, command: str, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied(user.name, user.role.value, command, tuple(sorted(r.value for r in roles)))


def _save(tx, case: Case, event: CaseEvent) -> Case:
    from .workflow import evolve

    new_case = evolve(case, event)
    tx.save_case(new_case, expected_version=case.version)
    tx.append_event(event)
    return new_case


def report_duplicate(store, clock: Callable, guard: Callable, check_phone: Callable, actor: str, case_id: int, *,
                     source: str, description: str, reporter_name: str | None = None,
                     reporter_phone: str | None = None, lon: Any = None, lat: Any = None,
                     external_number: str | None = None, expected_version: int | None = None) -> Case:
    """重复件: the call is about open case ``case_id``; it gains an "also reported by" event with
    the caller, and its duplicate count grows. No new case enters the loop."""
    try:
        source = Source(source).value
    except ValueError:
        raise ValidationError("source", source, "unknown source", reason="unknown_choice",
                              allowed=", ".join(s.value for s in Source)) from None
    description = clean_text(description or "").strip()
    if len(description) > 2000:
        raise ValidationError("description", description[:40] + "…", "longer than 2000 characters",
                              reason="too_long", limit=2000)
    reporter_name = clean_text(reporter_name).strip() or None if reporter_name else None
    reporter_phone = (reporter_phone or "").strip() or None
    if reporter_phone:
        check_phone(reporter_phone)
    at = clock()
    with store.transaction() as tx:
        user = tx.user(actor)
        guard(tx)
        refuse_production_write(user, "duplicate_report", tx.is_sandbox)
        _refuse_role(user, "duplicate_report", LINK_ROLES)
        case = tx.case_for_update(case_id)
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(case.number, case.updated_by, case.updated_at, case.version)
        if not case.is_open:
            raise ValidationError("case", case.number, "not open", reason="duplicate_not_open",
                                  case_number=case.number)
        payload = duplicate_payload(source=source, reporter_name=reporter_name, reporter_phone=reporter_phone,
                                    description=description,
                                    lon=float(lon) if lon is not None else None,
                                    lat=float(lat) if lat is not None else None,
                                    external_number=external_number)
        return _save(tx, case, CaseEvent(case.id, "duplicate_report", user.name, user.role.value, at, payload))


def merge(store, clock: Callable, guard: Callable, actor: str, survivor_id: int, merged_id: int, *,
          reason: str = "") -> tuple[Case, Case]:
    """合并: ``merged_id`` is closed as merged into ``survivor_id`` (which goes on); both keep
    their histories. Returns (survivor, merged)."""
    if survivor_id == merged_id:
        raise ValidationError("case", merged_id, "same case", reason="merge_same_case")
    reason = clean_text(reason or "").strip()
    at = clock()
    with store.transaction() as tx:
        user = tx.user(actor)
        guard(tx)
        refuse_production_write(user, "merge", tx.is_sandbox)
        _refuse_role(user, "merge", MERGE_ROLES)
        # lock in id order, so two desks merging the same pair the other way round cannot deadlock
        first, second = sorted((survivor_id, merged_id))
        locked = {first: tx.case_for_update(first), second: tx.case_for_update(second)}
        survivor, merged = locked[survivor_id], locked[merged_id]
        for case in (survivor, merged):
            if not case.is_open:
                raise IllegalTransition(case.number, "merge", case.status.value, "not open")
        merged = _save(tx, merged, CaseEvent(merged.id, "merge_into", user.name, user.role.value, at,
                                             {"into": survivor.id, "into_number": survivor.number,
                                              "reason": reason}))
        survivor = _save(tx, survivor, CaseEvent(survivor.id, "merge_in", user.name, user.role.value, at,
                                                 {"merged": merged.id, "merged_number": merged.number,
                                                  "reason": reason}))
        return survivor, merged
