"""What to replay: a period of the database's own history (from–to, Beijing time) or a scenario
file. File dialogs open through module-level functions so tests can replace them."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDateTimeEdit, QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QWidget,
)

from commandcenter.clock import LOCAL_TZ, local


def choose_open_file(parent, title: str, pattern: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
    return path or None


def choose_save_file(parent, title: str, suggested: str, pattern: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return path or None


def _edit(parent) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


def _to_utc(edit: QDateTimeEdit) -> datetime:
    # The boxes show Beijing time whatever the machine's zone is.
    return edit.dateTime().toPython().replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)


class SourceBar(QFrame):
    """Database period or scenario file, and a Load button."""

    sig_load_period = Signal(object, object)
    """(start, end) aware UTC."""
    sig_load_file = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("source_bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        self.period_radio = QRadioButton(self.tr("History from"), self, checked=True)
        self.file_radio = QRadioButton(self.tr("Scenario file"), self)
        group = QButtonGroup(self)
        group.addButton(self.period_radio)
        group.addButton(self.file_radio)
        self.from_edit, self.to_edit = _edit(self), _edit(self)
        self.file_edit = QLineEdit(self, objectName="scenario_path")
        self.file_edit.setPlaceholderText(self.tr("a .jsonl scenario"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._on_browse)
        self.load_button = QPushButton(self.tr("Load"), self, objectName="load_source")
        self.load_button.clicked.connect(self._on_load)
        self.loaded_label = QLabel("", self, objectName="loaded")
        for widget in (self.period_radio, self.from_edit, QLabel(self.tr("to"), self), self.to_edit):
            layout.addWidget(widget)
        layout.addSpacing(16)
        for widget in (self.file_radio, self.file_edit, browse, self.load_button):
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addWidget(self.loaded_label, 1)
        self.file_edit.textEdited.connect(lambda _text: self.file_radio.setChecked(True))

    # Public API ---------------------------------------------------------------------------
    def set_period(self, start: datetime, end: datetime) -> None:
        self.from_edit.setDateTime(QDateTime(local(start).replace(tzinfo=None)))
        self.to_edit.setDateTime(QDateTime(local(end).replace(tzinfo=None)))

    def show_loaded(self, text: str) -> None:
        self.loaded_label.setText(text)
        self.loaded_label.setToolTip(text)

    # Private API --------------------------------------------------------------------------
    def _on_browse(self) -> None:
        path = choose_open_file(self, self.tr("Open a scenario"), self.tr("Scenarios (*.jsonl);;All files (*)"))
        if path:
            self.file_edit.setText(path)
            self.file_radio.setChecked(True)

    def _on_load(self) -> None:
        if self.file_radio.isChecked():
            if self.file_edit.text().strip():
                self.sig_load_file.emit(self.file_edit.text().strip())
        else:
            self.sig_load_period.emit(_to_utc(self.from_edit), _to_utc(self.to_edit))
