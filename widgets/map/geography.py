"""A district's geography as the map widget takes it (``MapView.set_geography``), computed once
per district: street and community outlines are unions of thousands of cells, seconds on a real
district, so this runs off the GUI thread."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MapGeography:
    """Cells, street and community outlines with label points, and the district boundary.
    ``derived``: the street and community partition was derived by us, not surveyed (the map
    labels it so)."""

    cells: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    boundary: list = field(default_factory=list)
    derived: bool = False


def flatten(multipolygon) -> list:
    """Polygons → rings, as one list of rings (the map draws outlines, not fills, of these)."""
    return [ring for polygon in multipolygon for ring in polygon]


def map_geography(district_map) -> MapGeography:
    if district_map is None:
        return MapGeography()
    cells = [(g.code, g.rings) for g in district_map.grids]
    streets = [(s.code, s.name, flatten(district_map.street_outline(s.code)), district_map.label_point(s.code))
               for s in district_map.streets]
    communities = [(c.code, c.name, flatten(district_map.community_outline(c.code)),
                    district_map.label_point(c.code)) for c in district_map.communities]
    return MapGeography(cells, streets, communities, flatten(district_map.district.boundary),
                        partition_is_derived(district_map))


def partition_is_derived(district_map) -> bool:
    """Whether any street or community of the district was derived by us, not surveyed."""
    return any(s.derived for s in district_map.streets) or any(c.derived for c in district_map.communities)
