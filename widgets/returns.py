"""Why departments returned cases (退回): the department and reason of each case's last return,
for the badge and the reason the queues, the board and the case panel show while the case waits
for dispatch again.

The picture's cases carry only who returned them (``Case.returned_by``); the reason lives in the
``return_case`` event. New returns arrive with the picture's change notices; for cases already
returned when the picture was (re)loaded their last return is read off the GUI thread."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, Signal

from commandcenter.case import Case, CaseEvent, Status
from commandcenter.situation import CasesChanged
from widgets.live import SituationSignals

#: last_events(case_ids, event_type, shown({case_id: event})): the last event of a type of several
#: cases in one read off the GUI thread, delivered on it
LastEvents = Callable[[list, str, Callable[[dict], None]], None]


@dataclass(frozen=True)
class ReturnNote:
    """One return: the department that returned the case, why, who and when."""

    department: str
    reason: str
    actor: str
    at: datetime


def is_returned(case: Case | None, _dispatching=Status.DISPATCHING) -> bool:
    """A case a department returned, waiting to be dispatched again (the 退回 badge)."""
    return case is not None and case.status is _dispatching and case.returned_by is not None


class ReturnNotes(QObject):
    """The last return of every returned case waiting for dispatch, kept current from the picture."""

    sig_changed = Signal(object)
    """A frozenset of case ids whose return note arrived or changed: redraw their badges."""

    def __init__(self, signals: SituationSignals, last_events: LastEvents | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._picture = signals.picture
        self._last_events = last_events
        self._notes: dict[int, ReturnNote] = {}
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

    # Private API --------------------------------------------------------------------------
    def _on_reset(self) -> None:
        """Cases returned before the picture (re)loaded: their reasons, all in one read (thousands
        on a big district), and their badges redrawn once."""
        if self._last_events is None:
            return
        wanted = [case.id for case in self._picture.cases.values()
                  if case.returned_by is not None and case.is_open and case.id not in self._notes]
        if wanted:
            self._last_events(wanted, "return_case", self._take_all)

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

    def _take_all(self, found: dict) -> None:
        fresh = set()
        for case_id, last in found.items():
            if case_id not in self._notes:
                self._notes[case_id] = _note_of(last)
                fresh.add(case_id)
        if fresh:
            self.sig_changed.emit(frozenset(fresh))


def _note_of(event: CaseEvent) -> ReturnNote:
    p = event.payload
    return ReturnNote(str(p.get("department") or ""), str(p.get("reason") or ""), event.actor, event.at)
