"""The desk's dialogs, each behind a module-level function so tests can replace it (the Spyder way)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QInputDialog, QMessageBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)



def confirm_other_department(parent: QWidget | None, case_label: str, department: str, default: str) -> bool:
    """The operator dropped a case on a department that is not its class's default: sure?"""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("DeskDialogs", "Dispatch to another department?"),
        QCoreApplication.translate(
            "DeskDialogs", "{case} is normally handled by {default}.\n\nDispatch it to {department} instead?").format(
            case=case_label, default=default, department=department),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_redispatch_reason(parent: QWidget | None, case_label: str, from_department: str,
                          to_department: str) -> str | None:
    """Re-dispatch (二次派遣) needs a reason; None when the operator cancels or gives none."""
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("DeskDialogs", "Re-dispatch"),
        QCoreApplication.translate("DeskDialogs", "Re-dispatch {case} from {source} to {target}.\nReason:").format(
            case=case_label, source=from_department, target=to_department))
    text = text.strip()
    return text if ok and text else None


def show_shortcuts(parent: QWidget | None, shortcuts: Sequence[tuple[str, str]]) -> None:
    """Help → Shortcuts: every key the desk answers to and what it does."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("DeskDialogs", "Keyboard shortcuts"))
    table = QTableWidget(len(shortcuts), 2, dialog)
    table.setObjectName("shortcuts_table")
    table.setHorizontalHeaderLabels([QCoreApplication.translate("DeskDialogs", "Keys"),
                                     QCoreApplication.translate("DeskDialogs", "Action")])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, (keys, action) in enumerate(shortcuts):
        table.setItem(row, 0, QTableWidgetItem(keys))
        table.setItem(row, 1, QTableWidgetItem(action))
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnToContents(0)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(520, 480)
    dialog.exec()


def show_about(parent: QWidget | None, database: str) -> None:
    text = QCoreApplication.translate(
        "DeskDialogs", "Grid-based city management command centre (网格化城市管理指挥中心)\n\nDatabase: {db}")
    QMessageBox.about(parent, QCoreApplication.translate("DeskDialogs", "About"), text.format(db=database))
