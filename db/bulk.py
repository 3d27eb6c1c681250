"""Copy a history produced elsewhere (the demo's in-memory run) into the shared database fast:
one transaction, many rows per statement, ids and sequence numbers kept."""
from __future__ import annotations

from typing import Iterable, Sequence

from sqlalchemy import func, insert, select, text, update

from commandcenter.case import Case, CaseEvent
from commandcenter.chain import GENESIS, hash_of
from commandcenter.errors import DomainError

from .case_states import insert_states
from .convert import case_to_values, payload_json
from .engine import writer
from .models import CaseEventRow, CaseRow, FeedCounter
from .store import SqlStore

_CHUNK = 5000


def bulk_load_history(store: SqlStore, cases: Sequence[Case], events: Sequence[CaseEvent]) -> None:
    """Insert ``cases`` and their ``events`` as they are (ids, versions, seqs) and move the feed
    counter to the last seq, so the next live event continues the log. Only into a database
    without cases or events: merging two logs would break their sequence order."""
    rows = [case_to_values(c) for c in cases]
    if any(e.seq is None for e in events):
        raise ValueError("every event to bulk-load needs its sequence number")
    # the chain links events in sequence order, as appending them one by one would have
    event_rows, last_hash = [], GENESIS
    for e in sorted(events, key=lambda e: e.seq):
        last_hash = hash_of(e, last_hash)
        event_rows.append(dict(seq=e.seq, case_id=e.case_id, type=e.type, actor=e.actor, role=e.role, at=e.at,
                               payload=payload_json(e.payload), hash=last_hash))
    last_seq = max((r["seq"] for r in event_rows), default=0)
    with writer(store.engine).begin() as conn:
        existing = conn.execute(select(func.count()).select_from(CaseRow)).scalar_one()
        existing += conn.execute(select(func.count()).select_from(CaseEventRow)).scalar_one()
        if existing:
            raise DomainError("this database already has cases or events; history can only be loaded "
                              "into a database without any")
        for chunk in _chunks(rows):
            conn.execute(insert(CaseRow), chunk)
        for chunk in _chunks(event_rows):
            conn.execute(insert(CaseEventRow), chunk)
        insert_states(conn, sorted(events, key=lambda e: e.seq))
        conn.execute(update(FeedCounter).where(FeedCounter.id == 1).values(last_seq=last_seq, last_hash=last_hash))
        if conn.dialect.name == "postgresql" and rows:
            # Explicit ids leave the serial's sequence behind; the next report would collide.
            conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :top)"),
                         {"top": max(r["id"] for r in rows)})


def _chunks(rows: list[dict]) -> Iterable[list[dict]]:
    for i in range(0, len(rows), _CHUNK):
        yield rows[i:i + _CHUNK]
