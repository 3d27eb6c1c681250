"""The pieces of the hotline import: dates as exports write them, complaint types to classes,
division names however they are written."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from commandcenter.catalog import load_catalog
from commandcenter.errors import InputFileError
from commandcenter.geography.gazetteer import DivisionNames, core_name, normalize_text
from commandcenter.hotline.classes import load_complaint_classes
from commandcenter.hotline.orders import parse_when
from tests.world import tiny_district

UTC_0027 = datetime(2026, 11, 25, 0, 27, tzinfo=timezone.utc)     # 08:27 in Beijing


@pytest.mark.parametrize("value", [
    "2026-11-25 08:27:00", "2026/11/25 8:27", "2026.11.25 08:27", "2026年11月25日 08时27分", "2026年11月25日 8:27",
    "20261125082700", "2026-11-25T08:27:00", "2026-11-25T00:27:00+00:00", "２０２６-１１-２５ ０８:２７",
    46351.352083333, "46351.352083333", datetime(2026, 11, 25, 8, 27)])
def test_the_usual_date_forms_give_the_same_moment(value):
    assert parse_when(value) == UTC_0027


def test_dates_without_a_time_and_things_that_are_not_dates():
    assert parse_when("2026-11-25") == datetime(2026, 11, 24, 16, 0, tzinfo=timezone.utc)
    assert parse_when(date(2026, 11, 25)) == parse_when("20261125")
    for text in ("下周一", "", "2026-13-45", "12345", 3.5, "—"):
        assert parse_when(text) is None


def test_complaint_types_find_the_most_specific_class(tmp_path):
    classes = load_complaint_classes(None, load_catalog())
    assert classes.class_of("城市管理->市容环境->暴露垃圾") == "E0102"
    assert classes.class_of("城市管理/街面秩序/无照经营游商") == "E0401"
    assert classes.class_of("市政 > 供排水 > 积水") == "E0503"
    assert classes.class_of("城市管理->市容环境->某种新问题") is None
    table = tmp_path / "classes.csv"
    table.write_text("category,class_code\n# comment\n市政->道路->道路破损,E0601\n道路破损,E0502\n*,E0104\n",
                     encoding="utf-8")
    mine = load_complaint_classes(table, load_catalog())
    assert mine.class_of("市政->道路->道路破损") == "E0601"       # the longer path wins
    assert mine.class_of("其他->道路破损") == "E0502"
    assert mine.class_of("教育->招生") == "E0104"                  # the * row
    table.write_text("category,class_code\n道路破损,X9999\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_complaint_classes(table, load_catalog())
    assert "X9999" in caught.value.problem


def test_names_are_compared_without_prefixes_suffixes_and_full_width_forms():
    assert normalize_text("北京市 东城区　东四街道", "东城区") == "东四街道"
    assert core_name("史家社区居委会", ("社区居委会", "社区")) == core_name("史家社区", ("社区居委会", "社区")) == "史家"
    names = DivisionNames(tiny_district())
    assert names.street_code("测试1街道办事处") == "990101001"
    assert names.community_code("测试2-1社区居委会") == "990101002001"
    placed = names.place(None, None, "北京市测试区测试2街道测试2-2社区门口")
    assert (placed.precision, placed.community_code) == ("community", "990101002002")
    assert names.place("测试1街道", "不存在的社区").precision == "street"
    assert not names.place(None, None, "天安门").is_located
