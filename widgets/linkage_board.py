"""The linkage board (联动看板): one column per department with its cases in hand, its
counts and today's on-time handling rate. Dropping a case on a column asks the desk to
dispatch it there (or re-dispatch it, when it comes from another column).

Order of the columns: the selected case's default department first, then the departments the
operator pinned (their favourite order, from a column's menu), then the rest by load (cases in
hand, most first). The columns fill the board's width, at least ``MIN_COLUMN_WIDTH`` each; the
rest scroll, and scroll by themselves when a case is held near the board's edge. Every case in
hand has its card in its column's list, a virtual list (widgets.board_list): a column of 30,000
cases paints the dozen cards in view, and a live event inserts, removes or redraws single rows.

The board never decides: it emits ``sig_dispatch_requested`` and the desk checks the role,
asks for confirmation and runs the command; the desk calls ``show_refusal`` or
``show_undo`` with the outcome."""
from __future__ import annotations

import math
from bisect import bisect_left
from datetime import datetime, time, timedelta, timezone

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from commandcenter import kpi
from commandcenter.case import Case, Status
from commandcenter.clock import LOCAL_TZ, local
from commandcenter.privacy import mask_contacts
from commandcenter.situation import CasesChanged
from widgets import board_order
from widgets.board_card import CardItem
from widgets.board_drop import BoardRow, HeaderDrag
from widgets.board_parts import BOARD_STYLE, MIN_COLUMN_WIDTH, DepartmentColumn, UndoBar
from widgets.context import DeskContext
from widgets.live import SituationSignals
from widgets.returns import ReturnNotes
from widgets.short_names import short_department_name

ROW_MARGIN, COLUMN_SPACING = 2, 4
ON_BOARD = frozenset({Status.HANDLING, Status.SUSPENDED})
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
        # Per department, its cases in hand as a sorted list of (deadline, id) — the rows of its
        # column's model: the most urgent cards first, the overdue count one bisection.
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
            full = context.department_name(department.code)
            district = context.district_map.district.name if context.district_map is not None else ""
            column = DepartmentColumn(department.code, full, self._item_of, self._entry_key, row,
                                      short_department_name(department.code, full, context.catalog, context.lang,
                                                            district))
            column.sig_dropped.connect(self._on_dropped)
            column.sig_card_clicked.connect(self._on_card_clicked)
            column.sig_count_clicked.connect(self.sig_count_clicked)
            column.sig_step.connect(self._step_column)
            column.sig_menu_requested.connect(self._show_column_menu)
            HeaderDrag(column.name_label, department.code)
            row_layout.addWidget(column)
            self.columns[department.code] = column
        row_layout.addStretch(1)
        row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._scroll.setWidget(row)
        self._scroll.viewport().installEventFilter(self)   # columns fit the board's width
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

    def select_case(self, case_id: int | None) -> None:
        """The case selected everywhere: its card drawn selected and scrolled into view (however
        far down its column), its default department's column first."""
        self._selected = case_id
        case = self._picture.cases.get(case_id) if case_id is not None else None
        focus = self._context.default_department(case.class_code) if case is not None else None
        if focus != self._focus and focus in self.columns:
            self._focus = focus
            self._reorder()
            self._scroll.horizontalScrollBar().setValue(0)   # the default department in view
        code = self._mark_selected()
        if code is not None:
            column = self.columns[code]
            self._scroll.ensureWidgetVisible(column)
            # Far away, the card comes to the middle of its list; in view, the list stays put.
            column.ensure_visible(case_id, centre=case_id not in column.case_ids_in_view())
            column.set_current(case_id)

    def set_return_notes(self, notes: ReturnNotes) -> None:
        """Mark cards of cases a department returned before, with the reason in their tooltip."""
        self._returns = notes
        notes.sig_changed.connect(self._on_returns_changed)
        for column in self.columns.values():
            column.repaint_cards()

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
        entries = self._entries(code)
        if overdue:
            entries = entries[:self._overdue(entries, self._picture.now())]
        return {case_id for _, case_id in entries}

    # Private API -----------------------------------------------------------------------------
    def _entries(self, code: str) -> list[tuple[float, int]]:
        column = self.columns.get(code)
        return column.model.entries if column is not None else []

    def _entry_key(self, case_id: int) -> tuple[float, int] | None:
        return self._entry_of.get(case_id, (None, None))[1]

    def _reset(self) -> None:
        """The whole picture anew (a reload, a new day): every column's rows rebuilt."""
        cases_of: dict[str, list[tuple[float, int]]] = {code: [] for code in self.columns}
        self._entry_of.clear()
        self._handled_today.clear()
        day_start = self._day_start = self._today_start(self._picture.now())
        entry_of, handled_today, inf = self._entry_of, self._handled_today, math.inf
        for case in self._picture.cases.values():
            if case.status in ON_BOARD:
                entries = cases_of.get(case.department_code)
                if entries is not None:
                    deadline = case.stage_deadline
                    entry = (deadline.timestamp() if deadline is not None else inf, case.id)
                    entries.append(entry)
                    entry_of[case.id] = (case.department_code, entry)
            if case.handled_at is not None and case.handled_at >= day_start:
                handled_today.add(case.id)
        for code, entries in cases_of.items():
            entries.sort()
            self.columns[code].model.reset_entries(entries)
        self._mark_selected()
        self._refresh_rates()
        self._reorder()

    def _entry(self, case: Case) -> tuple[float, int] | None:
        """The case's row key on its department's column, or None when it is not in hand."""
        if case.status in ON_BOARD and case.department_code in self.columns:
            return _deadline_key(case), case.id
        return None

    def _on_cases_changed(self, change: CasesChanged) -> None:
        """Row by row: a case that left a column is a removed row, one that arrived an inserted
        row, one changed in place a redrawn row; the counts of the columns touched follow."""
        dirty: set[str] = set()
        handled_changed = selection_moved = False
        for case_id in change.case_ids:
            old_code, old_entry = self._entry_of.get(case_id, (None, None))
            case = self._picture.cases.get(case_id)
            entry = self._entry(case) if case is not None else None
            code = case.department_code if entry is not None else None
            if code == old_code and entry == old_entry:
                if code is not None:
                    self.columns[code].model.changed(entry)
            else:
                if old_code is not None:
                    self.columns[old_code].model.remove(old_entry)
                    del self._entry_of[case_id]
                    dirty.add(old_code)
                if code is not None:
                    self._entry_of[case_id] = (code, entry)
                    self.columns[code].model.insert(entry)
                    dirty.add(code)
                selection_moved |= case_id == self._selected and code != old_code
            was_handled = case_id in self._handled_today
            if case is not None and case.handled_at is not None and case.handled_at >= self._day_start:
                self._handled_today.add(case_id)
            else:
                self._handled_today.discard(case_id)
            handled_changed |= was_handled != (case_id in self._handled_today)
        if handled_changed:
            self._kpi_timer.start()
        if selection_moved:
            self._mark_selected()
        now = self._picture.now()
        for code in dirty:
            self._show_stats(code, now)

    def _mark_selected(self) -> str | None:
        """The selected case drawn selected in its column (and in no other); its column's code."""
        code, entry = self._entry_of.get(self._selected, (None, None)) if self._selected is not None else (None, None)
        for c, column in self.columns.items():
            column.model.set_selected(self._selected if c == code else None, entry if c == code else None)
        return code

    def _on_flash(self, case_ids: frozenset[int]) -> None:
        for case_id in case_ids:
            code, entry = self._entry_of.get(case_id, (None, None))
            if code is not None:
                self.columns[code].model.set_flash(case_id, entry, self._attention.flash_on(case_id))

    def _on_returns_changed(self, case_ids: frozenset[int]) -> None:
        for case_id in case_ids:
            code, entry = self._entry_of.get(case_id, (None, None))
            if code is not None:
                self.columns[code].model.changed(entry)

    def _show_stats(self, code: str, now: datetime) -> None:
        entries = self._entries(code)
        self.columns[code].set_stats(len(entries), self._overdue(entries, now), self._rates.get(code))

    @staticmethod
    def _overdue(entries: list[tuple[float, int]], now: datetime) -> int:
        return bisect_left(entries, (now.timestamp(), -1))

    def _item_of(self, case_id: int) -> CardItem | None:
        """What the card of this case shows now (asked by the column's list when it paints it)."""
        case = self._picture.cases.get(case_id)
        return self._card_item(case, self._picture.now()) if case is not None else None

    def _card_item(self, case: Case, now: datetime) -> CardItem:
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
        description = mask_contacts(case.description) if cx.mask_personal_data else case.description
        return CardItem(case, state, countdown, detail, tag, returned, description)

    def _refresh_rates(self) -> None:
        """按期处置率 today, from kpi.compute over the cases handled since local midnight."""
        now = self._picture.now()
        start = self._day_start
        cases = [self._picture.cases[i] for i in self._handled_today if i in self._picture.cases]
        groups = kpi.compute(cases, start, start + timedelta(days=1), by="department", now=now)
        self._rates = {code: values.on_time_handling_rate for code, values in groups.items()}
        for code in self.columns:
            self._show_stats(code, now)

    def _on_tick(self) -> None:
        """Countdowns and overdue counts move with the clock; the cards' order does not
        (it is by deadline), so only the cards in view are redrawn, and the counts."""
        now = self._picture.now()
        if self._today_start(now) != self._day_start:
            self._reset()
            return
        shown = self._columns_in_view()
        for code, column in self.columns.items():
            if code in shown:
                column.model.refresh_rows(column.view.rows_in_view())
            self._show_stats(code, now)

    def _columns_in_view(self) -> set[str]:
        bar = self._scroll.horizontalScrollBar()
        left, right = bar.value(), bar.value() + self._scroll.viewport().width()
        return {code for code, c in self.columns.items() if c.x() < right and c.x() + c.width() > left}

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
                                             {c: len(self._entries(c)) for c in self.columns}, self._focus,
                                             self._pinned)
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

    def _step_column(self, code: str, step: int) -> None:
        """Left / Right in a column's list: the nearest column that way with cases, its card at
        the same height (or the nearest) selected, the keyboard there."""
        order = self._order
        source = self.columns[code].view
        y = source.visualRect(source.currentIndex()).center().y() if source.currentIndex().isValid() else 0
        index = order.index(code) + step
        while 0 <= index < len(order):
            column = self.columns[order[index]]
            if column.model.rowCount():
                target = column.view.indexAt(QPoint(4, max(0, y)))
                row = target.row() if target.isValid() else column.view.rows_in_view().start
                row = min(row, column.model.rowCount() - 1)
                case_id = column.model.case_id(row)
                column.view.setFocus(Qt.FocusReason.OtherFocusReason)
                self._on_card_clicked(case_id)
                return
            index += step


if __name__ == "__main__":
    import sys

    from widgets.desk_preview import run_preview

    sys.exit(run_preview(lambda signals, context, _scenario: LinkageBoard(signals, context), size=(1900, 330)))
