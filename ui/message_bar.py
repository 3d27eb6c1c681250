"""The message bar every screen shows next to where its user acts."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_LEVEL_STYLE = {
    "info": "background:#e6f4ea; color:#137333; border:1px solid #a8dab5;",
    "warning": "background:#fef7e0; color:#8a5a00; border:1px solid #f29900;",
    "error": "background:#fce8e6; color:#a50e0e; border:1px solid #d93025;",
}


class MessageBar(QFrame):
    """One line of feedback next to where the operator acts: green done, amber warning, red
    refusal or conflict. Errors stay until closed or replaced; the rest fade after a while."""

    INFO_MS = 8000

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)
        self.level = ""
        self.hide()

    def show_message(self, level: str, text: str) -> None:
        self.level = level
        self.setStyleSheet(f"QFrame#message_bar {{{_LEVEL_STYLE.get(level, _LEVEL_STYLE['info'])} border-radius:3px;}}")
        self.text_label.setText(text)
        self.show()
        if level == "error":
            self._timer.stop()
        else:
            self._timer.start(self.INFO_MS)

    def text(self) -> str:
        return self.text_label.text() if self.isVisible() else ""
