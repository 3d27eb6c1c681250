"""Many polygons at once as flat arrays, so tens of thousands of unit grids become shapely
geometries, nested ring tuples or stored bytes in a few numpy/GEOS calls instead of a Python
object per vertex.

The layout (GeoArrow's): ``coords`` (n, 2) float64 lon/lat; ``ring_ends[r]`` is where ring r's
vertices end in ``coords``; ``polygon_ends[p]`` where polygon p's rings end in ``ring_ends``;
``item_ends[i]`` where item i's polygons end (an item is one polygon for a grid, a
multipolygon for an outline). Floats round-trip exactly, so rings made back from the arrays
equal the rings they were made from."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Sequence

import numpy as np
import shapely

from commandcenter.geography.shapes import MultiPolygonRings, PolygonRings


@dataclass(frozen=True)
class RingArrays:
    coords: np.ndarray
    ring_ends: np.ndarray
    polygon_ends: np.ndarray
    item_ends: np.ndarray

    @classmethod
    def of_polygons(cls, polygons: Sequence[PolygonRings]) -> "RingArrays":
        """One item per polygon (rings: exterior then holes)."""
        return cls.of_multipolygons([(p,) for p in polygons])

    @classmethod
    def of_multipolygons(cls, items: Sequence[MultiPolygonRings]) -> "RingArrays":
        ring_sizes = [len(ring) for item in items for polygon in item for ring in polygon]
        polygon_sizes = [len(polygon) for item in items for polygon in item]
        item_sizes = [len(item) for item in items]
        flat = chain.from_iterable(chain.from_iterable(chain.from_iterable(chain.from_iterable(items))))
        coords = np.fromiter(flat, dtype=np.float64, count=2 * sum(ring_sizes)).reshape(-1, 2)
        return cls(coords, _ends(ring_sizes), _ends(polygon_sizes), _ends(item_sizes))

    @classmethod
    def from_nested_lists(cls, polygons: list) -> "RingArrays":
        """Polygons as parsed from JSON (lists of rings of [lon, lat]), one item each."""
        return cls.of_polygons(polygons)

    def __len__(self) -> int:
        return len(self.item_ends)

    # Public API

    def polygon_rings(self) -> list[PolygonRings]:
        """Each item's one polygon as nested tuples (items of one polygon only, as grids are)."""
        rings = self._ring_tuples()
        polygon_starts = np.concatenate(([0], self.polygon_ends[:-1])).tolist()
        return [tuple(rings[start:end]) for start, end in zip(polygon_starts, self.polygon_ends.tolist())]

    def multipolygon_rings(self) -> list[MultiPolygonRings]:
        rings = self._ring_tuples()
        polygon_starts = np.concatenate(([0], self.polygon_ends[:-1])).tolist()
        polygons = [tuple(rings[s:e]) for s, e in zip(polygon_starts, self.polygon_ends.tolist())]
        item_starts = np.concatenate(([0], self.item_ends[:-1])).tolist()
        return [tuple(polygons[s:e]) for s, e in zip(item_starts, self.item_ends.tolist())]

    def shapely_polygons(self) -> np.ndarray:
        """One shapely Polygon per item of one polygon (the first ring the shell, the others
        holes), as ``shapely.Polygon(rings[0], rings[1:])`` makes it."""
        if not len(self.polygon_ends):
            return np.empty(0, dtype=object)
        return shapely.from_ragged_array(shapely.GeometryType.POLYGON, self.coords,
                                         (_starts_and_end(self.ring_ends), _starts_and_end(self.polygon_ends)))

    def to_bytes(self) -> bytes:
        head = np.array([len(self.coords), len(self.ring_ends), len(self.polygon_ends), len(self.item_ends)],
                        dtype="<i8")
        return b"".join([head.tobytes(), np.ascontiguousarray(self.coords, dtype="<f8").tobytes(),
                         self.ring_ends.astype("<i8").tobytes(), self.polygon_ends.astype("<i8").tobytes(),
                         self.item_ends.astype("<i8").tobytes()])

    @classmethod
    def from_bytes(cls, data: bytes, offset: int = 0) -> tuple["RingArrays", int]:
        """The arrays stored at ``offset`` of ``data`` and the offset after them; ValueError
        when the bytes are not such arrays."""
        head = np.frombuffer(data, dtype="<i8", count=4, offset=offset)
        n_coords, n_rings, n_polygons, n_items = (int(v) for v in head)
        if min(n_coords, n_rings, n_polygons, n_items) < 0:
            raise ValueError("negative length")
        offset += 32
        coords = np.frombuffer(data, dtype="<f8", count=2 * n_coords, offset=offset).reshape(-1, 2)
        offset += 16 * n_coords
        arrays = []
        for count in (n_rings, n_polygons, n_items):
            arrays.append(np.frombuffer(data, dtype="<i8", count=count, offset=offset).astype(np.int64))
            offset += 8 * count
        result = cls(coords, *arrays)
        result._check()
        return result, offset

    # Private API

    def _ring_tuples(self) -> list[tuple[tuple[float, float], ...]]:
        points = list(zip(self.coords[:, 0].tolist(), self.coords[:, 1].tolist()))
        ring_starts = np.concatenate(([0], self.ring_ends[:-1])).tolist()
        return [tuple(points[s:e]) for s, e in zip(ring_starts, self.ring_ends.tolist())]

    def _check(self) -> None:
        for ends, total in ((self.ring_ends, len(self.coords)), (self.polygon_ends, len(self.ring_ends)),
                            (self.item_ends, len(self.polygon_ends))):
            if len(ends) and (ends[-1] != total or np.any(np.diff(ends, prepend=0) < 0)):
                raise ValueError("inconsistent ring arrays")
            if not len(ends) and total:
                raise ValueError("inconsistent ring arrays")


def _ends(sizes: list[int]) -> np.ndarray:
    return np.cumsum(np.asarray(sizes, dtype=np.int64), dtype=np.int64)


def _starts_and_end(ends: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], ends)).astype(np.int64)
