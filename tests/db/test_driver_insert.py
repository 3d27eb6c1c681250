"""Rows written straight through the driver (the demo's bulk copy) read back exactly as rows
SQLAlchemy wrote: same text for times on SQLite, same values on PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from db import open_store
from db.driver_insert import insert_many
from db.engine import writer
from db.models import CaseStateRow
from tests.world import build_world, cell_point

BEIJING = timezone(timedelta(hours=8))


def _state(case_id: int, valid_from: datetime, closed_at: datetime | None) -> dict:
    return dict(case_id=case_id, version=10, valid_from=valid_from, valid_to=None, status="closed",
                stage_deadline=valid_from + timedelta(hours=2), department_code="D01", returned_by=None,
                dispatched_by="dp01", registered_at=valid_from, dispatched_at=None, handled_at=None,
                closed_at=closed_at, handled_on_time=True, overdue_stages=0, rework_count=1, return_count=0,
                unjustified_returns=0, extension_count=2)


def test_driver_rows_equal_sqlalchemy_rows(db_url):
    runtime = build_world(db_url)
    # two cases to hang the states on, made by the real service
    ids = [runtime.service.report("sup", source="supervisor", class_code="E0104", lon=cell_point(i)[0],
                                  lat=cell_point(i)[1], description="路面脏").id for i in (0, 1)]
    at = datetime(2026, 11, 23, 1, 2, 3, 456789, tzinfo=timezone.utc)
    orm_row = _state(ids[0], at, at.astimezone(BEIJING))          # an aware time in another zone too
    raw_row = _state(ids[1], at, at.astimezone(BEIJING))
    columns = tuple(raw_row)
    with writer(runtime.store.engine).begin() as conn:
        conn.execute(insert(CaseStateRow), [orm_row])
        assert insert_many(conn, CaseStateRow.__table__, columns, [tuple(raw_row.values())]) == 1
        table = CaseStateRow.__table__
        # what each backend keeps, before SQLAlchemy's result processing
        stored = conn.exec_driver_sql(
            f"SELECT {', '.join(c for c in columns if c != 'case_id')} FROM case_states "
            f"WHERE version = 10 AND case_id IN ({ids[0]}, {ids[1]}) ORDER BY case_id").fetchall()
        typed = conn.execute(select(table).where(table.c.case_id.in_(ids), table.c.version == 10)
                             .order_by(table.c.case_id)).fetchall()
    assert len(stored) == 2 and stored[0] == stored[1]
    assert typed[0][1:] == typed[1][1:] and typed[1].closed_at == at


def test_a_naive_time_is_refused(sqlite_url):
    store = open_store(sqlite_url)
    row = _state(1, datetime(2026, 11, 23, 1, 2, 3), None)
    with pytest.raises(ValueError, match="naive"):
        with writer(store.engine).begin() as conn:
            insert_many(conn, CaseStateRow.__table__, tuple(row), [tuple(row.values())])
