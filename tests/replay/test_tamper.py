"""The event log is tamper-evident: the database refuses UPDATE and DELETE on events, and
someone who gets round that (drops the triggers, writes with a raw connection) is caught by
``replay --verify``, which names the first broken event and exits non-zero."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from db import open_store
from main import main
from tests.replay.conftest import make_history


@pytest.fixture
def logged(db_url):
    """A short history on SQLite and on PostgreSQL, and the event a reviewer would tamper with."""
    history = make_history(db_url, hours=4, reports_per_hour=4, seed=5)
    events = history.runtime.store.events_after(0)
    assert len(events) > 20
    return history, events[len(events) // 2]


def _raw(url: str):
    """A connection that is not the product's: no triggers, no service, just SQL."""
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1)).connect()


def _without_triggers(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER case_events_no_update")
        conn.exec_driver_sql("DROP TRIGGER case_events_no_delete")
    else:
        conn.exec_driver_sql("ALTER TABLE case_events DISABLE TRIGGER USER")


def _tamper(url: str, *statements: tuple[str, dict]) -> None:
    with _raw(url) as conn:
        _without_triggers(conn)
        for sql, params in statements:
            assert conn.execute(text(sql), params).rowcount == 1
        conn.commit()


def test_an_untouched_log_verifies(logged, capsys):
    history, _ = logged
    assert main(["replay", "--verify", "--db", history.url]) == 0
    out = capsys.readouterr().out
    assert "hash chain of" in out and "intact" in out and out.strip().endswith("cases verified")


@pytest.mark.parametrize("statement", ["UPDATE case_events SET actor = 'sl01' WHERE seq = :seq",
                                       "DELETE FROM case_events WHERE seq = :seq"])
def test_the_database_refuses_to_change_or_delete_an_event(logged, statement):
    history, victim = logged
    with _raw(history.url) as conn:
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute(text(statement), {"seq": victim.seq})
        conn.rollback()
    assert history.runtime.store.events_after(victim.seq - 1, 1) == [victim]


def _assert_named(history, capsys, seq: int) -> None:
    code = main(["replay", "--verify", "--db", history.url])
    out = capsys.readouterr().out
    assert code == 1
    assert f"first broken sequence number: {seq}" in out
    assert "cases verified" not in out


def test_a_changed_actor_is_named(logged, capsys):
    history, victim = logged
    _tamper(history.url, ("UPDATE case_events SET actor = 'sl01' WHERE seq = :seq", {"seq": victim.seq}))
    _assert_named(history, capsys, victim.seq)


def test_a_rewritten_note_is_named(logged, capsys):
    history, victim = logged
    payload = dict(victim.payload, note="按领导要求处理")
    _tamper(history.url, ("UPDATE case_events SET payload = :p WHERE seq = :seq",
                          {"p": json.dumps(payload, ensure_ascii=False, sort_keys=True), "seq": victim.seq}))
    _assert_named(history, capsys, victim.seq)


def test_a_deleted_event_is_named_by_the_one_after_it(logged, capsys):
    history, victim = logged
    _tamper(history.url, ("DELETE FROM case_events WHERE seq = :seq", {"seq": victim.seq}))
    _assert_named(history, capsys, victim.seq + 1)


def test_a_deleted_last_event_is_named(logged, capsys):
    history, _ = logged
    last = history.runtime.store.last_seq()
    _tamper(history.url, ("DELETE FROM case_events WHERE seq = :seq", {"seq": last}))
    _assert_named(history, capsys, last)


def test_two_events_swapped_in_order_are_named(logged, capsys):
    history, victim = logged
    a, b = victim.seq, victim.seq + 1
    _tamper(history.url, ("UPDATE case_events SET seq = -1 WHERE seq = :a", {"a": a}),
            ("UPDATE case_events SET seq = :a WHERE seq = :b", {"a": a, "b": b}),
            ("UPDATE case_events SET seq = :b WHERE seq = -1", {"b": b}))
    _assert_named(history, capsys, a)


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(logged, capsys):
    """A tamperer who knows the hash function can fix the changed event's own hash, but not the
    hash of the event after it without rewriting the rest of the log."""
    from commandcenter.chain import hash_of

    history, victim = logged
    store = open_store(history.url, upgrade=False)
    (_, prev_hash), = store.event_links(victim.seq - 2, 1)
    forged = replace(victim, actor="sl01")
    _tamper(history.url, ("UPDATE case_events SET actor = 'sl01', hash = :h WHERE seq = :seq",
                          {"h": hash_of(forged, prev_hash), "seq": victim.seq}))
    _assert_named(history, capsys, victim.seq + 1)



def test_a_bulk_loaded_history_has_a_valid_chain_that_live_events_continue(sqlite_url):
    """The demo's month is loaded in bulk; its chain must verify, and go on with the next event."""
    from datetime import datetime, timezone

    from commandcenter.verify import verify_chain
    from db.backend import backend
    from tests.replay.history import memory_world, simulate
    from tests.world import FakeClock, build_world, cell_point

    clock = FakeClock(datetime(2026, 10, 1, 0, 0, tzinfo=timezone.utc))
    memory, service, points = memory_world(clock)
    simulate(service, clock, points, hours=24 * 3, reports_per_hour=2, seed=3, step_minutes=30)
    runtime = build_world(sqlite_url)
    backend.bulk_load_history(runtime.store, memory.load_cases(), memory.events())
    assert verify_chain(runtime.store).ok
    lon, lat = cell_point(5)
    runtime.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description="之后")
    result = verify_chain(runtime.store)
    assert result.ok and result.events == len(memory.events()) + 1
