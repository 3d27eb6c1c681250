"""The geography of one district: district → streets → communities → unit grids.

All coordinates are WGS84 lon/lat (the stored datum); areas are m² on the ground.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from shapely.ops import polylabel

from commandcenter.errors import NotFound
from commandcenter.geography.shapes import (
    MultiPolygonRings,
    PolygonRings,
    largest_polygon,
    multipolygon_rings,
    polygon_from_rings,
)

# Cells share vertices exactly, but edges split by a vertex on one side only do not; snapping
# the union to ~0.1 mm keeps hairline slivers out of the outlines.
_OUTLINE_GRID_DEG = 1e-9
_LABEL_TOLERANCE_DEG = 1e-5


@dataclass(frozen=True)
class District:
    """A district (区): the area one command centre manages.

    ``boundary`` is GeoJSON-style MultiPolygon coordinates (polygons → rings → (lon, lat)).
    """

    code: str
    name: str
    datum: str
    boundary: MultiPolygonRings
    area_m2: float


@dataclass(frozen=True)
class Street:
    """A street / sub-district (街道). ``derived``: its polygon was derived by us, not surveyed."""

    code: str
    name: str
    district_code: str
    derived: bool


@dataclass(frozen=True)
class Community:
    """A community (社区). ``derived``: its polygon was derived by us, not surveyed."""

    code: str
    name: str
    street_code: str
    derived: bool


@dataclass(frozen=True)
class UnitGrid:
    """A unit grid (单元网格, "10,000 m² grid"): the smallest cell every case is located in.

    ``rings``: exterior ring then holes, closed, lon/lat; ``centroid``: (lon, lat).
    """

    code: str
    community_code: str
    street_code: str
    rings: PolygonRings
    area_m2: float
    centroid: tuple[float, float]

    @property
    def polygon(self) -> shapely.Polygon:
        return polygon_from_rings(self.rings)


@dataclass(frozen=True)
class DistrictMap:
    """One district with its streets, communities and unit grids, each tuple sorted by code."""

    district: District
    streets: tuple[Street, ...]
    communities: tuple[Community, ...]
    grids: tuple[UnitGrid, ...]
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        grids_of_community: dict[str, list[UnitGrid]] = {}
        grids_of_street: dict[str, list[UnitGrid]] = {}
        communities_of_street: dict[str, list[Community]] = {}
        for grid in self.grids:
            grids_of_community.setdefault(grid.community_code, []).append(grid)
            grids_of_street.setdefault(grid.street_code, []).append(grid)
        for community in self.communities:
            communities_of_street.setdefault(community.street_code, []).append(community)
        object.__setattr__(self, "_index", {
            "grid": {g.code: g for g in self.grids},
            "community": {c.code: c for c in self.communities},
            "street": {s.code: s for s in self.streets},
            "grids_of_community": {k: tuple(v) for k, v in grids_of_community.items()},
            "grids_of_street": {k: tuple(v) for k, v in grids_of_street.items()},
            "communities_of_street": {k: tuple(v) for k, v in communities_of_street.items()},
            "outline": {},
        })

    # Public API: lookups

    def grid(self, code: str) -> UnitGrid:
        return self._lookup("grid", code, "unit grid")

    def community(self, code: str) -> Community:
        return self._lookup("community", code, "community")

    def street(self, code: str) -> Street:
        return self._lookup("street", code, "street")

    def grids_of_community(self, code: str) -> tuple[UnitGrid, ...]:
        self.community(code)
        return self._index["grids_of_community"].get(code, ())

    def grids_of_street(self, code: str) -> tuple[UnitGrid, ...]:
        self.street(code)
        return self._index["grids_of_street"].get(code, ())

    def communities_of_street(self, code: str) -> tuple[Community, ...]:
        self.street(code)
        return self._index["communities_of_street"].get(code, ())

    @property
    def area_km2(self) -> float:
        return self.district.area_m2 / 1e6

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min_lon, min_lat, max_lon, max_lat) of the district, e.g. to fit a map view."""
        lons = [x for polygon in self.district.boundary for x, _ in polygon[0]]
        lats = [y for polygon in self.district.boundary for _, y in polygon[0]]
        return min(lons), min(lats), max(lons), max(lats)

    # Public API: what the map draws

    def street_outline(self, code: str) -> MultiPolygonRings:
        """The street's area as the union of its cells: polygons → rings → (lon, lat)."""
        return multipolygon_rings(self._union("street", code))

    def community_outline(self, code: str) -> MultiPolygonRings:
        return multipolygon_rings(self._union("community", code))

    def label_point(self, code: str) -> tuple[float, float]:
        """Where to write the name of a street (9 digits), community (12) or grid (15):
        a point well inside its largest part, never outside it as a centroid can be."""
        if len(code) == 15:
            grid = self.grid(code)
            if shapely.contains_xy(grid.polygon, *grid.centroid):
                return grid.centroid
            point = shapely.point_on_surface(grid.polygon)
            return (point.x, point.y)
        level = "street" if len(code) == 9 else "community"
        point = polylabel(largest_polygon(self._union(level, code)), tolerance=_LABEL_TOLERANCE_DEG)
        return (point.x, point.y)

    # Private API

    def _lookup(self, kind: str, code: str, what: str):
        try:
            return self._index[kind][code]
        except KeyError:
            raise NotFound(what, code) from None

    def _union(self, level: str, code: str):
        cache = self._index["outline"]
        if (level, code) not in cache:
            grids = self.grids_of_street(code) if level == "street" else self.grids_of_community(code)
            polygons = [g.polygon for g in grids]
            cache[(level, code)] = shapely.union_all(polygons, grid_size=_OUTLINE_GRID_DEG)
        return cache[(level, code)]
