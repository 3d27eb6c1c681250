import pytest

from commandcenter.errors import ValidationError
from commandcenter.geography.codes import (
    grid_code_parts,
    make_grid_code,
    normalize_community_code,
    normalize_district_code,
    normalize_street_code,
    parse_component_code,
    parse_grid_code,
)


def test_beijing_grid_code_is_kept_and_split_into_its_levels():
    parts = grid_code_parts("110101001001017")
    assert (parts.district_code, parts.street_code, parts.community_code, parts.sequence) == (
        "110101", "110101001", "110101001001", 17)


def test_national_14_digit_grid_code_becomes_15_digits():
    assert parse_grid_code("11010100100117") == "110101001001017"
    assert parse_grid_code(" 11010100100199 ") == "110101001001099"


@pytest.mark.parametrize("text, problem", [
    ("1101010010010", "15 digits"),
    ("11010100100101a", "only the digits"),
    ("110101001001000", "sequence 000"),
    ("110101001000017", "community number 000"),
    (110101001001017.0, "string of digits"),
])
def test_bad_grid_codes_name_the_field_and_say_why(text, problem):
    with pytest.raises(ValidationError) as caught:
        parse_grid_code(text, field="网格编码")
    assert caught.value.field == "网格编码"
    assert problem in caught.value.problem


def test_statistical_street_rows_become_9_digit_street_codes():
    assert normalize_street_code("110101001000") == "110101001"
    assert normalize_street_code("110101001") == "110101001"
    with pytest.raises(ValidationError, match="looks like a community"):
        normalize_street_code("110101001001")


def test_community_and_district_codes_are_checked():
    assert normalize_community_code("110101001001") == "110101001001"
    with pytest.raises(ValidationError, match="street row"):
        normalize_community_code("110101001000")
    assert normalize_district_code("990101") == "990101"
    with pytest.raises(ValidationError, match="not a district"):
        normalize_district_code("110100")


def test_grid_sequence_outside_three_digits_is_refused():
    assert make_grid_code("110101001001", 7) == "110101001001007"
    with pytest.raises(ValidationError, match="1..999"):
        make_grid_code("110101001001", 1000)


def test_component_code_splits_into_district_classes_and_serial():
    code = parse_component_code("1101010101000001")
    assert (code.district_code, code.big_class, code.small_class, code.serial) == ("110101", "01", "01", "000001")
    assert code.class_code == "0101"
    assert code.code == "1101010101000001"


@pytest.mark.parametrize("text, problem", [
    ("110101010100001", "16 digits"),
    ("1101010001000001", "big class 00"),
    ("1101010100000001", "small class 00"),
    ("1101010101000000", "serial 000000"),
])
def test_bad_component_codes_are_refused(text, problem):
    with pytest.raises(ValidationError, match=problem) as caught:
        parse_component_code(text)
    assert caught.value.field == "component_code"
