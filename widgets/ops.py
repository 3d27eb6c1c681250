"""Run a command off the GUI thread and deliver its result or error back on it (the
operation pattern of Anki's ``aqt.operations``)."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    sig_done = Signal(object, object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except Exception as exc:  # delivered to the GUI thread, shown to the operator there
            result, error = None, exc
        self._relay.sig_done.emit(result, error)


class CommandRunner(QObject):
    """``run(fn, on_done)``: ``fn`` runs on a pool thread; ``on_done(result, error)`` on the GUI thread."""

    sig_busy = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._pending = 0
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any, Exception | None], None]) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finished(result, error, relay=relay):
            self._relays.discard(relay)
            self._pending -= 1
            if not self._pending:
                self.sig_busy.emit(False)
            on_done(result, error)

        relay.sig_done.connect(finished)
        self._pending += 1
        if self._pending == 1:
            self.sig_busy.emit(True)
        self._pool.start(_Job(fn, relay))

    def wait_idle(self, ms: int = 10000) -> bool:
        return self._pool.waitForDone(ms)


class Commands(QObject):
    """The one way a screen changes the shared data (Anki's ``CollectionOp``): ``write`` runs a
    job off the GUI thread, then wakes the situation source so this desk sees its own change at
    once, and hands ``on_done(result, error)`` back on the GUI thread; ``read`` is the read-only
    query operation (no wake-up). ``describe(error)`` is the sentence to show for a failure, in
    the screen's language (:func:`commandcenter.messages.render`)."""

    sig_busy = Signal(bool)
    """True while a job runs; False once none is left."""

    def __init__(self, source, lang: str = "zh", names: Callable[[str], str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.source = source
        self.lang = lang
        self._names = names
        self._runner = CommandRunner(self)
        self._runner.sig_busy.connect(self.sig_busy)

    # Public API ---------------------------------------------------------------------------
    def write(self, job: Callable[[], Any], on_done: Callable[[Any, Exception | None], None] | None = None) -> None:
        def done(result, error):
            if self.source is not None:
                self.source.refresh()
            if on_done is not None:
                on_done(result, error)

        self._runner.run(job, done)

    def read(self, job: Callable[[], Any], on_done: Callable[[Any, Exception | None], None]) -> None:
        self._runner.run(job, on_done)

    def history(self, case_id: int, shown: Callable[[list], None]) -> None:
        """The case's events as the picture shows them, to ``shown(events)`` on the GUI thread."""
        source = self.source
        self.read(lambda: source.case_history(case_id), lambda events, error: error is None and shown(events))

    def last_events(self, case_ids, event_type: str, shown: Callable[[dict], None]) -> None:
        """The last ``event_type`` event of each of several cases, in one read off the GUI thread
        (thousands of cases after a reload), to ``shown({case_id: event})`` on it."""
        source, ids = self.source, list(case_ids)
        self.read(lambda: source.last_events(ids, event_type),
                  lambda found, error: error is None and shown(found))

    def describe(self, error: BaseException) -> str:
        from commandcenter.messages import render

        return render(error, self.lang, self._names)

    def set_source(self, source) -> None:
        """Point at another source (the trainer switches between replay and sandbox)."""
        self.source = source

    def set_names(self, names: Callable[[str], str] | None) -> None:
        self._names = names

    def wait_idle(self, ms: int = 10000) -> bool:
        return self._runner.wait_idle(ms)
