"""What is reported, where, and by whom: the class mix from the catalog's weights, hotspot
cells, the source mix, and a point inside the chosen cell (or on the chosen component)."""
from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

import shapely

from ..case import Source
from .rhythm import local_hour

#: (supervisor, hotline, video, referral) shares by day; at night the supervisors are off the street
DAY_SOURCE_MIX = (0.65, 0.22, 0.08, 0.05)
NIGHT_SOURCE_MIX = (0.12, 0.52, 0.31, 0.05)
_SOURCES = (Source.SUPERVISOR, Source.HOTLINE, Source.VIDEO, Source.REFERRAL)
DAYTIME_HOURS = range(7, 21)

ZIPF_EXPONENT = 0.7          # cell busyness ~ 1 / rank^s: a few cells get a large share
HOTSPOT_SHARE = 0.04         # per big class, this share of cells is a hotspot for it ...
HOTSPOT_BOOST = 6.0          # ... and that much busier (markets for vendors, building sites for dust)


class _Weighted:
    """Pick items by weight with one random number and a binary search."""

    def __init__(self, items, weights):
        self.items = list(items)
        self._cum = list(itertools.accumulate(weights))
        if not self.items or self._cum[-1] <= 0:
            raise ValueError("nothing to pick from")

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self._cum, rng.random() * self._cum[-1])]


@dataclass(frozen=True)
class Place:
    lon: float
    lat: float
    grid_code: str
    component_code: str | None = None


class ReportMix:
    """Draws the class, source and place of each new report."""

    def __init__(self, catalog, grids, components=(), seed: int = 0):
        rng = random.Random(f"{seed}/hotspots")
        self._classes = _Weighted(catalog.small_classes(), [c.weight for c in catalog.small_classes()])
        self._grids = {g.code: g for g in grids}
        codes = sorted(self._grids)
        ranks = list(range(1, len(codes) + 1))
        rng.shuffle(ranks)
        base = {code: rank ** -ZIPF_EXPONENT for code, rank in zip(codes, ranks)}
        self._cell_weight: dict[str, dict[str, float]] = {}
        self._cells_of_big: dict[str, _Weighted] = {}
        for big in sorted({c.big for c in catalog.small_classes()}):
            hot = set(rng.sample(codes, max(1, round(len(codes) * HOTSPOT_SHARE))))
            weights = {code: base[code] * (HOTSPOT_BOOST if code in hot else 1.0) for code in codes}
            self._cell_weight[big] = weights
            self._cells_of_big[big] = _Weighted(codes, [weights[c] for c in codes])
        by_class: dict[str, list] = {}
        for component in sorted(components):
            if component[2] in self._grids:
                by_class.setdefault(component[1], []).append(component)
        self._components = {
            class_code: _Weighted(items, [self._cell_weight[class_code[:2]].get(i[2], 1.0) for i in items])
            for class_code, items in by_class.items() if class_code[:2] in self._cell_weight}
        self._polygons: dict[str, shapely.Polygon] = {}

    def small_class(self, rng: random.Random):
        return self._classes.pick(rng)

    @staticmethod
    def source(ts: float, rng: random.Random) -> Source:
        mix = DAY_SOURCE_MIX if local_hour(ts) in DAYTIME_HOURS else NIGHT_SOURCE_MIX
        return rng.choices(_SOURCES, mix)[0]

    def place(self, small, rng: random.Random) -> Place:
        """A component of the class when the inventory has one, else a point in a busy cell."""
        components = self._components.get(small.code)
        if components is not None and small.kind == "component":
            code, _, grid_code, lon, lat = components.pick(rng)
            return Place(lon, lat, grid_code, code)
        grid_code = self._cells_of_big[small.big].pick(rng)
        return Place(*self.point_in(grid_code, rng), grid_code)

    def point_in(self, grid_code: str, rng: random.Random) -> tuple[float, float]:
        """A uniformly random point strictly inside the cell (its label point if unlucky)."""
        grid = self._grids[grid_code]
        polygon = self._polygons.get(grid_code)
        if polygon is None:
            polygon = self._polygons[grid_code] = grid.polygon
            shapely.prepare(polygon)
        min_x, min_y, max_x, max_y = polygon.bounds
        for _ in range(20):
            x = min_x + (max_x - min_x) * (0.02 + 0.96 * rng.random())
            y = min_y + (max_y - min_y) * (0.02 + 0.96 * rng.random())
            if shapely.contains_xy(polygon, x, y):
                return x, y
        point = shapely.point_on_surface(polygon)
        return point.x, point.y
