"""The import-district command's logic: which code and name the district gets."""
import json

import pytest

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.district_import import import_district
from commandcenter.geography.readers import read_divisions
from tests.geography.dongcheng import BOUNDARY_GCJ02, DIVISIONS, dongcheng_map, require_data


def test_code_and_name_come_from_the_boundary_file():
    require_data()
    district = import_district(BOUNDARY_GCJ02, DIVISIONS, "gcj02")
    assert (district.district.code, district.district.name) == ("110101", "东城区")
    assert [g.code for g in district.grids] == [g.code for g in dongcheng_map().grids]


def test_explicit_code_must_agree_with_the_file():
    require_data()
    with pytest.raises(ValidationError, match="is for district 110101"):
        import_district(BOUNDARY_GCJ02, DIVISIONS, "gcj02", district_code="110102")


def test_code_from_divisions_when_the_file_has_none_and_divisions_are_checked_against_it(tmp_path):
    require_data()
    data = json.loads(BOUNDARY_GCJ02.read_text("utf-8"))
    data["features"][0]["properties"] = {}
    boundary = tmp_path / "b.geojson"
    boundary.write_text(json.dumps(data), "utf-8")
    assert import_district(boundary, DIVISIONS, "gcj02", district_name="东城").district.code == "110101"
    with pytest.raises(InputFileError, match="outside district 110102"):
        import_district(boundary, DIVISIONS, "gcj02", district_code="110102")


def test_a_derived_partition_carries_no_real_name_in_a_wrong_place():
    """Dongcheng's 17 real street names in code order would put 和平里 in the middle and 建国门 in
    the west: a generated district keeps the official codes but names its grown areas neutrally,
    and marks them derived."""
    require_data()
    district = import_district(BOUNDARY_GCJ02, DIVISIONS, "gcj02")
    real_names = {name for street in read_divisions(DIVISIONS) for name in
                  [street.name, *(community for _code, community in street.communities)]}
    shown = {s.name for s in district.streets} | {c.name for c in district.communities}
    assert not shown & real_names
    assert [s.name for s in district.streets[:3]] == ["片区01", "片区02", "片区03"]
    assert district.community(district.communities[0].code).name == "片区01-01"
    assert [s.code for s in district.streets] == sorted(s.code for s in read_divisions(DIVISIONS))
    assert len(district.streets) == 17 and len(district.communities) == 169
    assert all(s.derived for s in district.streets) and all(c.derived for c in district.communities)
