"""Copy a history produced elsewhere (the demo's in-memory run) into the shared database fast:
one transaction, many rows per statement, ids and sequence numbers kept."""
from __future__ import annotations

from operator import attrgetter
from typing import Callable, Sequence

from sqlalchemy import func, select, text, update

from commandcenter.case import Case, CaseEvent
from commandcenter.chain import GENESIS, hash_of
from commandcenter.errors import DomainError

from .case_states import insert_states
from .convert import CASE_FIELDS, case_to_tuple, payload_json
from .driver_insert import insert_many
from .engine import writer
from .models import CaseEventRow, CaseRow, FeedCounter
from .store import SqlStore


def bulk_load_history(store: SqlStore, cases: Sequence[Case], events: Sequence[CaseEvent], *,
                      states: Sequence[Case] | None = None,
                      progress: Callable[[float], None] | None = None) -> None:
    """Insert ``cases`` and their ``events`` as they are (ids, versions, seqs) and move the feed
    counter to the last seq, so the next live event continues the log. Only into a database
    without cases or events: merging two logs would break their sequence order. ``states``: the
    case as each event (in sequence order) left it, when the history kept them, so the state
    history needs no second fold; used only if each matches its event. ``progress`` hears the
    share done (0–1) after each step."""
    def done(share: float) -> None:
        if progress is not None:
            progress(share)

    if any(e.seq is None for e in events):
        raise ValueError("every event to bulk-load needs its sequence number")
    in_order = sorted(events, key=_SEQ)
    if states is not None and not _states_match(in_order, states):
        states = None
    # the chain links events in sequence order, as appending them one by one would have
    event_rows, last_hash = [], GENESIS
    for e in in_order:
        last_hash = hash_of(e, last_hash)
        event_rows.append((e.seq, e.case_id, e.type, e.actor, e.role, e.at, payload_json(e.payload), last_hash))
    last_seq = in_order[-1].seq if in_order else 0
    done(0.2)
    with writer(store.engine).begin() as conn:
        existing = conn.execute(select(func.count()).select_from(CaseRow)).scalar_one()
        existing += conn.execute(select(func.count()).select_from(CaseEventRow)).scalar_one()
        if existing:
            raise DomainError("this database already has cases or events; history can only be loaded "
                              "into a database without any")
        times: dict = {}     # the history's times as the database's text, each converted once
        insert_many(conn, CaseRow.__table__, CASE_FIELDS, map(case_to_tuple, cases), memo=times)
        done(0.25)
        insert_many(conn, CaseEventRow.__table__, _EVENT_COLUMNS, event_rows, memo=times)
        done(0.35)
        insert_states(conn, in_order, states=states, memo=times)
        done(0.95)
        conn.execute(update(FeedCounter).where(FeedCounter.id == 1).values(last_seq=last_seq, last_hash=last_hash))
        if conn.dialect.name == "postgresql" and cases:
            # Explicit ids leave the serial's sequence behind; the next report would collide.
            conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :top)"),
                         {"top": max(c.id for c in cases)})


def _states_match(events: Sequence[CaseEvent], states: Sequence[Case]) -> bool:
    """Each state is the one its event made: same case, that event's time and actor."""
    return len(states) == len(events) and all(
        s.id == e.case_id and s.updated_at == e.at and s.updated_by == e.actor for e, s in zip(events, states))


_SEQ = attrgetter("seq")
_EVENT_COLUMNS = ("seq", "case_id", "type", "actor", "role", "at", "payload", "hash")
