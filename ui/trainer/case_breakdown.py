"""The per-case table of a training debrief (逐案复盘): for each case, the department the scenario
expected and the one chosen, minutes to accept, register and dispatch (red when late, with who
took the step), and the stage a case was left overdue in. Every column stays on screen: the
text columns give way (elided, full text in the tooltip), the number columns fit their contents."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from commandcenter.scoring_cases import TIMED_STEPS

LATE = QColor("#c5221f")
RIGHT = QColor("#137333")


def fit_columns(table: QTableWidget, stretch: tuple[int, ...]) -> None:
    """Columns in ``stretch`` share what is left of the width (eliding their text); the others fit
    their contents. So no column is ever pushed off the right edge."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(36)
    for column in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


def case_table() -> QTableWidget:
    headers = [QCoreApplication.translate("CaseBreakdown", "Case"), QCoreApplication.translate("CaseBreakdown", "Class"), QCoreApplication.translate("CaseBreakdown", "Expected dept."),
               QCoreApplication.translate("CaseBreakdown", "Chosen dept."), QCoreApplication.translate("CaseBreakdown", "Accept"), QCoreApplication.translate("CaseBreakdown", "Register"),
               QCoreApplication.translate("CaseBreakdown", "Dispatch"), QCoreApplication.translate("CaseBreakdown", "Missed")]
    table = QTableWidget(0, len(headers), objectName="case_breakdown")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    fit_columns(table, stretch=(1, 2, 3))
    return table


def show_case_breakdown(table: QTableWidget, outcomes, context) -> None:
    table.setRowCount(len(outcomes))
    for row, o in enumerate(outcomes):
        expected = context.department_name(o.expected_department) if o.expected_department else "—"
        chosen = context.department_name(o.chosen_department) if o.chosen_department else "—"
        cells: list[tuple[str, QColor | None, str]] = [
            (o.number, None, o.number),
            (context.class_name(o.class_code), None, context.class_name(o.class_code)),
            (expected, None, expected),
            (chosen, None if o.right_department is None else (RIGHT if o.right_department else LATE), chosen),
        ]
        for step in TIMED_STEPS:
            timed = o.steps.get(step)
            if timed is None:
                cells.append(("—", None, ""))
            else:
                text = QCoreApplication.translate("CaseBreakdown", "{m} min").format(m=f"{timed.minutes:.0f}")
                tip = QCoreApplication.translate("CaseBreakdown", "{who}, {m} min in the stage{late}").format(
                    who=context.user_display_name(timed.actor), m=f"{timed.minutes:.1f}",
                    late=QCoreApplication.translate("CaseBreakdown", ", after its deadline") if timed.late else "")
                cells.append((text, LATE if timed.late else None, tip))
        missed = context.stage_name(o.missed_stage) if o.missed_stage else ""
        overdue = QCoreApplication.translate("CaseBreakdown", "open and overdue at the end")
        cells.append((missed, LATE if missed else None, overdue if missed else ""))
        for column, (text, colour, tip) in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour is not None:
                item.setForeground(colour)
            if tip:
                item.setToolTip(tip)
            if column >= 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, column, item)
