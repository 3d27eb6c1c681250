"""The desk's summary of the whole picture — open cases, overdue now, at risk — shown above the
map. Kept in step with every change of the picture (and with its clock), so it always says what
the queues say: the open count is the sum of the stage queues, the overdue count the sum of their
overdue counts.

Each open case's amber and red moments are known in advance
(:class:`commandcenter.deadlines.DeadlineMarks`), so the summary keeps them on a timeline: as the
clock moves it takes off only the cases whose moment has passed, never re-reading all of them
(100,000 open cases cost nothing per tick)."""
from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.deadlines import shared_marks
from commandcenter.situation import CasesChanged
from widgets.live import SituationSignals

_NEVER = float("inf")


class SituationSummary(QObject):
    """Counts per deadline state of the open cases, updated case by case."""

    sig_totals = Signal(dict)
    """{'open': n, 'overdue': n, 'at_risk': n} whenever one of them changed."""

    TICK_MS = 1000
    """Deadlines pass without events: who turned amber or red is read off the timeline on the
    queues' own beat."""

    def __init__(self, signals: SituationSignals, context, parent: QObject | None = None):
        super().__init__(parent)
        self._picture = signals.picture
        self._context = context
        self._marks = None
        self._states: dict[int, str] = {}
        self._counts: Counter[str] = Counter()
        #: (moment, case id): the next moment each open case changes colour; an entry counts only
        #: while it is the case's entry in ``_due`` (a changed case leaves its old one behind)
        self._timeline: list[tuple[float, int]] = []
        self._due: dict[int, float] = {}
        self._now: datetime = self._picture.now()
        self._last: dict | None = None
        self._tick = QTimer(self, interval=self.TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        signals.sig_reset.connect(self._recount)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        signals.sig_time_changed.connect(lambda _at: self._on_tick())
        self._recount()

    # Public API ---------------------------------------------------------------------------
    def totals(self) -> dict:
        """The counts as last sent."""
        return dict(self._last or self._count())

    def case_ids(self, state: str | None = None) -> set[int]:
        """The open cases behind a count: all of them, or those ``'overdue'`` / ``'at_risk'``."""
        return {i for i, s in self._states.items() if state is None or s == state}

    # Private API --------------------------------------------------------------------------
    def _marks_now(self):
        """The marks of the calendar the desk counts on (a trainer switches calendars)."""
        marks = shared_marks(self._context.catalog, self._context.calendar)
        if marks is not self._marks:
            self._marks = marks
            return marks, True
        return marks, False

    def _recount(self) -> None:
        self._marks_now()
        self._now = now = self._picture.now()
        ts = now.timestamp()
        of = self._marks.of
        states: dict[int, str] = {}
        due: dict[int, float] = {}
        for case_id, case in self._picture.cases.items():
            if not case.is_open:
                continue
            at_risk, overdue = of(case)
            if ts > overdue:
                states[case_id] = "overdue"
                continue
            if ts > at_risk:
                states[case_id] = "at_risk"
                due[case_id] = overdue
            else:
                states[case_id] = "on_time"
                due[case_id] = at_risk if at_risk != _NEVER else overdue
        self._states = states
        self._counts = Counter(states.values())
        self._due = {i: moment for i, moment in due.items() if moment != _NEVER}
        self._timeline = [(moment, i) for i, moment in self._due.items()]
        heapq.heapify(self._timeline)
        self._send()

    def _on_tick(self) -> None:
        now = self._picture.now()
        _, switched = self._marks_now()
        if switched or now < self._now:   # another calendar, or the clock went back (a replay seek)
            self._recount()
            return
        self._now = now
        ts = now.timestamp()
        timeline, due, cases = self._timeline, self._due, self._picture.cases
        while timeline and timeline[0][0] < ts:
            moment, case_id = heapq.heappop(timeline)
            if due.get(case_id) != moment:
                continue   # the case changed or left since this entry was made
            del due[case_id]
            case = cases.get(case_id)
            if case is not None and case_id in self._states:
                self._place(case_id, case, ts)
        self._send()

    def _on_cases_changed(self, change: CasesChanged) -> None:
        cases = self._picture.cases
        ts = self._now.timestamp()
        for case_id in change.case_ids:
            case = cases.get(case_id)
            self._due.pop(case_id, None)
            if case is not None and case.is_open:
                self._place(case_id, case, ts)
            else:
                self._marks.forget(case_id)   # a closed case needs no moments (nor its old version kept)
                old = self._states.pop(case_id, None)
                if old is not None:
                    self._counts[old] -= 1
        self._send()

    def _place(self, case_id: int, case, ts: float) -> None:
        """The case's colour at ``ts`` counted, and its next change of colour put on the timeline."""
        at_risk, overdue = self._marks.of(case)
        if ts > overdue:
            state, moment = "overdue", _NEVER
        elif ts > at_risk:
            state, moment = "at_risk", overdue
        else:
            state, moment = "on_time", at_risk if at_risk != _NEVER else overdue
        old = self._states.get(case_id)
        if old != state:
            if old is not None:
                self._counts[old] -= 1
            self._counts[state] += 1
            self._states[case_id] = state
        if moment != _NEVER:
            self._due[case_id] = moment
            heapq.heappush(self._timeline, (moment, case_id))
        if len(self._timeline) > 4 * len(self._due) + 1000:   # many changed cases left old entries
            self._timeline = [(m, i) for i, m in self._due.items()]
            heapq.heapify(self._timeline)

    def _count(self) -> dict:
        counts = self._counts
        return {"open": len(self._states), "overdue": counts["overdue"], "at_risk": counts["at_risk"]}

    def _send(self) -> None:
        totals = self._count()
        if totals != self._last:
            self._last = totals
            self.sig_totals.emit(dict(totals))
