"""The queue filters' chips (the map's grid filter, a clicked number's drill-down) on a big
district: a long place name is elided on the chip, whole in its tooltip, and never makes the
queue panel wider (which would squeeze the map beside it)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from tests.widgets.desk_helpers import at, make_world
from tests.widgets.fit_checks import settle
from tests.world import LONG_COMMUNITY, LONG_STREET, long_named_district
from widgets.queue_table import QueueTabs

pytestmark = pytest.mark.gui


@pytest.fixture(params=["en", "zh"])
def world(request):
    return make_world(lang=request.param, district=long_named_district())


@pytest.fixture
def desk(qtbot, world):
    """The queues docked left of a stand-in for the map, as on the desk, at 1600×900."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())
    dock = QDockWidget("Queues", window)
    dock.setWidget(QueueTabs(world.signals, world.context))
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.resize(1600, 900)
    window.show()
    window.resizeDocks([dock], [600], Qt.Orientation.Horizontal)
    settle()
    return window, dock, dock.widget()


def test_a_grid_with_a_long_place_name_does_not_widen_the_queues(desk, world):
    window, dock, tabs = desk
    case_id = world.waiting_for_dispatch(registered=at(9, 0))
    grid = world.picture.cases[case_id].grid_code
    width = dock.width()
    chip = tabs._filter_bar.grid_chip
    tabs.set_grid_filter(grid)
    settle()
    place = f"{LONG_STREET}1 · {LONG_COMMUNITY}1 · {grid}"
    assert len(place) >= 60
    assert dock.width() == width and window.centralWidget().width() >= 1600 - width - 20
    assert chip.isVisible() and place in chip.text() and place in chip.toolTip()
    shown = chip.shown_text()
    assert "…" in shown and shown.endswith("✕") and chip.fontMetrics().horizontalAdvance(shown) <= chip.width()
    assert shown.split(" ")[0] == chip.text().split(" ")[0]          # "Grid" / "网格" stays readable
    assert chip.geometry().right() <= tabs.width()
    chip.click()
    settle()
    assert not chip.isVisible() and tabs._filter_bar.grid is None and dock.width() == width


def test_a_long_drill_down_label_does_not_widen_the_queues(desk, world):
    window, dock, tabs = desk
    case_id = world.waiting_for_dispatch(registered=at(9, 0))
    width = dock.width()
    label = f"overdue · {LONG_STREET}1 · {LONG_COMMUNITY}1 · {world.context.queue_name('dispatch')}"
    tabs.drill_down([case_id], label)
    settle()
    chip = tabs._filter_bar.drill_chip
    assert dock.width() == width
    assert tabs.drill_label == chip.text() and label in tabs.drill_label and label in chip.toolTip()
    assert "…" in chip.shown_text() and chip.shown_text().endswith("✕")
    assert chip.fontMetrics().horizontalAdvance(chip.shown_text()) <= chip.width()
    # both chips at once share the row, each still readable at its start
    tabs.set_grid_filter(world.picture.cases[case_id].grid_code)
    settle()
    grid_chip = tabs._filter_bar.grid_chip
    assert dock.width() == width
    assert not grid_chip.geometry().intersects(chip.geometry())
    assert max(grid_chip.geometry().right(), chip.geometry().right()) <= tabs.width()


def test_a_short_name_is_shown_whole(desk, world):
    _window, _dock, tabs = desk
    tabs.drill_down([world.waiting_for_dispatch()], "open")
    settle()
    chip = tabs._filter_bar.drill_chip
    assert chip.shown_text() == chip.text() and "…" not in chip.shown_text()
