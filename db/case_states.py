"""Writing the state history (``case_states``) that as-of KPIs read: one row per event, kept
with the case row in the same transaction, and the same rows built in bulk from a log."""
from __future__ import annotations

from typing import Iterable, Iterator

from sqlalchemy import Connection, column, insert, inspect, select, table, update

from commandcenter.case import Case, CaseEvent
from commandcenter.kpi_asof import StateSpan, state_spans

from .models import CaseStateRow

STATE_FIELDS = tuple(c.name for c in CaseStateRow.__table__.c
                     if c.name not in ("case_id", "version", "valid_from", "valid_to"))
_CHUNK = 5000


def state_values(case: Case, valid_from, valid_to) -> dict:
    values = {name: getattr(case, name) for name in STATE_FIELDS}
    values["status"] = case.status.value
    return dict(values, case_id=case.id, version=case.version, valid_from=valid_from, valid_to=valid_to)


def record_state(conn: Connection, case: Case) -> None:
    """``case`` as its newest event left it; the state before it ends where this one begins."""
    previous = conn.execute(select(CaseStateRow.valid_from).where(
        CaseStateRow.case_id == case.id, CaseStateRow.valid_to.is_(None))).scalar()
    # a desk whose clock lags must not make the case step back in time (kpi_asof's rule too)
    valid_from = case.updated_at if previous is None else max(previous, case.updated_at)
    if previous is not None:
        conn.execute(update(CaseStateRow).where(CaseStateRow.case_id == case.id, CaseStateRow.valid_to.is_(None))
                     .values(valid_to=valid_from))
    conn.execute(insert(CaseStateRow).values(**state_values(case, valid_from, None)))


def state_rows(events: Iterable[CaseEvent]) -> Iterator[dict]:
    span: StateSpan
    for span in state_spans(events):
        yield state_values(span.case, span.valid_from, span.valid_to)


def insert_states(conn: Connection, events: Iterable[CaseEvent]) -> int:
    """Fold ``events`` (log order) into state rows and insert them; returns how many."""
    chunk, count = [], 0
    # an older migration (0006) fills the table before later ones add their columns: write the
    # columns the table has now, the later migration gives the rest their defaults
    present = {c["name"] for c in inspect(conn).get_columns(CaseStateRow.__tablename__)}
    target = table(CaseStateRow.__tablename__, *(column(c.name, c.type) for c in CaseStateRow.__table__.c
                                                 if c.name in present))
    for row in state_rows(events):
        chunk.append({k: v for k, v in row.items() if k in present})
        if len(chunk) >= _CHUNK:
            conn.execute(insert(target), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.execute(insert(target), chunk)
        count += len(chunk)
    return count
