"""Generate unit grids for a district boundary, and derive its streets and communities.

Cells are 100 m squares of a grid in a metric plane centred on the district, clipped to the
boundary. A clipped piece smaller than a fifth of a square is merged into the neighbour it shares
the longest edge with, so no cell is a useless sliver. All cutting happens on a 1 mm precision
grid, which makes neighbouring cells share their vertices exactly: no gaps, no overlaps.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from commandcenter.errors import ValidationError
from commandcenter.geography.codes import (
    MAX_GRID_SEQUENCE,
    make_grid_code,
    normalize_community_code,
    normalize_district_code,
    normalize_street_code,
)
from commandcenter.geography.model import Community, District, DistrictMap, Street, UnitGrid
from commandcenter.geography.partition import cell_adjacency, grow_regions
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.shapes import multipolygon_rings, polygon_parts, polygon_rings

CELL_SIZE_M = 100.0
SLIVER_FRACTION = 0.2
PRECISION_M = 1e-3

# (street_code9, street_name, [(community_code12, community_name), ...])
Divisions = Sequence[tuple[str, str, Sequence[tuple[str, str]]]]


@dataclass(frozen=True)
class CellCut:
    """Cells in metres; ``grid_index`` is (column, row) for uncut squares, (-1, -1) otherwise."""

    cells: np.ndarray
    grid_index: np.ndarray
    top: float


def cut_cells(boundary_m, cell_size: float = CELL_SIZE_M, sliver_fraction: float = SLIVER_FRACTION) -> CellCut:
    """Cut a polygonal boundary (in metres) into grid squares; merge slivers into neighbours."""
    boundary_m = shapely.set_precision(boundary_m, PRECISION_M)
    min_x, min_y, max_x, max_y = boundary_m.bounds
    left = np.floor(min_x / cell_size) * cell_size
    top = np.ceil(max_y / cell_size) * cell_size
    columns = int(np.ceil((max_x - left) / cell_size))
    rows = int(np.ceil((top - min_y) / cell_size))
    col, row = (a.ravel() for a in np.meshgrid(np.arange(columns), np.arange(rows)))
    squares = shapely.box(left + col * cell_size, top - (row + 1) * cell_size,
                          left + (col + 1) * cell_size, top - row * cell_size)
    shapely.prepare(boundary_m)
    inside = shapely.contains_properly(boundary_m, squares)
    edge = shapely.intersects(boundary_m, squares) & ~inside
    clipped = shapely.intersection(squares[edge], boundary_m, grid_size=PRECISION_M)
    pieces = [p for p in polygon_parts(clipped) if p.area > 0]
    cells = np.concatenate([squares[inside], np.array(pieces, dtype=object)])
    grid_index = np.full((len(cells), 2), -1, dtype=int)
    grid_index[: int(inside.sum())] = np.column_stack([col[inside], row[inside]])
    return _merge_slivers(CellCut(cells, grid_index, float(top)), sliver_fraction * cell_size**2)


def _merge_slivers(cut: CellCut, min_area: float) -> CellCut:
    cells = list(cut.cells)
    grid_index = cut.grid_index.copy()
    areas = shapely.area(cut.cells)
    slivers = np.flatnonzero(areas < min_area)
    if len(slivers) == 0:
        return cut
    tree = shapely.STRtree(cut.cells)
    owner = np.arange(len(cells))

    def root(i: int) -> int:
        while owner[i] != i:
            i = owner[i]
        return i

    for sliver in slivers.tolist():
        here = root(sliver)
        if cells[here].area >= min_area:
            continue
        touching = {root(int(n)) for n in tree.query(cells[here], predicate="intersects")} - {here}
        candidates = []
        for other in sorted(touching):
            shared = shapely.intersection(cells[here], cells[other], grid_size=PRECISION_M).length
            if shared > 0:
                big = cells[other].area >= min_area
                candidates.append((not big, -shared, other))
        for _, _, other in sorted(candidates):
            merged = shapely.union(cells[here], cells[other], grid_size=PRECISION_M)
            if shapely.get_type_id(merged) == 3:
                cells[other] = merged
                cells[here] = None
                grid_index[other] = -1
                owner[here] = other
                break
    kept = [i for i, c in enumerate(cells) if c is not None]
    return CellCut(np.array([cells[i] for i in kept], dtype=object), grid_index[kept], cut.top)


def _checked_divisions(district_code: str, divisions: Divisions) -> list[tuple[str, str, list[tuple[str, str]]]]:
    if not divisions:
        raise ValidationError("divisions", divisions, "at least one street with one community is needed")
    checked = []
    seen: set[str] = set()
    for street_code, street_name, communities in divisions:
        street_code = normalize_street_code(street_code)
        if not street_code.startswith(district_code):
            raise ValidationError("street_code", street_code, f"is not in district {district_code}")
        if not communities:
            raise ValidationError("divisions", street_code, "street has no communities")
        members = []
        for community_code, community_name in communities:
            community_code = normalize_community_code(community_code)
            if not community_code.startswith(street_code):
                raise ValidationError("community_code", community_code, f"is not in street {street_code}")
            if community_code in seen:
                raise ValidationError("community_code", community_code, "listed twice")
            seen.add(community_code)
            members.append((community_code, str(community_name)))
        checked.append((street_code, str(street_name), members))
    return checked


def generate_district(boundary, district_code: str, district_name: str, divisions: Divisions,
                      seed: int = 0) -> DistrictMap:
    """Unit grids, derived streets and derived communities for a WGS84 lon/lat boundary.

    Deterministic for the same inputs and seed. Raises ValidationError for bad codes or a
    district too small to give every community a cell.
    """
    district_code = normalize_district_code(district_code)
    divisions = _checked_divisions(district_code, divisions)
    polygons = polygon_parts(shapely.make_valid(boundary))
    if not polygons:
        raise ValidationError("boundary", district_code, "has no polygon area")
    boundary = shapely.MultiPolygon(polygons)
    projection = LocalProjection.centred_on(boundary)
    cut = cut_cells(projection.to_metric(boundary))
    cells_m = cut.cells
    community_count = sum(len(c) for _, _, c in divisions)
    if len(cells_m) < community_count:
        raise ValidationError("divisions", community_count,
                              f"more communities than the {len(cells_m)} cells the boundary holds")
    areas = shapely.area(cells_m)
    centroids = shapely.get_coordinates(shapely.centroid(cells_m))
    neighbours = cell_adjacency(cells_m, cut.grid_index)
    rng = np.random.default_rng(seed)
    everything = np.arange(len(cells_m))
    street_of_cell = grow_regions(everything, [len(c) for _, _, c in divisions], centroids, areas, neighbours, rng)
    community_of_cell = np.empty(len(cells_m), dtype=object)
    for number, (street_code, _, communities) in enumerate(divisions):
        members = np.flatnonzero(street_of_cell == number)
        if len(members) < len(communities):
            raise ValidationError("divisions", street_code,
                                  f"{len(communities)} communities but only {len(members)} cells for this street")
        labels = grow_regions(members, [1.0] * len(communities), centroids, areas, neighbours, rng)
        for local, cell in enumerate(members.tolist()):
            community_of_cell[cell] = communities[labels[local]][0]
    codes = _number_cells(community_of_cell, centroids, cut.top)
    return assemble_map(district_code, district_name, boundary, divisions, projection, cells_m, codes, derived=True)


def _number_cells(community_of_cell: np.ndarray, centroids: np.ndarray, top: float) -> list[str]:
    """Sequence numbers west→east, north→south inside each community (rows = 100 m bands)."""
    rows = np.floor((top - centroids[:, 1]) / CELL_SIZE_M)
    order = np.lexsort((centroids[:, 0], rows, community_of_cell.astype(str)))
    codes = [""] * len(order)
    counter: dict[str, int] = {}
    for cell in order.tolist():
        community = community_of_cell[cell]
        counter[community] = counter.get(community, 0) + 1
        if counter[community] > MAX_GRID_SEQUENCE:
            raise ValidationError("community_code", community, f"more than {MAX_GRID_SEQUENCE} cells in one community")
        codes[cell] = make_grid_code(community, counter[community])
    return codes


def assemble_map(district_code: str, district_name: str, boundary, divisions: Divisions,
                 projection: LocalProjection, cells_m: np.ndarray, codes: Sequence[str], derived: bool) -> DistrictMap:
    """The immutable DistrictMap for cells in metres with their codes; ``boundary`` in lon/lat."""
    cells = projection.to_lonlat(cells_m)
    areas = shapely.area(cells_m)
    centroids = shapely.get_coordinates(shapely.centroid(cells_m))
    centre_lons, centre_lats = projection.lonlat(centroids[:, 0], centroids[:, 1])
    order = np.argsort(np.array(codes), kind="stable")
    grids = tuple(
        UnitGrid(
            code=codes[i],
            community_code=codes[i][:12],
            street_code=codes[i][:9],
            rings=polygon_rings(cells[i]),
            area_m2=float(areas[i]),
            centroid=(float(centre_lons[i]), float(centre_lats[i])),
        )
        for i in order.tolist()
    )
    streets = tuple(sorted(
        (Street(code, name, district_code, derived) for code, name, _ in divisions), key=lambda s: s.code))
    communities = tuple(sorted(
        (Community(code, name, street_code, derived)
         for street_code, _, members in divisions for code, name in members), key=lambda c: c.code))
    district = District(district_code, district_name, "wgs84", multipolygon_rings(boundary), float(areas.sum()))
    return DistrictMap(district, streets, communities, grids)
