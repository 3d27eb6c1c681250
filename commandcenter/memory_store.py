"""A complete in-memory :class:`~commandcenter.ports.Store`.

It keeps the same promises as the shared database: a transaction's changes become visible
only when its ``with`` block exits cleanly, a stale ``expected_version`` raises the same
ConflictError, and events get gap-free sequence numbers in commit order. The demo runs the
real services against it at memory speed and then copies the result into the database.
"""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Collection, Iterable

from .case import Case, CaseEvent, last_events_of, with_changes
from .case_search import CaseQuery, search_in
from .errors import ConflictError, NotFound, ValidationError
from .ports import Department
from .roles import User


class InMemoryTransaction:
    """One unit of work; see :class:`commandcenter.ports.Transaction`.

    Writes go to a private overlay that :meth:`InMemoryStore.transaction` applies on success.
    """

    def __init__(self, store: InMemoryStore):
        self._store = store
        self._cases: dict[int, Case] = {}
        self._events: list[CaseEvent] = []
        self._states: list[Case] = []
        self._next_id = store._next_id

    def user(self, name: str) -> User:
        try:
            return self._store._users[name]
        except KeyError:
            raise ValidationError("user", name, "unknown user") from None

    def case_for_update(self, case_id: int) -> Case:
        case = self._cases.get(case_id) or self._store._cases.get(case_id)
        if case is None:
            raise NotFound("case", case_id)
        return case

    def insert_case(self, draft: Case) -> int:
        case_id = self._next_id
        self._next_id += 1
        self._cases[case_id] = with_changes(draft, {"id": case_id, "version": 0})
        return case_id

    def save_case(self, case: Case, expected_version: int) -> None:
        stored = self.case_for_update(case.id)
        if stored.version != expected_version:
            raise ConflictError(stored.number, stored.updated_by, stored.updated_at, stored.version)
        self._cases[case.id] = case

    def append_event(self, event: CaseEvent) -> int:
        seq = self._store._last_seq + len(self._events) + 1
        self._events.append(CaseEvent(event.case_id, event.type, event.actor, event.role, event.at, event.payload, seq))
        # the services save the case before they append its event: this is the case the event made
        self._states.append(self.case_for_update(event.case_id))
        return seq

    def department_codes(self) -> frozenset[str]:
        return self._store._department_codes

    def is_sandbox(self) -> bool:
        return self._store.sandbox

    def put_blob(self, sha256: str, media_type: str, data: bytes, at, by: str) -> None:
        # content-addressed: a rolled-back transaction leaves at most an unreferenced copy
        self._store._blobs.setdefault(sha256, data)


class _Unit:
    """``with store.transaction() as tx``: the store's lock held, ``tx`` applied only when the
    block exits cleanly (a plain class, not a generator: the demo opens 200,000 of these)."""

    __slots__ = ("_store", "_tx")

    def __init__(self, store: InMemoryStore):
        self._store = store

    def __enter__(self) -> InMemoryTransaction:
        self._store._lock.acquire()
        self._tx = InMemoryTransaction(self._store)
        return self._tx

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self._store._commit(self._tx)
        finally:
            self._store._lock.release()


class InMemoryStore:
    """Cases, the event log, users and departments held in dictionaries.

    Transactions are serialised by one lock, like SQLite's single writer, so a reader on
    another thread never sees half a transaction.
    """

    def __init__(self, users: Iterable[User] = (), departments: Iterable[Department] = (),
                 sandbox: bool = False):
        self._lock = threading.RLock()
        self._blobs: dict[str, bytes] = {}
        self._users: dict[str, User] = {}
        self._departments: dict[str, Department] = {}
        self._department_codes: frozenset[str] = frozenset()
        self._cases: dict[int, Case] = {}
        self._events: list[CaseEvent] = []
        self._states: list[Case] = []
        self._events_by_case: dict[int, list[CaseEvent]] = {}
        self._next_id = 1
        self._last_seq = 0
        self._password_hashes: dict[str, str] = {}
        self._meta: dict[str, str] = {}
        self.sandbox = sandbox
        for user in users:
            self.add_user(user)
        for department in departments:
            self.add_department(department)

    url = "memory:"
    """Where the data lives: in this process only."""

    # Reference data -----------------------------------------------------------------------
    def set_password_hash(self, name: str, password_hash: str) -> None:
        with self._lock:
            self._password_hashes[name] = password_hash

    def password_hash(self, name: str) -> str | None:
        with self._lock:
            return self._password_hashes.get(name)

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self._lock:
            return self._meta.get(key, default)

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._meta[key] = value

    def add_user(self, user: User) -> None:
        with self._lock:
            if user.name in self._users:
                raise ValidationError("name", user.name, "a user with this name exists")
            self._users[user.name] = user

    def add_department(self, department: Department) -> None:
        with self._lock:
            self._departments[department.code] = department
            self._department_codes = frozenset(self._departments)

    def departments(self) -> list[Department]:
        with self._lock:
            return [self._departments[code] for code in sorted(self._departments)]

    def users(self) -> list[User]:
        with self._lock:
            return [self._users[name] for name in sorted(self._users)]

    # Unit of work -------------------------------------------------------------------------
    def transaction(self) -> _Unit:
        return _Unit(self)

    # Cases and events ---------------------------------------------------------------------
    def load_cases(self) -> list[Case]:
        with self._lock:
            return [self._cases[case_id] for case_id in sorted(self._cases)]

    def load_snapshot(self, progress=None, admit=None) -> tuple[list[Case], int]:
        with self._lock:
            cases, seq = self.load_cases(), self._last_seq
        if admit is not None:
            cases = [admit(case) for case in cases]
        if progress is not None:
            progress(len(cases), len(cases))
        return cases, seq

    def case(self, case_id: int) -> Case:
        with self._lock:
            try:
                return self._cases[case_id]
            except KeyError:
                raise NotFound("case", case_id) from None

    def case_by_number(self, number: str) -> Case:
        with self._lock:
            for case in self._cases.values():
                if case.number == number:
                    return case
        raise NotFound("case", number)

    def search_cases(self, query: CaseQuery) -> list[Case]:
        with self._lock:
            return search_in(self._cases.values(), query)

    def events(self) -> list[CaseEvent]:
        """The whole log in sequence order."""
        with self._lock:
            return list(self._events)

    def states(self) -> list[Case]:
        """The case as each event of :meth:`events` left it (what a bulk copy writes as the
        state history, without folding the log again)."""
        with self._lock:
            return list(self._states)

    def events_after(self, seq: int, limit: int = 5000) -> list[CaseEvent]:
        with self._lock:
            # seq n sits at index n - 1: sequence numbers start at 1 and have no gaps
            start = max(seq, 0)
            return self._events[start:start + limit]

    def events_of_case(self, case_id: int) -> list[CaseEvent]:
        with self._lock:
            return list(self._events_by_case.get(case_id, ()))

    def events_between(self, start: datetime | None, end: datetime | None,
                       types: Collection[str] | None = None) -> list[CaseEvent]:
        with self._lock:
            return [e for e in self._events
                    if (start is None or e.at >= start) and (end is None or e.at < end)
                    and (types is None or e.type in types)]

    def last_events(self, case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
        with self._lock:
            ids = set(case_ids)
            return last_events_of((e for i in ids for e in self._events_by_case.get(i, ())), ids, event_type)

    def last_seq(self) -> int:
        with self._lock:
            return self._last_seq

    def blob(self, sha256: str) -> bytes | None:
        return self._blobs.get(sha256)

    # Private API --------------------------------------------------------------------------
    def _commit(self, tx: InMemoryTransaction) -> None:
        self._cases.update(tx._cases)
        self._next_id = tx._next_id
        self._states.extend(tx._states)
        for event in tx._events:
            self._events.append(event)
            self._events_by_case.setdefault(event.case_id, []).append(event)
        if tx._events:
            self._last_seq = tx._events[-1].seq

