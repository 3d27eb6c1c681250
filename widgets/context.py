"""What every desk widget needs to know besides the situation picture: the catalog, the
working-time calendar, the district's geography, the departments and users, and how to
name things on screen in the chosen language."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from commandcenter import vocabulary
from commandcenter.case import Case
from commandcenter.durations import format_age, format_limit, format_remaining
from commandcenter.errors import NotFound, ValidationError
from commandcenter.ports import Department
from commandcenter.queues import DeadlineClock
from commandcenter.roles import User


def _value(enum_or_text) -> str:
    return getattr(enum_or_text, "value", enum_or_text)


@dataclass
class DeskContext:
    """Shared, read-only knowledge of a desk session, with the names it shows.

    ``lang`` picks the catalog's Chinese (``zh``) or English names for classes and
    departments, and the words of :mod:`commandcenter.vocabulary` (queues, stages, statuses, …).
    """

    catalog: object
    calendar: object
    district_map: object | None
    departments: list[Department]
    deadline_clock: DeadlineClock | None = None
    users_by_name: Mapping[str, User] = field(default_factory=dict)
    mask_personal_data: bool = False
    lang: str = "zh"
    phrases: tuple[str, ...] = ()
    """The signed-in user's canned phrases (惯用语) and the centre's, offered in every text field."""
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
        """Both names, the desk's language first: "上水井盖 / Water-supply manhole cover" on a
        Chinese desk, "Water-supply manhole cover / 上水井盖" on an English one."""
        try:
            small = self.catalog.small_class(code)
        except ValidationError:
            return code
        if self.lang != "zh" and small.en:
            return f"{small.en} / {small.zh}"
        return f"{small.zh} / {small.en}" if small.en else small.zh

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

    def is_derived_place(self, case: Case) -> bool:
        """The case's street or community belongs to a derived partition (not surveyed boundaries)."""
        if self.district_map is None:
            return False
        for level, code in (("street", case.street_code), ("community", case.community_code)):
            try:
                if code and getattr(self.district_map, level)(code).derived:
                    return True
            except NotFound:
                continue
        return False

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

    # Public API: the fixed vocabulary ----------------------------------------------------
    def queue_name(self, key: str) -> str:
        return vocabulary.name("queue", key, self.lang)

    def stage_name(self, key: str | None) -> str:
        return vocabulary.name("stage", key, self.lang) if key else ""

    def status_name(self, status) -> str:
        return vocabulary.name("status", status, self.lang)

    def source_name(self, source) -> str:
        return vocabulary.name("source", source, self.lang)

    def tier_name(self, tier) -> str:
        return vocabulary.name("tier", tier, self.lang)

    def role_name(self, role) -> str:
        return vocabulary.name("role", role, self.lang)

    def command_name(self, command: str) -> str:
        return vocabulary.name("command", command, self.lang)

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
        """"2:05", "3天4小时" countdown on the case's clock (a working day for working time);
        negative when overdue."""
        day = 86400 if unit == "hours" else int(getattr(self.calendar, "working_day_seconds", 86400))
        return format_remaining(seconds, day, self.lang)

    def format_limit(self, limit) -> str:
        """A time limit in words ("7个工作日" / "7 working days"); unreadable text is shown as it is."""
        try:
            return format_limit(limit, self.lang)
        except ValidationError:
            return str(limit)

    def format_age(self, seconds: float) -> str:
        """Natural time since a case was reported: "0:35", "5:10", "3天4小时"."""
        return format_age(seconds, self.lang)

    # Private API ---------------------------------------------------------------------------
    def _division_name(self, level: str, code: str | None) -> str:
        if not code:
            return ""
        if self.district_map is None:
            return code
        try:
            return getattr(self.district_map, level)(code).name
        except NotFound:  # a division missing from an older map: its code is still useful
            return code
