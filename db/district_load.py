"""The stored geography read fast: every desk, wall, trainer and command that builds a runtime
reads all unit grids (46,000 on a big district) before it can start.

The rows are read through the driver's cursor, every grid's rings parsed in one JSON call, and
what is slow to derive from them is kept in ``district_cache`` (migration 0010_district): the
grids' rings as flat float arrays (no JSON to parse) and the street and community outlines with
their label points (unions of thousands of cells: seconds). Each cached row carries the
fingerprint of the stored geography it was computed from (a hash of every district, street,
community and grid row), so a cache of another geography — after any import — is never used:
the geography is derived afresh and the cache rewritten. A cache that cannot be read or written
(a read-only login, an older schema) is only slower."""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
import json
from dataclasses import dataclass

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.geography.model import Community, District, DistrictMap, Street, UnitGrid
from commandcenter.geography.ring_arrays import RingArrays

from .engine import writer
from .store import SqlStore

#: bump when the layout of a cached payload changes
_FORMAT = b"district-cache-1"
_GRIDS, _OUTLINES = "grids", "outlines"

_DISTRICTS_SQL = "SELECT code, name, datum, boundary_json, area_m2 FROM districts ORDER BY code"
_STREETS_SQL = "SELECT code, name, district_code, derived FROM streets ORDER BY code"
_COMMUNITIES_SQL = "SELECT code, name, street_code, derived FROM communities ORDER BY code"
_GRIDS_SQL = ("SELECT code, community_code, street_code, rings_json, area_m2, centroid_lon, centroid_lat "
              "FROM grids ORDER BY code")


@dataclass
class _Rows:
    districts: list
    streets: list
    communities: list
    grids: list

    def fingerprint(self) -> str:
        digest = hashlib.sha256(_FORMAT)
        for table in (self.districts, self.streets, self.communities):
            digest.update(repr(table).encode())
        digest.update("\x1e".join([f"{r[0]}\x1f{r[1]}\x1f{r[2]}" for r in self.grids]).encode())
        digest.update(b"\x1d")
        digest.update("\x1e".join([r[3] for r in self.grids]).encode())
        return digest.hexdigest()


# Public API


def load_districts(store: SqlStore) -> list[DistrictMap]:
    """Every stored district as a DistrictMap of its own, by code; each carries what the cache
    knows of it (its grids' arrays, its outlines) and the fingerprint of what it was read from."""
    with _snapshot(store) as conn:
        rows = _read(conn)
    if not rows.districts:
        return []
    fingerprint = rows.fingerprint()
    cached = _read_cache(store, fingerprint)
    arrays = _grid_arrays(cached.get(_GRIDS), len(rows.grids))
    if arrays is None:
        arrays = RingArrays.from_nested_lists(json.loads("[" + ",".join(r[3] for r in rows.grids) + "]"))
        _write_cache(store, fingerprint, _GRIDS, arrays.to_bytes())
    outlines = _outlines(cached.get(_OUTLINES))
    maps = _maps(rows, arrays.polygon_rings())
    for m in maps:
        m.adopt(grid_arrays=arrays if len(maps) == 1 else None, outlines=outlines, source=fingerprint)
    return maps


def save_outlines(store: SqlStore, district_map: DistrictMap | None) -> None:
    """Keep the outlines ``district_map`` knows (computed or adopted) for the next start, under
    the fingerprint of the stored geography it was read from, next to those of other districts
    already kept for that geography. Nothing is kept for a map not read from this store."""
    if district_map is None or not district_map.source:
        return
    known = district_map.known_outlines()
    if not known:
        return
    kept = _outlines(_read_cache(store, district_map.source).get(_OUTLINES)) or {}
    if all(code in kept for code in known):
        return
    kept.update(known)
    _write_cache(store, district_map.source, _OUTLINES, _outlines_bytes(kept))


def warm(store: SqlStore) -> None:
    """Derive and keep everything the cache holds for the stored geography (after an import),
    so the first desk, wall or trainer starts as fast as the ones after it."""
    from commandcenter.districts import merge

    city = merge(load_districts(store))
    if city is not None:
        city.division_outlines()
        save_outlines(store, city)


# Private API: reading


@contextmanager
def _snapshot(store: SqlStore):
    """A connection whose reads all see one moment (an import committed meanwhile is seen
    entirely or not at all)."""
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _read(conn) -> _Rows:
    cursor = conn.connection.cursor()
    try:
        out = []
        for sql in (_DISTRICTS_SQL, _STREETS_SQL, _COMMUNITIES_SQL, _GRIDS_SQL):
            cursor.execute(sql)
            out.append(cursor.fetchall())
    finally:
        cursor.close()
    return _Rows(*out)


def _maps(rows: _Rows, rings: list) -> list[DistrictMap]:
    districts = [District(code, name, datum, _tuples(json.loads(boundary)), area)
                 for code, name, datum, boundary, area in rows.districts]
    streets = [Street(code, name, district, bool(derived)) for code, name, district, derived in rows.streets]
    communities = [Community(code, name, street, bool(derived)) for code, name, street, derived in rows.communities]
    grids = [UnitGrid(code, community, street, ring, area, (lon, lat))
             for (code, community, street, _json, area, lon, lat), ring in zip(rows.grids, rings)]
    if len(districts) == 1:
        return [DistrictMap(districts[0], tuple(streets), tuple(communities), tuple(grids))]
    return [DistrictMap(d, tuple(s for s in streets if s.district_code == d.code),
                        tuple(c for c in communities if c.code[:6] == d.code),
                        tuple(g for g in grids if g.code[:6] == d.code)) for d in districts]


def _tuples(value):
    """JSON arrays back to the nested tuples the domain's frozen geometry uses."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _grid_arrays(payload: bytes | None, count: int) -> RingArrays | None:
    if payload is None:
        return None
    try:
        arrays, end = RingArrays.from_bytes(payload)
    except ValueError:
        return None
    if end != len(payload) or len(arrays) != count or len(arrays.polygon_ends) != count:
        return None
    return arrays


# Private API: the cache table


def _read_cache(store: SqlStore, fingerprint: str) -> dict[str, bytes]:
    try:
        with store.engine.connect() as conn:
            cursor = conn.connection.cursor()
            try:
                mark = "?" if store.engine.dialect.name == "sqlite" else "%s"
                cursor.execute(f"SELECT kind, payload FROM district_cache WHERE fingerprint = {mark}", (fingerprint,))
                return {kind: bytes(payload) for kind, payload in cursor.fetchall()}
            finally:
                cursor.close()
    except (SQLAlchemyError, *_driver_errors(store)):
        return {}


def _write_cache(store: SqlStore, fingerprint: str, kind: str, payload: bytes) -> None:
    """Replace the cached ``kind`` (of whichever geography) by ``payload``; without DELETE, which
    a desk's login may not do. A failed write leaves the cache as it was."""
    from sqlalchemy import insert, update

    from .models import DistrictCacheRow

    try:
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                if conn.exec_driver_sql("PRAGMA query_only").scalar():
                    return   # a read-only store: not even waiting for the write lock
        with writer(store.engine).begin() as conn:
            done = conn.execute(update(DistrictCacheRow).where(DistrictCacheRow.kind == kind)
                                .values(fingerprint=fingerprint, payload=payload)).rowcount
            if not done:
                conn.execute(insert(DistrictCacheRow).values(kind=kind, fingerprint=fingerprint, payload=payload))
    except SQLAlchemyError:
        pass


def _driver_errors(store: SqlStore) -> tuple[type[BaseException], ...]:
    module = store.engine.dialect.dbapi
    return (module.Error,) if module is not None else ()


def _outlines_bytes(outlines: dict) -> bytes:
    codes = sorted(outlines)
    head = json.dumps({"codes": codes, "labels": [list(outlines[c][1]) for c in codes]}).encode()
    arrays = RingArrays.of_multipolygons([outlines[c][0] for c in codes])
    return np.array([len(head)], dtype="<i8").tobytes() + head + arrays.to_bytes()


def _outlines(payload: bytes | None) -> dict | None:
    """Code → (outline, label point) as stored, or None when missing or unreadable."""
    if payload is None:
        return None
    try:
        size = int(np.frombuffer(payload, dtype="<i8", count=1)[0])
        head = json.loads(payload[8:8 + size])
        arrays, end = RingArrays.from_bytes(payload, 8 + size)
        codes, labels = head["codes"], head["labels"]
        if end != len(payload) or len(arrays) != len(codes) or len(labels) != len(codes):
            return None
        return {code: (rings, (float(x), float(y)))
                for code, rings, (x, y) in zip(codes, arrays.multipolygon_rings(), labels)}
    except (ValueError, TypeError, KeyError, IndexError):
        return None
