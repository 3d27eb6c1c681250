"""Editing canned phrases (惯用语): one phrase a line; the centre's list too for an administrator."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class PhraseEditor(QDialog):
    def __init__(self, own, centre, can_edit_centre: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Canned phrases"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("My phrases (one a line; offered first in every text field)"), self))
        self.own_edit = QPlainTextEdit("\n".join(own), self)
        layout.addWidget(self.own_edit)
        self.centre_edit = None
        if can_edit_centre:
            layout.addWidget(QLabel(self.tr("The centre's phrases (every user sees them)"), self))
            self.centre_edit = QPlainTextEdit("\n".join(centre), self)
            layout.addWidget(self.centre_edit)
        elif centre:
            shown = QLabel(self.tr("The centre's phrases: {phrases}").format(phrases="；".join(centre)), self)
            shown.setWordWrap(True)
            layout.addWidget(shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420 if can_edit_centre else 300)

    def own(self) -> list[str]:
        return self.own_edit.toPlainText().splitlines()

    def centre(self) -> list[str] | None:
        return self.centre_edit.toPlainText().splitlines() if self.centre_edit is not None else None
