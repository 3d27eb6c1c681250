"""Conversions between shapely polygons and the plain coordinate tuples the model stores.

The model keeps GeoJSON-style nested tuples (exterior ring first, then holes; rings closed;
exteriors counter-clockwise as RFC 7946 asks) so it stays hashable, picklable and free of
shapely objects; shapely is used only to compute.
"""
from __future__ import annotations

import numpy as np
import shapely

Ring = tuple[tuple[float, float], ...]
PolygonRings = tuple[Ring, ...]
MultiPolygonRings = tuple[PolygonRings, ...]


def _ring_tuple(ring) -> Ring:
    return tuple((float(x), float(y)) for x, y in shapely.get_coordinates(ring))


def polygon_rings(polygon: shapely.Polygon) -> PolygonRings:
    polygon = shapely.orient_polygons(polygon)
    return (_ring_tuple(polygon.exterior),) + tuple(_ring_tuple(r) for r in polygon.interiors)


def multipolygon_rings(geometry) -> MultiPolygonRings:
    """Any polygonal geometry as a tuple of polygons' rings."""
    return tuple(polygon_rings(p) for p in polygon_parts(geometry))


def polygon_from_rings(rings: PolygonRings) -> shapely.Polygon:
    return shapely.Polygon(rings[0], rings[1:])


def multipolygon_from_rings(polygons: MultiPolygonRings) -> shapely.MultiPolygon:
    return shapely.MultiPolygon([polygon_from_rings(p) for p in polygons])


def polygon_parts(geometry) -> list[shapely.Polygon]:
    """The non-empty polygons inside any geometry (collections included), in stored order."""
    parts = shapely.get_parts(geometry)
    polygons: list[shapely.Polygon] = []
    for part in parts:
        if shapely.get_type_id(part) == 3:
            if not part.is_empty:
                polygons.append(part)
        elif shapely.get_type_id(part) in (6, 7):
            polygons.extend(polygon_parts(part))
    return polygons


def largest_polygon(geometry) -> shapely.Polygon:
    parts = polygon_parts(geometry)
    return parts[int(np.argmax([p.area for p in parts]))]
