"""Checking a scenario against the world it will be played in (演练脚本校验): the district's
unit grids, the staff list, the life cycle and the stage limits.

Reading a file (:mod:`commandcenter.scenario`) already refuses what cannot be a scenario at all;
this check finds what reads well but would mislead a trainee: a grid code the district does not
have, a point outside it, an actor nobody knows, a step its actor may not take, an event dated
before the case's previous one, a stage deadline the catalog and the working calendar would not
give. Each problem names its line, and all of them are listed, not just the first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from .case import Case, CaseEvent, Tier
from .deadlines import RECOMPUTE_EVENT, CatalogDeadlines
from .errors import DomainError
from .messages import render
from .roles import Role, User
from .scenario import LocatedScenario
from .workflow import TRANSITIONS, decide, evolve

#: deadlines closer than this are the same (the file stores seconds)
_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class Problem:
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}"


def check_scenario(located: LocatedScenario, *, district_map, locate: Callable[[float, float], tuple | None],
                   users: Iterable[User], catalog, calendar, departments: Iterable[str]) -> list[Problem]:
    """Every mistake of ``located`` against this district, staff, catalog and calendar, in line order."""
    checker = _Checker(district_map, locate, {u.name: u for u in users}, catalog,
                       CatalogDeadlines(catalog, calendar, frozenset(departments)))
    scenario = located.scenario
    if district_map is not None and scenario.district_code and \
            scenario.district_code != district_map.district.code:
        checker.problem(located.header_line, f"district {scenario.district_code} is not this database's "
                                             f"district {district_map.district.code}")
    for event, line in zip(scenario.events, located.event_lines):
        checker.event(event, line)
    for injection, line in zip(scenario.injections, located.injection_lines):
        checker.place(line, injection.lon, injection.lat, None, "injection")
    return sorted(checker.problems, key=lambda p: p.line)


class _Checker:
    def __init__(self, district_map, locate, staff: dict[str, User], catalog, policy: CatalogDeadlines):
        self._map = district_map
        self._locate = locate
        self._staff = staff
        self._catalog = catalog
        self._policy = policy
        self._cases: dict[int, Case] = {}
        self._last: dict[int, tuple[datetime, int]] = {}
        self.problems: list[Problem] = []

    def problem(self, line: int, text: str) -> None:
        self.problems.append(Problem(line, text))

    # Places -------------------------------------------------------------------------------------
    def place(self, line: int, lon: float, lat: float, payload: dict | None, what: str) -> None:
        if self._map is None:
            return
        found = self._locate(lon, lat)
        if found is None:
            self.problem(line, f"{what} at {lon:.6f},{lat:.6f} is outside the district's unit grids")
        if payload is None:
            return
        code = str(payload.get("grid_code") or "")
        try:
            grid = self._map.grid(code)
        except DomainError:
            self.problem(line, f"grid_code {code!r} is not a unit grid of district {self._map.district.code}")
            return
        if found is not None and found[0] != code:
            self.problem(line, f"the point {lon:.6f},{lat:.6f} lies in grid {found[0]}, not in grid_code {code}")
        for name, wanted in (("community_code", grid.community_code), ("street_code", grid.street_code)):
            if payload.get(name) != wanted:
                self.problem(line, f"{name} {payload.get(name)!r} is not grid {code}'s ({wanted})")

    # Events -------------------------------------------------------------------------------------
    def event(self, event: CaseEvent, line: int) -> None:
        before = self._cases.get(event.case_id)
        previous = self._last.get(event.case_id)
        if previous is not None and event.at < previous[0]:
            self.problem(line, f"{event.type} of case {event.case_id} at {event.at.isoformat()} is before the "
                               f"case's previous event (line {previous[1]})")
        user = self._actor(event, line, before)
        if event.type == "report":
            payload = event.payload
            self.place(line, float(payload["lon"]), float(payload["lat"]), payload, "report")
            self._report_deadline(event, line)
        elif event.type in TRANSITIONS and before is not None:
            self._step(event, line, before, user)
        self._cases[event.case_id] = evolve(before, event)
        self._last[event.case_id] = (event.at, line)

    def _actor(self, event: CaseEvent, line: int, case: Case | None) -> User:
        try:
            role = Role(event.role)
        except ValueError:
            self.problem(line, f"role {event.role!r} is not a role")
            role = None
        user = self._staff.get(event.actor)
        if user is None:
            self.problem(line, f"actor {event.actor!r} is not on the staff list")
        elif role is not None and user.role is not role:
            self.problem(line, f"actor {event.actor!r} is a {user.role.value}, not a {event.role}")
        if user is None or (role is not None and user.role is not role):
            department = case.department_code if case is not None and role is Role.DEPARTMENT else None
            user = User(event.actor, event.actor, role or Role.TRAINER, department)
        return user

    def _report_deadline(self, event: CaseEvent, line: int) -> None:
        payload = event.payload
        try:
            wanted = self._policy.stage_deadline("intake", payload["class_code"], Tier(payload["tier"]), event.at)
        except (DomainError, KeyError, ValueError):
            self.problem(line, f"class_code {payload.get('class_code')!r} is not in the class catalog")
            return
        self._compare_deadline(line, "intake", payload.get("stage_deadline"), wanted)

    def _step(self, event: CaseEvent, line: int, before: Case, user: User) -> None:
        t = TRANSITIONS[event.type]
        fields = {spec.name: event.payload[spec.name] for spec in t.fields if spec.name in event.payload}
        try:
            expected = decide(before, user, event.type, fields, event.at, self._policy)
        except DomainError as error:
            self.problem(line, f"{event.type} of case {event.case_id}: {render(error, 'en')}")
            return
        if "late" in expected and bool(event.payload.get("late", False)) != bool(expected["late"]):
            deadline = before.stage_deadline.isoformat() if before.stage_deadline else None
            self.problem(line, f"{event.type} of case {event.case_id}: late is {event.payload.get('late')}, "
                               f"but the stage's deadline was {deadline}")
        if "stage_deadline" in expected and event.type != RECOMPUTE_EVENT:
            self._compare_deadline(line, event.type, event.payload.get("stage_deadline"), expected["stage_deadline"])

    def _compare_deadline(self, line: int, what: str, written, wanted) -> None:
        wanted_dt = wanted if isinstance(wanted, datetime) or wanted is None else datetime.fromisoformat(wanted)
        try:
            written_dt = datetime.fromisoformat(written) if written else None
        except (TypeError, ValueError):
            self.problem(line, f"stage_deadline {written!r} is not an ISO 8601 date-time")
            return
        same = (written_dt is None) == (wanted_dt is None) and (
            written_dt is None or abs((written_dt - wanted_dt).total_seconds()) <= _TOLERANCE_S)
        if not same:
            self.problem(line, f"stage_deadline after {what} is {written}, but the catalog's limit on the working "
                               f"calendar gives {wanted_dt.isoformat() if wanted_dt else None}")
