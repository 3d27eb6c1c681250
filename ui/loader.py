"""Everything a screen needs from the database before its window opens, read off the GUI thread:
the runtime, departments, users, components, the base map and the map's geography (street and
community outlines are unions of thousands of cells: seconds on a real district, so they are
kept in the database with the geography they were computed from, ``db.district_load``).

On a database with no district yet, the demo is built first (first run of the Quick start)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from commandcenter.ports import Department
from commandcenter.roles import Role, User
from commandcenter.basemap import META_KEY as BASEMAP_KEY
from commandcenter.basemap import BaseMap
from commandcenter.runtime import Runtime, build_runtime, no_cyclic_gc
from widgets.map.geography import MapGeography, map_geography

Progress = Callable[..., None]
"""``progress(step)`` names a step (an untranslated DeskLoader text); ``progress(step, percent)``
also says how far the whole load is."""


@dataclass
class DemoInfo:
    """The demo just built: its summary, who can sign in, and whom the desk signs in as."""

    summary: object
    users: list[User]

    @property
    def password(self) -> str:
        return self.summary.password

    @property
    def dispatcher(self) -> User | None:
        return next((u for u in self.users if u.role is Role.DISPATCHER and u.active), None)


@dataclass
class ScreenData:
    """What was read for a screen besides the runtime (departments, users, map and base map)."""

    runtime: Runtime
    departments: list[Department]
    users: list[User]
    components: list[tuple[str, float, float, str]]
    geography: MapGeography
    demo: DemoInfo | None = None
    basemap: BaseMap = BaseMap()


def refuse_unless_sandbox(store, backend, url: str | None) -> None:
    """A trainee's desk opens only a database marked as a training sandbox."""
    from commandcenter.errors import TrainingDeskRefused

    if store.meta("sandbox") != "1":
        raise TrainingDeskRefused(backend.describe_url(url))


#: what the progress dialog says during each stage of the demo build (commandcenter.demo.DEMO_STAGES)
DEMO_STAGE_TEXTS = {
    "city": QT_TRANSLATE_NOOP("DeskLoader", "First start: making the demo district, its departments and staff…"),
    "history": QT_TRANSLATE_NOOP("DeskLoader", "First start: simulating a month of cases…"),
    "reference": QT_TRANSLATE_NOOP("DeskLoader", "First start: saving the district, components and users…"),
    "log": QT_TRANSLATE_NOOP("DeskLoader", "First start: writing the cases and their event log…"),
}


def build_demo_if_empty(store, backend, progress: Progress, *, days: int | None = None):
    """Build the demo city and a month of history when the database has no district: the
    summary, or None when there was a district already. ``progress`` hears each stage of the
    build with the percentage done."""
    if backend.has_district(store):
        return None
    from commandcenter.demo import DEMO_DAYS, build_demo

    return build_demo(store, backend, seed=0, days=days or DEMO_DAYS,
                      progress=lambda stage, done: progress(DEMO_STAGE_TEXTS[stage], round(100 * done)))


def cached_map_geography(runtime: Runtime) -> MapGeography:
    """The map's geography of the runtime's district; the outlines come from the database when
    they were kept for this geography, else they are computed and kept for the next start."""
    district_map = runtime.district_map
    if district_map is None:
        return MapGeography()
    known = district_map.knows_outlines()
    with no_cyclic_gc():
        geography = map_geography(district_map)
    if not known:
        runtime.backend.save_district_outlines(runtime.store, district_map)
    return geography


def load_screen_data(args, progress: Progress, *, store=None, build_demo: bool = True) -> ScreenData:
    """Open (and migrate) the database, build the demo on first run, and read what the desk shows.
    Runs on a worker thread; ``progress`` receives untranslated step names."""
    backend = args.backend
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Opening the database…"))
    store = store or backend.open_store(args.db, read_only=getattr(args, "read_only", False))
    if getattr(args, "training", False):
        refuse_unless_sandbox(store, backend, args.db)
    demo_summary = build_demo_if_empty(store, backend, progress) if build_demo else None
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Loading the district…"))
    runtime = build_runtime(store, backend, training=getattr(args, "training", False),
                            district=getattr(args, "district", None) or None)
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Drawing street and community outlines…"))
    geography = cached_map_geography(runtime)
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Loading departments, users and components…"))
    components = [(code, lon, lat, class_code[:2]) for code, class_code, _grid, lon, lat in backend.components(store)]
    users = store.users()
    demo = DemoInfo(demo_summary, users) if demo_summary is not None else None
    basemap = BaseMap.from_json(store.meta(BASEMAP_KEY))
    return ScreenData(runtime, store.departments(), users, components, geography, demo, basemap)
