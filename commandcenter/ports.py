"""Protocols the database layer implements for the services and the situation picture."""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Collection, Iterable, Protocol, Sequence

from .case import Case, CaseEvent
from .case_search import CaseQuery
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

    def put_blob(self, sha256: str, media_type: str, data: bytes, at: datetime, by: str) -> None:
        """Store an attachment's bytes once per hash (a second copy of the same file adds nothing)."""


class Store(Protocol):
    """The shared database as the domain sees it."""

    @property
    def url(self) -> str:
        """Where the data lives (shown to operators; never with a password)."""

    def transaction(self) -> AbstractContextManager[Transaction]: ...

    def load_cases(self) -> list[Case]: ...

    def load_snapshot(self, progress: Callable[[int, int], None] | None = None,
                      admit: Callable[[Case], Case] | None = None) -> tuple[list[Case], int]:
        """All cases and the last event sequence number they include, read consistently;
        ``progress(cases_done, cases_total)`` hears how far the reading is, and every case comes
        out through ``admit`` (a picture's: a viewer's personal-data mask)."""

    def case(self, case_id: int) -> Case: ...

    def case_by_number(self, number: str) -> Case:
        """The case with this number; raises NotFound if there is none."""

    def search_cases(self, query: CaseQuery) -> list[Case]:
        """One page of the cases ``query.matches``, newest (highest id) first, at most
        ``query.limit``; :meth:`CaseQuery.next_page` of the last one asks for the next page."""

    def events_after(self, seq: int, limit: int = 5000) -> list[CaseEvent]: ...

    def events_of_case(self, case_id: int) -> list[CaseEvent]: ...

    def events_between(self, start: datetime | None, end: datetime | None,
                       types: Collection[str] | None = None) -> list[CaseEvent]:
        """Events from ``start`` (inclusive) to ``end`` (exclusive), in sequence order; only those
        of ``types`` when given."""

    def last_events(self, case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
        """The last event of ``event_type`` of each of ``case_ids`` that has one (one read for
        thousands of cases, instead of a history each)."""

    def last_seq(self) -> int: ...

    def blob(self, sha256: str) -> bytes | None:
        """An attachment's bytes by their SHA-256, or None."""

    def departments(self) -> list[Department]: ...

    def users(self) -> list[User]: ...

    def password_hash(self, name: str) -> str | None:
        """The stored hash of an active user's password, or None."""

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A stored setting (base map, calendar notes, …)."""

    def set_meta(self, key: str, value: str) -> None: ...


class Backend(Protocol):
    """Everything the command line and the composition root need from the database layer
    beyond one store: opening stores, migrations, geography, staff, feeds, bulk loads."""

    def open_store(self, url: str | None, *, read_only: bool = False) -> Store: ...

    def default_url(self) -> str: ...

    def upgrade(self, store: Store) -> None: ...

    def counts(self, store: Store) -> dict: ...

    def load_district_map(self, store: Store): ...

    def load_districts(self, store: Store) -> list: ...

    def has_district(self, store: Store) -> bool: ...

    def save_district_outlines(self, store: Store, district_map) -> None:
        """Keep the outlines the map computed for the next start (a store that cannot write: nothing)."""

    def warm_district_cache(self, store: Store) -> None:
        """Derive what a start needs from the stored geography now (after an import)."""

    def prefetch_snapshot(self, url: str):
        """A helper that starts reading the picture's cases of the database at ``url`` now, for the
        live feed's first snapshot (``take(progress, admit)`` → ``(cases, seq)`` or None, ``close()``);
        None where that is not done (the feed then reads the database itself)."""

    def save_district_map(self, store: Store, district_map, *args, **kwargs): ...

    def components(self, store: Store) -> list: ...

    def holidays(self, store: Store) -> dict: ...

    def make_listener(self, store: Store) -> "ChangeListener": ...

    def kpi(self, store: Store, *args, **kwargs): ...

    def kpi_changes(self, store: Store, seq: int | None) -> tuple: ...

    def create_database(self, url: str) -> None: ...


class Outbox(Protocol):
    """The database's queue of outbound messages (see :mod:`commandcenter.outbound`)."""

    def enqueue(self, messages, at: datetime) -> int:
        """Queue messages whose key is new; returns how many were queued."""

    def due(self, now: datetime, limit: int = 50) -> list:
        """Unsent entries whose next attempt is due, claimed for this sender."""

    def mark_sent(self, entry_id: int, at: datetime) -> None: ...

    def mark_failed(self, entry_id: int, error: str, next_attempt_at: datetime, *, give_up: bool = False) -> None: ...

    def failures(self, limit: int = 50) -> list:
        """Unsent entries whose last attempt failed, newest first."""


class MessageGateway(Protocol):
    """Sends one outbound message (SMS or e-mail); raises when the far end does not take it."""

    def send(self, message) -> None: ...


class SituationSource(Protocol):
    """What feeds a situation picture: the live change feed of the shared database, a
    replay of its log, or a training sandbox's feed. Screens never ask which."""

    name: str
    """'live', 'replay' or 'sandbox'."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def refresh(self) -> None:
        """Fetch what this desk just committed now rather than at the next wake-up."""

    def case_history(self, case_id: int) -> list[CaseEvent]:
        """The case's events as the picture shows them (may block: call off the GUI thread)."""

    def last_events(self, case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
        """The last ``event_type`` event of each of ``case_ids`` as the picture shows them, in one
        read (may block: call off the GUI thread)."""


class ChangeListener(Protocol):
    """Blocks until the database says there may be new events, or the timeout passes."""

    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


def event_sequence(events: Sequence[CaseEvent]) -> list[int]:
    return [e.seq for e in events if e.seq is not None]
