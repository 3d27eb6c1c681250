"""Dispatch by drag and drop (拖拽派遣), with a few seconds to take it back.

A dispatcher may not undo a dispatch by any step of the workflow (re-dispatching back would
count as a second dispatch; returning is the department's step). So the desk does not write
at once: a drop becomes a *pending* dispatch, shown with an undo bar; it is written when the
undo time runs out or the operator confirms it, and undo simply drops it — nothing was written.

Several cases selected in a queue and dropped together (or Ctrl+D on them) make one pending batch
with one undo; once written, each case is its own transaction (:func:`commandcenter.batch.run_batch`),
and a case another desk took meanwhile is named while the others stay written."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.batch import BatchStep
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


@dataclass
class PendingBatch:
    """Several dispatches waiting for one undo time; ``department`` None: each to its default."""

    items: list[PendingDispatch]
    department: str | None = None

    @property
    def case_ids(self) -> list[int]:
        return [item.case_id for item in self.items]


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

    sig_notice = Signal(str, str)
    """(level, text): what a batch did, or which of its cases it left out and why."""

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
        self._submit_batch = None

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        self._user = user

    def set_dialog_parent(self, widget) -> None:
        self._dialog_parent = widget

    def set_batch_submit(self, submit_batch: Callable) -> None:
        """``submit_batch(steps, on_done(outcome, error))`` writes a batch off the GUI thread."""
        self._submit_batch = submit_batch

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
    def pending(self) -> PendingDispatch | PendingBatch | None:
        return self._pending

    def request_batch(self, entries, department: str | None = None) -> bool:
        """Several cases (``entries``: dicts with case_id and version, as dragged) to ``department``,
        or each to its class's default department (``None``, Ctrl+D). Cases that need a word of
        their own (a re-dispatch, a department that returned them) are left out and named.
        True if a batch is now pending."""
        if self._user is None or self._user.role is not Role.DISPATCHER:
            self._refuse(entries[0]["case_id"] if entries else 0, department or "",
                         self.tr("Only a dispatcher may dispatch cases."))
            return False
        items, left_out, other_default = [], [], []
        for entry in entries:
            case = self._picture.cases.get(entry["case_id"])
            if case is None:
                continue
            target = department or self._context.default_department(case.class_code)
            why = self._why_not_in_batch(case, target)
            if why:
                left_out.append(f"{case.number}: {why}")
                continue
            if department and self._context.default_department(case.class_code) != department:
                other_default.append(case)
            items.append(PendingDispatch(case.id, int(entry.get("version") or case.version), "dispatch", target,
                                         "", {"department": target}))
        if left_out:
            self.sig_notice.emit("warning", self.tr("Left out of the batch: {cases}").format(
                cases="; ".join(left_out)))
        if not items:
            return False
        if other_default and not dialogs.confirm_other_department(
                self._dialog_parent, self.tr("{n} cases").format(n=len(other_default)),
                self._context.department_name(department), "、".join(sorted({self._context.department_name(
                    self._context.default_department(c.class_code)) for c in other_default}))):
            return False
        if self._pending is not None:
            self.commit_now()
        self._pending = PendingBatch(items, department)
        where = (self._context.department_name(department) if department
                 else self.tr("their default departments"))
        self._board.show_undo(self.tr("{n} cases → {department}").format(n=len(items), department=where),
                              self.UNDO_SECONDS, items[0].case_id)
        self._timer.start(self.UNDO_SECONDS * 1000)
        self.sig_pending.emit(self._pending)
        return True

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
        if self._pending is None or (case_id is not None and case_id not in self._case_ids(self._pending)):
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
        if isinstance(pending, PendingBatch):
            steps = [BatchStep(i.case_id, i.version, i.command, dict(i.fields)) for i in pending.items]
            self._submit_batch(steps, lambda outcome, error, p=pending: self._on_batch_written(p, outcome, error))
            return
        self._submit(pending.case_id, pending.version, pending.command, dict(pending.fields),
                     lambda result, error, p=pending: self._on_written(p, error))

    # Private API --------------------------------------------------------------------------
    @staticmethod
    def _case_ids(pending) -> list[int]:
        return pending.case_ids if isinstance(pending, PendingBatch) else [pending.case_id]

    def _why_not_in_batch(self, case: Case, target: str | None) -> str:
        """Why ``case`` cannot go to ``target`` with the others ("" when it can)."""
        if not target:
            return self.tr("its class has no default department")
        if case.status is Status.HANDLING:
            return self.tr("already at a department: re-dispatch it on its own, with a reason")
        try:
            check_allowed(case, self._user, "dispatch")
        except DomainError as error:
            return self._describe(error)
        if is_returned(case):
            return self.tr("returned by {department}: dispatch it on its own").format(
                department=self._context.department_name(case.returned_by))
        return ""

    def _on_batch_written(self, pending: PendingBatch, outcome, error: Exception | None) -> None:
        if error is not None:
            self.sig_notice.emit("error", self._describe(error))
            return
        if outcome.complete:
            where = (self._context.department_name(pending.department) if pending.department
                     else self.tr("their default departments"))
            self.sig_notice.emit("info", self.tr("{n} cases dispatched to {department}.").format(
                n=len(outcome.written), department=where))
            return
        refused = "; ".join(self._describe(e) for _step, e in outcome.refused)
        self.sig_notice.emit("error", self.tr("{written} of {n} cases dispatched. Not dispatched: {refused}").format(
            written=len(outcome.written), n=len(pending.items), refused=refused))
        for step, e in outcome.refused:
            self._board.show_refusal(step.fields.get("department", ""), self._describe(e))

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
