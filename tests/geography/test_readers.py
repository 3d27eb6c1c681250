"""What the user sees when the boundary or divisions file is wrong: file, place, problem."""
import json

import pytest
import shapely

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.readers import read_boundary, read_divisions
from tests.geography.dongcheng import BOUNDARY_GCJ02, BOUNDARY_WGS84, DIVISIONS, require_data

SQUARE = [[[116.40, 39.90], [116.41, 39.90], [116.41, 39.91], [116.40, 39.91], [116.40, 39.90]]]


def _feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _write_json(tmp_path, data, name="boundary.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _boundary_error(path, datum="wgs84") -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_boundary(path, datum)
    assert caught.value.path == str(path)
    return caught.value


def test_gcj02_boundary_is_read_and_converted_to_the_wgs84_twin():
    require_data()
    from_gcj = read_boundary(BOUNDARY_GCJ02, "gcj02")
    as_wgs = read_boundary(BOUNDARY_WGS84, "wgs84")
    assert (from_gcj.name, from_gcj.code, from_gcj.source_datum) == ("东城区", "110101", "gcj02")
    assert shapely.hausdorff_distance(from_gcj.geometry, as_wgs.geometry) < 3e-7  # ~3 cm


def test_file_that_declares_another_datum_is_refused():
    require_data()
    with pytest.raises(InputFileError) as caught:
        read_boundary(BOUNDARY_GCJ02, "wgs84")
    assert caught.value.where == "feature 0"
    assert "says its datum is 'GCJ-02'" in caught.value.problem and "choose gcj02" in caught.value.problem


def test_undeclared_datum_is_taken_from_the_user_and_matters(tmp_path):
    require_data()
    data = json.loads(BOUNDARY_GCJ02.read_text("utf-8"))
    del data["features"][0]["properties"]["datum"]
    path = _write_json(tmp_path, data)
    shift = shapely.hausdorff_distance(read_boundary(path, "wgs84").geometry, read_boundary(path, "gcj02").geometry)
    assert 0.003 < shift < 0.01  # degrees: the ~500 m GCJ-02 offset


def test_bare_geometry_and_multipolygon_features_are_accepted(tmp_path):
    path = _write_json(tmp_path, {"type": "MultiPolygon", "coordinates": [SQUARE]})
    boundary = read_boundary(path, "wgs84")
    assert boundary.geometry.area == pytest.approx(1e-4)
    assert boundary.name is None


def test_wrong_file_type_is_named(tmp_path):
    path = tmp_path / "boundary.shp"
    path.write_bytes(b"\x00\x00\x27\x0a")
    assert ".shp" in _boundary_error(path).problem


def test_broken_json_says_line_and_column(tmp_path):
    path = tmp_path / "boundary.geojson"
    path.write_text('{"type": "FeatureCollection",\n  "features": [,]}', encoding="utf-8")
    error = _boundary_error(path)
    assert error.where == "line 2, column 16"
    assert "not valid JSON" in error.problem


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "boundary.geojson"
    path.write_bytes('{"name": "东城区"}'.encode("gb18030"))
    assert "UTF-8" in _boundary_error(path).problem


def test_json_that_is_not_geojson_is_refused(tmp_path):
    error = _boundary_error(_write_json(tmp_path, {"districts": []}))
    assert error.where == "top level" and "not GeoJSON" in error.problem


def test_broken_feature_is_named_by_index(tmp_path):
    data = {"type": "FeatureCollection", "features": [
        _feature({"type": "Polygon", "coordinates": SQUARE}),
        _feature({"type": "Polygon", "coordinates": [[116.4, 39.9]]}),
    ]}
    error = _boundary_error(_write_json(tmp_path, data))
    assert error.where == "feature 1" and "malformed Polygon" in error.problem


def test_feature_with_unknown_geometry_type_is_named(tmp_path):
    data = {"type": "FeatureCollection", "features": [_feature({"type": "Circle", "radius": 3})]}
    error = _boundary_error(_write_json(tmp_path, data))
    assert error.where == "feature 0" and "Circle" in error.problem


def test_file_without_any_polygon_is_refused(tmp_path):
    data = {"type": "FeatureCollection", "features": [_feature({"type": "Point", "coordinates": [116.4, 39.9]})]}
    assert "no Polygon" in _boundary_error(_write_json(tmp_path, data)).problem


@pytest.mark.parametrize("coordinates", [
    [[[446000.0, 4419000.0], [447000.0, 4419000.0], [447000.0, 4420000.0], [446000.0, 4419000.0]]],  # metres
    [[[39.90, 116.40], [39.91, 116.40], [39.91, 116.41], [39.90, 116.40]]],  # lat first
])
def test_coordinates_outside_china_are_refused_with_a_hint(tmp_path, coordinates):
    data = {"type": "FeatureCollection", "features": [_feature({"type": "Polygon", "coordinates": coordinates})]}
    error = _boundary_error(_write_json(tmp_path, data), "gcj02")
    assert error.where == "feature 0" and "outside China" in error.problem


def test_unknown_datum_is_refused_before_reading(tmp_path):
    with pytest.raises(ValidationError) as caught:
        read_boundary(tmp_path / "missing.geojson", "bd09")
    assert caught.value.field == "datum"


def test_missing_file_is_an_input_file_error(tmp_path):
    assert "cannot read" in _boundary_error(tmp_path / "missing.geojson").problem


# Divisions CSV

HEADER = "street_code,street_name,community_code,community_name\n"


def _write_csv(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "divisions.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _divisions_error(path, district_code="110101") -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_divisions(path, district_code)
    return caught.value


def test_real_divisions_are_grouped_by_street():
    require_data()
    streets = read_divisions(DIVISIONS, "110101")
    assert len(streets) == 17 and sum(len(s.communities) for s in streets) == 169
    code, name, communities = streets[0]
    assert (code, name) == ("110101001", "东华门街道")
    assert communities[0] == ("110101001001", "多福巷社区居委会")


def test_bom_and_9_digit_street_codes_are_accepted_and_district_is_inferred(tmp_path):
    path = _write_csv(tmp_path, HEADER + "110101001,东华门街道,110101001001,多福巷社区\n", "utf-8-sig")
    assert read_divisions(path) == [("110101001", "东华门街道", (("110101001001", "多福巷社区"),))]


def test_missing_column_is_named_on_line_1(tmp_path):
    text = "street_code,street_name,community_code\n110101001000,a,110101001001\n"
    error = _divisions_error(_write_csv(tmp_path, text))
    assert error.where == "line 1" and "community_name" in error.problem


def test_malformed_code_names_line_and_column(tmp_path):
    text = HEADER + "110101001000,东华门街道,110101001001,多福巷社区\n110101001000,东华门街道,11010100100X,银闸社区\n"
    error = _divisions_error(_write_csv(tmp_path, text))
    assert error.where == "line 3, column community_code"
    assert "11010100100X" in error.problem


def test_community_outside_the_district_is_refused(tmp_path):
    text = HEADER + "110102001000,西长安街街道,110102001001,某社区\n"
    error = _divisions_error(_write_csv(tmp_path, text))
    assert error.where == "line 2" and "outside district 110101" in error.problem


def test_community_under_the_wrong_street_is_refused(tmp_path):
    text = HEADER + "110101001000,东华门街道,110101002001,隆福寺社区\n"
    error = _divisions_error(_write_csv(tmp_path, text))
    assert error.where == "line 2" and "does not belong to street 110101001" in error.problem


def test_duplicates_and_conflicting_street_names_are_refused(tmp_path):
    row = "110101001000,东华门街道,110101001001,多福巷社区\n"
    assert "listed twice" in _divisions_error(_write_csv(tmp_path, HEADER + row + row)).problem
    other = "110101001000,东华门,110101001002,银闸社区\n"
    error = _divisions_error(_write_csv(tmp_path, HEADER + row + other))
    assert error.where == "line 3" and "named" in error.problem


def test_empty_names_and_empty_files_are_refused(tmp_path):
    assert "community_name is empty" in _divisions_error(
        _write_csv(tmp_path, HEADER + "110101001000,东华门街道,110101001001,\n")).problem
    assert "no rows" in _divisions_error(_write_csv(tmp_path, HEADER)).problem


def test_gbk_csv_from_excel_is_refused_with_a_hint(tmp_path):
    path = _write_csv(tmp_path, HEADER + "110101001000,东华门街道,110101001001,多福巷社区\n", "gb18030")
    assert "UTF-8" in _divisions_error(path).problem
