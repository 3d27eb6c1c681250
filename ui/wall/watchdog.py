"""The wall's watchdog: a wall runs for days with nobody at the keyboard, so it notices a frozen
map page or a feed that went silent and recovers by itself.

- **Map**: every ``interval`` it asks the page a trivial question through ``runJavaScript``;
  a page that has not answered for ``map_timeout_s`` (JavaScript stuck, renderer hung) gets its
  renderer process ended, and the map widget reloads the page and sends everything again (the
  same path as a renderer crash). Without a renderer id it reloads the page.
- **Feed**: the live feed reports its health after every poll, even while the database is
  down; a feed that has reported before and then stays silent for ``feed_timeout_s`` (its
  worker thread is stuck) is restarted, which reloads the picture from the database.
"""
from __future__ import annotations

import logging
import time

import psutil

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

log = logging.getLogger(__name__)


class Watchdog(QObject):
    sig_recovered = Signal(str)
    """What was recovered: 'map' or 'feed'."""

    def __init__(self, map_view, feed=None, *, interval_ms: int = 5000, map_timeout_s: float = 20.0,
                 feed_timeout_s: float = 30.0, parent: QObject | None = None):
        super().__init__(parent)
        self._map = map_view
        self._feed = feed
        self._map_timeout = map_timeout_s
        self._feed_timeout = feed_timeout_s
        self._ping_token = 0
        self._ping_sent_at: float | None = None
        self._map_since = time.monotonic()
        self._last_health: float | None = None
        self.recoveries: dict[str, int] = {"map": 0, "feed": 0}
        if feed is not None:
            feed.sig_health.connect(self._on_health)
        self._timer = QTimer(self, interval=interval_ms, timeout=self.check)

    # Public API ---------------------------------------------------------------------------
    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """One round: look at the map and the feed, recover what is stuck."""
        now = time.monotonic()
        self._check_map(now)
        self._check_feed(now)

    # Private API --------------------------------------------------------------------------
    def _page(self) -> QWebEnginePage | None:
        view = self._map.findChild(QWebEngineView)
        return view.page() if view is not None else None

    def _check_map(self, now: float) -> None:
        page = self._page()
        if page is None:
            return
        if self._ping_sent_at is not None:
            if now - self._ping_sent_at > self._map_timeout:
                self._recover_map(page)
            return
        if not self._map.is_ready():
            if now - self._map_since > self._map_timeout * 3:
                self._recover_map(page)
            return
        self._ping_token += 1
        self._ping_sent_at = now
        token = self._ping_token
        page.runJavaScript("window.ccMap ? 1 : 0", 0, lambda _result, token=token: self._on_pong(token))

    def _on_pong(self, token: int) -> None:
        if token == self._ping_token:
            self._ping_sent_at = None
            self._map_since = time.monotonic()

    def _recover_map(self, page: QWebEnginePage) -> None:
        pid = page.renderProcessPid()
        log.error("wall watchdog: the map page did not answer; %s", f"ending renderer {pid}" if pid else "reloading")
        self._ping_sent_at = None
        self._ping_token += 1
        self._map_since = time.monotonic()
        if pid > 0:
            # the map widget reloads its page when the renderer ends (as after a crash)
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                page.triggerAction(QWebEnginePage.WebAction.Reload)
        else:
            page.triggerAction(QWebEnginePage.WebAction.Reload)
        self.recoveries["map"] += 1
        self.sig_recovered.emit("map")

    def _on_health(self, _ok: bool, _problem: str) -> None:
        self._last_health = time.monotonic()

    def _check_feed(self, now: float) -> None:
        if self._feed is None or self._last_health is None:
            return
        if now - self._last_health > self._feed_timeout:
            log.error("wall watchdog: the live feed has been silent for %.0f s; restarting it",
                      now - self._last_health)
            self._last_health = now
            self._feed.restart()
            self.recoveries["feed"] += 1
            self.sig_recovered.emit("feed")
