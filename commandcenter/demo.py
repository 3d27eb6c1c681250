"""The demo city: a fictional district (云河区) with its departments, components and staff, and
weeks of case history made by the simulator through the real services.

The history runs at memory speed against an :class:`~commandcenter.memory_store.InMemoryStore`
on a simulated clock (every event still passes the workflow and permission rules), and is then
copied into the database in one bulk transaction.
"""
from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from .auth import DEMO_SCRYPT_N, hash_password
from .catalog import load_catalog
from .clock import utc_now
from .errors import DomainError, ValidationError
from .geography.demo_district import build_demo_district
from .geography.locator import GridLocator
from .memory_store import InMemoryStore
from .ports import Department
from .roles import User
from .runtime import Runtime
from .simulator import SimClock, Simulator
from .simulator.inventory import Component, demo_components
from .simulator.staff import demo_departments, demo_staff
from .worktime import WorkCalendar

#: every demo user signs in with this password (documented in the README)
DEMO_PASSWORD = "demo1234"
DEMO_DAYS = 30
DEMO_COMPONENTS = 20000
MAX_DAYS = 366
#: the handover at the end of the history: dispatching stops this many expected reports before
#: the end, registering this many (so cases wait in 待派遣 and 待立案 for the incoming shift)
HANDOVER_REPORTS = (40, 15)
#: the steps of a build, as ``build_demo``'s progress callback names them: the city (district,
#: departments, components, staff), the simulated history, the city into the database, the
#: cases with their event log and state history into the database
DEMO_STAGES = ("city", "history", "reference", "log")
_STAGE_WEIGHTS = (0.03, 0.57, 0.02, 0.38)
_COUNTED = ("districts", "grids", "components", "departments", "users", "cases", "events")


@dataclass(frozen=True)
class DemoWorld:
    """Everything of the demo city except its history."""

    district_map: object
    departments: list[Department]
    components: list[Component]
    users: list[User]


@dataclass(frozen=True)
class DemoSummary:
    district: str
    cells: int
    streets: int
    communities: int
    area_km2: float
    departments: int
    components: int
    users: int
    cases: int
    events: int
    open_cases: int
    start: datetime
    end: datetime
    seconds: float
    password: str = DEMO_PASSWORD


def demo_world(seed: int = 0, catalog=None, district_map=None) -> DemoWorld:
    """The demo district (or ``district_map``, e.g. an imported real one), its departments,
    ~20,000 components and its staff; the same for a seed."""
    catalog = catalog or load_catalog()
    district_map = district_map or build_demo_district(seed)
    return DemoWorld(
        district_map=district_map,
        departments=demo_departments(catalog, district_map.district.name),
        components=demo_components(district_map, catalog, DEMO_COMPONENTS, seed),
        users=demo_staff(len(district_map.grids), catalog, seed),
    )


def run_history(world: DemoWorld, start: datetime, end: datetime, seed: int = 0, *, catalog=None,
                calendar: WorkCalendar | None = None, volume: float = 1.0,
                progress: Callable[[float], None] | None = None) -> tuple[InMemoryStore, Simulator]:
    """Simulate ``start``→``end`` in memory with the simulator also playing the dispatcher;
    ``progress`` gets the share of the period done (0–1) after each simulated day."""
    catalog = catalog or load_catalog()
    calendar = calendar or WorkCalendar()
    store = InMemoryStore(world.users, world.departments)
    runtime = Runtime(store, None, catalog, calendar, world.district_map, GridLocator(world.district_map), None)
    simulator = Simulator(runtime, world.users, world.district_map, catalog, seed, clock=SimClock(start),
                          components=world.components, auto_dispatch=True, volume=volume)
    # The history ends at a shift handover: the outgoing shift stopped dispatching a while ago and
    # registering a little later, so the dispatcher signing in finds cases waiting in 待派遣 and
    # 待立案 (stretches measured in expected reports: minutes at the morning peak, hours at night).
    stop_dispatching = max(start, simulator.start_of_last_reports(end, HANDOVER_REPORTS[0] * volume))
    stop_registering = max(start, simulator.start_of_last_reports(end, HANDOVER_REPORTS[1] * volume))
    day = start
    while day < end:
        day = min(day + timedelta(days=1), end)
        for until, held in ((stop_dispatching, {"dispatch"}), (stop_registering, {"dispatch", "register", "cancel"})):
            if until <= day and not held <= simulator.held:
                simulator.run_until(until)
                simulator.held = frozenset(held)
        simulator.run_until(day)
        if progress is not None:
            progress((day - start) / (end - start))
    simulator.held = frozenset()
    return store, simulator


def demo_window(start: datetime | None, days: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    """(start, end) of the history: ``days`` ending now, or starting at ``start``."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError("--days", days, f"a whole number of days from 1 to {MAX_DAYS}")
    now = now or utc_now()
    if start is None:
        return now - timedelta(days=days), now
    if start.utcoffset() is None:
        raise ValidationError("--start", start, "expected a timezone-aware time")
    end = start + timedelta(days=days)
    if end > now + timedelta(minutes=1):
        raise ValidationError("--start", start.isoformat(), f"the {days}-day history would end in the future "
                              f"({end.isoformat(timespec='minutes')}); pick an earlier start or fewer days")
    return start, end


def build_demo(store, backend, seed: int = 0, start: datetime | None = None, days: int = DEMO_DAYS, *,
               volume: float = 1.0, keep_district: bool = False,
               progress: Callable[[str, float], None] | None = None) -> DemoSummary:
    """Fill an empty database with the demo city and ``days`` of history ending at
    ``start + days`` (default: ending now). Deterministic for a seed and a start.

    ``keep_district``: bring a database that holds only an imported district to life instead
    (demo departments, components, staff and history on the real grid). ``progress(stage,
    done)`` hears each of :data:`DEMO_STAGES` as it runs and the share of the whole build done
    (0–1), from the thread that builds."""
    began = time.perf_counter()
    report = _ProgressReport(progress)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValidationError("--seed", seed, "a whole number ≥ 0")
    start, end = demo_window(start, days)
    imported = backend.load_district_map(store) if keep_district else None
    if keep_district and imported is None:
        raise DomainError("--keep-district: the database holds no district yet; import one first")
    _require_empty(store, backend, ignore=("districts", "grids") if imported else ())
    report("city", 0.0)
    catalog = load_catalog()
    world = demo_world(seed, catalog, imported)
    # scrypt releases the GIL: the staff's hashes are made on the second core while the
    # simulation (pure Python) runs on the first.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(demo_password_hashes, world.users)
        report("history", 0.0)
        history, _ = run_history(world, start, end, seed, catalog=catalog, volume=volume,
                                 progress=lambda done: report("history", done))
        cases, events, states = history.load_cases(), history.events(), history.states()
        password_hashes = hashing.result()
    report("reference", 0.0)
    if imported is None:
        backend.save_district_map(store, world.district_map)
    backend.save_departments(store, world.departments)
    backend.save_components(store, world.components)
    backend.add_users_bulk(store, [dict(name=u.name, display_name=u.display_name, role=u.role.value,
                                        department_code=u.department_code,
                                        password_hash=password_hashes[u.name])
                                   for u in world.users])
    report("log", 0.0)
    backend.bulk_load_history(store, cases, events, states=states, progress=lambda done: report("log", done))
    report("log", 1.0)
    district_map = world.district_map
    return DemoSummary(
        district=f"{district_map.district.name} ({district_map.district.code})", cells=len(district_map.grids),
        streets=len(district_map.streets), communities=len(district_map.communities),
        area_km2=round(district_map.area_km2, 2), departments=len(world.departments),
        components=len(world.components), users=len(world.users), cases=len(cases), events=len(events),
        open_cases=sum(1 for c in cases if c.is_open), start=start, end=end,
        seconds=round(time.perf_counter() - began, 1))


class _ProgressReport:
    """Turns a stage's own share done into the share of the whole build (stages weighted by
    the time each takes on a 30-day build)."""

    def __init__(self, listener: Callable[[str, float], None] | None):
        self._listener = listener
        self._starts = dict(zip(DEMO_STAGES, itertools.accumulate((0.0,) + _STAGE_WEIGHTS[:-1])))

    def __call__(self, stage: str, done: float) -> None:
        if self._listener is not None:
            weight = _STAGE_WEIGHTS[DEMO_STAGES.index(stage)]
            self._listener(stage, min(1.0, self._starts[stage] + weight * done))


def demo_password_hashes(users) -> dict[str, str]:
    """Every demo user's hash of the documented password, each with a salt of its own (so
    equal passwords do not show as equal hashes), at the demo's lower scrypt cost."""
    return {u.name: hash_password(DEMO_PASSWORD, cost=DEMO_SCRYPT_N) for u in users}


def _require_empty(store, backend, ignore: tuple[str, ...] = ()) -> None:
    counts = backend.counts(store)
    found = {name: counts[name] for name in _COUNTED if counts.get(name) and name not in ignore}
    if found:
        listed = ", ".join(f"{n} {name}" for name, n in found.items())
        raise DomainError(f"the database at {getattr(store, 'url', store)} is not empty ({listed}); "
                          "the demo only fills an empty database: give a new --db")
