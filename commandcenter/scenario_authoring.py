"""The short form of a scenario case (手写演练案件): a trainer writes the class, the place, the
time and the steps wanted; the codes, numbers, actors and stage deadlines are derived on load,
through the same workflow the live system runs, so a hand-written case is exactly what the
desks would have written.

    {"kind": "case", "at": "2026-11-25T09:05:00+08:00", "class": "暴露垃圾",
     "place": {"community": "吉祥桥社区"}, "description": "路口堆放垃圾",
     "steps": [{"step": "accept", "after": "10m"}, {"step": "register", "after": "20m"},
               {"step": "dispatch", "after": "15m", "department": "szsr"}]}

``place`` is ``{"lon": …, "lat": …}``, ``{"community": NAME or CODE}`` (its label point) or
``{"grid": CODE}`` (its centre). Each step comes ``after`` a duration (``15m``, ``2h``, ``1d``)
from the case's previous event, or ``at`` a time, taken ``by`` a user or by the first member of
staff in the step's role. The full schema is in ``docs/scenario.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from .case import Case, CaseEvent, Source, Tier
from .clock import as_utc, local
from .deadlines import CatalogDeadlines
from .errors import DomainError
from .messages import render
from .roles import Role, User
from .workflow import TRANSITIONS, decide, evolve, new_case_payload

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
#: step fields a short form may leave out, and what they then are
_DEFAULTS = {"verify": {"confirmed": True}, "check": {"passed": True}, "decide_extension": {"approve": True},
             "decide_suspension": {"approve": True}}
_CASE_KEYS = frozenset({"kind", "case_id", "at", "class", "class_code", "place", "description", "tier", "source",
                        "by", "reporter_name", "reporter_phone", "steps"})


@dataclass(frozen=True)
class World:
    """What deriving a short-form case needs: the district, where a point falls, the staff, the
    class catalog, the working calendar and the department codes."""

    district_map: object
    locate: Callable[[float, float], tuple[str, str, str] | None]
    users: tuple[User, ...]
    catalog: object
    calendar: object
    departments: frozenset[str]

    @classmethod
    def of(cls, runtime) -> World:
        return cls(runtime.district_map, runtime.locate, tuple(runtime.store.users()), runtime.catalog,
                   runtime.calendar, frozenset(d.code for d in runtime.store.departments()))


class CaseForm:
    """Turns one short-form ``case`` record into its events; ``fail(problem)`` makes the error
    that names the record's line."""

    def __init__(self, world: World, fail: Callable[[str], Exception], parse_time: Callable[[dict, str], datetime]):
        self._world = world
        self._fail = fail
        self._time = parse_time
        self._policy = CatalogDeadlines(world.catalog, world.calendar, world.departments)

    def events(self, record: dict, case_id: int) -> list[CaseEvent]:
        unknown = sorted(set(record) - _CASE_KEYS)
        if unknown:
            raise self._fail(f"{unknown[0]!r} is not a field of a case line (one of: {', '.join(sorted(_CASE_KEYS))})")
        small = self._class(record)
        at = self._time(record, "at")
        lon, lat, (grid, community, street) = self._place(record.get("place"))
        tier = self._tier(record.get("tier"), small)
        source = record.get("source", Source.SUPERVISOR.value)
        if source not in {s.value for s in Source}:
            raise self._fail(f"source {source!r} is not one of: {', '.join(s.value for s in Source)}")
        description = record.get("description")
        if not isinstance(description, str) or not description.strip():
            raise self._fail("description is required")
        reporter_role = Role.SUPERVISOR if source == Source.SUPERVISOR.value else Role.CALL_TAKER
        reporter = self._user(record.get("by"), {reporter_role, Role.TRAINER}, None, "report")
        payload = new_case_payload(
            number=f"{local(at):%Y%m%d}{case_id:06d}", source=Source(source), kind=small.kind,
            class_code=small.code, tier=tier, description=description.strip(), lon=lon, lat=lat, grid_code=grid,
            community_code=community, street_code=street,
            stage_deadline=self._policy.stage_deadline("intake", small.code, tier, at), component_code=None,
            reporter_name=record.get("reporter_name"), reporter_phone=record.get("reporter_phone"))
        events = [CaseEvent(case_id, "report", reporter.name, reporter.role.value, at, payload)]
        case = evolve(None, events[0])
        steps = record.get("steps", [])
        if not isinstance(steps, list):
            raise self._fail("steps must be a list of {\"step\": …, \"after\": \"15m\"} objects")
        for number, step in enumerate(steps, start=1):
            event = self._step(case, step, number)
            case = evolve(case, event)
            events.append(event)
        return events

    # Parts of a case ----------------------------------------------------------------------
    def _class(self, record: dict):
        wanted = record.get("class_code", record.get("class"))
        if not isinstance(wanted, str) or not wanted.strip():
            raise self._fail("class is required (a class code such as E0102, or its name such as 暴露垃圾)")
        catalog = self._world.catalog
        try:
            return catalog.small_class(wanted.strip())
        except DomainError:
            pass
        named = [s for s in catalog.small_classes() if wanted.strip() in (s.zh, s.en)]
        if len(named) != 1:
            raise self._fail(f"class {wanted!r} is not a class code or name of the class catalog"
                             if not named else f"class name {wanted!r} is ambiguous: give its code")
        return named[0]

    def _place(self, place) -> tuple[float, float, tuple[str, str, str]]:
        district = self._world.district_map
        if not isinstance(place, dict) or len(place) == 0:
            raise self._fail('place is required: {"lon": …, "lat": …}, {"community": NAME} or {"grid": CODE}')
        if "grid" in place:
            try:
                grid = district.grid(str(place["grid"]))
            except DomainError:
                raise self._fail(f"grid {place['grid']!r} is not a unit grid of district "
                                 f"{district.district.code}") from None
            lon, lat = grid.centroid
        elif "community" in place:
            lon, lat = self._community_point(str(place["community"]))
        elif "lon" in place and "lat" in place:
            lon, lat = place["lon"], place["lat"]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat)):
                raise self._fail("place lon and lat must be numbers")
        else:
            raise self._fail('place must give "lon" and "lat", "community" or "grid"')
        found = self._world.locate(float(lon), float(lat))
        if found is None:
            raise self._fail(f"place {float(lon):.6f},{float(lat):.6f} is outside the district's unit grids")
        return float(lon), float(lat), found

    def _community_point(self, wanted: str) -> tuple[float, float]:
        district = self._world.district_map
        matches = [c for c in district.communities if wanted in (c.code, c.name)]
        if len(matches) != 1:
            raise self._fail(f"community {wanted!r} is not a community of district {district.district.code}"
                             if not matches else f"community name {wanted!r} is ambiguous: give its code")
        grids = district.grids_of_community(matches[0].code)
        if not grids:
            raise self._fail(f"community {wanted!r} has no unit grids")
        # the grid nearest the community's centre of gravity: a point inside the community
        cx = sum(g.centroid[0] for g in grids) / len(grids)
        cy = sum(g.centroid[1] for g in grids) / len(grids)
        nearest = min(grids, key=lambda g: (g.centroid[0] - cx) ** 2 + (g.centroid[1] - cy) ** 2)
        return nearest.centroid

    def _tier(self, value, small) -> Tier:
        if value is None:
            return Tier.URGENT if small.big == "E05" else Tier.GENERAL
        try:
            return Tier(value)
        except ValueError:
            raise self._fail(f"tier {value!r} is not one of: {', '.join(t.value for t in Tier)}") from None

    def _user(self, name, roles: set[Role], department: str | None, step: str) -> User:
        staff = [u for u in self._world.users if u.active]
        if name is not None:
            user = next((u for u in staff if u.name == name), None)
            if user is None:
                raise self._fail(f"{step}: by {name!r} is not an active member of staff")
            return user
        fit = sorted((u for u in staff if u.role in roles and (department is None or u.department_code == department)),
                     key=lambda u: u.name)
        if not fit:
            raise self._fail(f"{step}: nobody on the staff list has the role "
                             f"{' or '.join(sorted(r.value for r in roles))}")
        return fit[0]

    def _step(self, case: Case, step, number: int) -> CaseEvent:
        if not isinstance(step, dict) or not isinstance(step.get("step"), str):
            raise self._fail(f"step {number} must be an object with \"step\" (accept, register, dispatch, …)")
        command = step["step"]
        t = TRANSITIONS.get(command)
        if t is None:
            raise self._fail(f"step {number}: {command!r} is not a step (one of: {', '.join(TRANSITIONS)})")
        at = self._step_time(case, step, number)
        department = case.department_code if t.own_department else None
        user = self._user(step.get("by"), set(t.roles), department, f"step {number} ({command})")
        fields = {**_DEFAULTS.get(command, {}),
                  **{k: v for k, v in step.items() if k not in ("step", "after", "at", "by")}}
        if command == "dispatch" and "department" not in fields:
            fields["department"] = self._policy.default_department(case.class_code)
        try:
            payload = decide(case, user, command, fields, at, self._policy)
        except DomainError as error:
            raise self._fail(f"step {number} ({command}): {render(error, 'en')}") from None
        return CaseEvent(case.id, command, user.name, user.role.value, at, payload)

    def _step_time(self, case: Case, step: dict, number: int) -> datetime:
        if "at" in step:
            at = self._time(step, "at")
        elif isinstance(step.get("after"), str) and _DURATION.match(step["after"]):
            amount, unit = _DURATION.match(step["after"]).groups()
            at = case.updated_at + timedelta(seconds=float(amount) * _UNIT_SECONDS[unit])
        else:
            raise self._fail(f"step {number}: give \"after\" (a duration such as \"15m\", \"2h\", \"1d\") or \"at\"")
        at = as_utc(at)
        if at < case.updated_at:
            raise self._fail(f"step {number}: at {at.isoformat()} is before the case's previous event")
        return at
