"""The shared database on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from commandcenter.case import Status
from commandcenter.errors import ConflictError
from db import open_store
from db.backend import backend
from db.migrate import current_revision, head_revision
from tests.world import build_world, cell_point


def _report(rt, cell=0):
    lon, lat = cell_point(cell)
    return rt.service.report("sup", source="supervisor", class_code="0101", lon=lon, lat=lat, description="井盖破损")


def test_the_schema_heads_a_start_compares_with_are_alembics_heads():
    """A start compares the database with SCHEMA_HEADS without loading Alembic: a new migration
    must name itself there, or every database would be taken for an older schema."""
    from db.migrate import SCHEMA_HEADS, _heads

    assert set(SCHEMA_HEADS) == _heads()


def test_migrations_reach_head_and_are_idempotent(db_url):
    store = open_store(db_url)
    assert current_revision(store.engine) == head_revision()
    open_store(db_url)  # a second start migrates nothing and fails nothing
    assert current_revision(store.engine) == head_revision()


def test_case_and_events_round_trip_as_domain_objects(db_url):
    rt = build_world(db_url)
    case = _report(rt)
    case = rt.service.act("taker", case.id, "accept")
    loaded = rt.store.case(case.id)
    assert loaded == case and loaded.created_at.tzinfo is not None
    events = rt.store.events_of_case(case.id)
    assert [e.type for e in events] == ["report", "accept"]
    assert events[0].payload["class_code"] == "0101"
    assert rt.store.events_after(events[0].seq) == events[1:]
    assert rt.store.last_seq() == events[-1].seq


def test_info_counts(db_url):
    rt = build_world(db_url)
    _report(rt)
    counts = backend.counts(rt.store)
    assert counts["districts"] == 1 and counts["streets"] == 2 and counts["communities"] == 4
    assert counts["grids"] == 16 and counts["cases"] == 1 and counts["events"] == 1
    assert counts["area_km2"] == pytest.approx(0.16)
    assert counts["users"] == 11 and counts["departments"] >= 8


def test_conflict_names_who_and_when_and_keeps_one_event(db_url):
    rt = build_world(db_url)
    case = _report(rt)
    seen = case.version
    winner = rt.service.act("taker", case.id, "accept", expected_version=seen)
    with pytest.raises(ConflictError) as err:
        rt.service.act("taker", case.id, "reject", reason="重复", expected_version=seen)
    assert err.value.changed_by == "taker" and err.value.changed_at == winner.updated_at
    assert rt.store.case(case.id).status is Status.REGISTERING
    assert len(rt.store.events_of_case(case.id)) == 2


def test_failed_command_rolls_back_the_whole_transaction(db_url):
    rt = build_world(db_url)
    case = _report(rt)
    with pytest.raises(Exception):
        with rt.store.transaction() as tx:
            tx.append_event(rt.store.events_of_case(case.id)[0])
            raise RuntimeError("power cut between the event and the case row")
    assert rt.store.last_seq() == 1 and len(rt.store.events_of_case(case.id)) == 1


def test_user_passwords_are_hashed(db_url):
    rt = build_world(db_url)
    backend.add_user(rt.store, "newbie", "dispatcher", "correct horse")
    with rt.store.engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM users")) for v in row)
    assert "correct horse" not in dump
    from commandcenter.auth import verify_password

    assert verify_password("correct horse", rt.store.password_hash("newbie"))
    assert not verify_password("wrong", rt.store.password_hash("newbie"))


@pytest.mark.pg
def test_postgres_listener_wakes_at_once(pg_url):
    rt = build_world(pg_url)
    listener = backend.make_listener(rt.store)
    woke = {}

    def wait():
        start = time.monotonic()
        woke["got"] = listener.wait(5.0)
        woke["after"] = time.monotonic() - start

    t = threading.Thread(target=wait)
    t.start()
    time.sleep(0.2)
    _report(rt)
    t.join(6)
    listener.close()
    assert woke["got"] is True and woke["after"] < 2.0


def test_sqlite_is_wal_with_foreign_keys(sqlite_url):
    store = open_store(sqlite_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
