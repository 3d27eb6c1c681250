"""The case life cycle (案件办理流程) as data: which step applies when, who may take it,
and how each event changes a case.

``decide`` checks a command against the rules and turns it into an event payload;
``evolve`` folds one event into a case. ``evolve`` is pure and needs nothing but the
event, so replaying the log always gives the stored case back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Protocol

from .annotations import ANNOTATION_EVENTS, NOTE_ROLES, URGE_ROLES, annotate, urge_level
from .case import CASE_FIELDS, Case, CaseEvent, PendingRequest, Source, Status, Tier, with_changes
from .duplicates import DUPLICATE_EVENTS, evolve_duplicate
from .errors import IllegalTransition, PermissionDenied, ValidationError
from .roles import Role, User
from .text_input import clean_text


@dataclass(frozen=True)
class FieldSpec:
    """An input a step asks the user for. ``kind``: text, bool, department, tier, limit."""

    name: str
    kind: str
    required: bool = True


@dataclass(frozen=True)
class Transition:
    command: str
    roles: frozenset[Role]
    from_status: frozenset[Status]
    fields: tuple[FieldSpec, ...] = ()
    own_department: bool = False
    needs_pending: PendingRequest | None = None
    forbids_pending: bool = False


def _t(command, roles, from_status, fields=(), **kw) -> Transition:
    return Transition(command, frozenset(roles), frozenset(from_status), tuple(fields), **kw)


_R = Role
_S = Status
REASON = FieldSpec("reason", "text")
NOTE = FieldSpec("note", "text", required=False)
OPEN = {s for s in Status if s.is_open}

TRANSITIONS: dict[str, Transition] = {t.command: t for t in (
    _t("accept", {_R.CALL_TAKER}, {_S.REPORTED}, (NOTE,)),
    _t("request_verify", {_R.CALL_TAKER}, {_S.REPORTED}, (NOTE,)),
    _t("verify", {_R.SUPERVISOR}, {_S.VERIFYING}, (FieldSpec("confirmed", "bool"), NOTE)),
    _t("reject", {_R.CALL_TAKER}, {_S.REPORTED, _S.VERIFYING}, (REASON,)),
    _t("register", {_R.SHIFT_LEADER}, {_S.REGISTERING}, (FieldSpec("tier", "tier", required=False), NOTE)),
    _t("dispatch", {_R.DISPATCHER}, {_S.DISPATCHING},
       (FieldSpec("department", "department"), FieldSpec("reason", "text", required=False), NOTE)),
    _t("redispatch", {_R.DISPATCHER}, {_S.HANDLING}, (FieldSpec("department", "department"), REASON),
       forbids_pending=True),
    _t("return_case", {_R.DEPARTMENT}, {_S.HANDLING}, (REASON,), own_department=True, forbids_pending=True),
    _t("report_done", {_R.DEPARTMENT}, {_S.HANDLING}, (NOTE,), own_department=True, forbids_pending=True),
    _t("check", {_R.SUPERVISOR}, {_S.CHECKING}, (FieldSpec("passed", "bool"), NOTE)),
    _t("close", {_R.SHIFT_LEADER}, {_S.CLOSING}, (NOTE,)),
    _t("request_extension", {_R.DEPARTMENT}, {_S.HANDLING}, (FieldSpec("limit", "limit"), REASON),
       own_department=True, forbids_pending=True),
    _t("decide_extension", {_R.SHIFT_LEADER}, {_S.HANDLING}, (FieldSpec("approve", "bool"), NOTE),
       needs_pending=PendingRequest.EXTENSION),
    _t("request_suspension", {_R.DEPARTMENT}, {_S.HANDLING}, (REASON,),
       own_department=True, forbids_pending=True),
    _t("decide_suspension", {_R.SHIFT_LEADER}, {_S.HANDLING}, (FieldSpec("approve", "bool"), NOTE),
       needs_pending=PendingRequest.SUSPENSION),
    _t("resume", {_R.SHIFT_LEADER}, {_S.SUSPENDED}, (NOTE,)),
    _t("cancel", {_R.SHIFT_LEADER}, OPEN, (REASON,)),
    # annotations (commandcenter.annotations): no change of stage
    _t("note", NOTE_ROLES, set(Status), (FieldSpec("note", "text"),)),
    _t("urge", URGE_ROLES, {_S.HANDLING}, (FieldSpec("message", "text"),)),
    _t("urge_reply", {_R.DEPARTMENT}, {_S.HANDLING}, (FieldSpec("reply", "text"),), own_department=True),
)}

REPORT_ROLES = frozenset({Role.SUPERVISOR, Role.CALL_TAKER, Role.TRAINER})


class DeadlinePolicy(Protocol):
    """What ``decide`` needs from the catalog and the working-time calendar."""

    def stage_deadline(self, stage: str, class_code: str, tier: Tier, start: datetime) -> datetime | None: ...
    def extended_deadline(self, deadline: datetime, limit_text: str) -> datetime: ...
    def department_exists(self, code: str) -> bool: ...
    def default_department(self, class_code: str) -> str | None: ...


def _refuse(case: Case, t: Transition, user: User, why: str = "") -> None:
    raise IllegalTransition(case.number, t.command, case.status.value, why)


def check_allowed(case: Case, user: User, command: str) -> Transition:
    """The transition for ``command`` if ``user`` may take it on ``case`` now; raises otherwise."""
    t = TRANSITIONS.get(command)
    if t is None:
        raise ValidationError("command", command, f"unknown step (one of: {', '.join(TRANSITIONS)})",
                              reason="unknown_step")
    if not user.active:
        raise PermissionDenied(user.name, user.role.value, command, ("active users",))
    if user.role not in t.roles:
        raise PermissionDenied(user.name, user.role.value, command, tuple(sorted(r.value for r in t.roles)))
    if case.status not in t.from_status:
        _refuse(case, t, user)
    if t.own_department and user.department_code != case.department_code:
        raise PermissionDenied(user.name, user.role.value, command,
                               (f"operators of department {case.department_code}",))
    if t.needs_pending is not None and case.pending_request is not t.needs_pending:
        _refuse(case, t, user, f"no pending {t.needs_pending.value} request")
    if t.forbids_pending and case.pending_request is not None:
        _refuse(case, t, user, f"a {case.pending_request.value} request is pending")
    if command == "urge_reply" and case.urge_count == 0:
        _refuse(case, t, user, "nobody urged it")
    return t


def available_actions(case: Case, user: User) -> list[Transition]:
    """Exactly the steps ``user`` may take on ``case`` now, in life-cycle order."""
    allowed = []
    for command in TRANSITIONS:
        try:
            allowed.append(check_allowed(case, user, command))
        except (IllegalTransition, PermissionDenied):
            continue
    return allowed


def _clean_fields(case: Case, t: Transition, fields: Mapping[str, Any], policy: DeadlinePolicy) -> dict:
    out: dict[str, Any] = {}
    for spec in t.fields:
        value = fields.get(spec.name)
        if isinstance(value, str):
            value = clean_text(value).strip()
        if value is None or value == "":
            if spec.required:
                raise ValidationError(spec.name, value, f"required to {t.command} case {case.number}",
                                      reason="required_for_step", step=t.command, case_number=case.number)
            continue
        if spec.kind == "bool":
            if not isinstance(value, bool):
                raise ValidationError(spec.name, value, "must be true or false", reason="not_bool")
        elif spec.kind == "department":
            if not policy.department_exists(str(value)):
                raise ValidationError(spec.name, value, "unknown department", reason="unknown_department")
        elif spec.kind == "tier":
            try:
                value = Tier(value).value
            except ValueError:
                raise ValidationError(spec.name, value, "unknown tier (general, urgent, difficult)",
                                      reason="unknown_tier") from None
        elif spec.kind == "limit":
            from .worktime import TimeLimit

            value = str(TimeLimit.parse(str(value)))
        elif spec.kind == "text" and len(str(value)) > 2000:
            raise ValidationError(spec.name, value[:40] + "…", "longer than 2000 characters",
                                  reason="too_long", limit=2000)
        out[spec.name] = value
    unknown = set(fields) - {s.name for s in t.fields}
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError(name, fields[name], f"not a field of {t.command}")
    return out


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def decide(case: Case, user: User, command: str, fields: Mapping[str, Any], at: datetime,
           policy: DeadlinePolicy) -> dict[str, Any]:
    """Validate ``command`` and return the payload of the event it produces."""
    t = check_allowed(case, user, command)
    p = _clean_fields(case, t, fields, policy)
    late = case.stage_deadline is not None and at > case.stage_deadline
    tier = Tier(p.get("tier", case.tier.value))

    def next_stage(stage: str) -> None:
        p["late"] = late
        p["stage_deadline"] = _iso(policy.stage_deadline(stage, case.class_code, tier, at))

    if command in ("accept", "register"):
        next_stage("register" if command == "accept" else "dispatch")
    elif command == "request_verify":
        next_stage("verify")
    elif command == "verify":
        next_stage("register") if p["confirmed"] else p.update(late=late, stage_deadline=None)
    elif command in ("reject", "cancel", "close"):
        p.update(late=late, stage_deadline=None)
    elif command in ("dispatch", "redispatch"):
        if command == "redispatch" and p["department"] == case.department_code:
            raise ValidationError("department", p["department"], f"case {case.number} is already with it")
        next_stage("handle")
        p["default_department"] = policy.default_department(case.class_code)
        if command == "dispatch" and case.returned_by == p["department"]:
            # sending a case back to the department that returned it (推诿 if it stands) takes a reason
            if not p.get("reason"):
                raise ValidationError("reason", None, f"required to dispatch case {case.number}",
                                      reason="required_for_step", step=command, case_number=case.number)
            p["unjustified_return"] = True
    elif command == "return_case":
        next_stage("dispatch")
        p["department"] = case.department_code
    elif command == "report_done":
        next_stage("check")
    elif command == "check":
        next_stage("close" if p["passed"] else "handle")
    elif command == "decide_extension" and p["approve"]:
        assert case.stage_deadline is not None and case.pending_detail is not None
        limit_text = case.pending_detail.split(" ", 1)[0]
        p["stage_deadline"] = _iso(policy.extended_deadline(case.stage_deadline, limit_text))
    elif command == "decide_suspension" and p["approve"]:
        p.update(late=late, stage_deadline=None)
    elif command == "urge":
        p.update(department=case.department_code, level=urge_level(user.role))
    elif command == "resume":
        p["late"] = False
        p["stage_deadline"] = _iso(policy.stage_deadline("handle", case.class_code, tier, at))
    return p


def new_case_payload(*, number: str, source: Source, kind: str, class_code: str, tier: Tier,
                     description: str, lon: float, lat: float, grid_code: str, community_code: str,
                     street_code: str, stage_deadline: datetime | None, component_code: str | None,
                     reporter_name: str | None, reporter_phone: str | None,
                     external_number: str | None = None, external_deadline: datetime | None = None,
                     needs_placement: bool = False) -> dict[str, Any]:
    """The payload of a ``report`` event, which creates a case. The external order's keys
    appear only on cases that came from another platform (the 12345 hotline)."""
    payload = {
        "number": number, "source": source.value, "kind": kind, "class_code": class_code,
        "tier": tier.value, "description": description, "lon": lon, "lat": lat,
        "grid_code": grid_code, "community_code": community_code, "street_code": street_code,
        "stage_deadline": _iso(stage_deadline), "component_code": component_code,
        "reporter_name": reporter_name, "reporter_phone": reporter_phone,
    }
    if external_number is not None:
        payload.update(external_number=external_number, external_deadline=_iso(external_deadline))
    if needs_placement:
        payload["needs_placement"] = True
    return payload


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _create(event: CaseEvent) -> Case:
    p = event.payload
    return Case(
        id=event.case_id, number=p["number"], version=1, status=Status.REPORTED,
        source=Source(p["source"]), kind=p["kind"], class_code=p["class_code"], tier=Tier(p["tier"]),
        description=p["description"], lon=p["lon"], lat=p["lat"], grid_code=p["grid_code"],
        community_code=p["community_code"], street_code=p["street_code"], created_at=event.at,
        stage_started_at=event.at, stage_deadline=_dt(p["stage_deadline"]), updated_at=event.at,
        updated_by=event.actor, component_code=p.get("component_code"),
        reporter_name=p.get("reporter_name"), reporter_phone=p.get("reporter_phone"), reported_by=event.actor,
        external_number=p.get("external_number"), external_deadline=_dt(p.get("external_deadline")),
        needs_placement=bool(p.get("needs_placement")),
    )


def _stage(case: Case, event: CaseEvent, status: Status, **changes) -> dict[str, Any]:
    p = event.payload
    return dict(status=status, stage_started_at=event.at, stage_deadline=_dt(p.get("stage_deadline")),
                overdue_stages=case.overdue_stages + (1 if p.get("late") else 0), **changes)


def _changes(before: Case, after: Case) -> dict[str, Any]:
    """The fields a module that evolves whole cases (duplicates, annotations) changed."""
    return {name: getattr(after, name) for name in CASE_FIELDS if getattr(after, name) != getattr(before, name)}


def _step_changes(case: Case, event: CaseEvent) -> dict[str, Any]:
    """What ``event`` changes of ``case`` (besides its version)."""
    p, kind = event.payload, event.type
    if kind == "accept":
        return _stage(case, event, Status.REGISTERING)
    if kind == "request_verify":
        return _stage(case, event, Status.VERIFYING)
    if kind == "verify":
        return _stage(case, event, Status.REGISTERING if p["confirmed"] else Status.REJECTED)
    if kind == "reject":
        return _stage(case, event, Status.REJECTED)
    if kind == "register":
        return _stage(case, event, Status.DISPATCHING, tier=Tier(p.get("tier", case.tier.value)),
                      registered_at=event.at)
    if kind in ("dispatch", "redispatch"):
        return _stage(case, event, Status.HANDLING, department_code=p["department"], dispatched_by=event.actor,
                      dispatched_at=event.at, dispatch_count=case.dispatch_count + 1,
                      unjustified_returns=case.unjustified_returns + (1 if p.get("unjustified_return") else 0))
    if kind == "return_case":
        return _stage(case, event, Status.DISPATCHING, department_code=None, returned_by=p["department"],
                      return_count=case.return_count + 1)
    if kind == "report_done":
        return _stage(case, event, Status.CHECKING, handled_at=event.at, handled_on_time=not p["late"])
    if kind == "check":
        if p["passed"]:
            return _stage(case, event, Status.CLOSING)
        return _stage(case, event, Status.HANDLING, rework_count=case.rework_count + 1)
    if kind == "close":
        return _stage(case, event, Status.CLOSED, closed_at=event.at)
    if kind in ("request_extension", "request_suspension"):
        detail = " ".join(x for x in (p.get("limit"), p.get("reason")) if x)
        pending = PendingRequest.EXTENSION if kind == "request_extension" else PendingRequest.SUSPENSION
        return dict(pending_request=pending, pending_detail=detail)
    if kind == "decide_extension":
        if p["approve"]:
            return dict(pending_request=None, pending_detail=None,
                        stage_deadline=_dt(p["stage_deadline"]), extension_count=case.extension_count + 1)
        return dict(pending_request=None, pending_detail=None)
    if kind == "decide_suspension":
        if p["approve"]:
            return _stage(case, event, Status.SUSPENDED, pending_request=None, pending_detail=None)
        return dict(pending_request=None, pending_detail=None)
    if kind == "resume":
        return _stage(case, event, Status.HANDLING)
    if kind == "cancel":
        return _stage(case, event, Status.CANCELLED, pending_request=None, pending_detail=None)
    if kind == "recompute_deadline":       # the working calendar changed (deadlines.recompute_deadlines)
        return dict(stage_deadline=_dt(p["stage_deadline"]))
    if kind == "attach":                   # 附件: evidence added, the case's state is unchanged
        return dict(attachment_count=case.attachment_count + 1)
    if kind in DUPLICATE_EVENTS:           # 重复件 / 合并 (commandcenter.duplicates)
        return _changes(case, evolve_duplicate(case, event))
    if kind == "place":                    # 待定位 → placed by a call-taker (CaseService.place)
        return dict(lon=p["lon"], lat=p["lat"], grid_code=p["grid_code"], community_code=p["community_code"],
                    street_code=p["street_code"], needs_placement=False)
    if kind in ANNOTATION_EVENTS:          # notes, urges, replies, reminders (commandcenter.annotations)
        return _changes(case, annotate(case, event))
    raise ValueError(f"unknown event type {kind!r} for case {case.number}")


def evolve(case: Case | None, event: CaseEvent) -> Case:
    """Fold one event into a case (``None`` before its ``report`` event)."""
    if event.type == "report":
        if case is not None:
            raise ValueError(f"case {case.number} reported twice")
        return _create(event)
    if case is None:
        raise ValueError(f"event {event.type!r} before the case {event.case_id} was reported")
    # one new case per event (not one per change): folding the log is the demo's and replay's inner loop
    return with_changes(case, {**_step_changes(case, event), "version": case.version + 1, "updated_at": event.at,
                               "updated_by": event.actor})


def fold(events) -> Case | None:
    case = None
    for event in events:
        case = evolve(case, event)
    return case

