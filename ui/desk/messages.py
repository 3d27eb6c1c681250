"""What the desk tells an operator when a command did not go through: who won a conflict and
when, why a step was refused, which input was wrong."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from commandcenter.clock import local
from commandcenter.errors import (
    ConflictError, DomainError, IllegalTransition, NotFound, PermissionDenied, ValidationError,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeskMessages", text)


def who(context, name: str) -> str:
    user = context.users_by_name.get(name) if context is not None else None
    return user.display_name if user is not None and user.display_name else name


def conflict_text(error: ConflictError, context) -> str:
    """"Case 2026… was changed by 张三 at 10:42" — the winner by display name, local time."""
    return _tr("Case {number} was changed by {who} at {time}; the desk now shows the current state.").format(
        number=error.case_number, who=who(context, error.changed_by), time=f"{local(error.changed_at):%H:%M}")


def error_text(error: Exception, context) -> str:
    """One sentence for the operator, in the interface language where the desk knows the words."""
    if isinstance(error, ConflictError):
        return conflict_text(error, context)
    if isinstance(error, PermissionDenied):
        return _tr("Not allowed: user {user} ({role}) may not take the step “{step}”.").format(
            user=error.user, role=error.role, step=command_name(error.command))
    if isinstance(error, IllegalTransition):
        status = context.status_name(error.status) if context is not None else error.status
        return _tr("Case {number} cannot take the step “{step}” now: it is {status}.").format(
            number=error.case_number, step=command_name(error.command), status=status)
    if isinstance(error, ValidationError):
        return _tr("{field}: {problem}").format(field=error.field, problem=error.problem)
    if isinstance(error, (NotFound, DomainError)):
        return str(error)
    return _tr("The command failed: {error}").format(error=str(error) or type(error).__name__)


_COMMANDS = {
    "dispatch": QT_TRANSLATE_NOOP("Commands", "Dispatch"),
    "redispatch": QT_TRANSLATE_NOOP("Commands", "Re-dispatch"),
    "accept": QT_TRANSLATE_NOOP("Commands", "Accept"),
    "request_verify": QT_TRANSLATE_NOOP("Commands", "Ask to verify"),
    "verify": QT_TRANSLATE_NOOP("Commands", "Verify"),
    "reject": QT_TRANSLATE_NOOP("Commands", "Reject"),
    "register": QT_TRANSLATE_NOOP("Commands", "Register"),
    "return_case": QT_TRANSLATE_NOOP("Commands", "Return"),
    "report_done": QT_TRANSLATE_NOOP("Commands", "Report done"),
    "check": QT_TRANSLATE_NOOP("Commands", "Check"),
    "close": QT_TRANSLATE_NOOP("Commands", "Close"),
    "request_extension": QT_TRANSLATE_NOOP("Commands", "Ask for extension"),
    "decide_extension": QT_TRANSLATE_NOOP("Commands", "Decide extension"),
    "request_suspension": QT_TRANSLATE_NOOP("Commands", "Ask for suspension"),
    "decide_suspension": QT_TRANSLATE_NOOP("Commands", "Decide suspension"),
    "resume": QT_TRANSLATE_NOOP("Commands", "Resume"),
    "cancel": QT_TRANSLATE_NOOP("Commands", "Cancel case"),
}


def command_name(command: str) -> str:
    return QCoreApplication.translate("Commands", _COMMANDS.get(command, command))
