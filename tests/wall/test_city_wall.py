"""The wall of a city (市级平台): a database of two districts opens on the whole city — the area
chart lists the districts, the tiles count both — and a click drills city → district → street →
community → grid, the tiles following as ``kpi --by …`` prints them; Esc goes back up to the city.
The map names the districts at city level. The key part (the city opens, a click drills to a
district whose tiles equal ``kpi --by district``) runs on PostgreSQL too."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from commandcenter.cli import main as cli_main  # noqa: E402
from commandcenter.clock import local  # noqa: E402
from commandcenter.runtime import build_runtime  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.db.test_city_districts import EAST, east_district  # noqa: E402
from tests.wall.wall_world import wall_on_screen  # noqa: E402
from tests.widgets.test_map_view import js  # noqa: E402
from tests.world import FakeClock, build_world  # noqa: E402
from ui.wall.presenter import local_midnight  # noqa: E402
from ui.wall.selection import Selection  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

WEST = "990101"
START = datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc)   # 09:30 in Beijing


def _build_city(url: str):
    """The tiny district and its eastern twin in one database: 2 reports in the west, 5 in the
    east (three of them registered), all this morning."""
    clock = FakeClock(START)
    rt = build_world(url, clock=clock)
    backend.save_district_map(rt.store, east_district(), add=True)
    rt = build_runtime(rt.store, backend, clock=clock)
    grids = {g.code: g for g in rt.district_map.grids}
    plan = [(WEST + "001001001", False), (WEST + "002001001", False)] + [
        (EAST + "001001001", True), (EAST + "001001002", True), (EAST + "001002001", True),
        (EAST + "002001001", False), (EAST + "002002004", False)]
    for code, register in plan:
        clock.advance(minutes=10)
        lon, lat = grids[code].centroid
        case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                 description="暴露垃圾")
        if register:
            rt.service.act("taker", case.id, "accept")
            rt.service.act("leader", case.id, "register")
    clock.advance(minutes=10)
    return url, clock.now


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return _build_city(f"sqlite:///{tmp_path_factory.mktemp('city') / 'city.sqlite'}")


def _kpi(capsys, url, now, by="all", code=None) -> dict:
    argv = ["kpi", "--db", url, "--from", local(local_midnight(now)).isoformat(), "--to", local(now).isoformat(),
            "--by", by, "--format", "json"]
    assert cli_main(argv, backend) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    return rows[0] if code is None else next(r for r in rows if code in json.dumps(r, ensure_ascii=False))


def test_a_city_wall_opens_on_all_districts_and_drills_down_to_a_grid_and_back(qtbot, city, capsys):
    url, now = city
    wall = wall_on_screen(qtbot, url, now)

    # the whole city: both districts counted, the area chart lists the districts by name
    assert wall.selection == Selection("city")
    assert "2 districts" in wall.header.title.text()
    assert wall.figures.area_level == "district"
    assert wall.panels["streets"].title().startswith("Districts")
    assert wall.streets.row_labels() == ["测试东区", "测试区"]   # the most open cases first
    assert "Whole city" in wall.panels["map"].title()
    # the tour: the whole city, each district, then the streets
    assert [stop.key for stop in wall.tour.stops][:3] == ["district", WEST, EAST]
    assert wall.kpis.tiles["reported"].number_text() == str(_kpi(capsys, url, now)["reported"]) == "7"

    def refreshed():
        return qtbot.waitSignal(wall.sig_refreshed, timeout=10_000)

    grid = EAST + "001001002"
    with refreshed():
        wall.map.sig_cell_clicked.emit(grid)   # what the map page sends on a click
    assert wall.selection == Selection("district", EAST)
    for panel in ("hourly", "trend", "ranking", "streets", "map"):
        assert "测试东区" in wall.panels[panel].title(), panel
    assert wall.panels["streets"].title().startswith("Streets")
    row = _kpi(capsys, url, now, "district", EAST)
    assert wall.kpis.tiles["reported"].number_text() == str(row["reported"]) == "5"
    assert wall.kpis.tiles["registered"].number_text() == str(row["registered"]) == "3"

    with refreshed():
        wall.map.sig_cell_clicked.emit(grid)
    assert wall.selection == Selection("street", grid[:9])
    assert "东测试1街道" in wall.panels["trend"].title() and "测试东区 东测试1街道" in wall.header.title.text()
    assert wall.kpis.tiles["reported"].number_text() == str(_kpi(capsys, url, now, "street", grid[:9])["reported"])
    for expected in (Selection("community", grid[:12]), Selection("grid", grid)):
        with refreshed():
            wall.map.sig_cell_clicked.emit(grid)
        assert wall.selection == expected
    assert wall.kpis.tiles["reported"].number_text() == "1"

    for expected in (Selection("community", grid[:12]), Selection("street", grid[:9]), Selection("district", EAST),
                     Selection("city")):
        with refreshed():
            QTest.keyClick(wall, Qt.Key.Key_Escape)
        assert wall.selection == expected
    assert wall.kpis.tiles["reported"].number_text() == "7"
    assert "测试东区" not in wall.panels["trend"].title()

    # a bar of the district chart: the busiest district (the east, 5 open) is the first bar
    y = next(y for y in range(wall.streets.height()) if wall.streets.row_at(y) == 0)
    with refreshed():
        QTest.mouseClick(wall.streets.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(wall.streets.width() // 2, y))
    assert wall.selection == Selection("district", EAST)
    with refreshed():
        QTest.keyClick(wall, Qt.Key.Key_Home)
    assert wall.selection == Selection("city")
    wall.close()
    wall.session.close()


DISTRICT_LABELS = """Array.from(document.querySelectorAll('.cc-label-district span'))
  .filter((s) => s.isConnected && s.style.visibility !== 'hidden').map((s) => s.textContent)"""


def test_the_city_map_names_its_districts_and_a_district_map_does_not(qtbot, city):
    url, now = city
    wall = wall_on_screen(qtbot, url, now)
    wall.map.grab_when_ready(20_000)
    web = wall.map.findChild(QWebEngineView)
    # the whole city: both districts named in large type, over the streets' names
    assert sorted(js(web, DISTRICT_LABELS)) == ["测试东区", "测试区"]
    sizes = js(web, "['.cc-label-district span', '.cc-label-street span'].map((q) => "
                    "parseFloat(getComputedStyle(document.querySelector(q)).fontSize))")
    assert sizes[0] > sizes[1] * 1.4, sizes
    # drilled into one district the map shows that district alone: its streets are named, no district
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
        wall.select(Selection("district", EAST))
    qtbot.waitUntil(lambda: js(web, DISTRICT_LABELS) == [], timeout=10_000)
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
        wall.select(Selection("city"))
    qtbot.waitUntil(lambda: sorted(js(web, DISTRICT_LABELS)) == ["测试东区", "测试区"], timeout=10_000)
    wall.close()
    wall.session.close()


@pytest.mark.pg
def test_on_postgresql_the_city_wall_opens_and_drills_to_a_district_as_kpi_counts(qtbot, pg_url, capsys):
    url, now = _build_city(pg_url)
    wall = wall_on_screen(qtbot, url, now)
    assert wall.selection == Selection("city") and wall.figures.area_level == "district"
    assert wall.streets.row_labels() == ["测试东区", "测试区"]
    assert wall.kpis.tiles["reported"].number_text() == str(_kpi(capsys, url, now)["reported"]) == "7"
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
        wall.map.sig_cell_clicked.emit(EAST + "001001002")
    assert wall.selection == Selection("district", EAST)
    row = _kpi(capsys, url, now, "district", EAST)
    for tile in ("reported", "registered"):
        assert wall.kpis.tiles[tile].number_text() == str(row[tile]), tile
    assert (row["reported"], row["registered"]) == (5, 3)
    wall.close()
    wall.session.close()
