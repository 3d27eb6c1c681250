"""Importing surveyed grids: a good file becomes a DistrictMap; a bad one lists every problem."""
import json

import numpy as np
import pytest
import shapely

from commandcenter.errors import InputFileError
from commandcenter.geography.datum import from_wgs84
from commandcenter.geography.locator import GridLocator
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.survey_import import GridImportErrors, import_survey_grids
from tests.geography.dongcheng import dongcheng_map

PROJECTION = LocalProjection(116.40, 39.90)


def _square_lonlat(col, row, size=100.0):
    return PROJECTION.to_lonlat(shapely.box(col * size, -(row + 1) * size, (col + 1) * size, -row * size))


def _feature(polygon, **properties):
    return {"type": "Feature", "properties": properties, "geometry": shapely.geometry.mapping(polygon)}


def _good_features():
    """A 3 × 3 block: two communities of street 110101001, numbered west→east, north→south."""
    features = []
    for row in range(3):
        for col in range(3):
            community = "110101001001" if row < 2 else "110101001002"
            sequence = row * 3 + col + 1 if row < 2 else col + 1
            features.append(_feature(_square_lonlat(col, row), code=f"{community}{sequence:03d}",
                                     community_code=community))
    return features


def _write(tmp_path, features):
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def _problems(tmp_path, features, datum="wgs84") -> list[str]:
    with pytest.raises(GridImportErrors) as caught:
        import_survey_grids(_write(tmp_path, features), datum)
    return caught.value.problems


def test_good_survey_file_imports_with_streets_and_communities_from_codes(tmp_path):
    district = import_survey_grids(_write(tmp_path, _good_features()), "wgs84", district_name="东城区",
                                   divisions=[("110101001", "东华门街道", [("110101001001", "多福巷社区")])])
    assert district.district.code == "110101" and district.district.name == "东城区"
    assert len(district.grids) == 9
    assert district.area_km2 == pytest.approx(0.09, rel=1e-4)
    assert [s.name for s in district.streets] == ["东华门街道"]
    assert [(c.code, c.name) for c in district.communities] == [
        ("110101001001", "多福巷社区"), ("110101001002", "110101001002")]
    assert not any(c.derived for c in district.communities) and not district.streets[0].derived
    assert len(district.grids_of_community("110101001001")) == 6


def test_names_written_in_the_features_are_used_unless_divisions_say_otherwise(tmp_path):
    features = _good_features()
    features[0]["properties"].update(community_name="多福巷", street_name="东华门")
    features[8]["properties"].update(community_name="银闸")
    path = _write(tmp_path, features)
    district = import_survey_grids(path, "wgs84")
    assert [c.name for c in district.communities] == ["多福巷", "银闸"]
    assert district.street("110101001").name == "东华门"
    renamed = import_survey_grids(path, "wgs84", divisions=[("110101001000", "东华门街道", [])])
    assert renamed.street("110101001").name == "东华门街道"


def test_national_codes_and_chinese_property_name_are_accepted_in_gcj02(tmp_path):
    features = []
    for feature in _good_features():
        code = feature["properties"]["code"]
        polygon = shapely.geometry.shape(feature["geometry"])
        gcj = shapely.transform(polygon, lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], "gcj02")))
        features.append(_feature(gcj, 网格编码=code[:12] + code[13:]))
    district = import_survey_grids(_write(tmp_path, features), "gcj02")
    assert district.grid("110101001001001").area_m2 == pytest.approx(10_000, abs=0.5)
    centre = district.grid("110101001001005").centroid
    assert np.allclose(centre, _square_lonlat(1, 1).centroid.coords[0], atol=1e-8)


def test_every_problem_is_reported_at_once_with_feature_index_and_property(tmp_path):
    features = _good_features()
    features[1]["properties"]["code"] = "1101010010010"  # too short
    features[2]["properties"]["community_code"] = "110101001002"  # contradicts its code
    features[5]["properties"] = {"name": "no code"}
    problems = _problems(tmp_path, features)
    assert len(problems) == 3
    assert problems[0].startswith("feature 1 (code):") and "15 digits" in problems[0]
    assert problems[1].startswith("feature 2 (community_code):") and "contradicts" in problems[1]
    assert problems[2].startswith("feature 5 (code):") and "no grid code" in problems[2]


def test_invalid_geometry_is_reported_with_the_reason(tmp_path):
    features = _good_features()
    a, b, c, d = _square_lonlat(0, 0).exterior.coords[:4]
    features[0]["geometry"] = {"type": "Polygon", "coordinates": [[a, c, b, d, a]]}  # bow tie
    problems = _problems(tmp_path, features)
    assert any(p.startswith("feature 0 (geometry): invalid polygon: Self-intersection") for p in problems)


def test_overlapping_cells_are_reported_with_both_features(tmp_path):
    features = _good_features()
    features[4]["geometry"] = shapely.geometry.mapping(
        PROJECTION.to_lonlat(shapely.box(150, -200, 250, -100)))  # half over its east neighbour
    problems = _problems(tmp_path, features)
    assert "features 4 and 5 (geometry): overlap by 5000.0 m²" in problems


def test_gap_between_cells_is_reported_with_its_neighbours(tmp_path):
    features = _good_features()
    del features[4]  # the middle cell
    problems = _problems(tmp_path, features)
    assert len(problems) == 1
    assert problems[0].startswith("features 0, 1, 2, 3, 4, 5, … (geometry): gap of 10000.0 m² between them")


def test_duplicate_codes_name_both_features(tmp_path):
    features = _good_features()
    features[7]["properties"]["code"] = features[6]["properties"]["code"]
    assert _problems(tmp_path, features) == [
        "feature 7 (code): duplicate code 110101001002001, also used by feature 6"]


def test_coordinates_outside_the_plausible_box_are_reported(tmp_path):
    features = _good_features()
    features[3]["geometry"] = shapely.geometry.mapping(shapely.box(446000, 4419000, 446100, 4419100))
    problems = _problems(tmp_path, features, "gcj02")
    assert problems[0].startswith("feature 3 (geometry): coordinate (")
    assert "is outside China's plausible box for gcj02" in problems[0]


def test_multi_part_cells_and_missing_geometry_are_reported(tmp_path):
    features = _good_features()
    two_parts = shapely.MultiPolygon([_square_lonlat(0, 0), _square_lonlat(5, 5)])
    features[0]["geometry"] = shapely.geometry.mapping(two_parts)
    features[8]["geometry"] = None
    problems = _problems(tmp_path, features)
    assert problems[0].startswith("feature 0 (geometry): a unit grid must be one polygon")
    assert any(p == "feature 8 (geometry): no geometry" for p in problems)


def test_cells_of_two_districts_in_one_file_are_reported(tmp_path):
    features = _good_features()
    features[8]["properties"] = {"code": "110102001002003"}
    problems = _problems(tmp_path, features)
    assert problems == ["feature 8 (code): 110102001002003 is in district 110102, not 110101 like feature 0"]


def test_a_file_that_is_not_geojson_is_an_input_file_error(tmp_path):
    path = tmp_path / "grids.geojson"
    path.write_text("code,geometry\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        import_survey_grids(path, "wgs84")
    assert caught.value.where == "line 1, column 1"


def test_generated_dongcheng_grid_round_trips_through_a_survey_file(tmp_path):
    district = dongcheng_map()
    features = [_feature(g.polygon, grid_code=g.code, community_code=g.community_code) for g in district.grids]
    imported = import_survey_grids(_write(tmp_path, features), "wgs84")
    assert [g.code for g in imported.grids] == [g.code for g in district.grids]
    assert imported.area_km2 == pytest.approx(district.area_km2, rel=1e-6)
    assert len(imported.communities) == 169 and len(imported.streets) == 17
    point = district.grids[123].centroid
    assert GridLocator(imported).locate(*point) == district.grids[123].code
