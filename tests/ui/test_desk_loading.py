"""The desk opens before its cases are in: a panel over the window says how far the reading is,
the window keeps answering while the cases are read off the GUI thread, and the queues fill
when they arrive."""
from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from tests.ui.desk_world import desk_args, desk_world

pytestmark = pytest.mark.gui


def test_the_desk_shows_how_far_the_reading_is_and_stays_responsive_until_the_queues_fill(
        qtbot, sqlite_url, tmp_path, monkeypatch):
    import db.snapshot
    from ui.desk.startup import build_desk
    from ui.render import dispose
    from ui.session import open_session

    world = desk_world(sqlite_url, dispatching=4, handling=2)
    monkeypatch.setattr(db.snapshot, "BATCH", 1)            # one progress step per case
    args = desk_args(sqlite_url)
    session = open_session(args, show_progress=False)
    user = next(u for u in session.data.users if u.name == "disp")
    window = build_desk(session, args, user, settings=QSettings(str(tmp_path / "d.ini"), QSettings.Format.IniFormat))
    loading = window.loading
    # The reader (on the feed's thread) waits after each batch until the test lets it go on.
    go_on = threading.Semaphore(0)
    session.source.store.progress.sig_progress.connect(lambda *_: go_on.acquire(timeout=30),
                                                       Qt.ConnectionType.DirectConnection)
    beats = []
    beat = QTimer(interval=5, timeout=lambda: beats.append(1))
    beat.start()
    try:
        session.start()
        window.resize(1600, 900)
        window.show()
        qtbot.waitUntil(lambda: loading.isVisible() and len(loading.shown) > 0)
        assert "1 of 6" in loading.label.text() and loading.bar.value() == 1 and loading.bar.maximum() == 6
        so_far = len(beats)
        qtbot.waitUntil(lambda: len(beats) > so_far + 5)       # the GUI thread runs while the reader waits
        assert window.queues.model("dispatch").rowCount() == 0 and loading.isVisible()
        titles = [window.queues.tabText(i) for i in range(window.queues.count())]
        assert all(title.endswith(" …") for title in titles), titles   # not "Dispatch 0" while it reads
        go_on.release()
        qtbot.waitUntil(lambda: loading.bar.value() == 2)       # the bar advances batch by batch
        for _ in range(10):
            go_on.release()
        qtbot.waitUntil(lambda: not loading.isVisible())
        assert window.queues.model("dispatch").rowCount() == len(world.dispatching)
        assert window.queues.model("handle").rowCount() == len(world.handling)
        assert window.queues.tabText(list(window.queues._models).index("handle")).endswith(f" {len(world.handling)}")
        assert any(text.startswith("Working out deadlines") for text, _, _ in loading.shown)
        assert window.summary.totals()["open"] == len(world.dispatching) + len(world.handling)
        assert gc.isenabled()    # the collector paused while the picture was read and shown runs again
    finally:
        beat.stop()
        for _ in range(10):
            go_on.release()
        session.close()
        dispose(window)


def test_a_desk_started_as_the_desk_command_does_shows_the_cases_its_helper_read(qtbot, sqlite_url, tmp_path):
    """The desk command starts a helper reading the cases first thing; the queues fill from what
    it read, and the desk goes on from there with the live feed."""
    from tests.ui.desk_world import close_desk
    from tests.world import cell_point
    from ui.desk.startup import build_desk
    from ui.read_ahead import read_ahead
    from ui.session import open_session

    world = desk_world(sqlite_url, dispatching=4, handling=2)
    args = desk_args(sqlite_url)
    session = open_session(args, show_progress=False, prefetch=read_ahead(args))
    user = next(u for u in session.data.users if u.name == "disp")
    window = build_desk(session, args, user, settings=QSettings(str(tmp_path / "d.ini"), QSettings.Format.IniFormat))
    try:
        session.start()
        window.show()
        qtbot.waitUntil(lambda: window.queues.model("dispatch").rowCount() == len(world.dispatching), timeout=20_000)
        assert session.source.store.read_by_helper
        assert window.queues.model("handle").rowCount() == len(world.handling)
        lon, lat = cell_point(0)
        reported = world.runtime.service.report("sup", source="supervisor", class_code="E0102",
                                                lon=lon, lat=lat, description="读后新报")
        qtbot.waitUntil(lambda: reported.id in session.picture.cases, timeout=20_000)   # the feed goes on
    finally:
        close_desk(window)
