"""Protocols the database layer implements for the services and the situation picture."""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Sequence

from .case import Case, CaseEvent
from .roles import User


@dataclass(frozen=True, slots=True)
class Department:
    """A responsible department (专业部门 / 处置单位)."""

    code: str
    name: str
    name_en: str = ""


class Transaction(Protocol):
    """One unit of work: everything in it commits together or not at all."""

    def user(self, name: str) -> User:
        """The stored user; raises ValidationError('user', name, ...) if unknown."""

    def case_for_update(self, case_id: int) -> Case:
        """The stored case; raises NotFound if there is none."""

    def insert_case(self, draft: Case) -> int:
        """Insert ``draft`` with version 0 and return the id the database gave it."""

    def save_case(self, case: Case, expected_version: int) -> None:
        """Write ``case`` if the stored row still has ``expected_version``; raise ConflictError otherwise."""

    def append_event(self, event: CaseEvent) -> int:
        """Append to the log and return the event's sequence number."""

    def department_codes(self) -> frozenset[str]: ...

    def is_sandbox(self) -> bool: ...


class Store(Protocol):
    """The shared database as the domain sees it."""

    def transaction(self) -> AbstractContextManager[Transaction]: ...

    def load_cases(self) -> list[Case]: ...

    def load_snapshot(self) -> tuple[list[Case], int]:
        """All cases and the last event sequence number they include, read consistently."""

    def case(self, case_id: int) -> Case: ...

    def events_after(self, seq: int, limit: int = 5000) -> list[CaseEvent]: ...

    def events_of_case(self, case_id: int) -> list[CaseEvent]: ...

    def events_between(self, start: datetime | None, end: datetime | None) -> list[CaseEvent]: ...

    def last_seq(self) -> int: ...

    def departments(self) -> list[Department]: ...

    def users(self) -> list[User]: ...


class ChangeListener(Protocol):
    """Blocks until the database says there may be new events, or the timeout passes."""

    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


def event_sequence(events: Sequence[CaseEvent]) -> list[int]:
    return [e.seq for e in events if e.seq is not None]
