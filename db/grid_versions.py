"""Versions of the unit grids (单元网格版本): a changed survey imported into a district that
already has cases does not delete grids in use.

``grids`` holds the version in force now (``valid_from``: since when; None = since the first
import); a grid the new survey changes or removes is copied to ``grid_history`` with
``valid_to`` = the import's time, and a changed or new grid gets ``valid_from`` = that time.
Cases keep the grid code they were reported in; components are moved to the grid their point
lies in now. The map and the locator read ``grids``; :func:`grids_in_force` answers for any
moment (KPIs of a past window).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, or_, select, update

from commandcenter.errors import DomainError, ValidationError

from .engine import writer
from .models import CommunityRow, ComponentRow, DistrictRow, GridHistoryRow, GridRow, StreetRow
from .store import SqlStore

_CHUNK = 2000


@dataclass(frozen=True)
class GridChanges:
    """What a new survey changed: grid codes unchanged, changed (new geometry or community),
    added and removed, and how many components moved to another grid."""

    unchanged: int
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    components_moved: int


@dataclass(frozen=True)
class GridVersion:
    code: str
    community_code: str
    street_code: str
    rings: tuple
    area_m2: float
    centroid: tuple[float, float]
    valid_from: datetime | None
    valid_to: datetime | None


def save_grid_version(store: SqlStore, district_map, now: datetime) -> GridChanges:
    """Bring the stored grids to ``district_map`` as a new version in force from ``now``, in one
    transaction; refused (nothing changed) for another district, or when a component's point
    lies in none of the new grids."""
    from commandcenter.geography.locator import GridLocator

    d = district_map.district
    with writer(store.engine).begin() as conn:
        stored = conn.execute(select(DistrictRow.code, DistrictRow.name)).first()
        if stored is None:
            raise DomainError("the database holds no district to make a new grid version of")
        if stored.code != d.code:
            raise ValidationError("FILE", d.code, f"the survey is of district {d.code}, but the database holds "
                                  f"{stored.name} ({stored.code}); its cases need their own district")
        old = {r.code: r for r in conn.execute(select(GridRow))}
        new = {g.code: g for g in district_map.grids}
        rings = {code: json.dumps(g.rings) for code, g in new.items()}
        changed = sorted(c for c in new.keys() & old.keys()
                         if rings[c] != old[c].rings_json or new[c].community_code != old[c].community_code)
        added = sorted(new.keys() - old.keys())
        removed = sorted(old.keys() - new.keys())
        relocations = _relocations(conn, set(changed) | set(removed), GridLocator(district_map))
        _upsert_divisions(conn, district_map)
        if changed or removed:
            conn.execute(insert(GridHistoryRow), [_history(old[c], now) for c in changed + removed])
        for code in changed:
            g = new[code]
            conn.execute(update(GridRow).where(GridRow.code == code).values(
                community_code=g.community_code, street_code=g.street_code, rings_json=rings[code],
                area_m2=g.area_m2, centroid_lon=g.centroid[0], centroid_lat=g.centroid[1], valid_from=now))
        rows = [dict(code=c, community_code=new[c].community_code, street_code=new[c].street_code,
                     rings_json=rings[c], area_m2=new[c].area_m2, centroid_lon=new[c].centroid[0],
                     centroid_lat=new[c].centroid[1], valid_from=now) for c in added]
        for i in range(0, len(rows), _CHUNK):
            conn.execute(insert(GridRow), rows[i:i + _CHUNK])
        for component, _, cell in relocations:
            conn.execute(update(ComponentRow).where(ComponentRow.code == component).values(grid_code=cell))
        for i in range(0, len(removed), _CHUNK):
            conn.execute(delete(GridRow).where(GridRow.code.in_(removed[i:i + _CHUNK])))
        _drop_empty_divisions(conn)
        conn.execute(update(DistrictRow).values(name=d.name, boundary_json=json.dumps(d.boundary),
                                                area_m2=d.area_m2))
    moved = sum(1 for _, before, after in relocations if before != after)
    return GridChanges(len(new) - len(changed) - len(added), tuple(changed), tuple(added), tuple(removed), moved)


def grids_in_force(store: SqlStore, moment: datetime) -> dict[str, GridVersion]:
    """Grid code → the version of that grid in force at ``moment`` (grids since retired included)."""
    from .admin import _tuples

    out: dict[str, GridVersion] = {}
    with store.engine.connect() as conn:
        current = conn.execute(select(GridRow).where(or_(GridRow.valid_from.is_(None), GridRow.valid_from <= moment)))
        for r in current:
            out[r.code] = _version(r, None, _tuples)
        retired = conn.execute(select(GridHistoryRow).where(
            or_(GridHistoryRow.valid_from.is_(None), GridHistoryRow.valid_from <= moment),
            GridHistoryRow.valid_to > moment))
        for r in retired:
            out[r.code] = _version(r, r.valid_to, _tuples)
    return out


def _version(row, valid_to, tuples) -> GridVersion:
    return GridVersion(row.code, row.community_code, row.street_code, tuples(json.loads(row.rings_json)),
                       row.area_m2, (row.centroid_lon, row.centroid_lat), row.valid_from, valid_to)


def _history(row, now: datetime) -> dict:
    return dict(code=row.code, community_code=row.community_code, street_code=row.street_code,
                rings_json=row.rings_json, area_m2=row.area_m2, centroid_lon=row.centroid_lon,
                centroid_lat=row.centroid_lat, valid_from=row.valid_from, valid_to=now)


def _relocations(conn, affected: set[str], locator) -> list[tuple[str, str, str]]:
    """(component, grid before, grid after) for the components in a changed or removed grid: the grid their point
    lies in now. A component the new grids do not cover refuses the import."""
    if not affected:
        return []
    rows = [r for r in conn.execute(select(ComponentRow.code, ComponentRow.grid_code, ComponentRow.lon,
                                           ComponentRow.lat)) if r.grid_code in affected]
    if not rows:
        return []
    cells = locator.locate_many([r.lon for r in rows], [r.lat for r in rows])
    lost = [r.code for r, cell in zip(rows, cells) if cell is None]
    if lost:
        raise ValidationError("FILE", None, f"{len(lost)} components would lie outside the new grids "
                              f"(e.g. {', '.join(lost[:5])}): the new survey must still cover them")
    return [(r.code, r.grid_code, cell) for r, cell in zip(rows, cells)]


def _upsert_divisions(conn, district_map) -> None:
    streets = {r.code for r in conn.execute(select(StreetRow.code))}
    for s in district_map.streets:
        if s.code in streets:
            conn.execute(update(StreetRow).where(StreetRow.code == s.code).values(name=s.name, derived=s.derived))
        else:
            conn.execute(insert(StreetRow).values(code=s.code, name=s.name, district_code=s.district_code,
                                                  derived=s.derived))
    communities = {r.code for r in conn.execute(select(CommunityRow.code))}
    for c in district_map.communities:
        values = dict(name=c.name, street_code=c.street_code, derived=c.derived)
        if c.code in communities:
            conn.execute(update(CommunityRow).where(CommunityRow.code == c.code).values(**values))
        else:
            conn.execute(insert(CommunityRow).values(code=c.code, **values))


def _drop_empty_divisions(conn) -> None:
    """Communities and streets left without a grid are no longer on the map (cases keep their codes)."""
    used = select(GridRow.community_code)
    conn.execute(delete(CommunityRow).where(CommunityRow.code.not_in(used)))
    conn.execute(delete(StreetRow).where(StreetRow.code.not_in(select(CommunityRow.street_code))))
