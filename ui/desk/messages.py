"""What the desk tells an operator when a command did not go through: who won a conflict and
when, why a step was refused, which input was wrong."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from commandcenter.clock import local
from commandcenter.errors import (
    ConflictError, DomainError, IllegalTransition, PermissionDenied, ValidationError,
)


def conflict_text(error: ConflictError, context) -> str:
    """"Case 2026… was changed by 张三 at 10:42" — the winner by display name, local time."""
    text = QCoreApplication.translate(
        "DeskMessages", "Case {number} was changed by {who} at {time}; the desk now shows the current state.")
    return text.format(number=error.case_number, who=context.user_display_name(error.changed_by),
                       time=f"{local(error.changed_at):%H:%M}")


def error_text(error: Exception, context) -> str:
    """One sentence for the operator, in the interface language where the desk knows the words."""
    if isinstance(error, ConflictError):
        return conflict_text(error, context)
    if isinstance(error, PermissionDenied):
        text = QCoreApplication.translate(
            "DeskMessages", "Not allowed: {user} ({role}) may not take the step “{step}”.")
        return text.format(user=context.user_display_name(error.user), role=context.role_name(error.role),
                           step=context.command_name(error.command))
    if isinstance(error, IllegalTransition):
        text = QCoreApplication.translate(
            "DeskMessages", "Case {number} cannot take the step “{step}” now: it is {status}.")
        return text.format(number=error.case_number, step=context.command_name(error.command),
                           status=context.status_name(error.status))
    if isinstance(error, ValidationError):
        return QCoreApplication.translate("DeskMessages", "{field}: {problem}").format(
            field=error.field, problem=error.problem)
    if isinstance(error, DomainError):
        return str(error)
    return QCoreApplication.translate("DeskMessages", "The command failed: {error}").format(
        error=str(error) or type(error).__name__)
