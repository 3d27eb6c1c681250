"""A component inventory (部件普查) for a district: how many of each class a central district
has, placed inside its unit grids, with valid 16-digit codes."""
from __future__ import annotations

import numpy as np
import shapely

#: relative counts per component class in a central district (manhole covers, lamps and trees
#: dominate; footbridges, shelters and hazard sources are rare)
INVENTORY_MIX = {
    "0101": 1600, "0102": 2000, "0103": 1800, "0104": 2400, "0105": 900, "0106": 500, "0107": 1100,
    "0108": 500, "0109": 100, "0110": 400, "0111": 2600, "0112": 60, "0113": 150, "0114": 300,
    "0201": 700, "0202": 250, "0203": 500, "0204": 150, "0205": 12, "0206": 8, "0207": 400, "0208": 200,
    "0301": 150, "0302": 1500, "0303": 30, "0304": 200, "0305": 40,
    "0401": 2000, "0402": 200, "0403": 20, "0404": 60, "0405": 300, "0406": 300,
    "0501": 200, "0502": 15, "0503": 10, "0601": 25, "0602": 15, "0603": 180,
}

Component = tuple[str, str, str, float, float]     # (code, class_code, grid_code, lon, lat)


def class_counts(catalog, total: int) -> dict[str, int]:
    """``total`` split over the catalog's component classes by :data:`INVENTORY_MIX`
    (largest remainders, so the counts add up exactly)."""
    classes = [c.code for c in catalog.small_classes(kind="component")]
    weights = np.array([INVENTORY_MIX.get(code, 50) for code in classes], dtype=float)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - counts), kind="stable")[: total - int(counts.sum())]:
        counts[i] += 1
    return dict(zip(classes, counts.tolist()))


def demo_components(district_map, catalog, total: int = 20000, seed: int = 0) -> list[Component]:
    """``total`` components spread over the cells by area, each strictly inside its cell.
    Serials run per class in grid-code order, so codes read like a survey's."""
    rng = np.random.default_rng(seed + 7919)
    grids = sorted(district_map.grids, key=lambda g: g.code)
    polygons = np.array([g.polygon for g in grids], dtype=object)
    shapely.prepare(polygons)
    areas = np.array([g.area_m2 for g in grids])
    bounds = shapely.bounds(polygons)
    district = district_map.district.code
    out: list[Component] = []
    for class_code, count in class_counts(catalog, total).items():
        cells = np.sort(rng.choice(len(grids), size=count, p=areas / areas.sum()))
        lons, lats = _points_inside(polygons, bounds, cells, rng)
        order = np.lexsort((lons, cells))
        for serial, i in enumerate(order.tolist(), start=1):
            out.append((f"{district}{class_code}{serial:06d}", class_code, grids[cells[i]].code,
                        float(lons[i]), float(lats[i])))
    return out


def _points_inside(polygons, bounds, cells, rng) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in the given cells, redrawn until each lies inside its own cell."""
    lons = np.empty(len(cells))
    lats = np.empty(len(cells))
    todo = np.arange(len(cells))
    for _ in range(50):
        if len(todo) == 0:
            break
        b = bounds[cells[todo]]
        x = b[:, 0] + (b[:, 2] - b[:, 0]) * rng.uniform(0.02, 0.98, len(todo))
        y = b[:, 1] + (b[:, 3] - b[:, 1]) * rng.uniform(0.02, 0.98, len(todo))
        inside = shapely.contains_xy(polygons[cells[todo]], x, y)
        lons[todo[inside]], lats[todo[inside]] = x[inside], y[inside]
        todo = todo[~inside]
    for i in todo.tolist():          # thin slivers: the guaranteed interior point
        point = shapely.point_on_surface(polygons[cells[i]])
        lons[i], lats[i] = point.x, point.y
    return lons, lats
