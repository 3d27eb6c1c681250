"""The geography of one district: district → streets → communities → unit grids.

All coordinates are WGS84 lon/lat (the stored datum); areas are m² on the ground.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from shapely.ops import polylabel

from commandcenter.errors import NotFound
from commandcenter.geography.ring_arrays import RingArrays
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
            "outline_rings": {},
            "label": {},
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
        return self._outline("street", code)

    def community_outline(self, code: str) -> MultiPolygonRings:
        return self._outline("community", code)

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
        known = self._index["label"].get(code)
        if known is not None:
            return known
        point = polylabel(largest_polygon(self._union(level, code)), tolerance=_LABEL_TOLERANCE_DEG)
        self._index["label"][code] = (point.x, point.y)
        return (point.x, point.y)

    # Public API: the same answers, computed earlier (e.g. stored with the geography)

    def grid_arrays(self) -> RingArrays:
        """Every grid's rings as flat arrays, in the order of ``grids``."""
        if "grid_arrays" not in self._index:
            self._index["grid_arrays"] = RingArrays.of_polygons([g.rings for g in self.grids])
        return self._index["grid_arrays"]

    def division_outlines(self) -> dict[str, tuple[MultiPolygonRings, tuple[float, float]]]:
        """Street and community code → (outline, label point), for all of them (computed where
        not known yet: the union of thousands of cells, seconds on a big district)."""
        out = {s.code: (self.street_outline(s.code), self.label_point(s.code)) for s in self.streets}
        out.update((c.code, (self.community_outline(c.code), self.label_point(c.code))) for c in self.communities)
        return out

    def knows_outlines(self) -> bool:
        """Whether every street's and community's outline and label point is known already."""
        rings, labels = self._index["outline_rings"], self._index["label"]
        return all(("street", s.code) in rings and s.code in labels for s in self.streets) and \
            all(("community", c.code) in rings and c.code in labels for c in self.communities)

    @property
    def source(self) -> str | None:
        """An opaque name of the stored data this map was read from (None: not read from a store)."""
        return self._index.get("source")

    def adopt(self, *, grid_arrays: RingArrays | None = None,
              outlines: dict[str, tuple[MultiPolygonRings, tuple[float, float]]] | None = None,
              source: str | None = None) -> "DistrictMap":
        """Take results computed earlier for exactly this geography (the grids' rings as arrays,
        in the order of ``grids``; outlines and label points by code, as
        :meth:`division_outlines` gives them), so they are not computed again, and the name of
        the stored data it was read from. Returns self."""
        if source is not None:
            self._index["source"] = source
        if grid_arrays is not None:
            if len(grid_arrays) != len(self.grids):
                raise ValueError("grid arrays of another geography")
            self._index["grid_arrays"] = grid_arrays
        for code, (rings, label) in (outlines or {}).items():
            level = "street" if len(code) == 9 else "community"
            if code in self._index[level]:
                self._index["outline_rings"][(level, code)] = rings
                self._index["label"][code] = label
        return self

    def known_outlines(self) -> dict[str, tuple[MultiPolygonRings, tuple[float, float]]]:
        """The outlines adopted so far, by code (as :meth:`adopt` takes them)."""
        labels = self._index["label"]
        return {code: (rings, labels[code]) for (_level, code), rings in self._index["outline_rings"].items()}

    # Private API

    def _outline(self, level: str, code: str) -> MultiPolygonRings:
        known = self._index["outline_rings"].get((level, code))
        if known is None:
            known = self._index["outline_rings"][(level, code)] = multipolygon_rings(self._union(level, code))
        return known

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
