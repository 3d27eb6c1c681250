"""Why departments returned cases (退回): the department and reason of each case's last return,
for the badge and the reason the queues, the board and the case panel show while the case waits
for dispatch again.

The picture's cases carry only who returned them (``Case.returned_by``); the reason lives in the
``return_case`` event. New returns arrive with the picture's change notices; for cases already
returned when the picture was (re)loaded the reason is read from their history off the GUI thread."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.case import Case, CaseEvent, Status
from commandcenter.situation import CasesChanged
from widgets.live import SituationSignals

#: history(case_id, shown(events)): the case's events, delivered on the GUI thread
History = Callable[[int, Callable[[list], None]], None]
#: histories(case_ids, shown({case_id: events})): several cases' events in one read
Histories = Callable[[list, Callable[[dict], None]], None]


@dataclass(frozen=True)
class ReturnNote:
    """One return: the department that returned the case, why, who and when."""

    department: str
    reason: str
    actor: str
    at: datetime


def is_returned(case: Case | None) -> bool:
    """A case a department returned, waiting to be dispatched again (the 退回 badge)."""
    return case is not None and case.status is Status.DISPATCHING and case.returned_by is not None


class ReturnNotes(QObject):
    """The last return of every returned case waiting for dispatch, kept current from the picture."""

    sig_changed = Signal(object)
    """A frozenset of case ids whose return note arrived or changed: redraw their badges."""

    def __init__(self, signals: SituationSignals, history: History | None = None, parent: QObject | None = None,
                 *, histories: Histories | None = None):
        super().__init__(parent)
        self._picture = signals.picture
        self._history = history
        self._histories = histories
        self._notes: dict[int, ReturnNote] = {}
        # reasons read from histories after a (re)load arrive one case at a time (thousands on a big
        # district): the badges are redrawn once per turn of the event loop, not once per case
        self._arrived: set[int] = set()
        self._flush = QTimer(self, singleShot=True, interval=0, timeout=self._emit_arrived)
        signals.sig_reset.connect(self._on_reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        self._on_reset()

    # Public API ---------------------------------------------------------------------------
    def note(self, case_id: int) -> ReturnNote | None:
        """The last return of an open case a department returned (also once it is dispatched
        again, for the board's cards), or None."""
        case = self._picture.cases.get(case_id)
        if case is None or not case.is_open or case.returned_by is None:
            return None
        return self._notes.get(case_id)

    def set_history(self, history: History | None, histories: Histories | None = None) -> None:
        """Where reasons of cases returned before the picture loaded are read from."""
        self._history, self._histories = history, histories
        self._on_reset()

    # Private API --------------------------------------------------------------------------
    def _on_reset(self) -> None:
        if self._history is None and self._histories is None:
            return
        wanted = [case.id for case in self._picture.cases.values()
                  if case.returned_by is not None and case.is_open and case.id not in self._notes]
        if wanted and self._histories is not None:
            self._histories(wanted, self._take_all)
            return
        for case_id in wanted:
            self._ask(case_id)

    def _on_cases_changed(self, change: CasesChanged) -> None:
        fresh = set()
        for event in change.events:
            if event.type == "return_case":
                self._notes[event.case_id] = _note_of(event)
                fresh.add(event.case_id)
        for case_id in change.removed:
            self._notes.pop(case_id, None)
        if fresh:
            self.sig_changed.emit(frozenset(fresh))

    def _ask(self, case_id: int) -> None:
        self._history(case_id, lambda events, case_id=case_id: self._take(case_id, events))

    def _take_all(self, found: dict) -> None:
        for case_id, events in found.items():
            self._take(case_id, events)

    def _take(self, case_id: int, events: list) -> None:
        last = next((e for e in reversed(events) if e.type == "return_case"), None)
        if last is not None and case_id not in self._notes:
            self._notes[case_id] = _note_of(last)
            self._arrived.add(case_id)
            if not self._flush.isActive():
                self._flush.start()

    def _emit_arrived(self) -> None:
        arrived, self._arrived = frozenset(self._arrived), set()
        if arrived:
            self.sig_changed.emit(arrived)


def _note_of(event: CaseEvent) -> ReturnNote:
    p = event.payload
    return ReturnNote(str(p.get("department") or ""), str(p.get("reason") or ""), event.actor, event.at)
