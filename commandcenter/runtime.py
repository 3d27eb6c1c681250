"""The pieces a running desk, wall, trainer, simulator or CLI command share, built once."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .catalog import Catalog, load_catalog
from .clock import utc_now
from .geography.locator import GridLocator
from .geography.model import DistrictMap
from .ports import Backend, Store
from .services import CaseService
from .training_calendar import calendar_for
from .worktime import WorkCalendar


@dataclass
class Runtime:
    store: Store
    backend: Backend
    catalog: Catalog
    calendar: WorkCalendar   # or, on a training sandbox, its scenario's ShiftedCalendar
    district_map: DistrictMap | None
    locator: GridLocator | None
    service: CaseService

    def locate(self, lon: float, lat: float):
        """(grid, community, street) codes of the cell a point falls in, or None outside."""
        if self.locator is None or self.district_map is None:
            return None
        code = self.locator.locate(lon, lat)
        if code is None:
            return None
        grid = self.district_map.grid(code)
        return grid.code, grid.community_code, grid.street_code

    def service_with_clock(self, clock: Callable[[], datetime], training: bool = False) -> CaseService:
        return CaseService(self.store, self.catalog, self.calendar, self.locate, clock=clock, training=training)


def build_runtime(store: Store, backend: Backend, *, clock: Callable[[], datetime] = utc_now,
                  training: bool = False, district: str | None = None) -> Runtime:
    """The services and geography of ``store``: the whole city, or only ``district`` (a desk
    scoped to one district; an unknown code is refused, naming the stored districts)."""
    catalog = load_catalog()
    calendar = calendar_for(store, WorkCalendar(overrides=backend.holidays(store),
                                                confirmed_years=backend.confirmed_years(store)))
    with no_cyclic_gc():   # ~300,000 tuples of coordinates: a full collection on the way would cost more
        if district is None:
            district_map = backend.load_district_map(store)
        else:
            from .districts import restrict

            district_map = restrict(backend.load_districts(store), district)
        locator = GridLocator(district_map, deferred=True) if district_map is not None else None
    runtime = Runtime(store, backend, catalog, calendar, district_map, locator, None)  # type: ignore[arg-type]
    runtime.service = CaseService(store, catalog, calendar, runtime.locate, clock=clock, training=training)
    return runtime


@contextmanager
def no_cyclic_gc():
    """Hold Python's cyclic garbage collector while building many small objects that hold no
    cycles (it would walk every object of the process several times on the way); as it was after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
