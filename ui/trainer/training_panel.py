"""The trainer's side of a training session: start it (a sandbox is created), hand the trainees
the sandbox URL, inject incidents (scheduled ones from the list, ad hoc ones on the map), end it
and read, export or save the scores. The panel only shows and asks; the window does the work."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from commandcenter.clock import local
from ui.trainer.case_breakdown import LATE, case_table, fit_columns, show_case_breakdown
from ui.trainer.roster import RosterPicker

IDLE, RUNNING, FINISHED = range(3)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TrainingPanel(QWidget):
    sig_start_requested = Signal()
    sig_inject_requested = Signal(int)
    """Index into the session's schedule of the incident to inject now."""
    sig_end_requested = Signal()
    sig_export_requested = Signal(str)
    """'csv', 'pdf' or 'scenario'."""
    sig_new_requested = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("training_panel")
        self._context = context
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._idle_page())
        self.pages.addWidget(self._running_page())
        self.pages.addWidget(self._finished_page())
        #: who is expected at the session: picked before it starts and while it runs
        self.roster = RosterPicker(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.roster)
        layout.addWidget(self.pages, 1)

    # Public API ---------------------------------------------------------------------------
    def show_idle(self, can_start: bool) -> None:
        self.start_button.setEnabled(can_start)
        self.roster.show()
        self.pages.setCurrentIndex(IDLE)

    def show_running(self, sandbox_url: str, desk_command: str) -> None:
        self.sandbox_edit.setText(sandbox_url)
        self.command_edit.setText(desk_command)
        for edit in (self.sandbox_edit, self.command_edit):   # the start of a long line is what is read
            edit.setCursorPosition(0)
            edit.setToolTip(edit.text())
        self.roster.show()
        self.pages.setCurrentIndex(RUNNING)

    def show_schedule(self, schedule) -> None:
        """One row per scheduled incident: time, class, description, right department, state."""
        table = self.schedule_table
        table.setRowCount(len(schedule))
        for row, item in enumerate(schedule):
            i = item.injection
            right = i.expected_department or self._context.default_department(i.class_code)
            failed = item.case_id is None and item.failure is not None
            if item.case_id is not None:
                state = self.tr("case {id}").format(id=item.case_id)
            elif failed:
                state = self.tr("failed, skipped")
            else:
                state = self.tr("waiting")
            cells = (f"{local(i.at):%H:%M:%S}", self._context.class_name(i.class_code), i.description,
                     self._context.department_name(right), state)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if failed:
                    cell.setForeground(QColor("#c5221f"))
                    cell.setToolTip(self._describe(item.failure))
                elif item.case_id is not None:
                    cell.setForeground(QColor("#5f6368"))
                table.setItem(row, column, cell)
        failures = sum(1 for s in schedule if s.case_id is None and s.failure is not None)
        text = self.tr("{done} of {total} injected").format(
            done=sum(1 for s in schedule if s.case_id is not None), total=len(schedule))
        if failures:
            text += self.tr(" · {n} failed").format(n=failures)
        self.count_label.setText(text)

    def show_report(self, report) -> None:
        table = self.report_table
        table.setRowCount(len(report.trainees))
        for row, t in enumerate(report.trainees):
            cells = [t.display_name if t.display_name == t.trainee else f"{t.display_name} ({t.trainee})",
                     self._context.role_name(t.role)]
            for group in ("accept", "register", "dispatch", "other"):
                stats = t.steps[group]
                mean = "" if stats.mean_minutes is None else self.tr(" · {m} min").format(m=stats.mean_minutes)
                cells.append(f"{stats.on_time}/{stats.count}{mean}")
            cells += [str(t.right_department), str(t.overdue_missed), f"{t.score:.1f}", self._attendance(t)]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(self._attendance(t, long=True) if column == 9 else text)
                if column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if t.absent:
                    cell.setForeground(LATE)
                table.setItem(row, column, cell)
        show_case_breakdown(self.case_table, report.cases, self._context)
        self.report_summary.setText(self.tr(
            "Scenario: {scenario} · trainer: {trainer}\n{start} – {end} · {n} injected cases · {t} trainees").format(
            scenario=report.scenario or "—", trainer=report.trainer or "—",
            start=f"{local(report.started_at):%Y-%m-%d %H:%M}", end=f"{local(report.ended_at):%H:%M}",
            n=report.injected, t=len(report.trainees)))
        if report.roster:
            absent = sum(1 for t in report.trainees if t.absent)
            self.report_summary.setText(self.report_summary.text() + "\n" + self.tr(
                "{n} trainees expected, {absent} absent").format(n=len(report.roster), absent=absent))
        self.roster.hide()
        self.pages.setCurrentIndex(FINISHED)

    def _attendance(self, trainee, long: bool = False) -> str:
        """Present / absent / not on the roster (empty without a roster)."""
        if trainee.attendance == "present":
            return self.tr("Present")
        if trainee.attendance == "unexpected":
            return self.tr("Not on the roster") if long else self.tr("Unexpected")
        if trainee.attendance == "absent":
            if not long:
                return self.tr("Absent")
            return (self.tr("Absent: signed in but took no action") if trainee.signed_in
                    else self.tr("Absent: never signed in"))
        return ""

    def _describe(self, error) -> str:
        from commandcenter.messages import render

        return render(error, self._context.lang) if error is not None else ""

    def auto_inject(self) -> bool:
        return self.auto_check.isChecked()

    # Pages --------------------------------------------------------------------------------
    def _idle_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr(
            "A training session copies the situation at the start of the loaded period into a new "
            "sandbox database. Trainees work in the sandbox at their own desks; the period's reports "
            "and the scenario's incidents arrive at their time, and you can inject more on the map. "
            "Production is never written."), page)
        intro.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start training session"), page, objectName="start_training")
        self.start_button.clicked.connect(self.sig_start_requested)
        layout.addWidget(intro)
        layout.addWidget(self.start_button)
        layout.addStretch(1)
        return page

    def _running_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Sandbox database"), page, objectName="section"))
        self.sandbox_edit = QLineEdit(page, objectName="sandbox_url", readOnly=True)
        layout.addWidget(self.sandbox_edit)
        layout.addWidget(QLabel(self.tr("Trainees start their desk with"), page, objectName="section"))
        row = QHBoxLayout()
        self.command_edit = QLineEdit(page, objectName="desk_command", readOnly=True)
        copy = QPushButton(self.tr("Copy"), page)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.command_edit.text()))
        row.addWidget(self.command_edit, 1)
        row.addWidget(copy)
        layout.addLayout(row)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Incidents"), page, objectName="section"))
        self.count_label = QLabel(page)
        header.addStretch(1)
        header.addWidget(self.count_label)
        layout.addLayout(header)
        self.schedule_table = _table([self.tr("Time"), self.tr("Class"), self.tr("Description"),
                                      self.tr("Right department"), self.tr("State")])
        columns = self.schedule_table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 64), (1, 130), (3, 150), (4, 80)):
            self.schedule_table.setColumnWidth(column, width)
        layout.addWidget(self.schedule_table, 1)
        self.auto_check = QCheckBox(self.tr("Inject scheduled incidents at their time"), page, checked=True)
        layout.addWidget(self.auto_check)
        buttons = QHBoxLayout()
        inject = QPushButton(self.tr("Inject selected now"), page, objectName="inject_now")
        inject.clicked.connect(self._on_inject_clicked)
        buttons.addWidget(inject)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        hint = QLabel(self.tr("Click the map to inject an incident at that spot."), page, objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        end = QPushButton(self.tr("End session and score"), page, objectName="end_training")
        end.clicked.connect(self.sig_end_requested)
        layout.addWidget(end)
        return page

    def _finished_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Scores"), page, objectName="section"))
        self.report_summary = QLabel(page)
        self.report_summary.setWordWrap(True)
        layout.addWidget(self.report_summary)
        self.report_table = _table([self.tr("Trainee"), self.tr("Role"), self.tr("Accept"), self.tr("Register"),
                                    self.tr("Dispatch"), self.tr("Other steps"), self.tr("Right dept."),
                                    self.tr("Overdue missed"), self.tr("Score"), self.tr("Attendance")])
        self.report_table.setObjectName("report_table")
        fit_columns(self.report_table, stretch=(0,))
        layout.addWidget(self.report_table, 2)
        note = QLabel(self.tr("Steps: on time / taken · mean minutes in the stage. Score = 100 × (on time + "
                              "right departments) ÷ (steps + dispatches) − 5 per overdue case missed."), page)
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("Per case"), page, objectName="section"))
        self.case_table = case_table()
        layout.addWidget(self.case_table, 3)
        buttons = QHBoxLayout()
        for kind, text in (("csv", self.tr("Export CSV…")), ("pdf", self.tr("Export PDF…")),
                           ("scenario", self.tr("Save as scenario…"))):
            button = QPushButton(text, page, objectName=f"export_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self.sig_export_requested.emit(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        new = QPushButton(self.tr("Back to replay"), page)
        new.clicked.connect(self.sig_new_requested)
        buttons.addWidget(new)
        layout.addLayout(buttons)
        return page

    def _on_inject_clicked(self) -> None:
        row = self.schedule_table.currentRow()
        if row >= 0:
            self.sig_inject_requested.emit(row)
