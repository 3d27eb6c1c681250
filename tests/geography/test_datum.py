import json

import numpy as np
import pytest
import shapely

from commandcenter.errors import ValidationError
from commandcenter.geography.datum import (
    check_datum,
    from_wgs84,
    gcj02_to_wgs84,
    geometry_to_wgs84,
    in_plausible_box,
    plausible_box,
    to_wgs84,
    wgs84_to_gcj02,
)
from tests.geography.dongcheng import BOUNDARY_GCJ02, BOUNDARY_WGS84, require_data

METRES_PER_DEG = 111_320.0

# Pairs published with the eviltransform reference implementation: (wgs lon, lat, gcj lon, lat).
PUBLISHED = [
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
]


@pytest.mark.parametrize("wgs_lon, wgs_lat, gcj_lon, gcj_lat", PUBLISHED)
def test_forward_transform_matches_published_pairs(wgs_lon, wgs_lat, gcj_lon, gcj_lat):
    lon, lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert abs(lon - gcj_lon) * METRES_PER_DEG < 0.001
    assert abs(lat - gcj_lat) * METRES_PER_DEG < 0.001


@pytest.mark.parametrize("wgs_lon, wgs_lat, gcj_lon, gcj_lat", PUBLISHED)
def test_inverse_transform_recovers_published_wgs84_point(wgs_lon, wgs_lat, gcj_lon, gcj_lat):
    lon, lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert abs(lon - wgs_lon) * METRES_PER_DEG < 0.01
    assert abs(lat - wgs_lat) * METRES_PER_DEG < 0.01


def test_round_trip_is_under_a_centimetre_across_china():
    rng = np.random.default_rng(3)
    lons, lats = rng.uniform(75, 134, 2000), rng.uniform(18, 53, 2000)
    back_lons, back_lats = gcj02_to_wgs84(*wgs84_to_gcj02(lons, lats))
    error_m = np.hypot((back_lons - lons) * np.cos(np.radians(lats)), back_lats - lats) * METRES_PER_DEG
    assert error_m.max() < 0.01


def test_offset_in_beijing_is_a_few_hundred_metres():
    lon, lat = wgs84_to_gcj02(116.4, 39.9)
    shift_m = np.hypot((lon - 116.4) * np.cos(np.radians(39.9)), lat - 39.9) * METRES_PER_DEG
    assert 300 < shift_m < 800


def test_points_outside_china_are_not_shifted():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


def test_shared_dongcheng_boundary_converts_to_its_wgs84_twin():
    require_data()
    gcj = shapely.geometry.shape(json.loads(BOUNDARY_GCJ02.read_text("utf-8"))["features"][0]["geometry"])
    wgs = shapely.geometry.shape(json.loads(BOUNDARY_WGS84.read_text("utf-8"))["features"][0]["geometry"])
    converted = shapely.get_coordinates(geometry_to_wgs84(gcj, "gcj02"))
    expected = shapely.get_coordinates(wgs)
    assert converted.shape == expected.shape
    assert np.abs(converted - expected).max() * METRES_PER_DEG < 0.03


def test_datum_names_are_checked_and_box_catches_metres_and_swapped_axes():
    assert check_datum("GCJ-02") == "gcj02"
    with pytest.raises(ValidationError) as caught:
        check_datum("bd09")
    assert caught.value.field == "datum"
    min_lon, min_lat, max_lon, max_lat = plausible_box("wgs84")
    assert min_lon < 116.4 < max_lon and min_lat < 39.9 < max_lat
    assert list(in_plausible_box([116.4, 39.9, 446000.0], [39.9, 116.4, 4419000.0], "gcj02")) == [True, False, False]


def test_points_are_brought_to_wgs84_only_from_gcj02():
    wgs_lon, wgs_lat, gcj_lon, gcj_lat = PUBLISHED[0]
    lon, lat = to_wgs84([gcj_lon], [gcj_lat], "gcj02")
    assert abs(lon[0] - wgs_lon) * METRES_PER_DEG < 0.01 and abs(lat[0] - wgs_lat) * METRES_PER_DEG < 0.01
    assert to_wgs84([wgs_lon], [wgs_lat], "wgs84") == ([wgs_lon], [wgs_lat])
    assert np.allclose(from_wgs84(wgs_lon, wgs_lat, "gcj02"), (gcj_lon, gcj_lat), atol=1e-8)
