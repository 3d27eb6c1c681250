"""Dispatch by drag and drop (拖拽派遣), with a few seconds to take it back.

A dispatcher may not undo a dispatch by any step of the workflow (re-dispatching back would
count as a second dispatch; returning is the department's step). So the desk does not write
at once: a drop becomes a *pending* dispatch, shown with an undo bar; it is written when the
undo time runs out or the operator confirms it, and undo simply drops it — nothing was written."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.case import Case, Status
from commandcenter.errors import ConflictError, DomainError
from commandcenter.roles import Role, User
from commandcenter.workflow import check_allowed
from ui.desk import dialogs
from widgets.returns import is_returned

#: submit(case_id, version, command, fields, on_done(result, error)) runs a command off the GUI thread
Submit = Callable[[int, int, str, dict, Callable], None]


@dataclass
class PendingDispatch:
    case_id: int
    version: int
    command: str
    department: str
    from_department: str
    fields: dict = field(default_factory=dict)


class DispatchController(QObject):
    """Turns the board's drop requests into (delayed) dispatch and re-dispatch commands."""

    sig_pending = Signal(object)
    """A :class:`PendingDispatch` waits for its undo time, or None once it is written or undone."""

    sig_committed = Signal(int, str)
    """(case_id, department): the dispatch is written."""

    sig_refused = Signal(int, str, str)
    """(case_id, department, message): the drop was refused or the write failed."""

    sig_conflict = Signal(str)
    """Someone else changed the case first: the message names who and when."""

    UNDO_SECONDS = 5

    def __init__(self, board, picture, context, submit: Submit, describe: Callable[[Exception], str],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._board = board
        self._picture = picture
        self._context = context
        self._submit = submit
        self._describe = describe
        self._user: User | None = None
        self._pending: PendingDispatch | None = None
        self._timer = QTimer(self, singleShot=True, timeout=self.commit_now)
        self._dialog_parent = None
        self._returns = None

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        self._user = user

    def set_dialog_parent(self, widget) -> None:
        self._dialog_parent = widget

    def set_return_notes(self, notes) -> None:
        """Where the reasons of returned cases are read from, for the dialogs that ask."""
        self._returns = notes

    def dispatch_to_default(self, case_id: int) -> bool:
        """Ctrl+D: the case to its class's default department. A case a department returned asks
        first (and, should the default be the department that returned it, for a reason)."""
        case = self._picture.cases.get(case_id)
        department = self._context.default_department(case.class_code) if case is not None else None
        if not department:
            return False
        if (is_returned(case) and department != case.returned_by and not dialogs.confirm_returned_dispatch(
                self._dialog_parent, self._case_label(case), self._context.department_name(department),
                self._context.department_name(case.returned_by), self._return_reason(case))):
            return False
        return self.request(case.id, case.version, department, case.department_code or "")

    @property
    def pending(self) -> PendingDispatch | None:
        return self._pending

    def request(self, case_id: int, version: int, department: str, from_department: str = "") -> bool:
        """A case was dropped on ``department``'s column. True if it is now pending."""
        if from_department and department == from_department:
            return False
        case = self._picture.cases.get(case_id)
        if case is None:
            self._refuse(case_id, department, self.tr("This case is not on the desk any more."))
            return False
        if self._user is None or self._user.role is not Role.DISPATCHER:
            self._refuse(case_id, department, self.tr("Only a dispatcher may dispatch cases."))
            return False
        command = "redispatch" if case.status is Status.HANDLING else "dispatch"
        try:
            check_allowed(case, self._user, command)
        except DomainError as error:
            self._refuse(case_id, department, self._describe(error))
            return False
        fields = {"department": department}
        if command == "dispatch" and department == case.returned_by:
            reason = dialogs.ask_resend_reason(self._dialog_parent, self._case_label(case),
                                               self._context.department_name(department), self._return_reason(case))
            if reason is None:
                return False
            fields["reason"] = reason
        elif command == "dispatch" and not self._confirm_department(case, department):
            return False
        if command == "redispatch":
            reason = dialogs.ask_redispatch_reason(
                self._dialog_parent, self._case_label(case),
                self._context.department_name(case.department_code or from_department),
                self._context.department_name(department))
            if reason is None:
                return False
            fields["reason"] = reason
        if self._pending is not None:
            self.commit_now()
        self._pending = PendingDispatch(case_id, version, command, department,
                                        case.department_code or "", fields)
        self._board.show_undo(self.tr("Case {case} → {department}").format(
            case=case.number, department=self._context.department_name(department)), self.UNDO_SECONDS, case_id)
        self._timer.start(self.UNDO_SECONDS * 1000)
        self.sig_pending.emit(self._pending)
        return True

    def undo(self, case_id: int | None = None) -> bool:
        """Drop the pending dispatch (of ``case_id`` if given): nothing is written."""
        if self._pending is None or (case_id is not None and self._pending.case_id != case_id):
            return False
        self._timer.stop()
        self._pending = None
        self._board.undo_bar.hide()
        self.sig_pending.emit(None)
        return True

    def commit_now(self) -> None:
        """Write the pending dispatch now (undo time over, operator confirmed, or desk closing)."""
        pending, self._pending = self._pending, None
        self._timer.stop()
        if pending is None:
            return
        self._board.undo_bar.hide()
        self.sig_pending.emit(None)
        self._submit(pending.case_id, pending.version, pending.command, dict(pending.fields),
                     lambda result, error, p=pending: self._on_written(p, error))

    # Private API --------------------------------------------------------------------------
    def _confirm_department(self, case: Case, department: str) -> bool:
        default = self._context.catalog.small_class(case.class_code).department
        if department == default:
            return True
        return dialogs.confirm_other_department(
            self._dialog_parent, self._case_label(case), self._context.department_name(department),
            self._context.department_name(default))

    def _return_reason(self, case: Case) -> str:
        note = self._returns.note(case.id) if self._returns is not None else None
        return note.reason if note is not None else ""

    def _case_label(self, case: Case) -> str:
        return f"{case.number} {self._context.class_name(case.class_code)}"

    def _refuse(self, case_id: int, department: str, text: str) -> None:
        self._board.show_refusal(department, text)
        self.sig_refused.emit(case_id, department, text)

    def _on_written(self, pending: PendingDispatch, error: Exception | None) -> None:
        if error is None:
            self.sig_committed.emit(pending.case_id, pending.department)
            return
        text = self._describe(error)
        self._refuse(pending.case_id, pending.department, text)
        if isinstance(error, ConflictError):
            self.sig_conflict.emit(text)
