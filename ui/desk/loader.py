"""Everything a desk needs from the database before its window opens, read off the GUI thread:
the runtime, departments, users, components and the map's geography (street and community
outlines are unions of thousands of cells: seconds on a real district, so never on the GUI thread).

On a database with no district yet, the demo is built first (first run of the Quick start)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from commandcenter.ports import Department
from commandcenter.roles import User
from commandcenter.runtime import Runtime, build_runtime

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MapGeography:
    """What ``MapView.set_geography`` takes, computed once per district."""

    cells: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    boundary: list = field(default_factory=list)


@dataclass
class DemoInfo:
    """The demo just built: who can sign in, with which password, and whom the desk signs in as."""

    users: list[tuple[str, str]]
    password: str
    dispatcher: str


@dataclass
class DeskData:
    runtime: Runtime
    departments: list[Department]
    users: list[User]
    components: list[tuple[str, float, float, str]]
    geography: MapGeography
    demo: DemoInfo | None = None


def flatten(multipolygon) -> list:
    """Polygons → rings, as one list of rings (the map draws outlines, not fills, of these)."""
    return [ring for polygon in multipolygon for ring in polygon]


def map_geography(district_map) -> MapGeography:
    if district_map is None:
        return MapGeography()
    cells = [(g.code, g.rings) for g in district_map.grids]
    streets = [(s.code, s.name, flatten(district_map.street_outline(s.code)), district_map.label_point(s.code))
               for s in district_map.streets]
    communities = [(c.code, c.name, flatten(district_map.community_outline(c.code)),
                    district_map.label_point(c.code)) for c in district_map.communities]
    return MapGeography(cells, streets, communities, flatten(district_map.district.boundary))


def build_demo_if_empty(store, backend, progress: Progress) -> DemoInfo | None:
    """Build the demo district, people and a day of cases when the database has no district."""
    if backend.load_district_map(store) is not None:
        return None
    from commandcenter import demo

    progress(QT_TRANSLATE_NOOP("DeskLoader", "Building the demo district and its cases…"))
    result = demo.build_demo(store, backend, seed=0)
    return demo_info(demo, result)


def demo_info(demo_module, result) -> DemoInfo:
    """Who the demo made, from what ``build_demo`` returned or, failing that, the module's constants."""
    users = getattr(result, "users", None) or getattr(demo_module, "DEMO_USERS", None) or []
    pairs = [(u.name, u.role.value) if isinstance(u, User) else (u[0], str(u[1])) if isinstance(u, tuple)
             else (str(u), "") for u in (users.items() if isinstance(users, dict) else users)]
    if isinstance(users, dict):
        pairs = [(name, role if isinstance(role, str) else getattr(role, "value", str(role)))
                 for name, role in users.items()]
    password = getattr(result, "password", None) or getattr(demo_module, "DEMO_PASSWORD", "")
    dispatcher = getattr(result, "dispatcher", None) or next(
        (name for name, role in pairs if role.startswith("dispatcher")), pairs[0][0] if pairs else "")
    return DemoInfo(pairs, password, dispatcher)


def load_desk_data(args, progress: Progress, *, store=None, build_demo: bool = True) -> DeskData:
    """Open (and migrate) the database, build the demo on first run, and read what the desk shows.
    Runs on a worker thread; ``progress`` receives untranslated step names."""
    backend = args.backend
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Opening the database…"))
    store = store or backend.open_store(args.db, read_only=getattr(args, "read_only", False))
    demo = build_demo_if_empty(store, backend, progress) if build_demo else None
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Loading the district…"))
    runtime = build_runtime(store, backend)
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Drawing street and community outlines…"))
    geography = map_geography(runtime.district_map)
    progress(QT_TRANSLATE_NOOP("DeskLoader", "Loading departments, users and components…"))
    components = [(code, lon, lat, class_code[:2]) for code, class_code, _grid, lon, lat in backend.components(store)]
    return DeskData(runtime, store.departments(), store.users(), components, geography, demo)
