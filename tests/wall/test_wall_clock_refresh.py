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

from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.render import dispose  # noqa: E402
from ui.wall.window import REFRESH_EVERY_MS, build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(tmp_path):
    return wall_world(f"sqlite:///{tmp_path / 'wall.sqlite'}")


def test_a_clock_ticking_faster_than_the_debounce_does_not_hold_back_new_reports(qtbot, world):
    session = loaded_session(world.url, at=world.now)
    wall = build_wall(session, wall_args(world.url))
    try:
        wall.resize(1600, 900)
        wall.show()
        qtbot.waitUntil(wall.map.is_ready, timeout=30_000)
        reported_before = wall.figures.today.reported
        ticks = {"n": 0}

        def tick() -> None:   # the clock moves a simulated second five times a real second
            ticks["n"] += 1
            session.picture.set_time(world.now + timedelta(seconds=ticks["n"]))

        clock = QTimer(interval=200, timeout=tick)
        clock.start()
        writer = build_runtime(open_store(world.url), backend, clock=lambda: world.now - timedelta(minutes=1))
        lon, lat = cell_point(3)
        writer.service.report("sup", source="hotline", class_code="E0101", lon=lon, lat=lat, description="井盖缺失")
        session.picture.apply(session.store.events_after(session.picture.last_seq))
        # well before the periodic refresh would have come round
        qtbot.waitUntil(lambda: wall.figures.today.reported == reported_before + 1, timeout=REFRESH_EVERY_MS // 3)
        clock.stop()
        assert wall.kpis.tiles["reported"].number_text() == str(reported_before + 1)
    finally:
        dispose(wall)
