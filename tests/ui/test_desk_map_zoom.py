"""A dispatcher works down the queue: twenty selections in a row, the map follows each case and the
zoom the operator chose stays as it was; Ctrl+0 brings the whole district back. Read from the real
map page, not from the calls the desk makes."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from tests.ui.desk_world import CLASSES, close_desk, open_desk  # noqa: E402
from tests.world import build_world, cell_point  # noqa: E402
from tests.widgets.test_map_view import js, settle  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def desk(qtbot, sqlite_url, tmp_path):
    service = build_world(sqlite_url).service
    for i in range(24):   # the tiny district has 16 cells: some share one
        lon, lat = cell_point(i % 16)
        case = service.report("sup", source="supervisor", class_code=CLASSES[i % len(CLASSES)][0],
                              lon=lon, lat=lat, description=f"测试案件 {i}")
        service.act("taker", case.id, "accept")
        service.act("leader", case.id, "register")
    window = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    qtbot.waitUntil(window.map_view.is_ready, timeout=30_000)
    settle(window.map_view)
    yield window
    close_desk(window)


def _view(window) -> dict:
    return js(window.map_view.findChild(QWebEngineView), "ccMap.probe.view()")


def test_twenty_selections_in_a_row_keep_the_zoom_and_centre_each_case(qtbot, desk):
    model, view = desk.queues.model("dispatch"), desk.queues.view("dispatch")
    assert model.rowCount() >= 21
    district_zoom = _view(desk)["zoom"]
    # The operator closes in on a street block first; that zoom is theirs to keep.
    first = desk.session.picture.cases[model.case_id_at(0)]
    desk.map_view.fit_bounds(first.lon - 0.0008, first.lat - 0.0006, first.lon + 0.0008, first.lat + 0.0006)
    settle(desk.map_view)
    chosen_zoom = _view(desk)["zoom"]
    assert chosen_zoom > district_zoom
    for row in range(1, 21):
        case_id = model.case_id_at(row)
        view.selectRow(row)
        qtbot.waitUntil(lambda: desk.presenter.selected == case_id)
        settle(desk.map_view)
        shown = _view(desk)
        case = desk.session.picture.cases[case_id]
        assert shown["zoom"] == chosen_zoom, f"selection {row} changed the zoom"
        assert (shown["lon"], shown["lat"]) == pytest.approx((case.lon, case.lat), abs=2e-4), \
            f"selection {row} did not centre case {case.number}"
    # Ctrl+0 asks for the whole district: the map zooms out to fit it.
    qtbot.keyClick(desk, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    settle(desk.map_view)
    qtbot.waitUntil(lambda: _view(desk)["zoom"] == district_zoom, timeout=10_000)
