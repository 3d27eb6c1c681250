"""The desk's status bar: who is signed in, which database, how fresh the data is, whether
working time rests on a fallback calendar."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from commandcenter.clock import local, utc_now



class DeskStatusBar(QStatusBar):
    """User and role · database · data freshness · calendar warning · clock."""

    CHECK_MS = 1000

    def __init__(self, picture, calendar, database_url: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._picture = picture
        self._calendar = calendar
        self._feed_down_since = None
        self.user_label = self._label("status_user")
        self.database_label = self._label("status_database")
        self.database_label.setText(self.tr("Database: {url}").format(url=database_url))
        self.database_label.setToolTip(database_url)
        self.freshness_label = self._label("status_freshness")
        self.calendar_label = self._label("status_calendar")
        self.calendar_label.setStyleSheet("color:#8a5a00; font-weight:bold;")
        self.busy_label = self._label("status_busy")
        self.clock_label = self._label("status_clock")
        for widget in (self.user_label, self.database_label):
            self.addWidget(widget)
        for widget in (self.calendar_label, self.busy_label, self.freshness_label, self.clock_label):
            self.addPermanentWidget(widget)
        self._timer = QTimer(self, interval=self.CHECK_MS, timeout=self.refresh)
        self._timer.start()
        self.set_user(None)
        self.refresh()

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user, role_text: str = "") -> None:
        if user is None:
            self.user_label.setText(self.tr("Not signed in (read-only)"))
        else:
            self.user_label.setText(self.tr("{name} · {role}").format(name=user.display_name or user.name,
                                                                    role=role_text))

    def set_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Writing…") if busy else "")

    def set_feed_health(self, ok: bool, problem: str = "") -> None:
        if ok:
            self._feed_down_since = None
        elif self._feed_down_since is None:
            self._feed_down_since = self._picture.feed_ok_at or utc_now()
        self.freshness_label.setToolTip(problem)
        self.refresh()

    def refresh(self) -> None:
        now = utc_now()
        self.clock_label.setText(f"{local(now):%H:%M:%S}")
        if self._feed_down_since is not None:
            self.freshness_label.setText(self.tr("⚠ Data delayed since {time}").format(
                time=f"{local(self._feed_down_since):%H:%M}"))
            self.freshness_label.setStyleSheet("color:#ffffff; background:#d93025; padding:0 6px;")
        else:
            self.freshness_label.setText(self.tr("● Live"))
            self.freshness_label.setStyleSheet("color:#188038; font-weight:bold;")
        warning = self._calendar.calendar_warning(now)
        self.calendar_label.setVisible(bool(warning))
        if warning:
            missing = self._calendar.official_calendar_missing(self._calendar.years_in_use(now))
            self.calendar_label.setText(self.tr("⚠ Official holiday calendar missing for {years}").format(
                years=" / ".join(str(y) for y in missing)))
            self.calendar_label.setToolTip(warning)

    # Private API --------------------------------------------------------------------------
    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label
