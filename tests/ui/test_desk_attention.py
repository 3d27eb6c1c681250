"""The desk's title and badge count the new urgent cases nobody has looked at yet; selecting one
reads it. The chime can be switched off, and the choice is kept."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from tests.world import cell_point  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def test_unread_urgent_cases_are_counted_in_the_title_and_badge_until_selected(qtbot, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=2, handling=0)
    desk = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    try:
        title = desk.windowTitle()
        assert not desk.urgent_badge.isVisibleTo(desk)
        service = world.service()
        lon, lat = cell_point(6)
        first = service.report("sup", source="supervisor", class_code="E0101", lon=lon, lat=lat,
                               description="燃气泄漏", tier="urgent")
        qtbot.waitUntil(lambda: desk.windowTitle().startswith("(1 urgent)"), timeout=5000)
        second = service.report("sup", source="supervisor", class_code="E0101", lon=lon, lat=lat,
                                description="路面塌陷", tier="urgent")
        qtbot.waitUntil(lambda: desk.windowTitle().startswith("(2 urgent)"), timeout=5000)
        assert desk.urgent_badge.isVisibleTo(desk) and desk.urgent_badge.text() == "Urgent 2"
        intake = desk.queues.model("intake")
        assert [intake.case_id_at(0), intake.case_id_at(1)] == [first.id, second.id]   # on top, by time left
        desk.urgent_badge.click()                                         # opens the newest
        assert desk.presenter.selected == second.id and desk.queues.current_queue() == "intake"
        assert desk.windowTitle().startswith("(1 urgent)")
        desk.presenter.select_case(first.id)
        assert desk.windowTitle() == title and not desk.urgent_badge.isVisibleTo(desk)
    finally:
        close_desk(desk)


def test_the_chime_setting_is_kept_and_a_trainee_desk_has_its_own(qtbot, sqlite_url, tmp_path):
    desk_world(sqlite_url, dispatching=1, handling=0)
    desk = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    try:
        assert desk.sound_action.isChecked() and desk.attention.sound_enabled
        desk.sound_action.setChecked(False)
        assert not desk.attention.sound_enabled
        desk.set_sound_key("desk/training/urgent_sound")     # what build_desk does for --training
        assert desk.attention.sound_enabled and desk.sound_action.isChecked()
    finally:
        close_desk(desk)
    desk = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    try:
        assert not desk.attention.sound_enabled and not desk.sound_action.isChecked()
    finally:
        close_desk(desk)
