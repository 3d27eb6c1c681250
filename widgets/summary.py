"""The desk's summary of the whole picture — open cases, overdue now, at risk — shown above the
map. Kept in step with every change of the picture (and with its clock), so it always says what
the queues say: the open count is the sum of the stage queues, the overdue count the sum of their
overdue counts."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.situation import CasesChanged
from widgets.live import SituationSignals


class SituationSummary(QObject):
    """Counts per deadline state of the open cases, updated case by case."""

    sig_totals = Signal(dict)
    """{'open': n, 'overdue': n, 'at_risk': n} whenever one of them changed."""

    TICK_MS = 1000
    """Deadlines pass without events: who is overdue is re-read on the queues' own beat."""
    FULL_EVERY = 10
    """Every this many beats all states are re-read (at risk needs the working-time clock per
    case: ~40 ms for 1,000 open cases, too much for every second)."""

    def __init__(self, signals: SituationSignals, context, parent: QObject | None = None):
        super().__init__(parent)
        self._picture = signals.picture
        self._clock = context.deadline_clock
        self._states: dict[int, str] = {}
        self._now: datetime = self._picture.now()
        self._last: dict | None = None
        self._ticks = 0
        self._tick = QTimer(self, interval=self.TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        signals.sig_reset.connect(self._recount)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        signals.sig_time_changed.connect(lambda _at: self._recount())
        self._recount()

    # Public API ---------------------------------------------------------------------------
    def totals(self) -> dict:
        """The counts as last sent."""
        return dict(self._last or self._count())

    def case_ids(self, state: str | None = None) -> set[int]:
        """The open cases behind a count: all of them, or those ``'overdue'`` / ``'at_risk'``."""
        return {i for i, s in self._states.items() if state is None or s == state}

    # Private API --------------------------------------------------------------------------
    def _recount(self) -> None:
        self._now = now = self._picture.now()
        state = self._clock.state
        self._states = {i: state(c, now) for i, c in self._picture.cases.items() if c.is_open}
        self._send()

    def _on_tick(self) -> None:
        self._ticks += 1
        if self._ticks % self.FULL_EVERY == 0:
            self._recount()
            return
        # A deadline passing is the one change the queues count each second: a comparison per case.
        self._now = now = self._picture.now()
        cases = self._picture.cases
        for case_id, state in self._states.items():
            if state != "overdue" and cases[case_id].is_overdue(now):
                self._states[case_id] = "overdue"
        self._send()

    def _on_cases_changed(self, change: CasesChanged) -> None:
        cases = self._picture.cases
        for case_id in change.case_ids:
            case = cases.get(case_id)
            if case is not None and case.is_open:
                self._states[case_id] = self._clock.state(case, self._now)
            else:
                self._states.pop(case_id, None)
        self._send()

    def _count(self) -> dict:
        values = list(self._states.values())
        return {"open": len(values), "overdue": values.count("overdue"), "at_risk": values.count("at_risk")}

    def _send(self) -> None:
        totals = self._count()
        if totals != self._last:
            self._last = totals
            self.sig_totals.emit(dict(totals))
