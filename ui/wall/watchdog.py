"""The wall's watchdog: a wall runs for days with nobody at the keyboard, so it notices a frozen
map page or a feed that went silent and recovers by itself.

- **Map**: every ``interval`` it asks the page a trivial question through ``runJavaScript``;
  a page that has not answered for ``map_timeout_s`` (JavaScript stuck, renderer hung) gets its
  renderer process ended, and the map widget reloads the page and sends everything again (the
  same path as a renderer crash). Without a renderer id it reloads the page.
- **Feed**: the live feed reports its health after every poll, even while the database is
  down; a feed that has reported before and then stays silent for ``feed_timeout_s`` (its
  worker thread is stuck) is restarted, which reloads the picture from the database. From
  ``stall_s`` of silence on, the badge already says the data is delayed.
- **Database** (SQLite and PostgreSQL): every round it compares the history in the database
  (:mod:`ui.wall.store_watch`: the first event's hash, the newest sequence, the hash of the event at
  the last sequence the wall has shown) and where it lives (the SQLite file's inode; PostgreSQL's
  cluster and database oid) with what it saw before. A SQLite file moved away shows "data
  delayed"; a database replaced, rewound or rewritten (a restore from an earlier copy or dump, a
  database dropped and created again) is marked delayed and reopened: the pooled connections are
  closed and the picture is loaded again from the database.
"""
from __future__ import annotations

import logging
import time

import psutil

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from dataclasses import replace

from ui.wall.store_watch import StoreIdentity, identity_of, is_postgresql, pg_identity_of, sqlite_path

log = logging.getLogger(__name__)


class Watchdog(QObject):
    sig_recovered = Signal(str)
    """What was recovered: 'map', 'feed' or 'store' (the database file was reopened)."""

    def __init__(self, map_view, feed=None, *, interval_ms: int = 5000, map_timeout_s: float = 20.0,
                 feed_timeout_s: float = 30.0, stall_s: float = 10.0, parent: QObject | None = None):
        super().__init__(parent)
        self._map = map_view
        self._feed = feed
        self._map_timeout = map_timeout_s
        #: the wait allowed now: doubled after each recovery (up to 8×), back to ``map_timeout_s``
        #: once the page has answered for five minutes — a big district drawn in software on a
        #: busy machine can keep the page from answering for longer than the usual wait, and
        #: ending its renderer again and again would never let it finish
        self._map_wait = map_timeout_s
        self._last_map_recovery: float | None = None
        self._feed_timeout = feed_timeout_s
        self._ping_token = 0
        self._ping_sent_at: float | None = None
        self._map_since = time.monotonic()
        self._last_health: float | None = None
        self.recoveries: dict[str, int] = {"map": 0, "feed": 0, "store": 0}
        self._stall = stall_s
        self._stalled = False
        store = getattr(feed, "store", None)
        self._path = sqlite_path(store) if feed is not None else None
        self._pg = feed is not None and self._path is None and is_postgresql(store)
        self._identity: StoreIdentity | None = None
        self._store_problem: str | None = None
        self._reloading = False   # reopened: the picture still shows the old history until it reloads
        if feed is not None:
            feed.sig_health.connect(self._on_health)
            picture = self._picture()
            if picture is not None:
                picture.events.reset.connect(self._on_reset)
        self._timer = QTimer(self, interval=interval_ms, timeout=self.check)

    # Public API ---------------------------------------------------------------------------
    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_interval(self, ms: int) -> None:
        """How often the rounds run (default 5 s)."""
        self._timer.setInterval(ms)

    @property
    def identity(self) -> StoreIdentity | None:
        """The database file the wall reads (SQLite), as last seen."""
        return self._identity

    def check(self) -> None:
        """One round: look at the map and the feed, recover what is stuck."""
        now = time.monotonic()
        self._check_map(now)
        self._check_store()
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
            if now - self._ping_sent_at > self._map_wait:
                self._recover_map(page)
                self._waited_in_vain(now)
            return
        if not self._map.is_ready():
            if now - self._map_since > self._map_wait * 3:
                self._recover_map(page)
                self._waited_in_vain(now)
            return
        self._ping_token += 1
        self._ping_sent_at = now
        token = self._ping_token
        page.runJavaScript("window.ccMap ? 1 : 0", 0, lambda _result, token=token: self._on_pong(token))

    def _on_pong(self, token: int) -> None:
        if token == self._ping_token:
            self._ping_sent_at = None
            self._map_since = now = time.monotonic()
            if self._last_map_recovery is not None and now - self._last_map_recovery > 300:
                self._map_wait, self._last_map_recovery = self._map_timeout, None

    def _waited_in_vain(self, now: float) -> None:
        self._last_map_recovery = now
        self._map_wait = min(self._map_wait * 2, self._map_timeout * 8)

    def _recover_map(self, page: QWebEnginePage) -> None:
        self._ping_sent_at = None
        self._ping_token += 1
        self._map_since = time.monotonic()
        self._end_renderer(page)
        self.recoveries["map"] += 1
        self.sig_recovered.emit("map")

    def _end_renderer(self, page: QWebEnginePage) -> None:
        pid = page.renderProcessPid()
        log.error("wall watchdog: the map page did not answer; %s", f"ending renderer {pid}" if pid else "reloading")
        if pid > 0:
            # the map widget reloads its page when the renderer ends (as after a crash)
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                page.triggerAction(QWebEnginePage.WebAction.Reload)
        else:
            page.triggerAction(QWebEnginePage.WebAction.Reload)

    def _on_health(self, ok: bool, _problem: str) -> None:
        self._last_health = time.monotonic()
        self._stalled = False

    def _picture(self):
        return getattr(self._feed, "picture", None)

    def _mark(self, problem: str) -> None:
        picture = self._picture()
        if picture is not None:
            picture.mark_feed(False, None, problem)

    def _on_reset(self, _none) -> None:
        self._reloading = False

    def _shown_seq(self) -> int:
        """The last sequence the wall's picture holds (0 while it reloads after a reopen)."""
        picture = self._picture()
        return 0 if picture is None or self._reloading else int(picture.last_seq or 0)

    def _read_identity(self, seqs) -> StoreIdentity:
        if self._pg:
            return pg_identity_of(self._feed.store, seqs)
        return identity_of(self._feed.store, self._path, seqs)

    def _check_store(self) -> None:
        if self._path is None and not self._pg:
            return
        shown = self._shown_seq()   # before reading the database: the feed only moves it forward
        known = tuple(self._identity.hashes) if self._identity is not None else ()
        try:
            current = self._read_identity((*known, shown))
        except Exception as exc:   # locked, half-copied, not a database, dropped: look again next round
            log.warning("wall watchdog: cannot read %s: %s", self._path or "the database", exc)
            return
        remembered = replace(current, hashes={shown: current.hashes.get(shown)} if shown else {})
        if self._identity is None:
            if current.file is not None or self._pg:
                self._identity = remembered
            return
        why = self._identity.replaced_by(current)
        if why is None and current.behind(shown):
            why = "rewound"
        if why is None and self._store_problem is None:
            self._identity = remembered
            return
        if why == "missing":
            if self._store_problem is None:
                # the open connection would go on reading the unlinked file as if all were well,
                # and a new one would create an empty file: stop reading until it is back
                log.error("wall watchdog: the database file %s is gone", self._path)
                self._store_problem = f"database file missing: {self._path}"
                self._feed.stop()
                self._feed.store.engine.dispose()
                self._mark(self._store_problem)
            return
        why = why or "back"
        what = f"database file {self._path}" if self._path is not None else "database"
        log.error("wall watchdog: the %s was %s; reopening it", what, why)
        self._mark(f"database {why}: reopening" if self._pg else f"database file {why}: reopening")
        self._store_problem = None
        self._identity = replace(current, hashes={})
        self._reloading = True
        self._feed.store.engine.dispose()   # pooled connections still hold the old file
        self._feed.restart()
        self._last_health = time.monotonic()
        self.recoveries["store"] += 1
        self.sig_recovered.emit("store")

    def _check_feed(self, now: float) -> None:
        if self._feed is None or self._last_health is None or self._store_problem is not None:
            return
        silent = now - self._last_health
        if silent > self._stall and not self._stalled:   # not yet restarted, but no longer live
            self._stalled = True
            self._mark(f"no answer from the feed for {silent:.0f} s")
        if silent > self._feed_timeout:
            log.error("wall watchdog: the live feed has been silent for %.0f s; restarting it",
                      now - self._last_health)
            self._last_health = now
            self._feed.restart()
            self.recoveries["feed"] += 1
            self.sig_recovered.emit("feed")
