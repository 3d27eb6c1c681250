"""Every point of the district is in exactly one unit grid; points outside are in none."""
import numpy as np
import pytest
import shapely

from commandcenter.geography.locator import GridLocator
from commandcenter.geography.shapes import multipolygon_from_rings
from tests.geography.dongcheng import dongcheng_map


@pytest.fixture(scope="module")
def district():
    return dongcheng_map()


@pytest.fixture(scope="module")
def locator(district):
    return GridLocator(district)


@pytest.fixture(scope="module")
def cells(district):
    return np.array([g.polygon for g in district.grids])


def _owners(cells, district, lon, lat):
    """Codes of all cells whose closed area contains the point, by brute force."""
    return sorted(district.grids[i].code for i in np.flatnonzero(shapely.intersects_xy(cells, lon, lat)))


def test_random_points_inside_find_their_cell_and_outside_find_none(district, locator, cells):
    boundary = multipolygon_from_rings(district.district.boundary)
    min_lon, min_lat, max_lon, max_lat = district.bounds
    rng = np.random.default_rng(11)
    lons, lats = rng.uniform(min_lon - 0.01, max_lon + 0.01, 1500), rng.uniform(min_lat - 0.01, max_lat + 0.01, 1500)
    inside = shapely.intersects_xy(boundary, lons, lats)
    assert 300 < inside.sum() < 1200
    for lon, lat, is_inside in zip(lons.tolist(), lats.tolist(), inside.tolist()):
        code = locator.locate(lon, lat)
        if is_inside:
            assert code is not None and code == _owners(cells, district, lon, lat)[0]
        else:
            assert code is None


def test_far_away_points_are_outside(locator):
    assert locator.locate(121.47, 31.23) is None
    assert locator.locate(0.0, 0.0) is None


def test_corner_shared_by_four_cells_goes_to_the_lowest_code(district, locator, cells):
    checked = 0
    for grid in district.grids[::97]:
        for lon, lat in grid.rings[0][:-1]:
            owners = _owners(cells, district, lon, lat)
            assert locator.locate(lon, lat) == owners[0]
            checked += len(owners) >= 3
    assert checked > 10


def test_points_on_shared_edges_belong_to_exactly_one_neighbour(district, locator, cells):
    edge_points = 0
    for grid in district.grids[::31]:
        ring = grid.rings[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            lon, lat = (x1 + x2) / 2, (y1 + y2) / 2
            owners = _owners(cells, district, lon, lat)
            code = locator.locate(lon, lat)
            if owners:
                assert code in owners
            elif code is not None:  # in the sub-millimetre seam between the cells and the raw boundary
                assert district.grid(code).polygon.distance(shapely.Point(lon, lat)) < 1e-8
            edge_points += len(owners) == 2
            if len(owners) == 2:
                assert code == owners[0]
    assert edge_points > 100


def test_locate_many_gives_the_same_answers(district, locator):
    min_lon, min_lat, max_lon, max_lat = district.bounds
    rng = np.random.default_rng(5)
    lons, lats = rng.uniform(min_lon, max_lon, 3000), rng.uniform(min_lat, max_lat, 3000)
    corners = [grid.rings[0][0] for grid in district.grids[::50]]
    lons = np.concatenate([lons, [c[0] for c in corners]])
    lats = np.concatenate([lats, [c[1] for c in corners]])
    assert locator.locate_many(lons, lats) == [locator.locate(x, y) for x, y in zip(lons.tolist(), lats.tolist())]
