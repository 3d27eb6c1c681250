"""The notification centre (通知中心) of a desk: urges addressed to me or my department, the
departments' replies, the reminder ladder's reminders and escalations, and outbound messages
that failed to go out. A button with the unread count opens the list; urgent notices ring."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QToolButton,
    QVBoxLayout, QWidget,
)

from commandcenter.clock import local
from commandcenter.notifications import Notice, notice_for, notice_of_failure
from widgets.live import SituationSignals
from widgets.notice_words import reminder_text
from widgets.palette import OVERDUE_COLOR

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ROLE = Qt.ItemDataRole.UserRole + 2


class NotificationButton(QToolButton):
    """The bell with the unread count (its badge turns red while anything is unread)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notificationButton")
        self.setCheckable(True)
        self.set_count(0)

    def set_count(self, count: int) -> None:
        self.setText(self.tr("Notifications ({n})").format(n=count) if count else self.tr("Notifications"))
        self.setToolTip(self.tr("Open the notification centre (F9)"))
        self.setStyleSheet(f"QToolButton#notificationButton{{color:white;background:{OVERDUE_COLOR};"
                           "border-radius:3px;padding:1px 6px;font-weight:bold;}" if count else "")


class NoticeList(QListWidget):
    """The notices, as tall as they are (up to ``ROWS``) and never under two rows: a short list
    leaves its height to the case panel below it."""

    ROWS = 6
    MIN_ROWS = 2

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._rows_height(max(self.MIN_ROWS, min(self.count(), self.ROWS))))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._rows_height(self.MIN_ROWS))

    def _rows_height(self, rows: int) -> int:
        """The first ``rows`` notices (an empty row's height where there are fewer)."""
        one = self.fontMetrics().lineSpacing() + 4
        shown = min(rows, self.count())
        height = sum(max(self.sizeHintForRow(i), one) for i in range(shown)) + (rows - shown) * one
        return height + 2 * self.frameWidth()


class NotificationCentre(QFrame):
    """The list of notices for the signed-in user, newest first; unread ones in bold."""

    sig_unread_changed = Signal(int)
    """How many notices are unread now."""
    sig_case_requested = Signal(int)
    """The operator opened a notice about this case."""
    sig_ring = Signal(object)
    """An urgent notice arrived (the desk rings once for it)."""
    sig_open_requested = Signal()
    """Unread notices were waiting at sign-in: the desk opens the centre."""

    def __init__(self, signals: SituationSignals, context, parent: QWidget | None = None, *, sound: bool = True):
        super().__init__(parent)
        self._picture = signals.picture
        self._context = context
        self._user = None
        self._sound = sound
        self._notices: dict[str, Notice] = {}
        self._unread: set[str] = set()
        self.rings = 0
        self.setObjectName("notificationCentre")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMaximumHeight(240)   # the case panel below stays the main thing of the column
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight:bold;")
        head.addWidget(self.title, 1)
        self.mark_all_button = QPushButton(self.tr("Mark all read"), self)
        self.mark_all_button.clicked.connect(self.mark_all_read)
        head.addWidget(self.mark_all_button)
        layout.addLayout(head)
        self.list = NoticeList(self)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        self.empty_label = QLabel(self.tr("Nothing for you yet: urges, replies and reminders appear here."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color:#5f6368;")
        layout.addWidget(self.empty_label)
        signals.sig_cases_changed.connect(lambda change: self.add_events(change.events))
        self._update_title()

    # Public API --------------------------------------------------------------------------------
    def set_user(self, user) -> None:
        if user != self._user:
            self._notices.clear()
            self._unread.clear()
            self.list.clear()
        self._user = user
        self._update_title()

    @property
    def unread_count(self) -> int:
        return len(self._unread)

    def notices(self) -> list[Notice]:
        """Newest first, as listed."""
        return [self._notices[self.list.item(i).data(KEY_ROLE)] for i in range(self.list.count())]

    def add_events(self, events, *, ring: bool = True) -> None:
        """Events addressed to the user become notices (``ring``: urgent ones ring; not for the
        backlog read at sign-in)."""
        for event in sorted(events, key=lambda e: e.seq or 0):
            notice = notice_for(event, self._picture.cases.get(event.case_id), self._user)
            if notice is not None:
                self._add(notice, ring=ring)

    def set_failures(self, entries) -> None:
        """Outbound messages whose last try failed (re-read now and then off the GUI thread)."""
        for entry in entries:
            notice = notice_of_failure(entry)
            if notice.key not in self._notices:
                self._add(notice)

    def mark_read(self, key: str) -> None:
        if key in self._unread:
            self._unread.discard(key)
            self._restyle(key)
            self._update_title()

    def mark_all_read(self) -> None:
        for key in list(self._unread):
            self.mark_read(key)

    def text_of(self, notice: Notice) -> str:
        cx, p = self._context, notice.payload
        when = f"{local(notice.at):%m-%d %H:%M}"
        case = notice.case_number
        if notice.kind == "urge":
            return self.tr("{when} Case {case} urged by {who}: {message}").format(
                when=when, case=case, who=cx.user_display_name(notice.actor), message=p.get("message", ""))
        if notice.kind == "urge_reply":
            return self.tr("{when} Case {case}: {who} replied: {reply}").format(
                when=when, case=case, who=cx.user_display_name(notice.actor), reply=p.get("reply", ""))
        if notice.kind in ("remind", "escalation"):
            return self.tr("{when} Case {case}: {what}").format(when=when, case=case, what=reminder_text(cx, p))
        return self.tr("{when} Not sent to {address} after {n} tries: {error}").format(
            when=when, address=p.get("address", ""), n=p.get("attempts", 0), error=p.get("error", ""))

    # Private API -------------------------------------------------------------------------------
    def _add(self, notice: Notice, *, ring: bool = True) -> None:
        if notice.key in self._notices:
            return
        self._notices[notice.key] = notice
        self._unread.add(notice.key)
        item = QListWidgetItem(self.text_of(notice))
        item.setData(KEY_ROLE, notice.key)
        item.setData(CASE_ROLE, notice.case_id)
        self.list.insertItem(0, item)
        self._restyle(notice.key)
        self._update_title()
        if notice.urgent and ring:
            self.rings += 1
            if self._sound:
                QApplication.beep()
            self.sig_ring.emit(notice)

    def _item(self, key: str) -> QListWidgetItem | None:
        return next((self.list.item(i) for i in range(self.list.count()) if self.list.item(i).data(KEY_ROLE) == key),
                    None)

    def _restyle(self, key: str) -> None:
        item = self._item(key)
        if item is None:
            return
        notice = self._notices[key]
        font = QFont(self.list.font())
        font.setBold(key in self._unread)
        item.setFont(font)
        if notice.urgent or notice.kind == "send_failed":
            item.setForeground(QColor(OVERDUE_COLOR))

    def _update_title(self) -> None:
        self.title.setText(self.tr("Notifications · {n} unread").format(n=len(self._unread)))
        self.empty_label.setVisible(not self._notices)
        self.list.setVisible(bool(self._notices))   # nothing yet: one line, the case panel keeps the room
        self.list.updateGeometry()
        self.mark_all_button.setEnabled(bool(self._unread))
        self.sig_unread_changed.emit(len(self._unread))

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.mark_read(item.data(KEY_ROLE))
        case_id = item.data(CASE_ROLE)
        if case_id is not None:
            self.sig_case_requested.emit(int(case_id))
