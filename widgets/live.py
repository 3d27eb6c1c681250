"""Qt face of the situation picture, and the live feed that keeps it current.

Database work happens on a worker thread; the picture is only ever changed on the GUI
thread, so every widget observing it can repaint straight from its change signal."""
from __future__ import annotations

import threading
import time
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from commandcenter.clock import utc_now
from commandcenter.collector import collector_paused
from commandcenter.situation import SituationPicture


class SituationSignals(QObject):
    """The picture's notices as Qt signals, for widgets to bind to (one adapter per session)."""

    sig_reset = Signal()
    """The whole picture was replaced (first load, replay seek, switch of source): redraw all."""
    sig_cases_changed = Signal(object)
    """A :class:`CasesChanged`: refresh the cases it names."""
    sig_time_changed = Signal(object)
    """The picture's clock was pinned or released (replay time): recompute countdowns."""
    sig_health_changed = Signal(object)
    """A :class:`FeedHealth`: the source lost or regained its data."""

    def __init__(self, picture: SituationPicture, parent: QObject | None = None):
        super().__init__(parent)
        self.picture = picture
        events = picture.events
        events.reset.connect(self._on_reset)
        events.cases.connect(self.sig_cases_changed.emit)
        events.time.connect(self.sig_time_changed.emit)
        events.health.connect(self.sig_health_changed.emit)

    def _on_reset(self, _value) -> None:
        self.sig_reset.emit()

    def detach(self) -> None:
        events = self.picture.events
        events.reset.disconnect(self._on_reset)
        events.cases.disconnect(self.sig_cases_changed.emit)
        events.time.disconnect(self.sig_time_changed.emit)
        events.health.disconnect(self.sig_health_changed.emit)


class _FeedWorker(QThread):
    sig_snapshot = Signal(object, int)
    sig_events = Signal(object)
    sig_health = Signal(bool, str)

    def __init__(self, store, listener_factory: Callable, parent=None):
        super().__init__(parent)
        self._store = store
        self._listener_factory = listener_factory
        self._stop = threading.Event()
        self._poke = threading.Event()
        self.seq = -1

    def run(self) -> None:
        listener = None
        backoff = 0.5
        while not self._stop.is_set():
            try:
                if self.seq < 0:
                    cases, seq = self._store.load_snapshot()
                    self.seq = seq
                    self.sig_snapshot.emit(cases, seq)
                if listener is None:
                    listener = self._listener_factory()
                    self._fetch()  # anything committed while we were not listening
                if not self._poke.is_set():
                    listener.wait(0.5)
                self._poke.clear()
                self._fetch()
                self.sig_health.emit(True, "")
                backoff = 0.5
            except Exception as exc:  # the database went away: report, back off, reconnect
                self.sig_health.emit(False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                if listener is not None:
                    listener.close()
                    listener = None
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
        if listener is not None:
            listener.close()

    def _fetch(self) -> None:
        while True:
            events = self._store.events_after(self.seq)
            if not events:
                return
            self.seq = events[-1].seq
            self.sig_events.emit(events)

    def poke(self) -> None:
        self._poke.set()

    def stop(self) -> None:
        self._stop.set()
        self._poke.set()


class LiveFeed(QObject):
    """Follows the shared database's change feed into a situation picture: the source of a
    live desk, the wall, and a trainer's sandbox (``name`` says which)."""

    sig_health = Signal(bool, str)
    """(ok, problem): False while the database cannot be reached; True again once it can."""

    def __init__(self, store, picture: SituationPicture, listener_factory: Callable,
                 parent: QObject | None = None, *, name: str = "live"):
        super().__init__(parent)
        self.name = name
        self.picture = picture
        self.store = store
        self._worker = _FeedWorker(store, listener_factory)
        self._worker.sig_snapshot.connect(self._on_snapshot)
        self._worker.sig_events.connect(self._on_events)
        self._worker.sig_health.connect(self._on_health)
        self.last_event_at = time.monotonic()
        #: False once stopped: what the worker had already sent is dropped, so a stopped feed never
        #: marks the picture healthy again (the wall stops it when its database file is gone)
        self._active = False

    # Public API ---------------------------------------------------------------------------
    def start(self) -> None:
        self._active = True
        self._worker.start()

    def stop(self) -> None:
        self._active = False
        self._worker.stop()
        self._worker.wait(5000)

    def refresh(self) -> None:
        """Fetch now (after this desk committed a command) instead of at the next wake-up."""
        self._worker.poke()

    def case_history(self, case_id: int) -> list:
        """The case's events from the database (blocking: call it off the GUI thread)."""
        return self.store.events_of_case(case_id)

    def last_events(self, case_ids, event_type: str) -> dict:
        """The last ``event_type`` event of each of ``case_ids`` (blocking: off the GUI thread)."""
        return self.store.last_events(case_ids, event_type)

    def restart(self) -> None:
        """Reload everything from the database (the wall's watchdog uses this)."""
        self._worker.stop()
        self._worker.wait(5000)
        store, factory = self._worker._store, self._worker._listener_factory
        self._worker = _FeedWorker(store, factory)
        self._worker.sig_snapshot.connect(self._on_snapshot)
        self._worker.sig_events.connect(self._on_events)
        self._worker.sig_health.connect(self._on_health)
        self._active = True
        self._worker.start()

    # Private API --------------------------------------------------------------------------
    @Slot(object, int)
    def _on_snapshot(self, cases, seq: int) -> None:
        if not self._active:
            return
        admitted = getattr(self.store, "admitted_with", None)
        # the screens build their rows, cards and counts of 100,000 cases here, on the GUI thread:
        # without the cycle collector walking the heap meanwhile (half the time of making a
        # queue's rows), and frozen with the picture they live as long as
        with collector_paused(freeze=True):
            self.picture.reset(cases, seq, source_name=self.name, at=None, pin_time=True,
                               admitted=admitted is not None and admitted is self.picture.admit)

    @Slot(object)
    def _on_events(self, events) -> None:
        if not self._active:
            return
        self.last_event_at = time.monotonic()
        self.picture.apply(events)

    @Slot(bool, str)
    def _on_health(self, ok: bool, problem: str) -> None:
        if not self._active:
            return
        self.picture.mark_feed(ok, utc_now() if ok else None, problem)
        self.sig_health.emit(ok, problem)
