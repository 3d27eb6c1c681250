"""The demo city: a fictional district (云河区) with its departments, components and staff, and
weeks of case history made by the simulator through the real services.

The history runs at memory speed against an :class:`~commandcenter.memory_store.InMemoryStore`
on a simulated clock (every event still passes the workflow and permission rules), and is then
copied into the database in one bulk transaction.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

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
                calendar: WorkCalendar | None = None, volume: float = 1.0) -> tuple[InMemoryStore, Simulator]:
    """Simulate ``start``→``end`` in memory with the simulator also playing the dispatcher."""
    catalog = catalog or load_catalog()
    calendar = calendar or WorkCalendar()
    store = InMemoryStore(world.users, world.departments)
    runtime = Runtime(store, None, catalog, calendar, world.district_map, GridLocator(world.district_map), None)
    simulator = Simulator(runtime, world.users, world.district_map, catalog, seed, clock=SimClock(start),
                          components=world.components, auto_dispatch=True, volume=volume)
    simulator.run_until(end)
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
               volume: float = 1.0, keep_district: bool = False) -> DemoSummary:
    """Fill an empty database with the demo city and ``days`` of history ending at
    ``start + days`` (default: ending now). Deterministic for a seed and a start.

    ``keep_district``: bring a database that holds only an imported district to life instead
    (demo departments, components, staff and history on the real grid)."""
    began = time.perf_counter()
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValidationError("--seed", seed, "a whole number ≥ 0")
    start, end = demo_window(start, days)
    imported = backend.load_district_map(store) if keep_district else None
    if keep_district and imported is None:
        raise DomainError("--keep-district: the database holds no district yet; import one first")
    _require_empty(store, backend, ignore=("districts", "grids") if imported else ())
    catalog = load_catalog()
    world = demo_world(seed, catalog, imported)
    # scrypt releases the GIL: the staff's hashes are made on the second core while the
    # simulation (pure Python) runs on the first.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(demo_password_hashes, world.users)
        history, _ = run_history(world, start, end, seed, catalog=catalog, volume=volume)
        cases, events = history.load_cases(), history.events()
        password_hashes = hashing.result()
    if imported is None:
        backend.save_district_map(store, world.district_map)
    backend.save_departments(store, world.departments)
    backend.save_components(store, world.components)
    backend.add_users_bulk(store, [dict(name=u.name, display_name=u.display_name, role=u.role.value,
                                        department_code=u.department_code,
                                        password_hash=password_hashes[u.name])
                                   for u in world.users])
    backend.bulk_load_history(store, cases, events)
    district_map = world.district_map
    return DemoSummary(
        district=f"{district_map.district.name} ({district_map.district.code})", cells=len(district_map.grids),
        streets=len(district_map.streets), communities=len(district_map.communities),
        area_km2=round(district_map.area_km2, 2), departments=len(world.departments),
        components=len(world.components), users=len(world.users), cases=len(cases), events=len(events),
        open_cases=sum(1 for c in cases if c.is_open), start=start, end=end,
        seconds=round(time.perf_counter() - began, 1))


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
