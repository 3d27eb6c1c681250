"""The case's evidence (附件) as a strip of thumbnails under the case panel: photos upright
(EXIF orientation honoured), videos and audio as named buttons; a click opens the viewer.
Bytes are fetched off the GUI thread through a ``load(sha256) -> bytes`` job runner."""
from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget


from commandcenter import vocabulary


def phase_name(phase: str, lang: str) -> str:
    return vocabulary.name("phase", phase, lang)


class EvidenceStrip(QWidget):
    """Thumbnails of one case's ``attach`` events, in the order they were added."""

    sig_open = Signal(object)
    """The operator clicked an attachment (its attach event)."""

    def __init__(self, thumbnails: Callable[[str, Callable[[bytes | None], None]], None], lang: str = "zh",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("evidence_strip")
        self._thumbnails = thumbnails
        self._lang = lang
        self._case_id: int | None = None
        self._seqs: set = set()
        self.buttons: list[QToolButton] = []
        self.events: list = []
        self.title = QLabel(self.tr("Evidence: none"), objectName="key")
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._row)
        self._scroll = scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(118)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(scroll)
        scroll.hide()   # shown once the case has evidence: the panel keeps its height otherwise

    # Public API ---------------------------------------------------------------------------
    def show_history(self, case_id: int, events) -> None:
        """The selected case's whole history: rebuild the strip from its attach events."""
        if case_id != self._case_id:
            self._case_id = case_id
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        self.events = []
        self._seqs = set()
        self.add_events(case_id, events)

    def add_events(self, case_id: int, events) -> None:
        """New events of the selected case (the live feed): new attachments join the strip."""
        if case_id != self._case_id:
            return
        for event in events:
            if event.type != "attach" or (event.seq is not None and event.seq in self._seqs):
                continue
            self._seqs.add(event.seq)
            self.events.append(event)
            self._add_button(event)
        self.title.setText(self.tr("Evidence: {n}").format(n=len(self.buttons)) if self.buttons
                           else self.tr("Evidence: none"))
        self._scroll.setVisible(bool(self.buttons))

    # Private API --------------------------------------------------------------------------
    def _add_button(self, event) -> None:
        p = event.payload
        button = QToolButton()
        button.setObjectName("evidence_item")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(96, 72))
        button.setText(phase_name(p.get("phase", "other"), self._lang))
        button.setToolTip(f"{p.get('name', '')} · {p.get('media_type', '')} · {round(p.get('size', 0) / 1024)} KB")
        button.clicked.connect(lambda _checked=False, e=event: self.sig_open.emit(e))
        kind = str(p.get("media_type", "")).split("/")[0]
        if kind == "image":
            def shown(png, button=button):
                if png and shiboken6.isValid(button):   # the case changed or the desk closed meanwhile
                    pixmap = QPixmap()
                    pixmap.loadFromData(png)
                    button.setIcon(QIcon(pixmap))
            self._thumbnails(p["sha256"], shown)
        else:
            button.setText(("▶ " if kind == "video" else "♪ ") + button.text())
        self._row.insertWidget(self._row.count() - 1, button)
        self.buttons.append(button)
