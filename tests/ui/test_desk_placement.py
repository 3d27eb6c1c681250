"""待定位 at the desk: a 12345 order found no finer than a street waits in the To place tab of a
call-taker's desk until it is placed (Ctrl+Shift+P), over a real SQLite database."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.queues import DESK_QUEUE_KEYS  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from tests.world import cell_point, tiny_district  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(sqlite_url):
    w = desk_world(sqlite_url, dispatching=1, handling=0)
    lon, lat = cell_point(0)
    case = w.runtime.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                                    description="测试1街道 某处有垃圾", external_number="2611300000001",
                                    needs_placement=True)
    w.waiting = case.id
    return w


def _open(qtbot, world, tmp_path, user):
    window = open_desk(qtbot, world.url, user, tmp_path / f"{user}.ini")
    qtbot.waitUntil(lambda: world.waiting in window.session.picture.cases, timeout=10_000)
    return window


def _tab_title(window, key):
    return window.queues.tabText(DESK_QUEUE_KEYS.index(key))


def _events(world):
    return [e.type for e in world.runtime.store.events_of_case(world.waiting)]


def _placing(qtbot, window, world):
    window.queues.setCurrentIndex(DESK_QUEUE_KEYS.index("placement"))
    assert window.queues.select_case(world.waiting)
    window.presenter.select_case(world.waiting)
    with qtbot.waitSignal(window.placing.sig_form_opened, timeout=5_000) as opened:
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    form = opened.args[0]
    qtbot.waitUntil(form.isActiveWindow, timeout=5_000)
    return form


def test_a_call_taker_places_a_hotline_order_by_grid_code_and_it_leaves_the_tab(qtbot, world, tmp_path):
    window = _open(qtbot, world, tmp_path, "taker")
    try:
        assert window.queues.is_queue_shown("placement")
        assert window.queues.model("placement").row_of(world.waiting) is not None
        assert _tab_title(window, "placement") == "To place 1"
        form = _placing(qtbot, window, world)
        target = tiny_district().grids[13]
        form.grid.setFocus()
        qtbot.keyClicks(form.grid, target.code)
        qtbot.keyClick(form.grid, Qt.Key.Key_Return)
        assert target.code in form.place.text() and "测试" in form.place.text()   # street / community shown
        assert _events(world)[-1] != "place"                                        # nothing written yet
        with qtbot.waitSignal(form.sig_placed, timeout=10_000):
            qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert _events(world)[-1] == "place"
        stored = world.runtime.store.case(world.waiting)
        assert stored.grid_code == target.code and not stored.needs_placement
        qtbot.waitUntil(lambda: window.queues.model("placement").row_of(world.waiting) is None, timeout=10_000)
        assert _tab_title(window, "placement") == "To place 0"
        assert window.queues.model("intake").row_of(world.waiting) is not None   # still waits for intake
        qtbot.waitUntil(lambda: window.placing.form is None)
    finally:
        close_desk(window)


def test_a_bad_grid_code_is_named_in_the_dialog_and_nothing_is_written(qtbot, world, tmp_path):
    before = _events(world)
    window = _open(qtbot, world, tmp_path, "leader")
    try:
        form = _placing(qtbot, window, world)
        form.grid.setFocus()
        qtbot.keyClicks(form.grid, "990101999999999")
        qtbot.keyClick(form.grid, Qt.Key.Key_Return)
        assert "990101999999999" in form.error_text("grid_code")
        assert form.spot is None
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # no place: refused
        assert "grid code" in form.error_text("location")
        assert form.isVisible()
        form.reject()
        assert _events(world) == before
        assert world.runtime.store.case(world.waiting).needs_placement
        assert window.queues.model("placement").row_of(world.waiting) is not None
    finally:
        close_desk(window)


def test_a_community_named_in_the_address_field_is_shown_and_placed(qtbot, world, tmp_path):
    community = tiny_district().communities[3]
    window = _open(qtbot, world, tmp_path, "taker")
    try:
        form = _placing(qtbot, window, world)
        form.address.setText(community.name)   # typed Chinese: keyClicks knows ASCII only
        qtbot.keyClick(form.address, Qt.Key.Key_Return)
        assert community.name in form.place.text() and form.spot.community_code == community.code
        with qtbot.waitSignal(form.sig_placed, timeout=10_000):
            form.save_button.click()
        assert world.runtime.store.case(world.waiting).community_code == community.code
        qtbot.waitUntil(lambda: "To place 0" == _tab_title(window, "placement"), timeout=10_000)
    finally:
        close_desk(window)


def test_a_dispatcher_does_not_see_the_to_place_tab(qtbot, world, tmp_path):
    window = _open(qtbot, world, tmp_path, "disp")
    try:
        assert not window.queues.is_queue_shown("placement")
        assert not window.queues.select_case(world.waiting) or window.queues.current_queue() != "placement"
        assert not window._place_case.isEnabled()
    finally:
        close_desk(window)
