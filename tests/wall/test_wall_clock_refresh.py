"""A source that moves the picture's clock more often than the wall's refresh debounce (a replay
playing, a soak's simulated clock) still gets its changes drawn at once: each move of the clock
no longer restarts the debounce, which left the wall to its 30-second periodic refresh."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

from tests.wall.wall_world import catch_up, report_from_a_desk  # noqa: E402
from ui.wall.window import REFRESH_EVERY_MS  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def test_a_clock_ticking_faster_than_the_debounce_does_not_hold_back_new_reports(qtbot, own_world, shown_wall):
    wall, session = shown_wall, shown_wall.session
    reported_before = wall.figures.today.reported
    ticks = {"n": 0}

    def tick() -> None:   # the clock moves a simulated second five times a real second
        ticks["n"] += 1
        session.picture.set_time(own_world.now + timedelta(seconds=ticks["n"]))

    clock = QTimer(interval=200, timeout=tick)
    clock.start()
    report_from_a_desk(own_world, 3, "E0101", "井盖缺失", minutes_ago=1)
    catch_up(session)
    # well before the periodic refresh would have come round
    qtbot.waitUntil(lambda: wall.figures.today.reported == reported_before + 1, timeout=REFRESH_EVERY_MS // 3)
    clock.stop()
    assert wall.kpis.tiles["reported"].number_text() == str(reported_before + 1)
