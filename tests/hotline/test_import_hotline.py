"""``commandcenter import-hotline``: 12345 exports of several layouts become hotline cases,
once each, located to a community or waiting to be placed; broken rows are listed, not imported."""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

import openpyxl
import pytest

from commandcenter.queues import PLACEMENT_QUEUE
from db.backend import backend
from tests.hotline.world import (CALL_TAKER, HOTLINE_SAMPLE, PASSWORD, PASSWORD_ENV, cli,  # noqa: F401
                                 dongcheng_db, tiny_db)


SIGNED_IN = ("--as", CALL_TAKER, "--password-env", PASSWORD_ENV)


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def _import(url, path, *extra):
    code, out = cli("import-hotline", path, "--as", CALL_TAKER, "--password-env", PASSWORD_ENV, "--db", url,
                    "--format", "json", *extra)
    try:
        return code, json.loads(out.splitlines()[-1])
    except (ValueError, IndexError):
        return code, out


def _cases(url):
    return sorted(backend.open_store(url).load_cases(), key=lambda c: c.id)


def test_the_shared_sample_imports_whole_located_to_communities_and_only_once(dongcheng_db):
    code, summary = _import(dongcheng_db, HOTLINE_SAMPLE)
    assert code == 0, summary
    assert (summary["rows"], summary["created"], summary["unlocated"], summary["rejected"]) == (120, 120, 0, [])
    assert summary["located_to"] == {"community": 120}
    cases = _cases(dongcheng_db)
    district = backend.load_district_map(backend.open_store(dongcheng_db))
    with open(HOTLINE_SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = {r["工单编号"]: r for r in csv.DictReader(f)}
    for case in cases:
        row = rows[case.external_number]
        assert case.source.value == "hotline" and not case.needs_placement
        assert district.community(case.community_code).name.startswith(row["村/社区"].removesuffix("社区"))
        assert district.grid(case.grid_code).community_code == case.community_code
        assert case.reporter_name == row["来电人"] and case.reporter_phone == row["来电人电话"]
    code, again = _import(dongcheng_db, HOTLINE_SAMPLE)
    assert code == 0 and (again["created"], again["already_imported"]) == (0, 120)
    assert len(_cases(dongcheng_db)) == 120


def _xlsx(path, header, rows, title=True, footer=True):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["东城区12345市民服务热线工单明细表"])
        sheet.append(["导出时间：2026-11-30"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if footer:
        sheet.append([])
        sheet.append(["合计", f"{len(rows)} 件"])
        sheet.append(["制表人：张三"])
    workbook.save(path)
    return path


HEADER = ["序号", "热线单号", "诉求类型", "诉求内容", "区交办时间", "区交办办结期限", "诉求详细地址",
          "被反映街乡镇", "村/社区", "紧急程度", "求助人员", "求助号码", "工单性质"]


def _row(n, number, *, kind="城市管理/市容环境/暴露垃圾", content="路边有暴露垃圾", when=46351.375,
         deadline="2026年12月3日 17时30分", address="地铁站A口", street="测试1街道", community="测试1-2社区",
         urgency="一般", name="王先生", phone="138****5678", nature="主办"):
    return [n, number, kind, content, when, deadline, address, street, community, urgency, name, phone, nature]


def test_an_xlsx_with_title_footer_serial_dates_duplicates_and_broken_rows(tiny_db, tmp_path):
    rows = [
        _row(1, "2611300000001"),
        _row(2, "2611300000002", when="2026/11/30 9:05", urgency="紧急", kind="市政->供排水->积水",
             content="雨后积水", community="测试1-2社区居委会"),
        _row(3, "2611300000001"),                                        # repeated in the file
        _row(4, "", content="没有单号"),                                  # broken: no number
        _row(5, "2611300000005", content=""),                            # broken: no content
        _row(6, "2611300000006", when="下周一"),                          # broken: no date
        _row(7, "2611300000007", kind="教育->学校->招生"),                 # no class for this type
        _row(8, "2611300000008", community="", address="", street="测试1街道"),   # street only: 待定位
        _row(9, "2611300000009", community="", address="某小区门口", street="",
             content="北京市 测试2街道测试2-1社区 门口有垃圾"),              # found in the text
        _row(10, "2611300000010", community="", address="", street="", phone="匿名"),  # nowhere: 待定位
    ]
    path = _xlsx(tmp_path / "工单.xlsx", HEADER, rows)
    code, summary = _import(tiny_db, path)
    assert code == 1, summary              # rows were rejected: a script must notice
    assert summary["rows"] == 10 and summary["created"] == 5 and summary["duplicates_in_file"] == 1
    assert summary["duplicates"] == [{"row": 6, "order_number": "2611300000001", "first_row": 4}]
    assert [r["row"] for r in summary["rejected"]] == [7, 8, 9, 10]
    reasons = " | ".join(r["reason"] for r in summary["rejected"])
    assert "order number" in reasons and "content" in reasons and "下周一" in reasons and "招生" in reasons
    assert summary["unlocated"] == 2 and summary["located_to"] == {"community": 3, "street": 1, "district": 1}
    cases = {c.external_number: c for c in _cases(tiny_db)}
    first = cases["2611300000001"]
    assert first.community_code == "990101001002" and not first.needs_placement
    assert first.external_deadline == datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)
    assert cases["2611300000002"].tier.value == "urgent"
    assert cases["2611300000009"].community_code == "990101002001"
    assert cases["2611300000008"].needs_placement and cases["2611300000008"].street_code == \
        cases["2611300000001"].street_code
    nowhere = cases["2611300000010"]
    assert nowhere.needs_placement and nowhere.reporter_phone is None
    assert {c.external_number for c in cases.values() if PLACEMENT_QUEUE.accepts(c)} == {
        "2611300000008", "2611300000010"}
    code, again = _import(tiny_db, path)
    assert again["created"] == 0 and again["already_imported"] == 5


def test_a_gbk_csv_in_a_layout_nobody_foresaw_reads_with_a_saved_mapping(tiny_db, tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["单据", "描述", "类别", "日期", "所在街道", "所在社区"])
        writer.writerow(["A-0001", "小广告满墙", "非法小广告", "20261128093000", "测试2街道", "测试2-2社区"])
    code, out = _import(tiny_db, path)
    assert code == 2 and "--mapping" in out
    mapping = tmp_path / "layout.json"
    mapping.write_text(json.dumps({"order_number": "单据", "content": "描述", "category": "类别",
                                   "assigned_at": "日期", "street": "所在街道", "community": "所在社区"},
                                  ensure_ascii=False), encoding="utf-8")
    code, summary = _import(tiny_db, path, "--mapping", mapping)
    assert code == 0 and summary["created"] == 1 and summary["located_to"] == {"community": 1}
    (case,) = _cases(tiny_db)
    assert case.class_code == "E0201" and case.external_number == "A-0001"


def test_nothing_is_written_when_the_sign_in_fails(tiny_db, tmp_path):
    path = _xlsx(tmp_path / "o.xlsx", HEADER, [_row(1, "2611300000001")])
    code, out = cli("import-hotline", path, "--as", "nobody", "--password-env", PASSWORD_ENV, "--db", tiny_db)
    assert code == 2 and "refused" in out
    assert _cases(tiny_db) == []


def test_files_that_are_not_exports_are_named(tiny_db, tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, out = cli("import-hotline", old, *SIGNED_IN, "--db", tiny_db)
    assert code == 2 and "old.xls" in out and ".xlsx" in out
    headerless = _xlsx(tmp_path / "h.xlsx", ["a", "b", "c"], [[1, 2, 3]], title=False, footer=False)
    code, out = cli("import-hotline", headerless, *SIGNED_IN, "--db", tiny_db)
    assert code == 2 and "h.xlsx" in out and "header" in out


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_the_summary_names_its_counts(tiny_db, tmp_path, fmt):
    path = _xlsx(tmp_path / "s.xlsx", HEADER, [_row(1, "2611300000001"), _row(2, "")])
    code, out = cli("import-hotline", path, *SIGNED_IN, "--db", tiny_db, "--format", fmt)
    assert code == 1
    for word in ("rows", "created", "already_imported", "duplicates_in_file", "unlocated", "rejected"):
        assert word in out
    assert ("row 5" in out) if fmt == "table" else ('"row": 5' in out)
