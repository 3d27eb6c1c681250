"""The desk's case search (Ctrl+F): what the operator types in the queues' search box is looked
for at once among the open cases of the picture, and then, off the GUI thread and a page at a
time, among the closed, rejected and cancelled cases of the database.

The list under the box shows both groups; Enter takes the highlighted (or first) result, ↓ moves
into the list, Esc clears the search. The desk decides what taking a case means (its queue tab and
row for an open case, the case panel read-only for a closed one)."""
from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from commandcenter.case import Case
from commandcenter.case_search import CLOSED_STATUSES, CaseFinder, CaseQuery
from commandcenter.clock import local
from commandcenter.queues import QUEUES
from widgets.context import DeskContext
from widgets.live import SituationSignals
from widgets.palette import NEUTRAL_COLOR

OPEN_SHOWN = 20
"""Open matches listed (the queues, filtered by the same text, show all of them), so the closed
ones follow soon below."""
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2   # 'open', 'closed', 'more' or None for a heading

ClosedSearch = Callable[[CaseQuery, Callable[[list[Case], Exception | None], None]], None]
"""``search(query, on_done)``: one page of the store's answer, handed back on the GUI thread."""


class CaseSearchResults(QFrame):
    """Results of the search box's text; hidden while the box is empty."""

    sig_case_chosen = Signal(object)
    """The operator took this :class:`Case` (Enter, double-click)."""

    DB_DELAY_MS = 300

    def __init__(self, signals: SituationSignals, context: DeskContext, parent=None):
        super().__init__(parent)
        self.setObjectName("case_search")
        self._picture = signals.picture
        self._context = context
        self._finder = CaseFinder(context.catalog, context.district_map)
        self._closed_search: ClosedSearch | None = None
        self._with_phone = False
        self._box: QLineEdit | None = None
        self._query = CaseQuery("")
        self._asked = 0            # a newer search makes an older answer stale
        self._pending_db = False
        self._closed_heading: QListWidgetItem | None = None
        self._shown_closed = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(1)
        self.list = QListWidget(self)
        self.list.setObjectName("case_search_list")
        self.list.setUniformItemSizes(True)
        # one click takes the operator to a result; Enter and a double click too (the double
        # click's second half is not taken as a second choice)
        self._clicked: tuple[QListWidgetItem, float] | None = None
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet(f"color:{NEUTRAL_COLOR};")
        self.status_label.hide()
        layout.addWidget(self.status_label)
        self.setMaximumHeight(240)
        self._db_timer = QTimer(self, singleShot=True, interval=self.DB_DELAY_MS)
        self._db_timer.timeout.connect(self._ask_database)
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        self.hide()

    # Public API -------------------------------------------------------------------------------
    def attach(self, box: QLineEdit) -> None:
        """Follow ``box``: its text is searched, its Enter/↓/Esc keys work the list."""
        self._box = box
        box.textChanged.connect(self.search)
        box.installEventFilter(self)

    def set_closed_search(self, search: ClosedSearch | None) -> None:
        self._closed_search = search

    def set_with_phone(self, with_phone: bool) -> None:
        """Match reporters' phones too (only for the posts that may see them)."""
        self._with_phone = with_phone

    def search(self, text: str) -> None:
        """List the open matches now; ask the database for closed ones shortly (typing goes on)."""
        self._asked += 1
        self._query = self._finder.query(text, with_phone=self._with_phone, statuses=CLOSED_STATUSES)
        self.list.clear()
        self._closed_heading = None
        if self._query.is_empty:
            self._db_timer.stop()
            self._pending_db = False
            self.hide()
            return
        self.show()
        opened = sorted((c for c in self._picture.cases.values() if c.is_open and self._query.matches_text(c)),
                        key=lambda c: c.id, reverse=True)
        self._heading(self.tr("Open cases: {count}").format(count=len(opened)))
        for case in opened[:OPEN_SHOWN]:
            self._add_case(case, "open")
        if len(opened) > OPEN_SHOWN:
            self._heading(self.tr("… {more} more in the queues below").format(more=len(opened) - OPEN_SHOWN))
        self._closed_heading = self._heading(self.tr("Closed, rejected and cancelled cases: searching…"))
        if opened:
            self.list.setCurrentRow(1)
        self._pending_db = True
        self._db_timer.start()

    def results(self) -> list[Case]:
        """The cases listed, in list order."""
        return [self.list.item(i).data(CASE_ROLE) for i in range(self.list.count())
                if self.list.item(i).data(KIND_ROLE) in ("open", "closed")]

    @property
    def busy(self) -> bool:
        """True while the database part of the search has not answered."""
        return self._pending_db

    def choose_current(self) -> bool:
        """Take the highlighted result, else the first one; False when there is none."""
        item = self.list.currentItem()
        if item is None or item.data(KIND_ROLE) is None:
            item = next((self.list.item(i) for i in range(self.list.count())
                         if self.list.item(i).data(KIND_ROLE) in ("open", "closed")), None)
        if item is None:
            return False
        self._on_activated(item)
        return True

    # Qt events -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride:
            # Esc in a box with text clears it, before the desk's Esc shortcut (grid filter) sees it
            if watched is self._box and event.key() == Qt.Key.Key_Escape and self._box.text():
                event.accept()
                return True
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if watched is self._box:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.isVisible():
                return self.choose_current()
            if key == Qt.Key.Key_Down and self.isVisible() and self.list.count():
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)
                if self.list.currentRow() < 0:
                    self.list.setCurrentRow(1 if self.list.count() > 1 else 0)
                return True
            if key == Qt.Key.Key_Escape and self._box.text():
                self._box.clear()
                return True
        elif watched is self.list:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self.choose_current()
            if key == Qt.Key.Key_Escape and self._box is not None:
                self._box.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    # Private API ------------------------------------------------------------------------------
    def _heading(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFont(self._bold)
        item.setForeground(QBrush(QColor(NEUTRAL_COLOR)))
        self.list.addItem(item)
        return item

    def _case_text(self, case: Case, kind: str) -> str:
        cx = self._context
        if kind == "open":
            where = next((cx.queue_name(q.key) for q in QUEUES if q.accepts(case)), cx.status_name(case.status))
        else:
            when = case.closed_at or case.updated_at
            where = f"{cx.status_name(case.status)} {local(when):%Y-%m-%d}"
        return f"{case.number}  {where} · {cx.class_name(case.class_code)} · {cx.place_name(case)}"

    def _add_case(self, case: Case, kind: str, row: int | None = None) -> None:
        item = QListWidgetItem(self._case_text(case, kind))
        item.setToolTip(case.description)
        item.setData(CASE_ROLE, case)
        item.setData(KIND_ROLE, kind)
        if kind == "closed":
            item.setForeground(QBrush(QColor(NEUTRAL_COLOR)))
        if row is None:
            self.list.addItem(item)
        else:
            self.list.insertItem(row, item)

    def _ask_database(self, query: CaseQuery | None = None) -> None:
        if self._closed_search is None:
            self._pending_db = False
            self._set_closed_heading(None)
            return
        asked = self._asked
        query = query or self._query
        self._closed_search(query, lambda cases, error: self._on_closed(asked, query, cases, error))

    def _on_closed(self, asked: int, query: CaseQuery, cases: list[Case] | None, error) -> None:
        if asked != self._asked:
            return   # the text changed meanwhile: a newer search is on its way
        self._pending_db = False
        more = self._take_more_item()
        if error is not None:
            self.status_label.setText(self.tr("The database could not be searched: {problem}").format(
                problem=str(error).splitlines()[0] if str(error) else type(error).__name__))
            self.status_label.show()
            return
        self.status_label.hide()
        row = more if more is not None else self.list.count()
        for case in cases:
            self._add_case(case, "closed", row)
            row += 1
        self._shown_closed = (0 if query.before_id is None else self._shown_closed) + len(cases)
        self._set_closed_heading(self._shown_closed)
        if len(cases) == query.limit:
            item = QListWidgetItem(self.tr("More closed cases…"))
            item.setData(KIND_ROLE, "more")
            item.setData(CASE_ROLE, query.next_page(cases[-1]))
            item.setForeground(QBrush(QColor("#1a73e8")))
            self.list.addItem(item)
        if self.list.currentRow() < 0 and cases:
            self.list.setCurrentRow(self.list.row(self._closed_heading) + 1)

    def _set_closed_heading(self, count: int | None) -> None:
        if self._closed_heading is None:
            return
        if count is None:
            self._closed_heading.setText(self.tr("Closed cases are not searched here"))
        else:
            self._closed_heading.setText(self.tr("Closed, rejected and cancelled cases: {count}").format(
                count=count))

    def _take_more_item(self) -> int | None:
        last = self.list.count() - 1
        if last >= 0 and self.list.item(last).data(KIND_ROLE) == "more":
            self.list.takeItem(last)
            return last
        return None

    def _on_cases_changed(self, change) -> None:
        """A listed open case moved on (dispatched here or at another desk): its line says where
        it is now, not where it was when the operator typed."""
        if self.isHidden():
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            listed = item.data(CASE_ROLE) if item.data(KIND_ROLE) == "open" else None
            if listed is not None and listed.id in change.case_ids:
                case = self._picture.cases.get(listed.id)
                if case is not None:
                    item.setData(CASE_ROLE, case)
                    item.setText(self._case_text(case, "open"))
                    item.setToolTip(case.description)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        self._clicked = (item, time.monotonic())
        self._on_activated(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        clicked, self._clicked = self._clicked, None
        if clicked is not None and clicked[0] is item and \
                time.monotonic() - clicked[1] < QApplication.doubleClickInterval() / 1000:
            return
        self._on_activated(item)

    def _on_activated(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        if kind == "more":
            item.setText(self.tr("Searching…"))
            self._pending_db = True
            self._ask_database(item.data(CASE_ROLE))
        elif kind in ("open", "closed"):
            self.sig_case_chosen.emit(item.data(CASE_ROLE))
