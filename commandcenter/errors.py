"""Domain errors. Every error names what was wrong and where, so a user can fix it.

Each error carries a ``code`` (which message it is) and ``params`` (what fills it), so the CLI
and every screen can say it in the user's language through :mod:`commandcenter.messages`;
``str(error)`` stays a complete English sentence for logs and tracebacks."""
from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of all errors the domain raises on purpose; the message is user-facing."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str = "", /, **params: Any):
        self.params: dict[str, Any] = dict(params) if params else {"message": message}
        super().__init__(message)


class ValidationError(DomainError):
    """Bad input: names the field (or file/line/feature) and the offending value.

    ``reason`` (with ``details``) names the problem as a message code, so it is translated;
    ``problem`` is the English wording."""

    code = "invalid_value"

    def __init__(self, field: str, value: object, problem: str, *, reason: str | None = None,
                 **details: Any):
        self.field = field
        self.value = value
        self.problem = problem
        self.reason = reason
        super().__init__(f"{field}={value!r}: {problem}", field=field, value=value, problem=problem,
                         reason=reason, **details)


class InputFileError(DomainError):
    """A problem in an input file, located by file and line or feature index."""

    code = "input_file"

    def __init__(self, path: str, where: str, problem: str):
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}",
                         path=path, where=where, problem=problem)


class NotFound(DomainError):
    code = "not_found"

    def __init__(self, what: str, key: object):
        self.what = what
        self.key = key
        super().__init__(f"{what} {key!r} not found", what=what, key=key)


class PermissionDenied(DomainError):
    """The actor's role may not take this step."""

    code = "permission_denied"

    def __init__(self, user: str, role: str, command: str, allowed: tuple[str, ...] = ()):
        self.user = user
        self.role = role
        self.command = command
        self.allowed = allowed
        who = ", ".join(allowed) if allowed else "nobody"
        super().__init__(f"user {user!r} with role {role!r} may not {command} (allowed roles: {who})",
                         user=user, role=role, command=command, allowed=allowed)


class IllegalTransition(DomainError):
    """The step does not apply to the case in its current state."""

    code = "illegal_transition"

    def __init__(self, case_number: str, command: str, status: str, detail: str = ""):
        self.case_number = case_number
        self.command = command
        self.status = status
        msg = f"case {case_number}: cannot {command} while {status}"
        super().__init__(msg + (f" ({detail})" if detail else ""), case_number=case_number,
                         command=command, status=status, detail=detail)


class ConflictError(DomainError):
    """Another desk changed the case first; names who and when."""

    code = "conflict"

    def __init__(self, case_number: str, changed_by: str, changed_at: datetime, version: int):
        self.case_number = case_number
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.version = version
        super().__init__(
            f"case {case_number} was changed by {changed_by} at "
            f"{changed_at.isoformat(timespec='seconds')} (now version {version}); reload and try again",
            case_number=case_number, changed_by=changed_by, changed_at=changed_at, version=version)


class SandboxRequired(DomainError):
    """Training actions may only be written to a database marked as a sandbox."""

    code = "sandbox_required"

    def __init__(self, message: str = "training actions may only be written to a sandbox database; "
                                      "this database is not marked as a sandbox"):
        super().__init__(message, message=message)


class TrainingDeskRefused(SandboxRequired):
    """A trainee's desk (``desk --training``) opens only a database marked as a training sandbox."""

    code = "training_desk_not_sandbox"

    def __init__(self, database: str):
        message = (f"desk --training opens only a training sandbox, and {database} is not one: start the desk "
                   "with the --db address the trainer hands out")
        DomainError.__init__(self, message, database=database)
