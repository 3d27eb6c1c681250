"""The commands a user can give. Each one checks the workflow and the actor's role against
the stored user (never trusting the screen), then writes the case and appends its event in
one transaction."""
from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any, Callable

from .auth import refuse_production_write
from .case import Case, CaseEvent, Source, Tier
from .clock import local, utc_now
from .deadlines import CatalogDeadlines
from .districts import refuse_other_district, refuse_report_elsewhere
from .errors import ConflictError, IllegalTransition, PermissionDenied, SandboxRequired, ValidationError
from .extensions import ExtensionLimits
from .ports import Store
from .roles import Role
from .text_input import clean_text
from .workflow import REPORT_ROLES, decide, evolve, new_case_payload

#: (lon, lat) -> (grid_code, community_code, street_code) or None when outside the district
Locate = Callable[[float, float], "tuple[str, str, str] | None"]

# Hotline exports mask the middle digits (138****5678): such a number is kept as it came.
#: who places a case waiting to be placed (待定位): intake and the shift leader
PLACE_ROLES = frozenset({Role.CALL_TAKER, Role.SHIFT_LEADER})
_PHONE = re.compile(r"^\+?[0-9][0-9*\- ]{5,18}[0-9]$")


class CaseService:
    """Public API for every desk, the simulator and the trainer."""

    def __init__(self, store: Store, catalog, calendar, locate: Locate,
                 clock: Callable[[], datetime] = utc_now, training: bool = False):
        self._store = store
        self._catalog = catalog
        self._calendar = calendar
        self._locate = locate
        self._clock = clock
        self._training = training
        self._extension_limits = ExtensionLimits.for_catalog(catalog)

    @property
    def catalog(self):
        return self._catalog

    @property
    def calendar(self):
        return self._calendar

    def report(self, actor: str, *, source: str, class_code: str, lon: Any, lat: Any, description: str,
               tier: str | None = None, component_code: str | None = None,
               reporter_name: str | None = None, reporter_phone: str | None = None,
               external_number: str | None = None, external_deadline: datetime | None = None,
               needs_placement: bool = False) -> Case:
        """信息收集: record a new report; it waits for intake (待受理). ``external_number`` and
        ``external_deadline`` carry a hotline order's own number and deadline; ``needs_placement``
        marks a report whose place is known only roughly (待定位)."""
        src = _parse_enum(Source, "source", source)
        small = self._catalog.small_class(class_code)
        tier_value = _parse_enum(Tier, "tier", tier) if tier else self._default_tier(small)
        lon_f, lat_f = _coordinate("lon", lon, -180, 180), _coordinate("lat", lat, -90, 90)
        place = self._locate(lon_f, lat_f)
        if place is None:
            raise ValidationError("location", f"{lon_f:.6f},{lat_f:.6f}", "outside the district's unit grids",
                                  reason="outside_district")
        description = clean_text(description or "").strip()
        reporter_name = clean_text(reporter_name).strip() if reporter_name else reporter_name
        if not description:
            raise ValidationError("description", description, "required", reason="required")
        if len(description) > 2000:
            raise ValidationError("description", description[:40] + "…", "longer than 2000 characters",
                                  reason="too_long", limit=2000)
        if component_code is not None:
            component_code = self._check_component(component_code, small)
        if reporter_phone and not _PHONE.match(reporter_phone):
            raise ValidationError("reporter_phone", reporter_phone, "not a phone number", reason="not_a_phone")
        at = self._clock()
        with self._store.transaction() as tx:
            user = tx.user(actor)
            self._guard_training(tx)
            refuse_production_write(user, "report", tx.is_sandbox)
            refuse_report_elsewhere(user, place[0])
            if user.role not in REPORT_ROLES:
                raise PermissionDenied(user.name, user.role.value, "report",
                                       tuple(sorted(r.value for r in REPORT_ROLES)))
            policy = CatalogDeadlines(self._catalog, self._calendar, tx.department_codes())
            deadline = policy.stage_deadline("intake", small.code, tier_value, at)
            payload = new_case_payload(
                number="", source=src, kind=small.kind, class_code=small.code, tier=tier_value,
                description=description, lon=lon_f, lat=lat_f, grid_code=place[0], community_code=place[1],
                street_code=place[2], stage_deadline=deadline, component_code=component_code,
                reporter_name=(reporter_name or None), reporter_phone=(reporter_phone or None),
                external_number=external_number, external_deadline=external_deadline,
                needs_placement=needs_placement)
            draft = evolve(None, CaseEvent(0, "report", user.name, user.role.value, at, payload))
            case_id = tx.insert_case(draft)
            payload["number"] = f"{local(at):%Y%m%d}{case_id:06d}"
            event = CaseEvent(case_id, "report", user.name, user.role.value, at, payload)
            case = evolve(None, event)
            tx.save_case(case, expected_version=0)
            tx.append_event(event)
            return case

    def act(self, actor: str, case_id: int, command: str, *, expected_version: int | None = None,
            **fields: Any) -> Case:
        """Take one step of the life cycle. ``expected_version`` is the version the desk saw:
        if someone else changed the case since, a ConflictError says who and when."""
        at = self._clock()
        with self._store.transaction() as tx:
            user = tx.user(actor)
            self._guard_training(tx)
            refuse_production_write(user, command, tx.is_sandbox)
            case = tx.case_for_update(case_id)
            refuse_other_district(user, case)
            if expected_version is not None and case.version != expected_version:
                raise ConflictError(case.number, case.updated_by, case.updated_at, case.version)
            policy = CatalogDeadlines(self._catalog, self._calendar, tx.department_codes())
            payload = decide(case, user, command, fields, at, policy)
            if command == "request_extension":
                self._extension_limits.check(case.class_code, case.tier.value, payload["limit"],
                                             case.stage_deadline, policy.extended_deadline)
            event = CaseEvent(case.id, command, user.name, user.role.value, at, payload)
            new_case = evolve(case, event)
            tx.save_case(new_case, expected_version=case.version)
            tx.append_event(event)
            return new_case

    def place(self, actor: str, case_id: int, lon: Any, lat: Any, *, expected_version: int | None = None) -> Case:
        """定位: put a case waiting to be placed (待定位, a hotline order found no finer than a
        street) where the call-taker found it; its grid, community and street follow."""
        lon_f, lat_f = _coordinate("lon", lon, -180, 180), _coordinate("lat", lat, -90, 90)
        place = self._locate(lon_f, lat_f)
        if place is None:
            raise ValidationError("location", f"{lon_f:.6f},{lat_f:.6f}", "outside the district's unit grids",
                                  reason="outside_district")
        at = self._clock()
        with self._store.transaction() as tx:
            user = tx.user(actor)
            self._guard_training(tx)
            refuse_production_write(user, "place", tx.is_sandbox)
            if user.role not in PLACE_ROLES:
                raise PermissionDenied(user.name, user.role.value, "place",
                                       tuple(sorted(r.value for r in PLACE_ROLES)))
            case = tx.case_for_update(case_id)
            refuse_other_district(user, case)
            if expected_version is not None and case.version != expected_version:
                raise ConflictError(case.number, case.updated_by, case.updated_at, case.version)
            if not (case.is_open and case.needs_placement):
                raise IllegalTransition(case.number, "place", case.status.value, "not waiting to be placed")
            payload = {"lon": lon_f, "lat": lat_f, "grid_code": place[0], "community_code": place[1],
                       "street_code": place[2]}
            event = CaseEvent(case.id, "place", user.name, user.role.value, at, payload)
            new_case = evolve(case, event)
            tx.save_case(new_case, expected_version=case.version)
            tx.append_event(event)
            return new_case

    def report_duplicate(self, actor: str, case_id: int, **fields: Any) -> Case:
        """重复件: a call about open case ``case_id`` is recorded on it ("also reported by");
        see :mod:`commandcenter.duplicate_steps`."""
        from .duplicate_steps import report_duplicate

        return report_duplicate(self._store, self._clock, self._guard_training, _check_phone, actor, case_id,
                                **fields)

    def merge(self, actor: str, survivor_id: int, merged_id: int, *, reason: str = "") -> tuple[Case, Case]:
        """合并: close ``merged_id`` as merged into ``survivor_id`` (shift leaders)."""
        from .duplicate_steps import merge

        return merge(self._store, self._clock, self._guard_training, actor, survivor_id, merged_id, reason=reason)

    def attach(self, actor: str, case_id: int, path_or_evidence, *, phase: str = "other",
               expected_version: int | None = None) -> Case:
        """附件: add a photo, video or audio file (a path, checked first) to an open case; see
        :mod:`commandcenter.attachments`."""
        from .attachment_steps import attach
        from .attachments import Evidence, read_evidence

        evidence = path_or_evidence if isinstance(path_or_evidence, Evidence) else read_evidence(path_or_evidence)
        return attach(self._store, self._clock, self._guard_training, actor, case_id, evidence, phase=phase,
                      expected_version=expected_version)

    def _guard_training(self, tx) -> None:
        if self._training and not tx.is_sandbox():
            raise SandboxRequired()

    @staticmethod
    def _default_tier(small) -> Tier:
        return Tier.URGENT if small.big == "E05" else Tier.GENERAL

    @staticmethod
    def _check_component(code: str, small) -> str:
        code = str(code).strip()
        if not re.fullmatch(r"\d{16}", code):
            raise ValidationError("component_code", code, "must be 16 digits (district 6 + class 4 + serial 6)",
                                  reason="bad_component_code")
        if small.kind != "component":
            raise ValidationError("component_code", code, f"class {small.code} is an event, not a component",
                                  reason="component_on_event", class_code=small.code)
        if code[6:10] != small.code:
            raise ValidationError("component_code", code, f"class digits {code[6:10]} contradict class {small.code}",
                                  reason="component_class_mismatch", digits=code[6:10], class_code=small.code)
        return code


def _check_phone(phone: str) -> None:
    if not _PHONE.match(phone):
        raise ValidationError("reporter_phone", phone, "not a phone number", reason="not_a_phone")


def _parse_enum(enum, field: str, value):
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, value, f"unknown {field} (one of: {allowed})", reason="unknown_choice",
                              allowed=allowed) from None


def _coordinate(field: str, value: Any, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, value, "not a number", reason="not_a_number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValidationError(field, value, f"must be between {low} and {high}", reason="out_of_range",
                              low=low, high=high)
    return number


__all__ = ["CaseService", "Locate"]
