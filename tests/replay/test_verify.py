"""``commandcenter replay --verify``: the whole log reproduces every stored case, and a case
that does not match is named with the field that differs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from commandcenter.verify import verify_history
from db import open_store
from db.backend import backend
from db.models import CaseRow
from main import main
from tests.replay.conftest import make_history
from tests.replay.history import memory_world, simulate
from tests.world import FakeClock, build_world


def test_verify_prints_the_number_of_cases_and_exits_0(history, capsys):
    assert main(["replay", "--verify", "--db", history.url]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    cases = len(history.runtime.store.load_cases())
    assert lines[-1] == f"{cases} cases verified"


@pytest.mark.pg
def test_verify_on_postgresql(pg_url, capsys):
    history = make_history(pg_url, hours=10, reports_per_hour=4, seed=3)
    assert main(["replay", "--verify", "--db", pg_url]) == 0
    assert capsys.readouterr().out.strip().endswith(f"{len(history.runtime.store.load_cases())} cases verified")


def test_a_tampered_row_is_named_and_exits_1(sqlite_url, capsys):
    history = make_history(sqlite_url, hours=6, reports_per_hour=4)
    victim = history.runtime.store.load_cases()[3]
    store = open_store(sqlite_url)
    with store.engine.begin() as conn:
        conn.execute(update(CaseRow).where(CaseRow.id == victim.id).values(description="改过的描述"))
    assert main(["replay", "--verify", "--db", sqlite_url]) == 1
    out = capsys.readouterr().out
    assert f"case {victim.number} (id {victim.id}): description differs" in out
    assert "stored '改过的描述'" in out and f"replayed {victim.description!r}" in out


def test_a_month_of_history_replays_to_the_stored_state(sqlite_url):
    """A simulated month made in memory, loaded into the database in bulk, then verified
    against the rows the database gives back."""
    clock = FakeClock(datetime(2026, 10, 1, 0, 0, tzinfo=timezone.utc))
    store, service, points = memory_world(clock)
    simulate(service, clock, points, hours=24 * 30, reports_per_hour=2.5, seed=8, step_minutes=20)
    runtime = build_world(sqlite_url)
    backend.bulk_load_history(runtime.store, store.load_cases(), store.events())
    result = verify_history(runtime.store)
    assert result.ok, str(result.difference)
    assert result.cases == len(store.load_cases()) > 1500
    assert result.events == len(store.events())
    assert clock.now - datetime(2026, 10, 1, tzinfo=timezone.utc) == timedelta(days=30)


def test_a_case_without_events_is_reported(sqlite_url, capsys):
    history = make_history(sqlite_url, hours=3, reports_per_hour=4)
    store = open_store(sqlite_url)
    case = history.runtime.store.load_cases()[0]
    with store.engine.begin() as conn:
        conn.execute(CaseRow.__table__.insert().values(
            {**{c.name: getattr(case, c.name) for c in CaseRow.__table__.c if c.name not in ("id", "status",
                                                                                         "source", "tier")},
             "id": 9999, "status": "reported", "source": "hotline", "tier": "general"}))
    result = verify_history(store)
    assert not result.ok and result.difference.case_id == 9999
    assert result.difference.field == "existence"
