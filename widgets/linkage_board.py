"""The linkage board (联动看板): one column per department with its cases in hand, its
counts and today's on-time handling rate. Dropping a case on a column asks the desk to
dispatch it there (or re-dispatch it, when it comes from another column).

Order of the columns: the selected case's default department first, then the departments the
operator pinned (their favourite order, from a column's menu), then the rest by load (cases in
hand, most first). The columns fill the board's width, at least ``MIN_COLUMN_WIDTH`` each; the
rest scroll, and scroll by themselves when a case is held near the board's edge. Every case in
hand has its card (each column's list scrolls).

The board never decides: it emits ``sig_dispatch_requested`` and the desk checks the role,
asks for confirmation and runs the command; the desk calls ``show_refusal`` or
``show_undo`` with the outcome."""
from __future__ import annotations

import math
from bisect import bisect_left, insort
from datetime import datetime, time, timedelta, timezone

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from commandcenter import kpi
from commandcenter.case import Case, Status
from commandcenter.clock import LOCAL_TZ, local
from commandcenter.situation import CasesChanged
from widgets import board_order
from widgets.board_drop import BoardRow, HeaderDrag
from widgets.board_parts import BOARD_STYLE, MIN_COLUMN_WIDTH, DepartmentColumn, UndoBar
from widgets.context import DeskContext
from widgets.live import SituationSignals
from widgets.returns import ReturnNotes

ROW_MARGIN, COLUMN_SPACING = 2, 4
ON_BOARD = frozenset({Status.HANDLING, Status.SUSPENDED})
CARD_PAGE = 100
"""Cards a column makes at first, and again each time the operator scrolls to its last card: a
department with thousands of cases in hand costs the cards looked at, not one widget per case
(every case stays reachable by scrolling, by selecting it, and behind the column's numbers)."""
"""A department's cases in hand: being handled (incl. pending requests) or suspended."""


def _deadline_key(case: Case) -> float:
    return case.stage_deadline.timestamp() if case.stage_deadline is not None else math.inf


class LinkageBoard(QWidget):
    """联动看板: departments side by side, their cases as cards, drag to (re-)dispatch."""

    sig_dispatch_requested = Signal(int, int, str, str)
    """(case id, case version, target department, from department or "") after a drop."""
    sig_batch_dispatch_requested = Signal(object, str)
    """(list of {case_id, version, department} dicts, target department): several queue rows dropped."""
    sig_case_selected = Signal(int)
    """The operator clicked a case card."""
    sig_count_clicked = Signal(str, str)
    """(department code, 'open' or 'overdue'): the operator clicked a number in a column's header."""
    sig_undo_requested = Signal(int)
    """The operator pressed Undo on the bar ``show_undo`` opened, for this case."""
    sig_pinned_changed = Signal(list)
    """The operator pinned or unpinned a department: the pinned codes, in their order."""

    def __init__(self, signals: SituationSignals, context: DeskContext, parent=None):
        super().__init__(parent)
        self._picture = signals.picture
        self._context = context
        # Per department, its cases in hand as a sorted list of (deadline, id): the most urgent
        # cards are the first ones and the overdue count is one bisection.
        self._cases_of: dict[str, list[tuple[float, int]]] = {d.code: [] for d in context.departments}
        self._card_limit: dict[str, int] = {}   # cards made per column (CARD_PAGE, more as it scrolls)
        self._entry_of: dict[int, tuple[str, tuple[float, int]]] = {}
        self._handled_today: set[int] = set()
        self._day_start: datetime | None = None
        self._rates: dict[str, float | None] = {}
        self._selected: int | None = None
        self._last_drop: int | None = None
        self._returns: ReturnNotes | None = None
        self._attention = None
        self._pinned: list[str] = []
        self._focus: str | None = None   # the selected case's default department
        self._order: list[str] = [d.code for d in context.departments]
        self.setStyleSheet(BOARD_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.row = row = BoardRow(self._scroll, self._column_at)
        row.sig_department_dropped.connect(self._move_department)
        self._row_layout = row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(ROW_MARGIN, ROW_MARGIN, ROW_MARGIN, ROW_MARGIN)
        row_layout.setSpacing(COLUMN_SPACING)
        self.columns: dict[str, DepartmentColumn] = {}
        for department in context.departments:
            column = DepartmentColumn(department.code, context.department_name(department.code), row)
            column.sig_dropped.connect(self._on_dropped)
            column.sig_card_clicked.connect(self._on_card_clicked)
            column.sig_count_clicked.connect(self.sig_count_clicked)
            column.sig_scrolled.connect(self._refresh_in_view)
            column.sig_scrolled.connect(self._grow_at_end)
            column.sig_menu_requested.connect(self._show_column_menu)
            HeaderDrag(column.name_label, department.code)
            row_layout.addWidget(column)
            self.columns[department.code] = column
        row_layout.addStretch(1)
        row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._scroll.setWidget(row)
        self._scroll.viewport().installEventFilter(self)   # columns fit the board's width
        self._scroll.horizontalScrollBar().valueChanged.connect(
            lambda _value: [self._refresh_in_view(code) for code in self._columns_in_view()])
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
        self._reach(case_id)
        case = self._picture.cases.get(case_id) if case_id is not None else None
        focus = self._context.default_department(case.class_code) if case is not None else None
        if focus != self._focus and focus in self.columns:
            self._focus = focus
            self._reorder()
            self._scroll.horizontalScrollBar().setValue(0)   # the default department in view
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

    def order(self) -> list[str]:
        """Department codes from left to right as the board shows them."""
        return list(self._order)

    def pinned(self) -> list[str]:
        return list(self._pinned)

    def set_pinned(self, codes) -> None:
        """The operator's favourite order: these departments first (after the selected case's
        default), in this order. Unknown codes are left out."""
        pinned = [c for c in dict.fromkeys(codes or ()) if c in self.columns]
        if pinned != self._pinned:
            self._pinned = pinned
            for code, column in self.columns.items():
                column.set_pinned(code in pinned)
            self._reorder()

    def scroll_to_department(self, code: str) -> None:
        column = self.columns.get(code)
        if column is not None:
            self._scroll.ensureWidgetVisible(column, 0, 0)

    def horizontal_bar(self):
        """The board's own scroll bar (left/right through the departments)."""
        return self._scroll.horizontalScrollBar()

    def department_case_ids(self, code: str, overdue: bool = False) -> set[int]:
        """Ids of the department's cases in hand (all of them, not only the cards shown), or
        only those overdue now: the cases behind the column's numbers."""
        entries = self._cases_of.get(code, [])
        if overdue:
            entries = entries[:self._overdue(entries, self._picture.now())]
        return {case_id for _, case_id in entries}

    # Private API -----------------------------------------------------------------------------
    def _reset(self) -> None:
        self._card_limit.clear()
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
        self._reorder()

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
        limit = self._card_limit.get(code, CARD_PAGE)
        column.show_cases([self._card_item(cases[i], now) for _, i in entries[:limit]], max(0, len(entries) - limit))
        column.set_stats(len(entries), self._overdue(entries, now), self._rates.get(code))
        if self._selected is not None:
            card = column.card_of(self._selected)
            for c in column.cards:
                c.set_selected(c is card)

    def _grow_at_end(self, code: str) -> None:
        """The operator scrolled to a column's last card: the next page of its cards."""
        column, entries = self.columns[code], self._cases_of[code]
        limit = self._card_limit.get(code, CARD_PAGE)
        if len(entries) > limit and len(column.cards) >= limit and column.cards[limit - 1] in column.cards_in_view():
            self._card_limit[code] = limit + CARD_PAGE
            self._refresh_column(code)

    def _reach(self, case_id: int | None) -> None:
        """A selected case beyond its column's cards gets its card (and the cards before it)."""
        code, entry = self._entry_of.get(case_id, (None, None)) if case_id is not None else (None, None)
        if code is None:
            return
        index = bisect_left(self._cases_of[code], entry)
        if index >= self._card_limit.get(code, CARD_PAGE):
            self._card_limit[code] = (index // CARD_PAGE + 1) * CARD_PAGE
            self._refresh_column(code)
            body = self.columns[code].findChild(QWidget, "body")
            if body is not None:   # the new cards laid out now, so the column can scroll to one
                body.layout().activate()
                body.adjustSize()

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
        shown = self._columns_in_view()
        for code, column in self.columns.items():
            if code in shown:
                self._refresh_in_view(code, now)
            entries = self._cases_of[code]
            column.set_stats(len(entries), self._overdue(entries, now), self._rates.get(code))

    def _columns_in_view(self) -> set[str]:
        bar = self._scroll.horizontalScrollBar()
        left, right = bar.value(), bar.value() + self._scroll.viewport().width()
        return {code for code, c in self.columns.items() if c.x() < right and c.x() + c.width() > left}

    def _refresh_in_view(self, code: str, now: datetime | None = None) -> None:
        """The countdowns of the cards in view (a list of hundreds costs nothing per second)."""
        now = now or self._picture.now()
        cases = self._picture.cases
        for card in self.columns[code].cards_in_view():
            case = cases.get(card.case.id)
            if case is not None:
                card.set_case(*self._card_item(case, now))

    @staticmethod
    def _today_start(now: datetime) -> datetime:
        return datetime.combine(local(now).date(), time(0), LOCAL_TZ).astimezone(timezone.utc)

    def _on_dropped(self, payload: dict, department: str) -> None:
        batch = payload.get("cases")
        if isinstance(batch, list) and len(batch) > 1:
            self._last_drop = payload["case_id"]
            self.sig_batch_dispatch_requested.emit(batch, department)
            return
        case_id = payload["case_id"]
        self._last_drop = case_id
        case = self._picture.cases.get(case_id)
        # The version the operator saw when dragging: the desk's command fails if it is stale.
        version = payload.get("version") or (case.version if case is not None else 0)
        self.sig_dispatch_requested.emit(case_id, int(version), department, payload.get("department") or "")

    def _reorder(self) -> None:
        """Default department of the selected case, pinned ones, then the rest by load."""
        if self.row.dragging:
            return   # never move a column while the operator aims a drag at it
        order = board_order.department_order([d.code for d in self._context.departments],
                                             {c: len(e) for c, e in self._cases_of.items()}, self._focus, self._pinned)
        if order == self._order:
            return
        self._order = order
        for index, code in enumerate(order):
            self._row_layout.insertWidget(index, self.columns[code])
        self._row_layout.activate()   # the columns move now, before the board scrolls to one

    def _column_at(self, point: QPoint):
        for column in self.columns.values():
            if column.geometry().contains(point):
                return column
        return None

    def _fit_columns(self) -> None:
        """As many whole columns as fit, at least MIN_COLUMN_WIDTH each, filling the width."""
        available = self._scroll.viewport().width() - 2 * ROW_MARGIN
        count = len(self.columns)
        if available <= 0 or not count:
            return
        shown = max(1, min(count, (available + COLUMN_SPACING) // (MIN_COLUMN_WIDTH + COLUMN_SPACING)))
        width = (available - COLUMN_SPACING * (shown - 1)) // shown
        if any(column.width() != width for column in self.columns.values()):
            for column in self.columns.values():
                column.set_width(width)
            self._row_layout.activate()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self._scroll.viewport() and event.type() == event.Type.Resize:
            self._fit_columns()
        return False

    def _show_column_menu(self, code: str, at: QPoint) -> None:
        menu = QMenu(self)
        if code in self._pinned:
            index = self._pinned.index(code)
            if index > 0:
                menu.addAction(self.tr("Move left among the pinned"), lambda: self._move_pinned(code, -1))
            if index < len(self._pinned) - 1:
                menu.addAction(self.tr("Move right among the pinned"), lambda: self._move_pinned(code, 1))
            menu.addAction(self.tr("Unpin"), lambda: self._pin(code, False))
        else:
            menu.addAction(self.tr("Pin to the left"), lambda: self._pin(code, True))
        if self._pinned:
            menu.addAction(self.tr("Unpin all (order by load)"), lambda: self._set_pinned_by_user([]))
        menu.popup(at)

    def _pin(self, code: str, pinned: bool) -> None:
        self._set_pinned_by_user(board_order.pin(self._pinned, code, pinned))

    def _move_pinned(self, code: str, delta: int) -> None:
        self._set_pinned_by_user(board_order.move_pinned(self._pinned, code, delta))

    def _move_department(self, code: str, onto: str) -> None:
        """A department's name dropped on another column: pinned there."""
        self._set_pinned_by_user(board_order.move_onto(self._pinned, code, onto))

    def _set_pinned_by_user(self, codes: list[str]) -> None:
        self.set_pinned(codes)
        self.sig_pinned_changed.emit(self.pinned())

    def _on_card_clicked(self, case_id: int) -> None:
        self.select_case(case_id)
        self.sig_case_selected.emit(case_id)


if __name__ == "__main__":
    import sys

    from widgets.desk_preview import run_preview

    sys.exit(run_preview(lambda signals, context, _scenario: LinkageBoard(signals, context), size=(1900, 330)))
