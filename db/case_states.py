"""Writing the state history (``case_states``) that as-of KPIs read: one row per event, kept
with the case row in the same transaction, and the same rows built in bulk from a log."""
from __future__ import annotations

from operator import attrgetter
from typing import Iterable, Iterator

from sqlalchemy import Connection, insert, inspect, select, update

from commandcenter.case import Case, CaseEvent
from commandcenter.kpi_asof import StateSpan, state_spans

from .driver_insert import insert_many
from .models import CaseStateRow

DERIVED = {"handling_seconds": ("dispatched_at", "handled_at")}
"""Figures stored with each state so the KPI query reads a number instead of working it out per
row (migration 0009_kpiasof): name → the (since, until) times of a
:class:`~commandcenter.kpi.Seconds` counter value, whose value it is (None unless both known)."""
STATE_FIELDS = tuple(c.name for c in CaseStateRow.__table__.c
                     if c.name not in ("case_id", "version", "valid_from", "valid_to", *DERIVED))


def whole_seconds(since, until) -> int | None:
    """:class:`~commandcenter.kpi.Seconds` of one case: whole seconds from ``since`` to
    ``until`` (fractions dropped first), never negative; None unless both are known."""
    if since is None or until is None:
        return None
    return max(0, int((until.replace(microsecond=0) - since.replace(microsecond=0)).total_seconds()))


def _derived(case: Case) -> tuple:
    return tuple(whole_seconds(getattr(case, since), getattr(case, until)) for since, until in DERIVED.values())


def state_values(case: Case, valid_from, valid_to) -> dict:
    values = {name: getattr(case, name) for name in STATE_FIELDS}
    values["status"] = case.status.value
    values.update(zip(DERIVED, _derived(case)))
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


STATE_COLUMNS = ("case_id", "version", "valid_from", "valid_to") + STATE_FIELDS + tuple(DERIVED)
_STATE_VALUES = attrgetter(*STATE_FIELDS)
_STATUS = STATE_FIELDS.index("status")


def state_rows(events: Iterable[CaseEvent]) -> Iterator[dict]:
    span: StateSpan
    for span in state_spans(events):
        yield state_values(span.case, span.valid_from, span.valid_to)


def state_tuples(events: Iterable[CaseEvent], states: Iterable[Case] | None = None) -> Iterator[tuple]:
    """The rows of :func:`state_rows` as tuples in :data:`STATE_COLUMNS` order (``states``: the
    case as each event left it, if known; else folded)."""
    span: StateSpan
    for span in state_spans(events, states):
        case = span.case
        values = list(_STATE_VALUES(case))
        values[_STATUS] = case.status.value
        yield (case.id, case.version, span.valid_from, span.valid_to, *values, *_derived(case))


def insert_states(conn: Connection, events: Iterable[CaseEvent], *, states: Iterable[Case] | None = None,
                  memo: dict | None = None) -> int:
    """Fold ``events`` (log order) into state rows and insert them; returns how many."""
    present = {c["name"] for c in inspect(conn).get_columns(CaseStateRow.__tablename__)}
    if present.issuperset(STATE_COLUMNS):
        return insert_many(conn, CaseStateRow.__table__, STATE_COLUMNS, state_tuples(events, states), memo=memo)
    # an older migration (0006) fills the table before later ones add their columns: write the
    # columns the table has now, the later migration gives the rest their defaults (or works
    # them out: 0009_kpiasof's handling_seconds)
    keep = [i for i, name in enumerate(STATE_COLUMNS) if name in present]
    rows = (tuple(row[i] for i in keep) for row in state_tuples(events, states))
    return insert_many(conn, CaseStateRow.__table__, [STATE_COLUMNS[i] for i in keep], rows, memo=memo)
