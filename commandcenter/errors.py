"""Domain errors. Every error names what was wrong and where, so a user can fix it."""
from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """Base of all errors the domain raises on purpose; the message is user-facing."""


class ValidationError(DomainError):
    """Bad input: names the field (or file/line/feature) and the offending value."""

    def __init__(self, field: str, value: object, problem: str):
        self.field = field
        self.value = value
        self.problem = problem
        super().__init__(f"{field}={value!r}: {problem}")


class InputFileError(DomainError):
    """A problem in an input file, located by file and line or feature index."""

    def __init__(self, path: str, where: str, problem: str):
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")


class NotFound(DomainError):
    def __init__(self, what: str, key: object):
        self.what = what
        self.key = key
        super().__init__(f"{what} {key!r} not found")


class PermissionDenied(DomainError):
    """The actor's role may not take this step."""

    def __init__(self, user: str, role: str, command: str, allowed: tuple[str, ...] = ()):
        self.user = user
        self.role = role
        self.command = command
        self.allowed = allowed
        who = ", ".join(allowed) if allowed else "nobody"
        super().__init__(f"user {user!r} with role {role!r} may not {command} (allowed roles: {who})")


class IllegalTransition(DomainError):
    """The step does not apply to the case in its current state."""

    def __init__(self, case_number: str, command: str, status: str, detail: str = ""):
        self.case_number = case_number
        self.command = command
        self.status = status
        msg = f"case {case_number}: cannot {command} while {status}"
        super().__init__(msg + (f" ({detail})" if detail else ""))


class ConflictError(DomainError):
    """Another desk changed the case first; names who and when."""

    def __init__(self, case_number: str, changed_by: str, changed_at: datetime, version: int):
        self.case_number = case_number
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.version = version
        super().__init__(
            f"case {case_number} was changed by {changed_by} at "
            f"{changed_at.isoformat(timespec='seconds')} (now version {version}); reload and try again"
        )


class SandboxRequired(DomainError):
    """Training actions may only be written to a database marked as a sandbox."""
