"""The Dongcheng import a user runs with the real boundary (GCJ-02) and the real divisions."""
from collections import defaultdict

import numpy as np
import pyproj
import pytest
import shapely

from commandcenter.errors import NotFound
from commandcenter.geography.codes import grid_code_parts
from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.readers import read_boundary, read_divisions
from commandcenter.geography.shapes import multipolygon_from_rings
from tests.geography.dongcheng import BOUNDARY_GCJ02, DIVISIONS, dongcheng_map


@pytest.fixture(scope="module")
def district():
    return dongcheng_map()


@pytest.fixture(scope="module")
def cells_m(district):
    projection = LocalProjection.centred_on(multipolygon_from_rings(district.district.boundary))
    return projection, projection.to_metric(np.array([g.polygon for g in district.grids]))


def test_counts_match_the_real_divisions_and_a_100m_grid(district):
    assert len(district.streets) == 17
    assert len(district.communities) == 169
    assert 4200 <= len(district.grids) <= 4500
    assert district.district.code == "110101" and district.district.name == "东城区"
    assert district.district.datum == "wgs84"


def test_area_is_the_published_42_km2_and_agrees_with_the_ellipsoid(district):
    assert district.area_km2 == pytest.approx(42.0, rel=0.01)
    geodesic_m2, _ = pyproj.Geod(ellps="WGS84").geometry_area_perimeter(
        multipolygon_from_rings(district.district.boundary))
    assert sum(g.area_m2 for g in district.grids) == pytest.approx(abs(geodesic_m2), rel=1e-3)


def test_cells_are_about_a_hectare_and_slivers_were_merged(district):
    areas = np.array([g.area_m2 for g in district.grids])
    assert np.median(areas) == pytest.approx(10_000, abs=1)
    assert areas.min() >= 2_000
    assert areas.max() < 20_000


def test_codes_are_15_digits_unique_and_nested_in_their_community(district):
    codes = [g.code for g in district.grids]
    assert len(set(codes)) == len(codes)
    community_codes = {c.code for c in district.communities}
    for grid in district.grids:
        parts = grid_code_parts(grid.code)
        assert len(grid.code) == 15
        assert parts.community_code == grid.community_code and grid.community_code in community_codes
        assert district.community(grid.community_code).street_code == grid.street_code == parts.street_code


def test_same_input_gives_the_same_codes_and_cells(district):
    boundary = read_boundary(BOUNDARY_GCJ02, "gcj02")
    again = generate_district(boundary.geometry, "110101", "东城区", read_divisions(DIVISIONS))
    assert [(g.code, g.centroid) for g in again.grids] == [(g.code, g.centroid) for g in district.grids]


def test_grids_are_numbered_west_to_east_then_north_to_south(district, cells_m):
    projection, _ = cells_m
    for community in district.communities:
        grids = sorted(district.grids_of_community(community.code), key=lambda g: g.code)
        assert [grid_code_parts(g.code).sequence for g in grids] == list(range(1, len(grids) + 1))
        xs, ys = projection.xy([g.centroid[0] for g in grids], [g.centroid[1] for g in grids])
        # Number 001 sits in the community's northernmost 100 m row.
        assert ys[0] > ys.max() - 100
        for k in range(1, len(grids)):
            if ys[k] > ys[k - 1] + 1:  # further north only when still in the same row...
                assert ys[k] - ys[k - 1] < 100
                assert xs[k] > xs[k - 1]  # ...and then further east
            elif abs(ys[k] - ys[k - 1]) < 1:  # two cells centred on one row line: west before east
                assert xs[k] > xs[k - 1]


def test_first_cells_of_a_whole_community_row_run_eastward(district):
    grids = sorted(district.grids_of_community("110101001001"), key=lambda g: g.code)
    first_row = [g for g in grids if abs(g.centroid[1] - grids[0].centroid[1]) < 1e-6]
    lons = [g.centroid[0] for g in first_row]
    assert lons == sorted(lons)


def test_cells_tile_the_boundary_without_gaps_or_overlaps(district, cells_m):
    projection, cells = cells_m
    boundary_m = projection.to_metric(multipolygon_from_rings(district.district.boundary))
    union = shapely.union_all(cells, grid_size=1e-3)
    assert shapely.symmetric_difference(union, boundary_m).area < 50  # m², on 42 km²
    left, right = shapely.STRtree(cells).query(cells, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(cells[left[pairs]], cells[right[pairs]], grid_size=1e-3))
    assert overlap.max() < 0.01
    assert shapely.area(cells).sum() == pytest.approx(union.area, abs=1)


def test_every_cell_belongs_to_exactly_one_community_and_every_community_has_cells(district):
    owner = defaultdict(list)
    for community in district.communities:
        grids = district.grids_of_community(community.code)
        assert grids, community.code
        for grid in grids:
            owner[grid.code].append(community.code)
    assert len(owner) == len(district.grids)
    assert all(len(v) == 1 for v in owner.values())


def test_derived_streets_and_communities_are_each_one_contiguous_piece(district):
    for street in district.streets:
        assert street.derived and len(district.street_outline(street.code)) == 1, street.code
    for community in district.communities:
        assert community.derived and len(district.community_outline(community.code)) == 1, community.code


def test_sizes_are_balanced_and_follow_the_number_of_communities(district):
    community_areas = np.array([sum(g.area_m2 for g in district.grids_of_community(c.code))
                                for c in district.communities])
    assert community_areas.max() < 3 * community_areas.min()
    big = district.street("110101017")  # 20 communities
    small = district.street("110101011")  # 3 communities
    assert len(district.grids_of_street(big.code)) > 4 * len(district.grids_of_street(small.code))


def test_label_points_fall_inside_their_area(district):
    for community in district.communities[:40]:
        outline = multipolygon_from_rings(district.community_outline(community.code))
        assert shapely.intersects_xy(outline, *district.label_point(community.code))
    street = district.streets[0]
    assert shapely.intersects_xy(multipolygon_from_rings(district.street_outline(street.code)),
                                 *district.label_point(street.code))
    grid = district.grids[0]
    assert shapely.intersects_xy(grid.polygon, *district.label_point(grid.code))


def test_names_and_membership_come_from_the_divisions_file(district):
    assert district.street("110101001").name == "东华门街道"
    assert district.community("110101001001").name == "多福巷社区居委会"
    for street in read_divisions(DIVISIONS):
        assert [c.code for c in district.communities_of_street(street.code)] == [c for c, _ in street.communities]


def test_unknown_codes_are_reported_as_not_found(district):
    with pytest.raises(NotFound):
        district.grid("110101001001999")
    with pytest.raises(NotFound):
        district.grids_of_community("110101001999")
    min_lon, min_lat, max_lon, max_lat = district.bounds
    assert (round(min_lon, 2), round(max_lat, 2)) == (116.37, 39.97)
