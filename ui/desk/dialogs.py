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


def confirm_returned_dispatch(parent: QWidget | None, case_label: str, department: str, returned_by: str,
                              reason: str) -> bool:
    """Ctrl+D on a case a department returned (退回): dispatch it to ``department`` after all?"""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("DeskDialogs", "Dispatch a returned case?"),
        QCoreApplication.translate(
            "DeskDialogs", "{returned_by} returned {case}: {reason}\n\nDispatch it to {department}?").format(
            case=case_label, returned_by=returned_by, reason=reason or "—", department=department),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_resend_reason(parent: QWidget | None, case_label: str, department: str, reason: str) -> str | None:
    """Sending a case back to the department that returned it needs the dispatcher's reason
    (the return then counts as unjustified); None when the operator cancels or gives none."""
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("DeskDialogs", "Send back to the department that returned it"),
        QCoreApplication.translate(
            "DeskDialogs", "{department} returned {case}: {reason}\n"
                           "Send it back to {department} anyway? Your reason:").format(
            case=case_label, department=department, reason=reason or "—"))
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


def edit_phrases(parent: QWidget | None, own, centre, can_edit_centre: bool):
    """(own lines, centre lines or None) as the operator saved them, or None when cancelled."""
    from widgets.phrase_editor import PhraseEditor

    dialog = PhraseEditor(own, centre, can_edit_centre, parent)
    if dialog.exec() != PhraseEditor.DialogCode.Accepted:
        return None
    return dialog.own(), dialog.centre()
