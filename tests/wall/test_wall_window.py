"""The wall as a leader sees it: the KPI command's numbers, type readable across the room, heat
switch, pin and step, early-warning cells, the freshness badge, and no action anywhere."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMenu  # noqa: E402

from commandcenter.cli import main as cli_main  # noqa: E402
from commandcenter.clock import local  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.screen_texts import page_text  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.wall.presenter import local_midnight  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from commandcenter.kpi_asof import MIN_RATE_DENOMINATOR  # noqa: E402
from widgets.kpi_tile import format_value  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture(scope="module")
def wall(qapp, world):
    from ui.render import wait

    session = loaded_session(world.url, at=world.now)
    window = build_wall(session, wall_args(world.url))
    window.resize(1920, 1080)
    window.show()
    assert wait(window.map.is_ready, 30)
    yield window
    window.close()
    window.deleteLater()


def map_state(qtbot, wall) -> dict:
    from PySide6.QtWebEngineWidgets import QWebEngineView

    result = []
    wall.map.findChild(QWebEngineView).page().runJavaScript("JSON.stringify(ccMap.probe.state())", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return json.loads(result[0])


def test_kpi_tiles_show_what_the_kpi_command_prints(capsys, wall, world):
    argv = ["kpi", "--db", world.url, "--from", local(local_midnight(world.now)).isoformat(),
            "--to", local(world.now).isoformat(), "--format", "json"]
    assert cli_main(argv, backend) == 0
    [row] = json.loads(capsys.readouterr().out)["rows"]
    shown = {key: tile.number_text() for key, tile in wall.kpis.tiles.items()}
    # a rate over fewer than MIN_RATE_DENOMINATOR cases reads as its counts, as "3 / 4 due to close"
    rate = row["on_time_closing_rate"]
    # (or while fewer than that were closed on time: the night's backlog is no collapse)
    as_rate = row["due_to_close"] >= MIN_RATE_DENOMINATOR and row["closed_on_time"] >= MIN_RATE_DENOMINATOR
    expected_rate = (format_value(rate, True) if as_rate
                     else f"{row['closed_on_time']} / {row['due_to_close']} due to close")
    rate_tile = wall.kpis.tiles["on_time_closing_rate"]
    if not as_rate and shown["on_time_closing_rate"] != expected_rate:   # too wide whole: the word goes below
        assert shown["on_time_closing_rate"] == f"{row['closed_on_time']} / {row['due_to_close']}"
        assert rate_tile.change_text().startswith("due to close")
        shown["on_time_closing_rate"] = expected_rate
    assert shown == {**{key: format_value(row[key], False) for key in shown if not key.endswith("_rate")},
                     "on_time_closing_rate": expected_rate}
    assert len(shown) == 6


def test_nothing_on_the_wall_can_be_clicked_to_act(wall):
    assert not [w for w in wall.findChildren(QAbstractButton) if w.isVisible()]
    assert not [w for w in wall.findChildren(QLineEdit) if w.isVisible()]
    assert not wall.findChildren(QMenu)


def test_h_switches_the_heat_between_open_and_overdue_cases(qtbot, wall):
    QTest.keyClick(wall, Qt.Key.Key_H)   # the map's legend names the heat (its title may lack room)
    qtbot.waitUntil(lambda: map_state(qtbot, wall)["legendTitle"] == "Overdue cases per grid", timeout=5000)
    QTest.keyClick(wall, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: map_state(qtbot, wall)["legendTitle"] == "Open cases per grid", timeout=5000)


def test_p_pins_the_view_and_the_arrows_step_through_the_streets(wall):
    assert wall.tour.current.key == "district"
    QTest.keyClick(wall, Qt.Key.Key_P)
    assert wall.tour.pinned and "pinned" in wall.panels["map"].title()
    QTest.keyClick(wall, Qt.Key.Key_Right)
    street = wall.tour.current.key
    assert street == wall.context.district_map.streets[0].code
    assert wall.context.street_name(street) in wall.panels["map"].title()
    QTest.keyClick(wall, Qt.Key.Key_Left)
    QTest.keyClick(wall, Qt.Key.Key_P)
    assert wall.tour.current.key == "district" and not wall.tour.pinned


def test_the_early_warning_cell_is_flagged_and_named_first_in_the_ticker(qtbot, wall, world):
    qtbot.waitUntil(lambda: map_state(qtbot, wall)["flagged"] >= 1, timeout=5000)
    first_tag, first_text = wall.ticker.visible_texts()[:2]
    assert first_tag == "Early warning" and "5 reports in 3 h" in first_text
    assert "Early warning" in page_text(qtbot, wall.map)


def test_urgent_cases_are_drawn_as_markers(qtbot, wall, world):
    qtbot.waitUntil(lambda: map_state(qtbot, wall)["markers"] == len(world.urgent_ids), timeout=5000)


def test_the_badge_says_since_when_the_data_is_delayed(wall):
    picture = wall.session.picture
    picture.mark_feed(True)
    last_ok = picture.feed_ok_at
    picture.mark_feed(False)
    assert wall.header.freshness.text() == f"● Data delayed since {local(last_ok):%H:%M}"
    picture.mark_feed(True)
    assert wall.header.freshness.text() == "● Live"


@pytest.mark.parametrize("size, screens_high", [((3840, 2160), 1), ((5760, 1080), 1)])
def test_kpi_numbers_are_at_least_six_percent_of_a_screen_high(qtbot, wall, size, screens_high):
    wall.resize(*size)
    qtbot.waitUntil(lambda: wall.width() == size[0], timeout=2000)
    screen_height = size[1] / screens_high
    for key, tile in wall.kpis.tiles.items():
        qtbot.waitUntil(lambda: tile.number_pixel_size() >= min(0.06 * screen_height, wall.text_px), timeout=2000)
        if "/" not in tile.number_text():   # "3 / 4 应结案" is shrunk to its tile, never below legible
            assert tile.number_pixel_size() >= 0.06 * screen_height, (key, tile.number_text())
    assert wall.layout_name() == ("3x1" if size[0] > 4 * size[1] else "1x1")
    wall.resize(1920, 1080)


def test_the_wall_names_the_years_whose_holidays_are_estimated(wall, world):
    calendar = wall.context.calendar
    missing = calendar.official_calendar_missing(calendar.years_in_use(world.now))
    label = wall.header.calendar_warning
    assert label.isVisible() == bool(missing)
    assert all(str(year) in label.text() for year in missing)
    wall.header.show_calendar_warning([2027])
    assert label.isVisible() and "2027" in label.text()
    wall.header.show_calendar_warning([])
    assert not label.isVisible()


def test_the_walls_legend_says_the_partition_is_derived(qtbot, wall):
    """The wall's district (like a generated real one) has derived streets and communities."""
    assert wall.context.district_map.streets[0].derived
    qtbot.waitUntil(lambda: "derived partition, not surveyed" in page_text(qtbot, wall.map), timeout=5000)
