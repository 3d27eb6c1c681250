"""The linkage board (联动看板): one column per department with its cases in hand, its
counts and today's on-time handling rate. Dropping a case on a column asks the desk to
dispatch it there (or re-dispatch it, when it comes from another column).

The board never decides: it emits ``sig_dispatch_requested`` and the desk checks the role,
asks for confirmation and runs the command; the desk calls ``show_refusal`` or
``show_undo`` with the outcome."""
from __future__ import annotations

import math
from bisect import bisect_left, insort
from datetime import datetime, time, timedelta, timezone

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from commandcenter import kpi
from commandcenter.case import Case, Status
from commandcenter.clock import LOCAL_TZ, local
from commandcenter.situation import CasesChanged
from widgets.board_parts import BOARD_STYLE, DepartmentColumn, UndoBar
from widgets.context import DeskContext
from widgets.live import SituationSignals
from widgets.returns import ReturnNotes

MAX_CARDS = 30
ON_BOARD = frozenset({Status.HANDLING, Status.SUSPENDED})
"""A department's cases in hand: being handled (incl. pending requests) or suspended."""


def _deadline_key(case: Case) -> float:
    return case.stage_deadline.timestamp() if case.stage_deadline is not None else math.inf


class LinkageBoard(QWidget):
    """联动看板: departments side by side, their cases as cards, drag to (re-)dispatch."""

    sig_dispatch_requested = Signal(int, int, str, str)
    """(case id, case version, target department, from department or "") after a drop."""
    sig_case_selected = Signal(int)
    """The operator clicked a case card."""
    sig_count_clicked = Signal(str, str)
    """(department code, 'open' or 'overdue'): the operator clicked a number in a column's header."""
    sig_undo_requested = Signal(int)
    """The operator pressed Undo on the bar ``show_undo`` opened, for this case."""

    def __init__(self, signals: SituationSignals, context: DeskContext, parent=None):
        super().__init__(parent)
        self._picture = signals.picture
        self._context = context
        # Per department, its cases in hand as a sorted list of (deadline, id): the most urgent
        # cards are the first ones and the overdue count is one bisection.
        self._cases_of: dict[str, list[tuple[float, int]]] = {d.code: [] for d in context.departments}
        self._entry_of: dict[int, tuple[str, tuple[float, int]]] = {}
        self._handled_today: set[int] = set()
        self._day_start: datetime | None = None
        self._rates: dict[str, float | None] = {}
        self._selected: int | None = None
        self._last_drop: int | None = None
        self._returns: ReturnNotes | None = None
        self._attention = None
        self.setStyleSheet(BOARD_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(2, 2, 2, 2)
        row_layout.setSpacing(4)
        self.columns: dict[str, DepartmentColumn] = {}
        for department in context.departments:
            column = DepartmentColumn(department.code, context.department_name(department.code), row)
            column.sig_dropped.connect(self._on_dropped)
            column.sig_card_clicked.connect(self._on_card_clicked)
            column.sig_count_clicked.connect(self.sig_count_clicked)
            row_layout.addWidget(column)
            self.columns[department.code] = column
        row_layout.addStretch(1)
        row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._scroll.setWidget(row)
        layout.addWidget(self._scroll, 1)
        self.undo_bar = UndoBar(self)
        self.undo_bar.sig_undo.connect(self.sig_undo_requested)
        layout.addWidget(self.undo_bar)
        self._kpi_timer = QTimer(self, singleShot=True, interval=200)
        self._kpi_timer.timeout.connect(self._refresh_rates)
        self._tick_timer = QTimer(self, interval=1000)
        self._tick_timer.timeout.connect(self._on_tick)
        self._tick_timer.start()
        signals.sig_reset.connect(self._reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        signals.sig_time_changed.connect(lambda _at: self._on_tick())
        self._reset()

    # Public API ------------------------------------------------------------------------------
    def show_refusal(self, department: str, text: str) -> None:
        """Show why a drop on ``department`` was refused, in that column, for a few seconds."""
        column = self.columns.get(department)
        if column is not None:
            column.show_refusal(text)
            self._scroll.ensureWidgetVisible(column)

    def show_undo(self, text: str, seconds: int = 5, case_id: int | None = None) -> None:
        """Offer Undo for ``seconds``; ``case_id`` defaults to the case of the last drop."""
        self.undo_bar.start(text, seconds, case_id if case_id is not None else self._last_drop)

    def set_interactive(self, interactive: bool) -> None:
        """Read-only (no drops, no drags) when the signed-in role may not dispatch."""
        for column in self.columns.values():
            column.interactive = interactive
            for card in column.cards:
                card.draggable = interactive

    def select_case(self, case_id: int | None) -> None:
        self._selected = case_id
        for column in self.columns.values():
            for card in column.cards:
                card.set_selected(card.case is not None and card.case.id == case_id)
            card = column.card_of(case_id) if case_id is not None else None
            if card is not None:
                self._scroll.ensureWidgetVisible(column)
                column.ensure_visible(card)

    def set_return_notes(self, notes: ReturnNotes) -> None:
        """Mark cards of cases a department returned before, with the reason in their tooltip."""
        self._returns = notes
        notes.sig_changed.connect(self._on_returns_changed)
        for code in self.columns:
            self._refresh_column(code)

    def set_attention(self, attention) -> None:
        """Cards of new urgent cases (:class:`widgets.attention.UrgentAttention`) flash."""
        self._attention = attention
        attention.sig_flash.connect(self._on_flash)

    def department_case_ids(self, code: str, overdue: bool = False) -> set[int]:
        """Ids of the department's cases in hand (all of them, not only the cards shown), or
        only those overdue now: the cases behind the column's numbers."""
        entries = self._cases_of.get(code, [])
        if overdue:
            entries = entries[:self._overdue(entries, self._picture.now())]
        return {case_id for _, case_id in entries}

    # Private API -----------------------------------------------------------------------------
    def _reset(self) -> None:
        for entries in self._cases_of.values():
            entries.clear()
        self._entry_of.clear()
        self._handled_today.clear()
        self._day_start = self._today_start(self._picture.now())
        for case in self._picture.cases.values():
            self._index(case, bulk=True)
        for entries in self._cases_of.values():
            entries.sort()
        self._refresh_rates()

    def _index(self, case: Case, bulk: bool = False) -> None:
        if case.status in ON_BOARD and case.department_code in self._cases_of:
            entry = (_deadline_key(case), case.id)
            entries = self._cases_of[case.department_code]
            if bulk:
                entries.append(entry)
            else:
                insort(entries, entry)
            self._entry_of[case.id] = (case.department_code, entry)
        if case.handled_at is not None and case.handled_at >= self._day_start:
            self._handled_today.add(case.id)

    def _unindex(self, case_id: int) -> str | None:
        code, entry = self._entry_of.pop(case_id, (None, None))
        if code is not None:
            entries = self._cases_of[code]
            del entries[bisect_left(entries, entry)]
        return code

    def _on_cases_changed(self, change: CasesChanged) -> None:
        dirty: set[str] = set()
        handled_changed = False
        for case_id in change.case_ids:
            old = self._unindex(case_id)
            if old is not None:
                dirty.add(old)
            was_handled = case_id in self._handled_today
            self._handled_today.discard(case_id)
            case = self._picture.cases.get(case_id)
            if case is not None:
                self._index(case)
                if case_id in self._entry_of:
                    dirty.add(self._entry_of[case_id][0])
            handled_changed |= was_handled != (case_id in self._handled_today)
        if handled_changed:
            self._kpi_timer.start()
        for code in dirty:
            self._refresh_column(code)

    def _on_flash(self, case_ids: frozenset[int]) -> None:
        for case_id in case_ids:
            code = self._entry_of.get(case_id, (None,))[0]
            card = self.columns[code].card_of(case_id) if code is not None else None
            if card is not None:
                card.set_flash(self._attention.flash_on(case_id))

    def _on_returns_changed(self, case_ids: frozenset[int]) -> None:
        for code in {self._entry_of[i][0] for i in case_ids if i in self._entry_of}:
            self._refresh_column(code)

    def _refresh_column(self, code: str) -> None:
        column = self.columns[code]
        cases = self._picture.cases
        entries = self._cases_of[code]
        now = self._picture.now()
        column.show_cases([self._card_item(cases[i], now) for _, i in entries[:MAX_CARDS]],
                          max(0, len(entries) - MAX_CARDS))
        column.set_stats(len(entries), self._overdue(entries, now), self._rates.get(code))
        if self._selected is not None:
            card = column.card_of(self._selected)
            for c in column.cards:
                c.set_selected(c is card)

    @staticmethod
    def _overdue(entries: list[tuple[float, int]], now: datetime) -> int:
        return bisect_left(entries, (now.timestamp(), -1))

    def _card_item(self, case: Case, now: datetime) -> tuple[Case, str, str, str, str, str]:
        cx = self._context
        if case.status is Status.SUSPENDED:
            state, countdown = "closed", ""
            tag = self.tr("suspended")
        else:
            _, state, countdown = cx.countdown(case, now)
            tag = {"extension": self.tr("ext."), "suspension": self.tr("susp.")}.get(
                case.pending_request.value if case.pending_request else "", "")
        detail = f"{cx.class_name(case.class_code)} · {cx.community_name(case.community_code)}" \
                 f" {cx.grid_label(case.grid_code)}"
        note = self._returns.note(case.id) if self._returns is not None else None
        returned = ""
        if note is not None:
            returned = self.tr("Returned by {department}: {reason}").format(
                department=cx.department_name(note.department), reason=note.reason)
            tag = tag or self.tr("returned")
            detail = f"{cx.class_name(case.class_code)} — {note.reason}"
        return case, state, countdown, detail, tag, returned

    def _refresh_rates(self) -> None:
        """按期处置率 today, from kpi.compute over the cases handled since local midnight."""
        now = self._picture.now()
        start = self._day_start
        cases = [self._picture.cases[i] for i in self._handled_today if i in self._picture.cases]
        groups = kpi.compute(cases, start, start + timedelta(days=1), by="department", now=now)
        self._rates = {code: values.on_time_handling_rate for code, values in groups.items()}
        for code in self.columns:
            self._refresh_column(code)

    def _on_tick(self) -> None:
        """Countdowns and overdue counts move with the clock; the cards' order does not
        (it is by deadline), so only the shown cards and the counts are refreshed."""
        now = self._picture.now()
        if self._today_start(now) != self._day_start:
            self._reset()
            return
        cases = self._picture.cases
        for code, column in self.columns.items():
            shown = [cases[i] for i in column.visible_case_ids() if i in cases]
            for card, case in zip(column.cards, shown):
                card.set_case(*self._card_item(case, now))
            entries = self._cases_of[code]
            column.set_stats(len(entries), self._overdue(entries, now), self._rates.get(code))

    @staticmethod
    def _today_start(now: datetime) -> datetime:
        return datetime.combine(local(now).date(), time(0), LOCAL_TZ).astimezone(timezone.utc)

    def _on_dropped(self, payload: dict, department: str) -> None:
        case_id = payload["case_id"]
        self._last_drop = case_id
        case = self._picture.cases.get(case_id)
        # The version the operator saw when dragging: the desk's command fails if it is stale.
        version = payload.get("version") or (case.version if case is not None else 0)
        self.sig_dispatch_requested.emit(case_id, int(version), department, payload.get("department") or "")

    def _on_card_clicked(self, case_id: int) -> None:
        self.select_case(case_id)
        self.sig_case_selected.emit(case_id)


if __name__ == "__main__":
    import sys

    from widgets.desk_preview import run_preview

    sys.exit(run_preview(lambda signals, context, _scenario: LinkageBoard(signals, context), size=(1900, 330)))
