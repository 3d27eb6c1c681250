"""Survey deliveries as they really come: Shapefiles and GeoPackages in any CGCS2000 zone, zone
number in front of the easting or not, GBK or UTF-8 attributes, Chinese names inside zips."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.survey_import import GridImportErrors, read_survey_grids
from tests.geography.survey_files import tiny_cells, write_geopackage, write_shapefile, zip_shapefile

ONE_CM_DEG = 1e-7   # 1 cm is ~9e-8° of latitude and ~1.2e-7° of longitude at 40°N


def _same_cells(district, cells, atol=ONE_CM_DEG) -> None:
    by_code = {g.code: g for g in district.grids}
    assert sorted(by_code) == sorted(r["BGID"] for r, _ in cells)
    for record, polygon in cells:
        stored = shapely.Polygon(by_code[record["BGID"]].rings[0])
        assert shapely.hausdorff_distance(stored, polygon) < atol


def test_a_utf8_shapefile_in_cm117_gives_real_streets_and_communities(tmp_path):
    cells = tiny_cells()
    survey = read_survey_grids(write_shapefile(tmp_path / "grids.shp", cells))
    district = survey.district_map
    assert (len(district.grids), len(district.streets), len(district.communities)) == (16, 2, 4)
    assert district.street("990101001").name == "测试1街道"
    assert district.community("990101001001").name == "测试1-1社区居委会"
    assert not any(s.derived for s in district.streets) and not any(c.derived for c in district.communities)
    assert "EPSG:4548" in survey.crs and survey.encoding == "utf-8"
    assert survey.fields["code"] == "BGID" and survey.area_max_deviation < 0.01
    _same_cells(district, cells)


@pytest.mark.parametrize("epsg, projection", [
    (4548, {}),                          # 3° CM 117E, no prefix
    (4527, {}),                          # 3° zone 39, prefixed
    (4509, {}),                          # 6° CM 117E, no prefix
    (4498, {}),                          # 6° zone 20, prefixed
    (4490, {}),                          # geographic
])
def test_every_cgcs2000_form_gives_the_same_cells_to_a_centimetre(tmp_path, epsg, projection):
    cells = tiny_cells()
    district = read_survey_grids(write_shapefile(tmp_path / f"g{epsg}.shp", cells, epsg=epsg)).district_map
    _same_cells(district, cells)


def test_a_zone_number_the_prj_does_not_mention_is_recognised_and_removed(tmp_path):
    cells = tiny_cells()
    path = write_shapefile(tmp_path / "prefixed.shp", cells, epsg=4548, add_prefix=39)
    survey = read_survey_grids(path)
    assert "zone number 39" in survey.crs
    _same_cells(survey.district_map, cells)
    stripped = write_shapefile(tmp_path / "stripped.shp", cells, epsg=4527, strip_prefix=True)
    _same_cells(read_survey_grids(stripped).district_map, cells)


def test_without_a_prj_the_zone_comes_from_the_prefix_or_from_crs(tmp_path):
    cells = tiny_cells()
    prefixed = write_shapefile(tmp_path / "a.shp", cells, epsg=4527, prj_epsg=None)
    prefixed.with_suffix(".prj").unlink()
    assert "zone 39" in read_survey_grids(prefixed).crs
    bare = write_shapefile(tmp_path / "b.shp", cells, epsg=4548)
    bare.with_suffix(".prj").unlink()
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(bare)
    assert "--crs" in caught.value.problem
    _same_cells(read_survey_grids(bare, crs="EPSG:4548").district_map, cells)


def test_a_wrong_prj_is_refused_with_what_it_says_and_what_the_data_says(tmp_path):
    cells = tiny_cells()
    geographic = write_shapefile(tmp_path / "geo.shp", cells, epsg=4548, prj_epsg=4490)
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(geographic)
    assert "China Geodetic Coordinate System 2000" in caught.value.problem and "--crs" in caught.value.problem
    other_zone = write_shapefile(tmp_path / "zone.shp", cells, epsg=4527, prj_epsg=4547)   # says CM 114E
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(other_zone)
    assert "zone number 39" in caught.value.problem and "114" in caught.value.problem
    _same_cells(read_survey_grids(other_zone, crs="EPSG:4527").district_map, cells)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])
def test_chinese_attributes_decode_without_a_cpg(tmp_path, encoding):
    path = write_shapefile(tmp_path / "grids.shp", tiny_cells(), encoding=encoding, cpg=False)
    survey = read_survey_grids(path)
    assert survey.district_map.street("990101002").name == "测试2街道"
    assert survey.encoding == ("utf-8" if encoding == "utf-8" else "gb18030")


def test_a_cpg_that_lies_is_an_error_naming_the_feature_not_mojibake(tmp_path):
    path = write_shapefile(tmp_path / "grids.shp", tiny_cells(), encoding="gbk", cpg=False)
    path.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(path)
    assert caught.value.where == "feature 0" and "--encoding" in caught.value.problem
    assert read_survey_grids(path, encoding="gbk").district_map.street("990101001").name == "测试1街道"


@pytest.mark.parametrize("gbk_names", [False, True])
def test_a_zip_with_a_chinese_member_name_is_read(tmp_path, gbk_names):
    shp = write_shapefile(tmp_path / "grids.shp", tiny_cells(), encoding="gbk")
    archive = zip_shapefile(shp, tmp_path / "东城区单元网格.zip", member_stem="东城区单元网格", gbk_names=gbk_names)
    survey = read_survey_grids(archive)
    assert len(survey.district_map.grids) == 16
    assert survey.district_map.community("990101002002").name == "测试2-2社区居委会"


def test_a_zip_with_two_shapefiles_asks_for_a_layer(tmp_path):
    import zipfile

    shp = write_shapefile(tmp_path / "a.shp", tiny_cells())
    archive = zip_shapefile(shp, tmp_path / "two.zip")
    with zipfile.ZipFile(archive, "a") as z:
        for sidecar in ("shp", "shx", "dbf"):
            z.write(shp.with_suffix(f".{sidecar}"), f"copy/b.{sidecar}")
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(archive)
    assert "--layer" in caught.value.problem
    assert len(read_survey_grids(archive, layer="a").district_map.grids) == 16


def test_a_broken_ring_is_named_by_feature_and_nothing_is_imported(tmp_path):
    cells = tiny_cells()
    record, square = cells[5]
    a, b, c, d = square.exterior.coords[:4]
    cells[5] = (record, shapely.Polygon([a, c, b, d]))   # swapped vertices: a bow tie
    with pytest.raises(GridImportErrors) as caught:
        read_survey_grids(write_shapefile(tmp_path / "broken.shp", cells))
    assert any(p.startswith("feature 5 (geometry): invalid polygon: Self-intersection") for p in caught.value.problems)


def test_usual_field_synonyms_and_explicit_fields(tmp_path):
    cells = [({"BGBM": r["BGID"], "SSJD": r["JDMC"], "SSSQ": r["SQMC"]}, p) for r, p in tiny_cells()]
    fields = (("BGBM", "C", 15, 0), ("SSJD", "C", 40, 0), ("SSSQ", "C", 40, 0))
    survey = read_survey_grids(write_shapefile(tmp_path / "syn.shp", cells, fields=fields))
    assert survey.fields == {"code": "BGBM", "street": "SSJD", "community": "SSSQ"}
    assert survey.district_map.street("990101001").name == "测试1街道"
    odd = [({"BH": r["BGBM"], "JD": r["SSJD"]}, p) for r, p in cells]
    path = write_shapefile(tmp_path / "odd.shp", odd, fields=(("BH", "C", 15, 0), ("JD", "C", 40, 0)))
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(path)
    assert "BH, JD" in caught.value.problem and "--field code=" in caught.value.problem
    survey = read_survey_grids(path, fields={"code": "BH", "street": "JD"})
    assert survey.district_map.street("990101002").name == "测试2街道"
    with pytest.raises(InputFileError):
        read_survey_grids(path, fields={"code": "BIANHAO"})


def test_a_code_in_a_numeric_field_keeps_its_digits(tmp_path):
    cells = [({"BGID": int(r["BGID"])}, p) for r, p in tiny_cells()]
    path = write_shapefile(tmp_path / "num.shp", cells, fields=(("BGID", "N", 15, 0),))
    assert sorted(g.code for g in read_survey_grids(path).district_map.grids) == sorted(
        r["BGID"] for r, _ in tiny_cells())


@pytest.mark.parametrize("epsg", [4548, 4490])
def test_a_geopackage_is_read_with_its_own_crs(tmp_path, epsg):
    cells = tiny_cells()
    survey = read_survey_grids(write_geopackage(tmp_path / "grids.gpkg", cells, epsg=epsg))
    assert f"EPSG:{epsg}" in survey.crs
    _same_cells(survey.district_map, cells)
    assert survey.district_map.community("990101001002").name == "测试1-2社区居委会"


def test_unknown_formats_encodings_and_crs_options_are_refused(tmp_path):
    text = tmp_path / "grids.txt"
    text.write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_survey_grids(text)
    path = write_shapefile(tmp_path / "g.shp", tiny_cells())
    with pytest.raises(ValidationError):
        read_survey_grids(path, encoding="klingon")
    with pytest.raises(ValidationError):
        read_survey_grids(path, crs="EPSG:99999999")
    assert np.isfinite(read_survey_grids(path, crs="4548").area_max_deviation)


def test_a_truncated_shapefile_is_an_input_error_not_a_traceback(tmp_path):
    path = write_shapefile(tmp_path / "cut.shp", tiny_cells())
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(path)
    assert "cut.shp" in caught.value.path
    missing = write_shapefile(tmp_path / "nodbf.shp", tiny_cells())
    missing.with_suffix(".dbf").unlink()
    with pytest.raises(InputFileError) as caught:
        read_survey_grids(missing)
    assert ".dbf" in caught.value.problem


def test_gcj02_lon_lat_when_declared_with_crs(tmp_path):
    from commandcenter.geography.datum import from_wgs84

    cells = tiny_cells()
    shifted = [(r, shapely.transform(p, lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], "gcj02"))))
               for r, p in cells]
    path = write_shapefile(tmp_path / "amap.shp", shifted, epsg=None)
    survey = read_survey_grids(path, crs="gcj02")
    assert survey.crs == "gcj02 lon/lat"
    _same_cells(survey.district_map, cells)
