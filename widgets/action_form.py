"""The inline form of one workflow step: its inputs come from the step's FieldSpecs
(commandcenter.workflow.Transition.fields), never from a per-command layout."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox,
    QWidget,
)

from commandcenter.case import Case, Status, Tier
from commandcenter.workflow import FieldSpec, Transition
from commandcenter.worktime import NATURAL_HOURS, WORK_DAYS, WORK_HOURS, TimeLimit
from widgets.context import DeskContext
from widgets.palette import OVERDUE_COLOR, RETURNED_COLOR
from widgets.phrase_picker import with_phrases


def _field_labels() -> dict[str, str]:
    return {
        "reason": QCoreApplication.translate("ActionForm", "Reason"),
        "note": QCoreApplication.translate("ActionForm", "Note"),
        "department": QCoreApplication.translate("ActionForm", "Department"),
        "tier": QCoreApplication.translate("ActionForm", "Tier"),
        "limit": QCoreApplication.translate("ActionForm", "Extra time"),
        "message": QCoreApplication.translate("ActionForm", "Message"),
        "reply": QCoreApplication.translate("ActionForm", "Reply"),
    }


def _bool_choices(command: str) -> tuple[str, str]:
    """The two answers of a yes/no step, worded as the operator says them."""
    if command == "verify":
        return (QCoreApplication.translate("ActionForm", "Confirmed"),
                QCoreApplication.translate("ActionForm", "Not confirmed"))
    if command == "check":
        return (QCoreApplication.translate("ActionForm", "Passed"),
                QCoreApplication.translate("ActionForm", "Rework"))
    if command.startswith("decide_"):
        return (QCoreApplication.translate("ActionForm", "Approve"),
                QCoreApplication.translate("ActionForm", "Refuse"))
    return QCoreApplication.translate("ActionForm", "Yes"), QCoreApplication.translate("ActionForm", "No")


def _compact_combo(parent: QWidget) -> QComboBox:
    """A combo that does not widen the panel to its longest department name."""
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    return combo


def bool_answer_text(command: str, value: bool) -> str:
    return _bool_choices(command)[0 if value else 1]


class ActionForm(QFrame):
    """Inputs of one step with Confirm/Cancel (or the two answers of a yes/no step).

    The form is bound to the case and the version it was opened on (``case_id``, ``version``):
    once that case has moved on, :meth:`set_stale` says why and the form sends nothing more."""

    sig_submitted = Signal(str, object)
    """(command, fields): the operator confirmed a valid form."""
    sig_cancelled = Signal()
    """The operator closed the form without sending it."""

    def __init__(self, transition: Transition, case: Case, context: DeskContext, parent=None, *,
                 return_note=None):
        super().__init__(parent)
        self._returned_by = case.returned_by if case.status is Status.DISPATCHING else None
        self.transition = transition
        self.command = transition.command
        self.case_id = case.id
        self.version = case.version
        self._context = context
        self._stale = False
        self._inputs: dict[str, QWidget] = {}
        self.phrase_pickers: dict = {}
        self.setObjectName("actionForm")
        self.setStyleSheet("QFrame#actionForm{background:#f1f3f4;border:1px solid #dadce0;border-radius:4px;}")
        form = QFormLayout(self)
        form.setContentsMargins(8, 6, 8, 6)
        form.setSpacing(4)
        title = QLabel(f"<b>{context.command_name(self.command)}</b>", self)
        form.addRow(title)
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("staleNotice")
        self.notice_label.setStyleSheet(f"color:{OVERDUE_COLOR};font-weight:bold;")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        form.addRow(self.notice_label)
        self.return_label = None
        if self._returned_by and self.command == "dispatch":
            department = context.department_name(self._returned_by)
            self.return_label = QLabel(self.tr("Returned by {department}: {reason}").format(
                department=department, reason=return_note.reason) if return_note is not None else
                self.tr("Returned by {department}").format(department=department), self)
            self.return_label.setStyleSheet(f"color:{RETURNED_COLOR};")
            self.return_label.setWordWrap(True)
            form.addRow(self.return_label)
        labels = _field_labels()
        bool_spec = None
        for spec in transition.fields:
            if spec.kind == "bool":
                bool_spec = spec
                continue
            widget = self._make_input(spec, case)
            if widget is None:
                continue
            self._inputs[spec.name] = widget
            label = labels.get(spec.name, spec.name) + ("*" if spec.required else "")
            if spec.kind == "text":
                widget, picker = with_phrases(widget, getattr(context, "phrases", ()), self)
                if picker is not None:
                    self.phrase_pickers[spec.name] = picker
            form.addRow(label, widget)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(f"color:{OVERDUE_COLOR};")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form.addRow(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.answer_buttons: list[QPushButton] = []
        if bool_spec is not None:
            self._bool_name = bool_spec.name
            for text, value in zip(_bool_choices(self.command), (True, False)):
                button = QPushButton(text, self)
                button.clicked.connect(lambda _=False, v=value: self.submit(v))
                buttons.addWidget(button)
                self.answer_buttons.append(button)
            self.answer_buttons[0].setDefault(True)
            self.confirm_button = None
        else:
            self._bool_name = None
            self.confirm_button = QPushButton(self.tr("Confirm"), self)
            self.confirm_button.setDefault(True)
            self.confirm_button.clicked.connect(lambda: self.submit())
            buttons.addWidget(self.confirm_button)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.sig_cancelled)
        buttons.addWidget(cancel)
        form.addRow(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.sig_cancelled.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # Public API --------------------------------------------------------------------------------
    @property
    def is_stale(self) -> bool:
        """True once the case changed after the form was opened: confirming is no longer possible."""
        return self._stale

    def set_stale(self, notice: str) -> None:
        """The case moved on under the form (another desk acted, or it left the desk): say so and
        disable every button that would send the step."""
        self._stale = True
        self.notice_label.setText(notice)
        self.notice_label.show()
        for button in self.answer_buttons + ([self.confirm_button] if self.confirm_button else []):
            button.setEnabled(False)

    def submit(self, answer: bool | None = None) -> bool:
        """Check the inputs; emit ``sig_submitted`` and return True when they are valid (never
        once the form is stale)."""
        if self._stale:
            return False
        if self._bool_name is not None and answer is None:
            self._fail(self.tr("Choose an answer: {yes} or {no}").format(
                yes=_bool_choices(self.command)[0], no=_bool_choices(self.command)[1]), None)
            return False
        fields: dict = {}
        labels = _field_labels()
        for spec in self.transition.fields:
            if spec.kind == "bool":
                fields[spec.name] = answer
                continue
            widget = self._inputs.get(spec.name)
            if widget is None:
                continue
            value = self._value(spec, widget)
            if value in (None, ""):
                if spec.required:
                    self._fail(self.tr("{field} is required").format(field=labels.get(spec.name, spec.name)),
                               widget)
                    return False
                continue
            fields[spec.name] = value
        if self._returned_by and fields.get("department") == self._returned_by and not fields.get("reason"):
            self._fail(self.tr("{department} returned this case: sending it back needs a reason").format(
                department=self._context.department_name(self._returned_by)), self._inputs.get("reason"))
            return False
        self.error_label.hide()
        self.sig_submitted.emit(self.command, fields)
        return True

    def input(self, name: str) -> QWidget:
        return self._inputs[name]

    def focus_first(self) -> None:
        first = next(iter(self._inputs.values()), None)
        target = first or (self.answer_buttons[0] if self.answer_buttons else self.confirm_button)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # Private API -------------------------------------------------------------------------------
    def _make_input(self, spec: FieldSpec, case: Case) -> QWidget:
        cx = self._context
        if spec.kind == "department":
            return self._department_combo(case)
        if spec.kind == "tier":
            combo = _compact_combo(self)
            if not spec.required:
                combo.addItem(self.tr("Keep: {tier}").format(tier=cx.tier_name(case.tier)), None)
            for tier in Tier:
                combo.addItem(cx.tier_name(tier), tier.value)
            return combo
        if spec.kind == "limit":
            return LimitInput(self)
        if spec.name == "reason" and not spec.required and not self._returned_by:
            return None   # an optional reason only matters when sending a case back where it came from
        if spec.name == "reason" or (spec.required and spec.kind == "text"):
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(46)
            if spec.name != "reason":
                edit.setPlaceholderText(self.tr("Kept in the case history"))
                return edit
            edit.setPlaceholderText(self.tr("Why (kept in the case history)") if spec.required else self.tr(
                "Needed only to send the case back to the department that returned it"))
            return edit
        edit = QLineEdit(self)
        edit.setPlaceholderText(self.tr("Optional"))
        edit.returnPressed.connect(lambda: self.submit() if self._bool_name is None else None)
        return edit

    def _department_combo(self, case: Case) -> QComboBox:
        """The class's default department first and chosen, unless that department returned the
        case: then nothing is chosen, and the returning department comes last, marked."""
        cx = self._context
        combo = _compact_combo(self)
        default = cx.default_department(case.class_code)
        codes = [d.code for d in cx.departments]
        if default in codes:
            codes.remove(default)
            codes.insert(0, default)
        returned_by = self._returned_by
        if returned_by in codes:
            codes.remove(returned_by)
            codes.append(returned_by)
        if returned_by is not None and returned_by == default:
            combo.addItem(self.tr("Choose a department"), None)
        for code in codes:
            if self.command == "redispatch" and code == case.department_code:
                continue
            name = cx.department_name(code)
            if code == returned_by:
                name = self.tr("{name} (returned it)").format(name=name)
            elif code == default:
                name = self.tr("{name} (class default)").format(name=name)
            combo.addItem(name, code)
        return combo

    @staticmethod
    def _value(spec: FieldSpec, widget: QWidget):
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()

    def _fail(self, text: str, widget: QWidget | None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


class LimitInput(QWidget):
    """A time limit picked as a number and a unit in words (个工作日 / 个工作小时 / 小时), so
    nobody has to type the stored form ("2wd")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = QSpinBox(self)
        self.amount.setRange(0, 365)
        self.amount.setSpecialValueText("—")
        self.unit = _compact_combo(self)
        self.unit.addItem(self.tr("working days"), WORK_DAYS)
        self.unit.addItem(self.tr("working hours"), WORK_HOURS)
        self.unit.addItem(self.tr("hours (round the clock)"), NATURAL_HOURS)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount)
        row.addWidget(self.unit, 1)
        self.setFocusProxy(self.amount)

    # Public API --------------------------------------------------------------------------------
    def set_limit(self, amount: int, unit: str) -> None:
        self.amount.setValue(amount)
        self.unit.setCurrentIndex(self.unit.findData(unit))

    def text(self) -> str:
        """The limit in its stored form ("2wd"), or "" while no amount is chosen."""
        if self.amount.value() == 0:
            return ""
        return str(TimeLimit(self.amount.value(), self.unit.currentData()))
