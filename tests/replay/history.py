"""Simulated history for the replay tests, made through the real CaseService: reports come in,
and every open case moves along its life cycle the way operators move it, with the exception
paths (verify, reject, return, rework, extension, suspension, cancel) now and then."""
from __future__ import annotations

import random

from commandcenter.case import PendingRequest, Status
from commandcenter.errors import DomainError

DEPARTMENT_USER = {"cgzf": "cg", "szsr": "sz", "ylyh": "yl"}
CLASSES = ("E0101", "E0102", "E0104", "E0106", "E0401", "E0403", "0302", "0401", "0111", "E0503")


def simulate(service, clock, locate_points, *, hours: float, reports_per_hour: float, seed: int = 1,
             step_minutes: int = 5, act_chance: float = 0.35) -> int:
    """Run ``hours`` of simulated work from ``clock.now``; returns the number of commands given."""
    rng = random.Random(seed)
    open_cases: dict[int, object] = {}
    commands = 0
    steps = int(hours * 60 / step_minutes)
    for _ in range(steps):
        clock.advance(minutes=step_minutes)
        for _ in range(_poisson(rng, reports_per_hour * step_minutes / 60)):
            lon, lat = rng.choice(locate_points)
            case = service.report(rng.choice(("sup", "sup2", "taker")), source=rng.choice(("supervisor", "hotline")),
                                  class_code=rng.choice(CLASSES), lon=lon + rng.uniform(-2e-4, 2e-4),
                                  lat=lat + rng.uniform(-2e-4, 2e-4), description="模拟上报")
            open_cases[case.id] = case
            commands += 1
        for case_id in list(open_cases):
            if rng.random() > act_chance:
                continue
            step = _next_step(rng, open_cases[case_id])
            if step is None:
                continue
            actor, command, fields = step
            try:
                case = service.act(actor, case_id, command, **fields)
            except DomainError:
                continue
            commands += 1
            if case.is_open:
                open_cases[case_id] = case
            else:
                del open_cases[case_id]
    return commands


def _poisson(rng: random.Random, mean: float) -> int:
    count, threshold, product = 0, pow(2.718281828459045, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _next_step(rng: random.Random, case):
    r = rng.random()
    s = case.status
    if r < 0.01 and s is not Status.SUSPENDED:
        return "leader", "cancel", {"reason": "重复上报"}
    if s is Status.REPORTED:
        if r < 0.1:
            return "taker", "request_verify", {}
        if r < 0.18:
            return "taker", "reject", {"reason": "不属于受理范围"}
        return "taker", "accept", {}
    if s is Status.VERIFYING:
        return rng.choice(("sup", "sup2")), "verify", {"confirmed": r < 0.85}
    if s is Status.REGISTERING:
        return "leader", "register", ({"tier": "urgent"} if r < 0.05 else {})
    if s is Status.DISPATCHING:
        department = rng.choice(list(DEPARTMENT_USER))
        back = {"reason": "核实属该部门职责"} if department == case.returned_by else {}   # the workflow asks why
        return rng.choice(("disp", "disp2")), "dispatch", {"department": department, **back}
    if s is Status.HANDLING:
        user = DEPARTMENT_USER[case.department_code]
        if case.pending_request is PendingRequest.EXTENSION:
            return "leader", "decide_extension", {"approve": r < 0.7}
        if case.pending_request is PendingRequest.SUSPENSION:
            return "leader", "decide_suspension", {"approve": r < 0.6}
        if r < 0.08:
            return user, "return_case", {"reason": "不属于本部门"}
        if r < 0.12:
            return user, "request_extension", {"limit": "1wd", "reason": "需要协调"}
        if r < 0.14:
            return user, "request_suspension", {"reason": "等待规划"}
        if r < 0.18:
            others = [d for d in DEPARTMENT_USER if d != case.department_code]
            return "disp", "redispatch", {"department": rng.choice(others), "reason": "改派"}
        return user, "report_done", {}
    if s is Status.CHECKING:
        return rng.choice(("sup", "sup2")), "check", {"passed": r < 0.85}
    if s is Status.CLOSING:
        return "leader", "close", {}
    if s is Status.SUSPENDED:
        return ("leader", "resume", {}) if r < 0.3 else None
    return None


def memory_world(clock):
    """The tiny world's users and departments in an InMemoryStore, with the real CaseService:
    (store, service, cell centres). For histories too big to write through a database quickly."""
    from commandcenter.catalog import load_catalog
    from commandcenter.geography.locator import GridLocator
    from commandcenter.memory_store import InMemoryStore
    from commandcenter.ports import Department
    from commandcenter.roles import Role, User
    from commandcenter.services import CaseService
    from commandcenter.worktime import WorkCalendar
    from tests.world import USERS, tiny_district

    catalog = load_catalog()
    district = tiny_district()
    locator = GridLocator(district)

    def locate(lon, lat):
        code = locator.locate(lon, lat)
        if code is None:
            return None
        grid = district.grid(code)
        return grid.code, grid.community_code, grid.street_code

    store = InMemoryStore(users=[User(n, n, Role(r), d) for n, (r, d) in USERS.items()],
                          departments=[Department(k, d.zh, d.en) for k, d in catalog.departments.items()])
    service = CaseService(store, catalog, WorkCalendar(), locate, clock=clock)
    return store, service, [g.centroid for g in district.grids]
