"""A small, fully built world for tests: a 4×4-cell district, departments from the catalog,
and one user per role."""
from __future__ import annotations

from datetime import datetime, timezone

from commandcenter.auth import hash_password
from commandcenter.catalog import load_catalog
from commandcenter.geography.model import Community, District, DistrictMap, Street, UnitGrid
from commandcenter.ports import Department
from commandcenter.runtime import build_runtime
from db import open_store
from db.backend import backend

LON0, LAT0 = 116.80, 39.60
DLON, DLAT = 0.00117, 0.0009   # ≈ 100 m × 100 m at this latitude
PASSWORD = "secret-123"
_HASH = None


def tiny_district() -> DistrictMap:
    """Two streets (west, east), each of two communities (north, south), 4 cells each."""
    grids, communities, streets = [], [], []
    for s in range(2):
        street = f"990101{s + 1:03d}"
        streets.append(Street(street, f"测试{s + 1}街道", "990101", True))
        for c in range(2):
            community = f"{street}{c + 1:03d}"
            communities.append(Community(community, f"测试{s + 1}-{c + 1}社区", street, True))
            seq = 0
            for row in range(2):
                for col in range(2):
                    seq += 1
                    x0 = LON0 + (s * 2 + col) * DLON
                    y1 = LAT0 - (c * 2 + row) * DLAT
                    ring = ((x0, y1), (x0 + DLON, y1), (x0 + DLON, y1 - DLAT), (x0, y1 - DLAT), (x0, y1))
                    grids.append(UnitGrid(f"{community}{seq:03d}", community, street, (ring,), 10000.0,
                                          (x0 + DLON / 2, y1 - DLAT / 2)))
    w, n = LON0, LAT0
    e, s_ = LON0 + 4 * DLON, LAT0 - 4 * DLAT
    district = District("990101", "测试区", "wgs84", ((((w, n), (e, n), (e, s_), (w, s_), (w, n)),),), 160000.0)
    return DistrictMap(district, tuple(streets), tuple(communities), tuple(grids))


#: a big district's names, as long as Beijing's get: "street · community · grid code" runs past 60 characters
LONG_STREET = "东湖街道望京西园片区综合行政执法与城市管理联合工作站"
LONG_COMMUNITY = "望京西园第三社区居民委员会城市网格化管理服务站"


def long_named_district() -> DistrictMap:
    """The tiny district with the long street and community names of a big one."""
    from dataclasses import replace

    tiny = tiny_district()
    streets = tuple(replace(s, name=f"{LONG_STREET}{i + 1}") for i, s in enumerate(tiny.streets))
    communities = tuple(replace(c, name=f"{LONG_COMMUNITY}{i + 1}") for i, c in enumerate(tiny.communities))
    return DistrictMap(tiny.district, streets, communities, tiny.grids)


def cell_point(index: int = 0) -> tuple[float, float]:
    """The centre of the tiny district's cell ``index`` (0–15)."""
    return tiny_district().grids[index].centroid


USERS = {
    "sup": ("supervisor", None), "sup2": ("supervisor", None), "taker": ("call_taker", None),
    "leader": ("shift_leader", None), "disp": ("dispatcher", None), "disp2": ("dispatcher", None),
    "cg": ("department", "cgzf"), "sz": ("department", "szsr"), "yl": ("department", "ylyh"),
    "boss": ("leader", None), "coach": ("trainer", None),
}


def build_world(url: str, *, clock=None, training: bool = False, district: DistrictMap | None = None):
    """Migrate the database at ``url``, fill it with the tiny world (or ``district``) and return its runtime."""
    global _HASH
    store = open_store(url)
    backend.save_district_map(store, district or tiny_district())
    catalog = load_catalog()
    backend.save_departments(store, [Department(k, d.zh, d.en) for k, d in catalog.departments.items()])
    _HASH = _HASH or hash_password(PASSWORD)
    backend.add_users_bulk(store, [dict(name=n, display_name=n, role=r, department_code=d, password_hash=_HASH)
                                   for n, (r, d) in USERS.items()])
    kwargs = {"training": training}
    if clock is not None:
        kwargs["clock"] = clock
    return build_runtime(store, backend, **kwargs)


class FakeClock:
    """A settable clock for services (simulated time, not a mock of any component)."""

    def __init__(self, start: datetime = datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(**delta)
