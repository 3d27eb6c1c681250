"""What every desk widget needs to know besides the situation picture: the catalog, the
working-time calendar, the district's geography, the departments and users, and how to
name things on screen in the chosen language."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from PySide6.QtCore import QCoreApplication, QMimeData

from commandcenter.case import Case
from commandcenter.errors import NotFound, ValidationError
from commandcenter.ports import Department
from commandcenter.queues import DeadlineClock
from commandcenter.roles import User
from widgets import qtcompat

# Every desk widget builds on this module: make sure the binding's reference leak cannot
# abort a long desk session (see widgets.qtcompat), whoever created the QApplication.
qtcompat.apply()

_CTX = "DeskContext"

OVERDUE_COLOR = "#d93025"
AT_RISK_COLOR = "#f29900"
ON_TIME_COLOR = "#188038"
NEUTRAL_COLOR = "#5f6368"
STATE_COLORS = {"overdue": OVERDUE_COLOR, "at_risk": AT_RISK_COLOR, "on_time": ON_TIME_COLOR,
                "closed": NEUTRAL_COLOR}
MIME_CASE = "application/x-commandcenter-case"
"""Drag payload of a case row or card: JSON {"case_id", "version", "department"}."""


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _queue_names() -> dict[str, str]:
    return {
        "intake": QCoreApplication.translate("DeskContext", "Intake"),
        "verify": QCoreApplication.translate("DeskContext", "Verify"),
        "register": QCoreApplication.translate("DeskContext", "Register"),
        "dispatch": QCoreApplication.translate("DeskContext", "Dispatch"),
        "handle": QCoreApplication.translate("DeskContext", "Handling"),
        "check": QCoreApplication.translate("DeskContext", "Check"),
        "close": QCoreApplication.translate("DeskContext", "Close"),
        "requests": QCoreApplication.translate("DeskContext", "Requests"),
        "suspended": QCoreApplication.translate("DeskContext", "Suspended"),
    }


def _stage_names() -> dict[str, str]:
    return {
        "intake": QCoreApplication.translate("DeskContext", "Intake stage"),
        "verify": QCoreApplication.translate("DeskContext", "Verification stage"),
        "register": QCoreApplication.translate("DeskContext", "Registration stage"),
        "dispatch": QCoreApplication.translate("DeskContext", "Dispatch stage"),
        "handle": QCoreApplication.translate("DeskContext", "Handling stage"),
        "check": QCoreApplication.translate("DeskContext", "Check stage"),
        "close": QCoreApplication.translate("DeskContext", "Closing stage"),
    }


def _status_names() -> dict[str, str]:
    return {
        "reported": QCoreApplication.translate("DeskContext", "Awaiting intake"),
        "verifying": QCoreApplication.translate("DeskContext", "Awaiting verification"),
        "registering": QCoreApplication.translate("DeskContext", "Awaiting registration"),
        "dispatching": QCoreApplication.translate("DeskContext", "Awaiting dispatch"),
        "handling": QCoreApplication.translate("DeskContext", "Being handled"),
        "checking": QCoreApplication.translate("DeskContext", "Awaiting check"),
        "closing": QCoreApplication.translate("DeskContext", "Awaiting closing"),
        "suspended": QCoreApplication.translate("DeskContext", "Suspended"),
        "closed": QCoreApplication.translate("DeskContext", "Closed"),
        "rejected": QCoreApplication.translate("DeskContext", "Rejected"),
        "cancelled": QCoreApplication.translate("DeskContext", "Cancelled"),
    }


def _source_names() -> dict[str, str]:
    return {
        "supervisor": QCoreApplication.translate("DeskContext", "Supervisor"),
        "hotline": QCoreApplication.translate("DeskContext", "Hotline 12345"),
        "video": QCoreApplication.translate("DeskContext", "Video"),
        "referral": QCoreApplication.translate("DeskContext", "Referral"),
    }


def _tier_names() -> dict[str, str]:
    return {
        "general": QCoreApplication.translate("DeskContext", "General"),
        "urgent": QCoreApplication.translate("DeskContext", "Urgent"),
        "difficult": QCoreApplication.translate("DeskContext", "Difficult"),
    }


def _role_names() -> dict[str, str]:
    return {
        "supervisor": QCoreApplication.translate("DeskContext", "Field supervisor"),
        "call_taker": QCoreApplication.translate("DeskContext", "Call-taker"),
        "shift_leader": QCoreApplication.translate("DeskContext", "Shift leader"),
        "dispatcher": QCoreApplication.translate("DeskContext", "Dispatcher"),
        "department": QCoreApplication.translate("DeskContext", "Department"),
        "leader": QCoreApplication.translate("DeskContext", "Leader"),
        "trainer": QCoreApplication.translate("DeskContext", "Trainer"),
        "admin": QCoreApplication.translate("DeskContext", "Administrator"),
    }


def _command_names() -> dict[str, str]:
    return {
        "report": QCoreApplication.translate("DeskContext", "Report"),
        "accept": QCoreApplication.translate("DeskContext", "Accept"),
        "request_verify": QCoreApplication.translate("DeskContext", "Request verification"),
        "verify": QCoreApplication.translate("DeskContext", "Verify on site"),
        "reject": QCoreApplication.translate("DeskContext", "Reject"),
        "register": QCoreApplication.translate("DeskContext", "Register case"),
        "dispatch": QCoreApplication.translate("DeskContext", "Dispatch case"),
        "redispatch": QCoreApplication.translate("DeskContext", "Re-dispatch"),
        "return_case": QCoreApplication.translate("DeskContext", "Return dispatch"),
        "report_done": QCoreApplication.translate("DeskContext", "Report done"),
        "check": QCoreApplication.translate("DeskContext", "Check on site"),
        "close": QCoreApplication.translate("DeskContext", "Close case"),
        "request_extension": QCoreApplication.translate("DeskContext", "Request extension"),
        "decide_extension": QCoreApplication.translate("DeskContext", "Decide extension"),
        "request_suspension": QCoreApplication.translate("DeskContext", "Request suspension"),
        "decide_suspension": QCoreApplication.translate("DeskContext", "Decide suspension"),
        "resume": QCoreApplication.translate("DeskContext", "Resume handling"),
        "cancel": QCoreApplication.translate("DeskContext", "Cancel case"),
    }


def _value(enum_or_text) -> str:
    return getattr(enum_or_text, "value", enum_or_text)


@dataclass
class DeskContext:
    """Shared, read-only knowledge of a desk session, with the names it shows.

    ``lang`` picks the catalog's Chinese (``zh``) or English names for classes and
    departments; fixed vocabulary (queues, stages, statuses, …) goes through Qt translation.
    """

    catalog: object
    calendar: object
    district_map: object | None
    departments: list[Department]
    deadline_clock: DeadlineClock | None = None
    users_by_name: Mapping[str, User] = field(default_factory=dict)
    mask_personal_data: bool = False
    lang: str = "zh"
    _names: dict = field(default_factory=dict, init=False, repr=False)
    _units: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.deadline_clock is None:
            self.deadline_clock = DeadlineClock(self.catalog, self.calendar)
        self._departments_by_code = {d.code: d for d in self.departments}

    # Public API: domain names from the catalog and the district map ----------------------
    def class_name(self, code: str | None) -> str:
        if not code:
            return ""
        try:
            small = self.catalog.small_class(code)
        except ValidationError:  # a class removed from the catalog still has cases: show its code
            return code
        return small.zh if self.lang == "zh" else small.en

    def class_name_both(self, code: str) -> str:
        """"上水井盖 / Water-supply manhole cover" for the case panel."""
        try:
            small = self.catalog.small_class(code)
        except ValidationError:
            return code
        return f"{small.zh} / {small.en}"

    def department_name(self, code: str | None) -> str:
        if not code:
            return ""
        department = self._departments_by_code.get(code)
        if department is not None:
            return department.name if self.lang == "zh" or not department.name_en else department.name_en
        kind = self.catalog.departments.get(code)
        if kind is not None:
            return kind.zh if self.lang == "zh" else kind.en
        return code

    def default_department(self, class_code: str) -> str | None:
        try:
            return self.catalog.small_class(class_code).department
        except ValidationError:
            return None

    def street_name(self, code: str | None) -> str:
        return self._division_name("street", code)

    def community_name(self, code: str | None) -> str:
        return self._division_name("community", code)

    @staticmethod
    def grid_label(code: str | None) -> str:
        """The grid's sequence inside its community (last 3 digits, or 2 in the 14-digit variant)."""
        return code[12:] if code and len(code) > 12 else (code or "")

    def place_name(self, case: Case) -> str:
        """"街道 / 社区 / 001"."""
        return self.place_of(case.street_code, case.community_code, case.grid_code)

    def place_of(self, street_code: str, community_code: str, grid_code: str) -> str:
        return " / ".join((self.street_name(street_code), self.community_name(community_code),
                           self.grid_label(grid_code)))

    def user_display_name(self, name: str) -> str:
        user = self.users_by_name.get(name)
        return user.display_name if user is not None and user.display_name else name

    # Public API: fixed vocabulary through Qt translation ---------------------------------
    def queue_name(self, key: str) -> str:
        return self._name("queue", _queue_names, key)

    def stage_name(self, key: str | None) -> str:
        return self._name("stage", _stage_names, key) if key else ""

    def status_name(self, status) -> str:
        return self._name("status", _status_names, _value(status))

    def source_name(self, source) -> str:
        return self._name("source", _source_names, _value(source))

    def tier_name(self, tier) -> str:
        return self._name("tier", _tier_names, _value(tier))

    def role_name(self, role) -> str:
        return self._name("role", _role_names, _value(role))

    def command_name(self, command: str) -> str:
        return self._name("command", _command_names, command)

    # Public API: deadlines -----------------------------------------------------------------
    def countdown(self, case: Case, now: datetime) -> tuple[float | None, str, str]:
        """(seconds left on the stage's clock, state, text such as "2:05", "-1:20", "3d 4h")."""
        remaining = self.deadline_clock.remaining_s(case, now)
        state = self.deadline_clock.state(case, now, remaining)
        if remaining is None:
            return None, state, ""
        return remaining, state, self.format_remaining(remaining, self.clock_unit(case))

    def clock_unit(self, case: Case) -> str:
        """'hours' (natural, emergencies) or a working-time unit, for the stage the case is in."""
        key = (case.class_code, _value(case.tier), case.stage)
        unit = self._units.get(key)
        if unit is None:
            try:
                unit = self.catalog.limit(case.class_code, _value(case.tier), case.stage).unit
            except ValidationError:
                unit = "work_hours"
            self._units[key] = unit
        return unit

    def format_remaining(self, seconds: float, unit: str = "work_hours") -> str:
        """Hours:minutes under one day of the case's clock (a working day for working time),
        whole days and hours above it; negative when overdue."""
        sign = "-" if seconds < 0 else ""
        # Overdue time rounds up, so a case one second late never reads "-0:00".
        left = math.ceil(-seconds / 60) * 60 if seconds < 0 else int(seconds)
        day = 86400 if unit == "hours" else int(getattr(self.calendar, "working_day_seconds", 86400))
        if left < day:
            return f"{sign}{left // 3600}:{left % 3600 // 60:02d}"
        days, rest = divmod(left, day)
        return sign + _tr("{days}d {hours}h").format(days=days, hours=rest // 3600)

    @staticmethod
    def format_age(seconds: float) -> str:
        """Natural time since a case was reported: "0:35", "5:10", "3d 4h"."""
        left = max(0, int(seconds))
        if left < 86400:
            return f"{left // 3600}:{left % 3600 // 60:02d}"
        days, rest = divmod(left, 86400)
        return _tr("{days}d {hours}h").format(days=days, hours=rest // 3600)

    # Private API ---------------------------------------------------------------------------
    def _name(self, table: str, build, key: str) -> str:
        names = self._names.get(table)
        if names is None:
            names = self._names[table] = build()
        return names.get(key, key)

    def _division_name(self, level: str, code: str | None) -> str:
        if not code:
            return ""
        if self.district_map is None:
            return code
        try:
            return getattr(self.district_map, level)(code).name
        except NotFound:  # a division missing from an older map: its code is still useful
            return code


def case_mime_payload(case: Case) -> bytes:
    """The drag payload of a case (see :data:`MIME_CASE`)."""
    return json.dumps({"case_id": case.id, "version": case.version,
                       "department": case.department_code}).encode()


def read_case_mime(mime: QMimeData) -> dict | None:
    """The payload of a dragged case, or None when the drag carries something else."""
    if not mime.hasFormat(MIME_CASE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_CASE)).decode())
        return payload if isinstance(payload.get("case_id"), int) else None
    except (ValueError, AttributeError):
        return None
