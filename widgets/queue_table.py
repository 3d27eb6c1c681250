"""The desk's case queues: one tab per stage (待受理 … 待结案, 申请, 挂账), counts and overdue
counts in the tab titles, shared filters and search, overdue cases first.

Bound to :class:`widgets.live.SituationSignals`: each change updates only the rows it
names; a reset of the picture rebuilds the tables; a 1-second tick refreshes countdowns."""
from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import QByteArray, QCoreApplication, QItemSelectionModel, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from commandcenter.queues import DESK_QUEUE_KEYS as QUEUE_KEYS, DESK_QUEUES as QUEUES, PLACEMENT_QUEUE
from commandcenter.situation import CasesChanged
from widgets.context import DeskContext
from widgets.palette import RETURNED_COLOR, STATE_COLORS
from widgets.live import SituationSignals
from widgets.queue_model import RETURNED_ROLE, STATE_ROLE, QueueModel
from widgets.returns import ReturnNotes
from widgets.queue_filters import QueueFilterBar
from widgets.queue_rows import COL, SHOWN_ORDER, RowFactory, RowStore
from widgets.queue_widths import ColumnWidths

_case_id = attrgetter("id")
HANDLING_QUEUES = frozenset({"handle", "check", "close", "requests", "suspended"})
"""Queues whose cases are with a department, so the department column is shown."""


class _StateBarDelegate(QStyledItemDelegate):
    """Paints a colour bar at the left edge of a row (red overdue, amber at risk) and the 退回
    badge at the right of a returned case's number."""

    def paint(self, painter, option, index):
        badge = index.data(RETURNED_ROLE)
        if badge:
            width = option.fontMetrics.horizontalAdvance(badge) + 8
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(0, 0, -width - 2, 0)
        super().paint(painter, option, index)
        r = option.rect
        state = index.data(STATE_ROLE)
        if state in ("overdue", "at_risk"):
            painter.fillRect(QRect(r.x(), r.y(), 4, r.height()), QColor(STATE_COLORS[state]))
        if badge:
            pill = QRect(r.right() + 2, r.y() + 3, width, r.height() - 6)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(RETURNED_COLOR))
            painter.drawRoundedRect(pill, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), badge)
            painter.restore()

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        badge = index.data(RETURNED_ROLE)
        if badge:
            size.setWidth(size.width() + option.fontMetrics.horizontalAdvance(badge) + 10)
        return size


class QueueView(QTableView):
    """A compact, keyboard-driven table of one queue; rows drag onto the linkage board."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows for a batch dispatch (Shift/Ctrl-click); the case panel follows the current row
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        self.setItemDelegateForColumn(COL["number"], _StateBarDelegate(self))

    def keyPressEvent(self, event):
        # Enter opens the case on every platform (Qt leaves it to the style on some).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class QueueTabs(QTabWidget):
    """One tab per queue of :data:`commandcenter.queues.DESK_QUEUES`, titled "待派遣 12 · 超期 3";
    the 待定位 tab only where :meth:`set_queue_shown` shows it."""

    sig_case_selected = Signal(int)
    """The operator moved the selection to this case."""
    sig_case_activated = Signal(int)
    """The operator opened this case (Enter or double-click)."""

    def __init__(self, signals: SituationSignals, context: DeskContext, parent=None):
        super().__init__(parent)
        self._signals = signals
        self._picture = signals.picture
        self._context = context
        self._factory = RowFactory(context)
        self._store = RowStore()
        self._members = {q.key: set() for q in QUEUES}
        self._models: dict[str, QueueModel] = {}
        self._views: dict[str, QueueView] = {}
        self._following_picture = False   # rows move under the views: their current row is no choice
        self._widths = ColumnWidths(context)
        self._loading = False   # the picture is still being read: the titles say "…", not 0
        self._returns: ReturnNotes | None = None
        self._attention = None
        self.setDocumentMode(True)
        # Titles carry the counts: never elide them; scroll the tabs when they do not all fit.
        self.setToolTip(self.tr("Double-click a tab for its overdue cases only"))
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabBar().setExpanding(False)
        self._filter_bar = QueueFilterBar(context, self)
        self._filter_bar.sig_changed.connect(self._on_filters_changed)
        for queue in QUEUES:
            self._add_queue(queue)
        self.setTabVisible(QUEUE_KEYS.index(PLACEMENT_QUEUE.key), False)   # until a post that places signs in
        self._ticks = 0
        self._tick_timer = QTimer(self, interval=1000)
        self._tick_timer.timeout.connect(self._on_tick)
        self._tick_timer.start()
        self.currentChanged.connect(self._on_tab_changed)
        self.tabBarDoubleClicked.connect(self._on_tab_double_clicked)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        self._filter_bar.search.returnPressed.connect(lambda: self._views[self.current_queue()].setFocus())
        signals.sig_reset.connect(self._reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        signals.sig_time_changed.connect(lambda _at: self._on_tick())
        self._reset()
        self._on_tab_changed(0)

    # Public API ------------------------------------------------------------------------------
    def select_case(self, case_id: int | None) -> bool:
        """Show the case in the first queue that lists it; False when no visible queue does."""
        if case_id is None:
            view = self._views[self.current_queue()]
            view.clearSelection()
            view.setCurrentIndex(QModelIndex())
            return False
        for index, queue in enumerate(QUEUES):
            row = self._models[queue.key].row_of(case_id) if self.isTabVisible(index) else None
            if row is not None:
                self.setCurrentIndex(index)
                view = self._views[queue.key]
                if view.currentIndex().row() == row and view.selectionModel().hasSelection():
                    return True   # the operator's own click (Ctrl/Shift-click included): leave it be
                if view.selectionModel().isRowSelected(row, QModelIndex()):
                    # one of several rows picked for a batch: keep the others selected
                    view.selectionModel().setCurrentIndex(self._models[queue.key].index(row, 0),
                                                          QItemSelectionModel.SelectionFlag.NoUpdate)
                else:
                    view.selectRow(row)
                view.scrollTo(self._models[queue.key].index(row, 0))
                return True
        return False

    def set_queue_shown(self, key: str, shown: bool) -> None:
        """Show or hide one queue's tab (a hidden tab is never current: the first shown one is)."""
        index = QUEUE_KEYS.index(key)
        self.setTabVisible(index, shown)
        if not shown and self.currentIndex() == index:
            self.setCurrentIndex(next(i for i in range(self.count()) if self.isTabVisible(i)))

    def is_queue_shown(self, key: str) -> bool:
        return self.isTabVisible(QUEUE_KEYS.index(key))

    def set_return_notes(self, notes: ReturnNotes) -> None:
        """Show why returned cases were returned (their reasons may arrive after the rows)."""
        self._returns = notes
        notes.sig_changed.connect(self._on_returns_changed)
        self._on_returns_changed(frozenset(self._store.rows))

    def set_attention(self, attention) -> None:
        """New urgent cases (:class:`widgets.attention.UrgentAttention`) go on top and flash."""
        self._attention = attention
        for model in self._models.values():
            model.attention = attention
        attention.sig_changed.connect(self._on_returns_changed)
        attention.sig_flash.connect(self._on_flash)   # a method: Qt drops the link when the tabs go

    def _on_flash(self, case_ids) -> None:
        for model in self._models.values():
            model.repaint_cases(case_ids)

    def set_grid_filter(self, code: str | None) -> None:
        self._filter_bar.set_grid(code)

    def drill_down(self, case_ids, label: str, queue_key: str | None = None) -> None:
        """Show only ``case_ids`` in every queue (a chip named ``label`` clears it) and open
        ``queue_key``'s tab, or the first tab that lists any of them."""
        self._filter_bar.set_drill(frozenset(case_ids), label)
        keys = [queue_key] if queue_key else []
        keys += [q.key for i, q in enumerate(QUEUES) if self._models[q.key].rowCount() and self.isTabVisible(i)]
        if keys:
            self.setCurrentIndex(QUEUE_KEYS.index(keys[0]))

    @property
    def drill_label(self) -> str:
        """The drill-down chip's text ("" when no drill-down filter is on)."""
        return self._filter_bar.drill_chip.text() if self._filter_bar.drill is not None else ""

    def clear_drill(self) -> None:
        self._filter_bar.set_drill(None)

    def set_filters(self, street=None, class_code=None, department=None, source=None, tier=None,
                    text=None) -> None:
        """Replace the filters (``None`` = no filter on that field); the grid filter stays."""
        self._filter_bar.apply(dict(street=street, class_code=class_code, department=department,
                                    source=source, tier=tier, text=text))

    def current_case_id(self) -> int | None:
        key = self.current_queue()
        return self._models[key].case_id_at(self._views[key].currentIndex().row())

    def selected_case_ids(self) -> list[int]:
        """The cases selected in the current queue, top to bottom (one or none without Shift/Ctrl)."""
        key = self.current_queue()
        view, model = self._views[key], self._models[key]
        rows = sorted(index.row() for index in view.selectionModel().selectedRows())
        return [case_id for case_id in (model.case_id_at(r) for r in rows) if case_id is not None]

    def current_queue(self) -> str:
        return QUEUES[max(0, self.currentIndex())].key

    def add_below_filters(self, widget: QWidget) -> None:
        self._filter_bar.add_below(widget)

    @property
    def search_box(self) -> QLineEdit:
        """The text box shared by every queue (Ctrl+F): it filters the queues as the operator types."""
        return self._filter_bar.search

    def focus_search(self) -> None:
        self._filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._filter_bar.search.selectAll()

    def model(self, queue_key: str) -> QueueModel:
        return self._models[queue_key]

    def view(self, queue_key: str) -> QueueView:
        return self._views[queue_key]

    # Private API --------------------------------------------------------------------------
    def _add_queue(self, queue) -> None:
        model = QueueModel(queue, self._store, self._members[queue.key], self._context, self._picture.now, self)
        view = QueueView()
        view.setModel(model)
        header = view.horizontalHeader()
        header.setSortIndicator(COL["countdown"], Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for position, name in enumerate(SHOWN_ORDER):
            header.moveSection(header.visualIndex(COL[name]), position)
        view.setColumnHidden(COL["department"], queue.key not in HANDLING_QUEUES)
        self._widths.fit(view)
        view.selectionModel().currentRowChanged.connect(
            lambda current, _previous, key=queue.key: self._on_current_row(key, current))
        view.activated.connect(lambda index, m=model: self._emit_case(self.sig_case_activated, m, index.row()))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(view)
        self._models[queue.key] = model
        self._views[queue.key] = view
        self.addTab(page, self._context.queue_name(queue.key))

    def header_states(self) -> dict[str, QByteArray]:
        """Each queue's column order and widths (the operator may resize them), to save per user."""
        return {key: view.horizontalHeader().saveState() for key, view in self._views.items()}

    def restore_header_states(self, states: dict[str, QByteArray]) -> None:
        """Column widths saved by :meth:`header_states`; queues without a saved state are fitted
        to their content again (another user's widths never carry over)."""
        for key, view in self._views.items():
            state = states.get(key)
            if state is None or not view.horizontalHeader().restoreState(state):
                self._widths.fit(view)
            view.setColumnHidden(COL["department"], key not in HANDLING_QUEUES)

    def set_loading(self, loading: bool) -> None:
        """While the picture is read (a city's desk takes seconds) the tabs show "待派遣 …"
        rather than counting 0; the picture's arrival ends it."""
        self._loading = loading
        self._update_titles()

    def _reset(self) -> None:
        self._loading = False
        selected = {key: self._models[key].case_id_at(self._views[key].currentIndex().row())
                    for key in self._models} if self._store.rows else {}
        open_cases = [case for case in self._picture.cases.values() if case.is_open]
        row, note = self._factory.row, self._returns.note if self._returns is not None else (lambda _id: None)
        unread = self._attention.is_unread if self._attention is not None else (lambda _id: False)
        rows = []
        by_status: dict = {}
        for case in open_cases:
            returned = note(case.id) if case.returned_by is not None else None
            rows.append(row(case, returned.reason if returned else None, unread(case.id)))
            same = by_status.get(case.status)
            if same is None:
                by_status[case.status] = [case.id]
            else:
                same.append(case.id)
        self._store.fill(rows)
        for queue in QUEUES:
            members = self._members[queue.key]
            members.clear()
            if queue.status is not None:
                members.update(by_status.get(queue.status, ()))
            else:
                members.update(map(_case_id, filter(queue.accepts, open_cases)))
        for key, model in self._models.items():
            model.rebuild()
            if selected.get(key) is not None and model.row_of(selected[key]) is not None:
                self._views[key].selectRow(model.row_of(selected[key]))
        self._update_titles()

    def _place(self, case) -> None:
        note = self._returns.note(case.id) if self._returns is not None else None
        pinned = self._attention is not None and self._attention.is_unread(case.id)
        self._store.put(self._factory.row(case, note.reason if note else None, pinned))
        for queue in QUEUES:
            if queue.accepts(case):
                self._members[queue.key].add(case.id)

    def _on_cases_changed(self, change: CasesChanged) -> None:
        cases = self._picture.cases
        current = {key: self._models[key].case_id_at(view.currentIndex().row())
                   for key, view in self._views.items()}
        self._following_picture = True
        try:
            for case_id in change.case_ids:
                self._store.discard(case_id)
                for members in self._members.values():
                    members.discard(case_id)
                case = cases.get(case_id)
                if case is not None and case.is_open:
                    self._place(case)
                for model in self._models.values():
                    model.update_case(case_id)
            self._clear_vanished_selection(current)
        finally:
            self._following_picture = False
        self._update_titles()

    def _clear_vanished_selection(self, current: dict[str, int | None]) -> None:
        """A selected case that left its queue leaves the selection empty: Qt would move it to
        the next row, and the operator's next key would act on a case never looked at."""
        for key, case_id in current.items():
            if case_id is not None and self._models[key].row_of(case_id) is None:
                view = self._views[key]
                view.clearSelection()
                view.setCurrentIndex(QModelIndex())

    def _on_returns_changed(self, case_ids: frozenset[int]) -> None:
        cases = self._picture.cases
        rows = self._store.rows
        returns, attention = self._returns, self._attention
        for case_id in case_ids:
            case = cases.get(case_id)
            row = rows.get(case_id)
            if row is None or case is None:
                continue
            if row.case is case:
                # Most cases have no return note and were never pinned: their row stands as it is.
                note = returns.note(case_id) if returns is not None else None
                pinned = attention is not None and attention.is_unread(case_id)
                if (note.reason if note else None) == row.return_reason and pinned == row.pinned:
                    continue
            self._place(case)
            for model in self._models.values():
                model.update_case(case_id)

    def _on_tick(self) -> None:
        self._ticks += 1
        now = self._picture.now()
        for model in self._models.values():
            model.tick(now, ages=self._ticks % 60 == 0)
        self._update_titles()

    def _on_filters_changed(self) -> None:
        queue_filter = self._filter_bar.current()
        for model in self._models.values():
            model.set_filter(queue_filter)
        self._update_titles()

    def _update_titles(self) -> None:
        for index, queue in enumerate(QUEUES):
            model = self._models[queue.key]
            count, overdue = model.rowCount(), model.overdue_count()
            name = self._context.queue_name(queue.key)
            if self._loading:
                title = QCoreApplication.translate("QueueTabs", "{name} …").format(name=name)
            elif overdue:
                title = QCoreApplication.translate("QueueTabs", "{name} {count} · overdue {overdue}").format(
                    name=name, count=count, overdue=overdue)
            else:
                title = QCoreApplication.translate("QueueTabs", "{name} {count}").format(name=name, count=count)
            if self.tabText(index) != title:
                self.setTabText(index, title)
                self.tabBar().setTabTextColor(index, QColor(STATE_COLORS["overdue"] if overdue else "#202124"))

    def _on_tab_double_clicked(self, index: int) -> None:
        """A double-click on a tab drills down to its overdue cases (the "overdue N" of its title)."""
        if index < 0:
            return
        key = QUEUES[index].key
        label = QCoreApplication.translate("QueueTabs", "overdue · {queue}").format(
            queue=self._context.queue_name(key))
        self.drill_down(self._models[key].overdue_case_ids(), label, key)

    def _on_tab_changed(self, index: int) -> None:
        if index < 0:
            return
        page = self.widget(index)
        page.layout().insertWidget(0, self._filter_bar)
        self._filter_bar.show()
        case_id = self.current_case_id()
        if case_id is not None:
            self.sig_case_selected.emit(case_id)

    def _on_current_row(self, key: str, current: QModelIndex) -> None:
        if key == self.current_queue() and current.isValid() and not self._following_picture:
            self._emit_case(self.sig_case_selected, self._models[key], current.row())

    @staticmethod
    def _emit_case(signal, model: QueueModel, row: int) -> None:
        case_id = model.case_id_at(row)
        if case_id is not None:
            signal.emit(case_id)


if __name__ == "__main__":
    import sys

    from widgets.desk_preview import run_preview

    sys.exit(run_preview(lambda signals, context, _scenario: QueueTabs(signals, context), size=(900, 640)))
