"""The class catalog a city edits: the shipped file, and clear errors when an edit breaks it."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from commandcenter.catalog import DEFAULT_CATALOG_PATH, STAGES, TIERS, load_catalog
from commandcenter.errors import InputFileError, ValidationError
from commandcenter.worktime import TimeLimit, WorkCalendar

CATALOG = load_catalog()

# Every class the domain brief names, by its Chinese name.
NAMED_IN_DOMAIN = {
    "component": ["上水井盖", "污水井盖", "雨水井盖", "电力井盖", "燃气井盖", "通信井盖", "路灯", "电话亭", "消火栓",
                  "交通标志牌", "护栏", "公交站亭", "过街天桥", "公共厕所", "垃圾箱", "广告牌", "行道树", "绿地",
                  "雕塑", "古树名木", "宣传栏", "人防工事", "施工工地", "危险源"],
    "event": ["私搭乱建", "暴露垃圾", "道路不洁", "水域不洁", "非法小广告", "违规户外广告", "施工噪音", "占道施工",
              "施工扬尘", "无照经营游商", "店外经营", "占道经营", "乞讨卖艺", "非法营运", "供水管爆裂", "道路塌陷",
              "道路积水", "火灾"],
}


def names(kind: str) -> set[str]:
    return {small.zh for small in CATALOG.small_classes(kind=kind)}


# The shipped file -------------------------------------------------------------------------

def test_shipped_catalog_has_every_class_the_domain_names():
    for kind, wanted in NAMED_IN_DOMAIN.items():
        assert set(wanted) <= names(kind), set(wanted) - names(kind)
    assert 50 <= len(CATALOG.small_classes()) <= 80


def test_big_classes_follow_the_national_coding():
    components = {code: big.zh for code, big in CATALOG.big_classes.items() if big.kind == "component"}
    events = {code: big.zh for code, big in CATALOG.big_classes.items() if big.kind == "event"}
    assert components == {"01": "公用设施", "02": "道路交通", "03": "市容环境", "04": "园林绿化",
                          "05": "房屋土地", "06": "其他"}
    assert sorted(events.values()) == sorted(["市容环境", "宣传广告", "施工管理", "街面秩序", "突发事件", "其他"])
    assert all(code.startswith("E") for code in events)


def test_class_codes_start_with_their_big_class():
    manhole = CATALOG.small_class("0101")
    assert (manhole.zh, manhole.kind, manhole.big, manhole.department) == ("上水井盖", "component", "01", "zlsw")
    for small in CATALOG.small_classes():
        assert small.code.startswith(small.big) and len(small.code) == len(small.big) + 2
    assert [s.big for s in CATALOG.small_classes(big="E05")] == ["E05"] * len(CATALOG.small_classes(big="E05"))


def test_departments_include_the_agencies_and_utilities_cases_go_to():
    expected = {"cgzf": "城管执法局", "szsr": "市政市容委", "ylyh": "园林绿化局", "jtw": "交通委", "swj": "水务局",
                "zjw": "住建委", "gaj": "公安分局", "jdb": "街道办事处", "gdgs": "供电公司", "rqgs": "燃气公司",
                "txgs": "通信公司"}
    for key, zh in expected.items():
        assert CATALOG.departments[key].zh == zh
    assert "zlsw" in CATALOG.departments


def test_every_class_has_conditions_and_a_usable_frequency():
    for small in CATALOG.small_classes():
        assert small.register_condition and small.close_condition and small.en
        assert small.handle_hours_median > 0
    weight = {small.zh: small.weight for small in CATALOG.small_classes()}
    common = ["暴露垃圾", "非法小广告", "无照经营游商", "道路不洁"]
    rare = ["道路塌陷", "火灾", "古树名木", "人防工事"]
    assert min(weight[name] for name in common) > 20 * max(weight[name] for name in rare)


def test_published_handling_limits():
    by_name = {small.zh: small.code for small in CATALOG.small_classes()}
    assert str(CATALOG.limit(by_name["暴露垃圾"], "general", "handle")) == "4wh"
    assert str(CATALOG.limit(by_name["道路不洁"], "general", "handle")) == "2wh"
    assert str(CATALOG.limit(by_name["道路积水"], "general", "handle")) == "4wh"
    assert str(CATALOG.limit(by_name["绿地"], "general", "handle")) == "5wd"
    assert str(CATALOG.limit(by_name["私搭乱建"], "general", "handle")) == "7wd"
    assert str(CATALOG.limit(by_name["私搭乱建"], "difficult", "handle")) == "15wd"


def test_urgent_is_fastest_and_on_natural_hours_difficult_is_slowest():
    calendar = WorkCalendar()
    monday_morning = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    for small in CATALOG.small_classes():
        for stage in STAGES:
            limits = {tier: CATALOG.limit(small.code, tier, stage) for tier in TIERS}
            assert limits["urgent"].unit == "hours", (small.code, stage)
            due = {tier: calendar.add(monday_morning, limit) for tier, limit in limits.items()}
            assert due["urgent"] <= due["general"] < due["difficult"], (small.code, stage, limits)


def test_stages_without_a_class_limit_use_the_stage_default():
    illegal_structure = "E0101"
    assert CATALOG.limit(illegal_structure, "general", "check") == TimeLimit.parse("1wd")
    assert CATALOG.limit("E0102", "general", "check") == CATALOG.stages["check"].default_limits["general"]
    assert list(CATALOG.stage_limits("E0102", "urgent")) == list(STAGES)


def test_unknown_class_tier_or_stage_is_a_validation_error():
    with pytest.raises(ValidationError) as caught:
        CATALOG.small_class("9999")
    assert caught.value.field == "class_code" and caught.value.value == "9999"
    with pytest.raises(ValidationError) as caught:
        CATALOG.limit("0101", "routine", "handle")
    assert caught.value.field == "tier"
    with pytest.raises(ValidationError) as caught:
        CATALOG.limit("0101", "general", "evaluate")
    assert caught.value.field == "stage"


# Broken edits ---------------------------------------------------------------------------

def shipped() -> dict:
    return json.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


def write(tmp_path, document: dict | str):
    path = tmp_path / "classes.json"
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        load_catalog(path)
    assert caught.value.path == str(path)
    return caught.value


def test_json_syntax_error_names_the_line(tmp_path):
    text = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1', 1)
    error = load_error(write(tmp_path, text))
    assert "line 4" in error.where and "JSON" in error.problem


def test_unknown_department_names_the_class(tmp_path):
    document = shipped()
    document["small_classes"][1]["department"] = "nobody"
    error = load_error(write(tmp_path, document))
    assert "'0102'" in error.where and error.where.endswith(".department") and "nobody" in error.problem


def test_bad_limit_text_names_the_json_path(tmp_path):
    document = shipped()
    document["small_classes"][2]["limits"]["handle"]["general"] = "4 hours"
    error = load_error(write(tmp_path, document))
    assert error.where == "small_classes[2] (code '0103').limits.handle.general"
    assert "4 hours" in error.problem


def test_duplicate_class_code_names_both_places(tmp_path):
    document = shipped()
    document["small_classes"][5]["code"] = document["small_classes"][4]["code"]
    error = load_error(write(tmp_path, document))
    assert "small_classes[5]" in error.where and "small_classes[4]" in error.problem


def test_duplicate_department_key_names_the_line(tmp_path):
    text = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8")
    line = '    "jdb": {"zh": "街道办事处", "en": "Sub-district Office"},\n'
    assert line in text
    text = text.replace(line, line + line, 1)
    repeated_at = text.splitlines().index(line.rstrip("\n")) + 2
    error = load_error(write(tmp_path, text))
    assert error.where == f"line {repeated_at}" and "jdb" in error.problem


def test_missing_field_names_the_class_and_field(tmp_path):
    document = shipped()
    del document["small_classes"][10]["close_condition"]
    error = load_error(write(tmp_path, document))
    assert "small_classes[10]" in error.where and "close_condition" in error.problem


def test_missing_handle_limit_for_a_tier_is_reported(tmp_path):
    document = shipped()
    del document["small_classes"][0]["limits"]["handle"]["difficult"]
    error = load_error(write(tmp_path, document))
    assert error.where == "small_classes (code '0101').limits.handle.difficult"


def test_class_in_the_wrong_big_class_is_reported(tmp_path):
    document = shipped()
    document["small_classes"][0]["big"] = "E01"
    error = load_error(write(tmp_path, document))
    assert "'0101'" in error.where


def test_missing_file_is_reported(tmp_path):
    error = load_error(tmp_path / "nowhere.json")
    assert "not found" in error.problem


def test_stage_default_for_an_unknown_tier_is_reported(tmp_path):
    document = shipped()
    document["stages"]["verify"]["limits"]["routine"] = "1wh"
    error = load_error(write(tmp_path, document))
    assert error.where == "stages.verify.limits.routine"
