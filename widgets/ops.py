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
