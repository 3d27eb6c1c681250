"""Which unit grid is this point in? Fast enough to locate every report as it arrives.

Rule, so that no point is claimed twice or by nobody: cells are closed sets and a point on a
shared border belongs to the cell with the lowest code. A point inside the district that falls
into no cell (only possible in a floating-point hairline between cells) goes to the nearest cell.
Points outside the district give None; callers flag them.
"""
from __future__ import annotations

import math
import threading

import numpy as np
import shapely

from commandcenter.geography.model import DistrictMap
from commandcenter.geography.ring_arrays import RingArrays
from commandcenter.geography.shapes import multipolygon_from_rings

# Bucket size in degrees: about 40 m × 55 m at Beijing's latitude, so a bucket meets 1–4 cells.
_BUCKET_DEG = 0.0005


class GridLocator:
    """Point → unit grid code: a uniform lon/lat bucket index picks the few candidate cells, then
    GEOS's robust point-in-polygon decides, so a point a hair's breadth off a border is judged
    exactly and the same way ``locate`` and ``locate_many`` judge it."""

    def __init__(self, district_map: DistrictMap, *, deferred: bool = False):
        """``deferred``: build the index at the first question instead of now (a start that may
        never locate a point does not pay for it)."""
        self._district_map: DistrictMap | None = district_map
        self._lock = threading.Lock()
        if not deferred:
            self._build()

    # Public API

    def locate(self, lon: float, lat: float) -> str | None:
        """The code of the cell containing (lon, lat) in WGS84, or None outside the district."""
        if self._district_map is not None:
            self._build()
        column = math.floor((lon - self._left) * self._per_deg)
        row = math.floor((lat - self._bottom) * self._per_deg)
        if not (0 <= column < self._columns and 0 <= row < self._rows):
            return None
        bucket = row * self._columns + column
        boxes = self._boxes
        for cell in self._bucket_cells[self._bucket_starts[bucket]:self._bucket_starts[bucket + 1]]:
            b = 4 * cell
            if (boxes[b] <= lon <= boxes[b + 2] and boxes[b + 1] <= lat <= boxes[b + 3]
                    and shapely.intersects_xy(self._cells[cell], lon, lat)):
                return self._codes[cell]
        return self._in_hairline(lon, lat)

    def locate_many(self, lons, lats) -> list[str | None]:
        """Vectorised ``locate`` for many points at once (same rule, computed with shapely)."""
        if self._district_map is not None:
            self._build()
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_index, cell_index = self._tree.query(points, predicate="intersects")
        best = np.full(len(points), len(self._codes), dtype=int)
        np.minimum.at(best, point_index, cell_index)
        result: list[str | None] = [self._codes[c] if c < len(self._codes) else None for c in best.tolist()]
        for i in np.flatnonzero(best == len(self._codes)).tolist():
            result[i] = self._in_hairline(float(shapely.get_x(points[i])), float(shapely.get_y(points[i])))
        return result

    # Private API

    def _build(self) -> None:
        with self._lock:
            district_map = self._district_map
            if district_map is None:
                return   # built meanwhile by another thread
            grids = district_map.grids
            if all(a.code < b.code for a, b in zip(grids, grids[1:])):
                arrays = district_map.grid_arrays()
            else:
                grids = sorted(grids, key=lambda g: g.code)
                arrays = RingArrays.of_polygons([g.rings for g in grids])
            self._codes = [g.code for g in grids]
            self._cells = arrays.shapely_polygons()
            shapely.prepare(self._cells)
            self._tree = shapely.STRtree(self._cells)
            self._district = multipolygon_from_rings(district_map.district.boundary)
            shapely.prepare(self._district)
            self._build_buckets(shapely.bounds(self._cells))
            self._district_map = None

    def _build_buckets(self, bounds: np.ndarray) -> None:
        """Each bucket's cells in code order, as one flat list sliced by bucket (a bucket meets
        few cells); computed for all cells at once."""
        self._per_deg = 1.0 / _BUCKET_DEG
        self._boxes = bounds.ravel().tolist()
        if not len(bounds):
            self._left = self._bottom = 0.0
            self._columns = self._rows = 0
            self._bucket_starts, self._bucket_cells = [0], []
            return
        min_x, min_y = float(bounds[:, 0].min()), float(bounds[:, 1].min())
        max_x, max_y = float(bounds[:, 2].max()), float(bounds[:, 3].max())
        self._left, self._bottom = min_x, min_y
        self._columns = math.floor((max_x - min_x) * self._per_deg) + 1
        self._rows = math.floor((max_y - min_y) * self._per_deg) + 1
        # the same float expressions as a point's bucket in `locate`, element by element
        c0, c1 = (np.floor((bounds[:, i] - min_x) * self._per_deg).astype(np.int64) for i in (0, 2))
        r0, r1 = (np.floor((bounds[:, i] - min_y) * self._per_deg).astype(np.int64) for i in (1, 3))
        widths, heights = c1 - c0 + 1, r1 - r0 + 1
        spans = widths * heights
        cell = np.repeat(np.arange(len(bounds), dtype=np.int64), spans)
        k = np.arange(len(cell), dtype=np.int64) - np.repeat(np.cumsum(spans) - spans, spans)
        row = r0[cell] + k // widths[cell]
        column = c0[cell] + k % widths[cell]
        bucket = row * self._columns + column
        # stable by bucket, cells in code order within a bucket: the first hit is the lowest code
        order = np.argsort(bucket, kind="stable")
        self._bucket_cells = cell[order].tolist()
        counts = np.bincount(bucket, minlength=self._columns * self._rows)
        self._bucket_starts = np.concatenate(([0], np.cumsum(counts))).tolist()

    def _in_hairline(self, lon: float, lat: float) -> str | None:
        if not shapely.intersects_xy(self._district, lon, lat):
            return None
        point = shapely.Point(lon, lat)
        nearest = self._tree.query_nearest(point, all_matches=True)
        return self._codes[int(np.min(nearest))]
