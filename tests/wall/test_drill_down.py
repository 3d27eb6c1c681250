"""Drill-down for leaders: a click on the map goes district → street → community → grid, a click
on a street bar or a department bar selects it; the tiles and charts follow (titled with the
selection, numbers as `kpi --by …` prints them); Esc goes back up."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from commandcenter.cli import main as cli_main  # noqa: E402
from commandcenter.clock import local  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import wall_on_screen  # noqa: E402
from ui.wall.presenter import local_midnight  # noqa: E402
from ui.wall.selection import Selection, child_selection, drill_into_grid  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

GRID = "990101001002002"


def test_a_click_on_a_grid_goes_one_level_down_towards_it():
    street = drill_into_grid(Selection(), GRID)
    assert street == Selection("street", GRID[:9])
    community = drill_into_grid(street, GRID)
    assert community == Selection("community", GRID[:12])
    assert drill_into_grid(community, GRID) == Selection("grid", GRID)
    # a click outside the selected street starts again from the clicked grid's street
    assert drill_into_grid(community, "990101003001001") == Selection("street", "990101003")
    assert child_selection(Selection(), "990101002") == Selection("street", "990101002")
    assert child_selection(Selection("grid", GRID), "x") == Selection("grid", GRID)


def _kpi_by(capsys, world, level: str, code: str) -> dict:
    argv = ["kpi", "--db", world.url, "--from", local(local_midnight(world.now)).isoformat(),
            "--to", local(world.now).isoformat(), "--by", level, "--format", "json"]
    assert cli_main(argv, backend) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    return next((r for r in rows if code in json.dumps(r, ensure_ascii=False)), {})


def _click_row(qtbot, chart, index: int) -> None:
    y = next(y for y in range(chart.height()) if chart.row_at(y) == index)
    with qtbot.waitSignal(chart.sig_row_clicked, timeout=2000):
        QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(chart.width() // 2, y))


@pytest.mark.gui
@pytest.mark.webview
def test_drill_down_from_the_map_and_the_bars_and_back(qtbot, world, capsys):
    wall = wall_on_screen(qtbot, world.url, world.now)
    district_reported = wall.kpis.tiles["reported"].number_text()
    assert wall.selection == Selection()   # one district: the wall opens on it, its streets listed
    assert wall.figures.area_level == "street"

    def refreshed():
        return qtbot.waitSignal(wall.sig_refreshed, timeout=10_000)

    with refreshed():
        wall.map.sig_cell_clicked.emit(world.burst_grid)   # what the map page sends on a click
    street = world.burst_grid[:9]
    assert wall.selection == Selection("street", street)
    name = wall.context.street_name(street)
    for panel in ("hourly", "trend", "ranking", "streets"):
        assert name in wall.panels[panel].title(), panel
    assert name in wall.panels["map"].title() and name in wall.header.title.text()
    assert wall.figures.area_level == "community"   # the area chart lists the street's communities
    row = _kpi_by(capsys, world, "street", street)
    assert wall.kpis.tiles["reported"].number_text() == f"{row.get('reported', 0):,}"

    with refreshed():
        wall.map.sig_cell_clicked.emit(world.burst_grid)
    assert wall.selection == Selection("community", world.burst_grid[:12])
    with refreshed():
        wall.map.sig_cell_clicked.emit(world.burst_grid)
    assert wall.selection == Selection("grid", world.burst_grid)
    assert wall.context.grid_label(world.burst_grid) in wall.panels["trend"].title()

    for expected in (Selection("community", world.burst_grid[:12]), Selection("street", street), Selection()):
        with refreshed():
            QTest.keyClick(wall, Qt.Key.Key_Escape)
        assert wall.selection == expected
    assert wall.kpis.tiles["reported"].number_text() == district_reported
    assert name not in wall.panels["trend"].title()

    # a street bar: the busiest street (first bar)
    busiest = sorted(wall.figures.streets, key=lambda s: (-s.open, s.code))[0].code
    with refreshed():
        _click_row(qtbot, wall.streets, 0)
    assert wall.selection == Selection("street", busiest)
    with refreshed():
        QTest.keyClick(wall, Qt.Key.Key_Escape)

    # a department bar
    index = len(wall.figures.departments) - 1   # the worst: kept when not every row fits
    department = wall.figures.departments[index].code
    with refreshed():
        _click_row(qtbot, wall.ranking, index)
    assert wall.selection == Selection("department", department)
    assert wall.context.department_name(department) in wall.panels["trend"].title()
    wall.close()
    wall.session.close()
