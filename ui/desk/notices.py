"""What keeps a desk's notification centre fed and the escalation ladder moving: a tick of the
reminder ladder every minute, the outbox's failures re-read now and then, and the outbound
messages sent from a worker thread. Only a live desk of a dispatcher or shift leader runs the
tick and the sender (a replay or a sandbox never writes to the live database); every desk lists."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, QTimer

from commandcenter.outbound import OUTBOUND_EVENTS, OutboxWorker
from commandcenter.roles import Role
from commandcenter.urging import Escalation
from widgets.ops import CommandRunner

#: the desks that run the reminder ladder and the outbound sender
RUNNING_ROLES = frozenset({Role.DISPATCHER, Role.SHIFT_LEADER})


class DeskNotices(QObject):
    TICK_MS = 60_000
    FAILURES_MS = 30_000
    #: how far back a desk that signs in looks for notices addressed to its user
    RECENT = timedelta(hours=24)
    #: the day's notices are read this long after the picture has loaded, not with it: reading
    #: thousands of the day's reminders then competes with the first drawing of the queues and the
    #: map for the one interpreter (a big district's desk became usable ~0.3 s later)
    BACKLOG_AFTER_MS = 1000

    def __init__(self, session, centre, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._centre = centre
        self._user = None
        self._worker: OutboxWorker | None = None
        self._escalation: Escalation | None = None
        self._tick_timer = QTimer(self, interval=self.TICK_MS, timeout=self.tick)
        # The ladder sends on a runner of its own, one tick at a time: on a big district a tick
        # sends thousands of reminders for minutes, and it must never hold the threads the
        # operator's dispatches and history reads run on, nor start again before it is done.
        self._ladder_runner = CommandRunner(self)
        self._ticking = False
        self._failure_timer = QTimer(self, interval=self.FAILURES_MS, timeout=self.read_failures)
        self._backlog_read_for = None
        self._backlog_timer = QTimer(self, singleShot=True, interval=self.BACKLOG_AFTER_MS,
                                     timeout=self._read_backlog)
        self._writes = True
        session.signals.sig_reset.connect(self._on_picture_loaded)

    # Public API ---------------------------------------------------------------------------
    def set_writes(self, writes: bool) -> None:
        """False for a read-only session (a snapshot): no reminders, no sending, listing only."""
        self._writes = writes

    def set_user(self, user) -> None:
        self._user = user
        self._centre.set_user(user)
        runs = (self._writes and user is not None and user.role in RUNNING_ROLES
                and self._session.source.name == "live")
        if runs:
            rt = self._session.runtime
            self._escalation = Escalation(rt.store, rt.catalog, rt.calendar)
            self._tick_timer.start()
            self._start_worker()
        else:
            self._tick_timer.stop()
            self._stop_worker()
        if user is not None and self._session.picture.cases:
            self.read_recent()   # else once the picture is loaded: notices name their cases from it
        if user is not None and hasattr(self._session.backend, "outbox_failures"):
            self._failure_timer.start()
            self.read_failures()
        else:
            self._failure_timer.stop()

    def tick(self) -> None:
        """Send the reminders due now for the open cases this desk sees (off the GUI thread)."""
        if self._escalation is None or self._ticking:
            return
        escalation, cases, source = self._escalation, self._session.picture.open_cases(), self._session.source
        self._ticking = True

        def sent(_result, _error):
            self._ticking = False
            if source is not None:
                source.refresh()     # this desk sees its own reminders at once

        self._ladder_runner.run(lambda: escalation.tick(cases), sent)

    def read_recent(self) -> None:
        """Notices of the last day addressed to the user, read off the GUI thread at sign-in; the
        centre opens when some are unread, so nothing addressed to the operator goes unseen."""
        store, since = self._session.store, self._session.picture.now() - self.RECENT
        user = self._backlog_read_for = self._user

        def read():
            return store.events_between(since, None, OUTBOUND_EVENTS)

        def loaded(events, error):
            if error is not None or user is not self._user:
                return
            self._centre.add_events(events, ring=False)
            if self._centre.unread_count:
                self._centre.sig_open_requested.emit()

        self._session.commands.read(read, loaded)

    def read_failures(self) -> None:
        backend, store = self._session.backend, self._session.store
        self._session.commands.read(lambda: backend.outbox_failures(store),
                                    lambda entries, error: error is None and self._centre.set_failures(entries))

    def stop(self) -> None:
        self._tick_timer.stop()
        self._failure_timer.stop()
        self._backlog_timer.stop()
        self._stop_worker()

    # Private API --------------------------------------------------------------------------
    def _on_picture_loaded(self) -> None:
        if self._user is not None and self._backlog_read_for is not self._user:
            if self._writes:
                self._backlog_timer.start()
            else:
                self.read_recent()   # a snapshot: nobody starts working, the picture shows them at once

    def _read_backlog(self) -> None:
        if self._user is not None and self._backlog_read_for is not self._user:
            self.read_recent()

    def _start_worker(self) -> None:
        backend = self._session.backend
        if self._worker is not None or not hasattr(backend, "outbox_relay"):
            return
        self._worker = OutboxWorker(backend.outbox_relay(self._session.store, lang=self._session.lang))
        self._worker.start()

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
