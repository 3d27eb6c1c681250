"""The address gazetteer (地址库): imported with its datum, then hotline orders whose address it
knows are placed at the door plate, before any division name is tried."""
from __future__ import annotations

import csv
import json

import pytest

from commandcenter.geography.datum import from_wgs84
from commandcenter.geography.gazetteer import AddressBook
from db.backend import backend
from tests.hotline.world import CALL_TAKER, PASSWORD, PASSWORD_ENV, cli, tiny_db  # noqa: F401
from tests.world import cell_point, tiny_district


def _address_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["标准地址", "经度", "纬度", "门牌号"])
        writer.writerows(rows)
    return path


def test_addresses_in_gcj02_place_orders_at_their_door_plate(tiny_db, tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    lon, lat = cell_point(6)
    glon, glat = (float(v) for v in from_wgs84(lon, lat, "gcj02"))
    book = _address_csv(tmp_path / "地址库.csv", [["北京市测试区幸福路12号", glon, glat, "12号"],
                                                 ["幸福小区", glon, glat, ""]])
    code, out = cli("import-addresses", book, "--datum", "gcj02", "--local-admin", "--db", tiny_db)
    assert code == 0, out
    assert "2 addresses (1 with a door number)" in out
    stored = backend.addresses(backend.open_store(tiny_db))
    assert stored[0][0] == "北京市测试区幸福路12号" and stored[0][1] == pytest.approx(lon, abs=1e-8)
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["工单编号", "问题分类", "主要内容", "派单时间", "小区点位"])
        writer.writerow(["A1", "暴露垃圾", "门口有垃圾", "2026-11-30 09:00", "测试区幸福路12号东侧"])
    code, out = cli("import-hotline", orders, "--as", CALL_TAKER, "--password-env", PASSWORD_ENV, "--db", tiny_db,
                    "--format", "json")
    assert code == 0, out
    assert json.loads(out.splitlines()[-1])["located_to"] == {"door_plate": 1}
    (case,) = backend.open_store(tiny_db).load_cases()
    assert (case.lon, case.lat) == pytest.approx((lon, lat), abs=1e-8) and not case.needs_placement
    assert case.grid_code == tiny_district().grids[6].code


def test_a_point_outside_the_district_refuses_the_whole_list(tiny_db, tmp_path):
    lon, lat = cell_point(0)
    book = _address_csv(tmp_path / "a.csv", [["幸福路1号", lon, lat, ""], ["幸福路2号", lat, lon, ""],
                                            ["", lon, lat, ""], ["幸福路4号", "东经116", lat, ""]])
    code, out = cli("import-addresses", book, "--datum", "wgs84", "--local-admin", "--db", tiny_db)
    assert code == 2
    assert "row 3 (lon/lat)" in out and "outside the district" in out
    assert "row 4 (address): empty" in out and "row 5 (lon/lat)" in out
    assert backend.addresses(backend.open_store(tiny_db)) == []


def test_the_longest_known_address_in_the_text_wins():
    book = AddressBook([("幸福路12号", 1.0, 2.0, "door_plate"), ("幸福路12号院3号楼", 3.0, 4.0, "door_plate"),
                        ("幸福小区", 5.0, 6.0, "building")], "测试区")
    assert book.find("反映测试区幸福路12号院3号楼门口") == (3.0, 4.0, "door_plate")
    assert book.find("幸福路１２号旁") == (1.0, 2.0, "door_plate")       # full-width digits
    assert book.find("北京市 幸福小区 南门") == (5.0, 6.0, "building")
    assert book.find("别处", None) is None
