"""Grid generation on awkward boundaries: several parts, holes, slivers, too small."""
import numpy as np
import pytest
import shapely

from commandcenter.errors import ValidationError
from commandcenter.geography.demo_district import build_demo_district
from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.locator import GridLocator
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.shapes import multipolygon_from_rings

PROJECTION = LocalProjection(116.6, 39.7)
DIVISIONS = [
    ("990201001", "甲街道", [("990201001001", "一社区"), ("990201001002", "二社区")]),
    ("990201002", "乙街道", [("990201002001", "三社区"), ("990201002002", "四社区")]),
]


@pytest.fixture(scope="module")
def awkward():
    """A main part with a big hole and a tiny pond, a second part and a 30 m islet (metres)."""
    main = shapely.box(-520, -330, 537, 418).difference(shapely.box(-113, -71, 121, 163))
    main = main.difference(shapely.box(312, 212, 332, 232))  # pond inside one cell
    second = shapely.box(1500, -200, 1930, 95)
    islet = shapely.box(2500, 500, 2530, 530)
    boundary_m = shapely.MultiPolygon([main, second, islet])
    boundary = PROJECTION.to_lonlat(boundary_m)
    return boundary, generate_district(boundary, "990201", "测试区", DIVISIONS)


def test_cells_tile_a_multi_part_boundary_with_holes(awkward):
    boundary, district = awkward
    cells_m = PROJECTION.to_metric(np.array([g.polygon for g in district.grids]))
    union = shapely.union_all(cells_m, grid_size=1e-3)
    assert shapely.symmetric_difference(union, PROJECTION.to_metric(boundary)).area < 1
    assert shapely.area(cells_m).sum() == pytest.approx(union.area, abs=0.1)


def test_the_pond_stays_a_hole_of_its_cell_and_is_outside_the_district(awkward):
    _, district = awkward
    pond_lon, pond_lat = PROJECTION.lonlat(322, 222)
    holed = [g for g in district.grids if len(g.rings) == 2]
    assert len(holed) == 1
    assert not shapely.intersects_xy(holed[0].polygon, float(pond_lon), float(pond_lat))
    assert GridLocator(district).locate(float(pond_lon), float(pond_lat)) is None


def test_slivers_are_merged_except_an_islet_with_no_neighbour(awkward):
    _, district = awkward
    small = [g for g in district.grids if g.area_m2 < 2000]
    assert len(small) == 1 and small[0].area_m2 == pytest.approx(900, abs=1)
    assert all(len(g.rings[0]) >= 4 for g in district.grids)


def test_every_community_gets_cells_in_a_multi_part_district(awkward):
    _, district = awkward
    assert {c.code for c in district.communities} == {g.community_code for g in district.grids}


def test_more_communities_than_cells_is_refused():
    boundary = PROJECTION.to_lonlat(shapely.box(0, 0, 120, 120))  # at most 4 pieces of 100 m squares
    five = [("990201001", "甲街道", [(f"99020100100{n}", f"{n}社区") for n in range(1, 6)])]
    with pytest.raises(ValidationError, match="more communities than"):
        generate_district(boundary, "990201", "小区", five)


@pytest.mark.parametrize("divisions, field", [
    ([("990201001", "甲", [("990201002001", "x")])], "community_code"),
    ([("990301001", "甲", [("990301001001", "x")])], "street_code"),
    ([("990201001", "甲", [])], "divisions"),
    ([], "divisions"),
])
def test_inconsistent_divisions_are_refused(divisions, field):
    boundary = PROJECTION.to_lonlat(shapely.box(0, 0, 1000, 1000))
    with pytest.raises(ValidationError) as caught:
        generate_district(boundary, "990201", "区", divisions)
    assert caught.value.field == field


@pytest.fixture(scope="module")
def demo():
    return build_demo_district(0)


def test_demo_district_is_a_plausible_fictional_district(demo):
    assert demo.district.code == "990101" and demo.district.name == "云河区"
    assert demo.area_km2 == pytest.approx(40, rel=0.05)
    assert len(demo.streets) == 15 and len(demo.communities) == 150
    assert 3500 <= len(demo.grids) <= 4600
    assert all(s.name.endswith("街道") for s in demo.streets)
    assert all(c.name.endswith("社区") for c in demo.communities)
    assert len({c.name for c in demo.communities}) == 150
    assert all(g.code.startswith("990101") for g in demo.grids)


def test_demo_district_is_far_from_real_dongcheng(demo):
    min_lon, min_lat, max_lon, max_lat = demo.bounds
    assert min_lon > 116.46 or max_lat < 39.85


def test_demo_district_is_deterministic_per_seed(demo):
    again = build_demo_district(0)
    other = build_demo_district(1)
    assert again == demo
    assert other.district.boundary != demo.district.boundary
    assert len(multipolygon_from_rings(demo.district.boundary).geoms) == 1
