"""The wall's watchdog: a frozen map page is brought back, a feed that went silent is restarted."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import QObject, Signal  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from tests.world import tiny_district  # noqa: E402
from widgets.map.geography import map_geography  # noqa: E402
from ui.wall import watchdog as watchdog_module  # noqa: E402
from ui.wall.watchdog import Watchdog  # noqa: E402
from widgets.map_view import MapView, register_tile_scheme  # noqa: E402

register_tile_scheme()


class SilentFeed(QObject):
    """A feed whose worker got stuck: it reported once, then nothing."""

    sig_health = Signal(bool, str)

    def __init__(self):
        super().__init__()
        self.restarts = 0

    def restart(self) -> None:
        self.restarts += 1


class Clock:
    def __init__(self):
        self.t = 1000.0

    def monotonic(self) -> float:
        return self.t


@pytest.mark.gui
@pytest.mark.webview
def test_a_frozen_map_page_is_reloaded_and_answers_again(qtbot):
    view = MapView(theme="dark")
    qtbot.addWidget(view)
    geography = map_geography(tiny_district())
    view.set_geography(geography.cells, geography.streets, geography.communities, geography.boundary)
    view.resize(800, 600)
    view.show()
    qtbot.waitUntil(view.is_ready, timeout=30_000)
    dog = Watchdog(view, None, interval_ms=100, map_timeout_s=1.0)
    page = view.findChild(QWebEngineView).page()
    first_renderer = page.renderProcessPid()
    dog.start()
    page.runJavaScript("setTimeout(function () { for (;;) {} }, 0)")
    with qtbot.waitSignal(dog.sig_recovered, timeout=20_000) as recovered:
        pass
    assert recovered.args == ["map"]
    answers = []

    def answers_again() -> bool:
        page.runJavaScript("window.ccMap ? 2 : 0", 0, answers.append)
        return 2 in answers

    qtbot.waitUntil(answers_again, timeout=30_000)
    qtbot.waitUntil(view.is_ready, timeout=30_000)
    assert page.renderProcessPid() != first_renderer
    dog.stop()


@pytest.mark.gui
def test_a_silent_feed_is_restarted_but_a_feed_never_started_is_left_alone(qtbot, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(watchdog_module, "time", clock)
    feed, idle = SilentFeed(), SilentFeed()
    holder = QWidget()
    qtbot.addWidget(holder)
    dog = Watchdog(holder, feed, feed_timeout_s=30)
    never_started = Watchdog(holder, idle, feed_timeout_s=30)
    feed.sig_health.emit(False, "server closed the connection")   # reporting, even while down
    clock.t += 29
    dog.check()
    assert feed.restarts == 0
    clock.t += 2
    dog.check()
    never_started.check()
    assert (feed.restarts, idle.restarts, dog.recoveries["feed"]) == (1, 0, 1)
    clock.t += 10
    dog.check()
    assert feed.restarts == 1   # the restarted feed gets its own grace period


@pytest.mark.gui
def test_a_map_page_that_stays_busy_is_given_longer_each_time_not_ended_again_and_again(qtbot, monkeypatch):
    """A big district drawn in software on a busy machine may keep the page from answering for
    longer than the usual wait: after each recovery the watchdog waits twice as long (up to 8×),
    and goes back to the usual wait once the page has answered for five minutes."""
    clock = Clock()
    monkeypatch.setattr(watchdog_module, "time", clock)
    answering, unanswered = [], []

    class Page:
        def runJavaScript(self, _script, _world, callback):
            if answering:
                callback(1)
            else:
                unanswered.append(callback)

    class Map(QWidget):
        def is_ready(self) -> bool:
            return True

    view = Map()
    qtbot.addWidget(view)
    dog = Watchdog(view, None, interval_ms=100_000, map_timeout_s=20.0)
    monkeypatch.setattr(dog, "_page", Page)
    ended_at = []
    monkeypatch.setattr(dog, "_end_renderer", lambda _page: ended_at.append(clock.t))

    def run_for(seconds: float) -> None:
        for _ in range(int(seconds)):
            clock.t += 1
            dog.check()

    run_for(500)
    waits = [round(b - a) for a, b in zip([1000.0] + ended_at, ended_at)]
    assert waits[:5] == [22, 42, 82, 162, 162]      # 20 s, then 40, 80, 160 (the cap); the ping goes a second in
    answering.append(True)                          # the page answers again (the ping it had), for five minutes
    unanswered.pop()(1)
    run_for(301)
    answering.clear()                               # then hangs
    ended = len(ended_at)
    run_for(22)
    assert len(ended_at) == ended + 1               # ended after the usual 20 s again
