"""Canned phrases (惯用语) in a text field: a small button beside every reason, note and urging
field lists the operator's phrases and inserts the one picked at the cursor; a one-line field
also completes a phrase as it is typed."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter, QHBoxLayout, QLineEdit, QMenu, QPlainTextEdit, QToolButton, QWidget,
)


class PhrasePicker(QToolButton):
    """The 惯用语 button of one text field (``edit``: a QLineEdit or a QPlainTextEdit).

    Alt+P (in the field) opens the list from the keyboard."""

    sig_inserted = Signal(str)
    """A phrase was inserted into the field."""

    def __init__(self, edit: QWidget, phrases: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self._edit = edit
        self.phrases = tuple(phrases)
        self.setText(self.tr("Phrases"))
        self.setToolTip(self.tr("Insert a canned phrase (Alt+P)"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu = QMenu(self)
        for text in self.phrases:
            action = QAction(text, menu)
            action.triggered.connect(lambda _=False, t=text: self.insert(t))
            menu.addAction(action)
        self.setMenu(menu)
        QShortcut(QKeySequence("Alt+P"), edit, activated=self.showMenu,
                  context=Qt.ShortcutContext.WidgetShortcut)
        if isinstance(edit, QLineEdit):
            completer = QCompleter(list(self.phrases), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)

    # Public API --------------------------------------------------------------------------------
    def insert(self, text: str) -> None:
        """Put ``text`` at the field's cursor (after what is there, with a separator)."""
        edit = self._edit
        if isinstance(edit, QPlainTextEdit):
            cursor = edit.textCursor()
            before = edit.toPlainText()[:cursor.position()]
            cursor.insertText(("；" if before.strip() and not before.endswith(("；", "。", " ")) else "") + text)
            edit.setTextCursor(cursor)
        else:
            before = edit.text()[:edit.cursorPosition()]
            edit.insert(("；" if before.strip() and not before.endswith(("；", "。", " ")) else "") + text)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_inserted.emit(text)


def with_phrases(edit: QWidget, phrases: Sequence[str], parent: QWidget) -> tuple[QWidget, PhrasePicker | None]:
    """``edit`` with its phrase button beside it (``edit`` alone when there are no phrases)."""
    if not phrases:
        return edit, None
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(2)
    row.addWidget(edit, 1)
    picker = PhrasePicker(edit, phrases, box)
    row.addWidget(picker, 0, Qt.AlignmentFlag.AlignTop)
    box.setFocusProxy(edit)
    return box, picker
