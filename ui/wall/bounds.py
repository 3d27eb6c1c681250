"""Where the wall's map looks: the lon/lat boxes of the areas a leader drills into and the tour
visits, and the view of the whole district (city) that leaves room for the map's legend (plain
Python)."""
from __future__ import annotations

from typing import Iterable

from ui.wall.selection import CODE_LENGTH
from ui.wall.tour import Bounds, TourStop

LEGEND_CSS_PX = 190
"""About how wide the map's legend is at font scale 1 (resources/map/map.css)."""
EDGE_SHARE = 0.04
"""Room kept round the whole area: the map snaps its zoom, and would cut the edges off."""
STREET_LABEL_CSS_PX = 100
"""About how wide a street's name on the map is at font scale 1 ("枫桥街道（派生）", 13 px type,
resources/map/map.css): half of it is kept free east and west of the area, or the names of the
streets along its edge are cut at the map's edge."""
GRID_SURROUNDINGS = 3
"""A warned grid is shown with this many of its widths around it (where it lies in its street)."""


def box_of(rings) -> Bounds | None:
    """(west, south, east, north) round an area's rings; None for an area without points."""
    points = [p for ring in rings for p in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def union(boxes: Iterable[Bounds]) -> Bounds | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def district_boxes(geography) -> dict[str, Bounds]:
    """Each district's box (its streets together), for a city's drill-down and tour."""
    boxes: dict[str, Bounds] = {}
    for code, _name, rings, _label in geography.streets:
        box = box_of(rings)
        if box is None:
            continue
        district = code[:CODE_LENGTH["district"]]
        boxes[district] = union((boxes.get(district, box), box))
    return boxes


def area_bounds(geography) -> dict[str, Bounds]:
    """The boxes of every district, street, community and grid (the drill-down's map views)."""
    boxes = {}
    areas = ([(c, r) for c, _n, r, _l in geography.streets] + [(c, r) for c, _n, r, _l in geography.communities]
             + [(c, r) for c, r in geography.cells])
    for code, rings in areas:
        box = box_of(rings)
        if box is not None:
            boxes[code] = box
    boxes.update(district_boxes(geography))
    return boxes


def tour_stops(geography, city: bool) -> list[TourStop]:
    """The whole district (city); in a city each district; then each street in turn."""
    stops = [TourStop("district", None)]
    if city:
        stops += [TourStop(code, box) for code, box in district_boxes(geography).items()]
    for code, _name, rings, _label in geography.streets:
        box = box_of(rings)
        if box is not None:
            stops.append(TourStop(code, box))
    return stops


def around(box: Bounds, widths: float = GRID_SURROUNDINGS) -> Bounds:
    west, south, east, north = box
    pad_x, pad_y = (east - west) * widths, (north - south) * widths
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def beside_legend(box: Bounds, map_px: int, font_scale: float) -> Bounds:
    """The view that shows ``box`` whole left of the map's legend, which at the wall's type size
    covers a third of a single screen's map."""
    share = min(0.4, LEGEND_CSS_PX * font_scale / map_px)
    west, south, east, north = box
    edge_x = max(EDGE_SHARE, min(0.15, STREET_LABEL_CSS_PX / 2 * font_scale / map_px))
    pad_x, pad_y = (east - west) * edge_x, (north - south) * EDGE_SHARE
    west, south, east, north = west - pad_x, south - pad_y, east + pad_x, north + pad_y
    return west, south, east + (east - west) * share / (1 - share), north
