"""The in-memory store keeps the database's promises: all-or-nothing transactions, the same
conflict error, gap-free sequence numbers."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.catalog import load_catalog
from commandcenter.errors import ConflictError, NotFound, SandboxRequired, ValidationError
from commandcenter.geography.locator import GridLocator
from commandcenter.memory_store import InMemoryStore
from commandcenter.ports import Department
from commandcenter.roles import Role, User
from commandcenter.runtime import Runtime
from commandcenter.workflow import fold
from commandcenter.worktime import WorkCalendar
from tests.world import USERS, FakeClock, cell_point, tiny_district


@pytest.fixture
def clock():
    return FakeClock()


def memory_runtime(clock, sandbox=False):
    catalog = load_catalog()
    users = [User(n, n, Role(r), d) for n, (r, d) in USERS.items()]
    store = InMemoryStore(users, [Department(k, d.zh, d.en) for k, d in catalog.departments.items()], sandbox=sandbox)
    district = tiny_district()
    runtime = Runtime(store, None, catalog, WorkCalendar(), district, GridLocator(district), None)
    runtime.service = runtime.service_with_clock(clock)
    return runtime


def report(runtime, actor="sup"):
    lon, lat = cell_point(5)
    return runtime.service.report(actor, source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                  description="路边堆放垃圾")


def test_service_steps_are_stored_with_their_events_in_sequence(clock):
    rt = memory_runtime(clock)
    case = report(rt)
    clock.advance(minutes=5)
    case = rt.service.act("taker", case.id, "accept")
    other = report(rt, "taker")
    store = rt.store
    assert [e.seq for e in store.events()] == [1, 2, 3]
    assert store.last_seq() == 3
    assert [e.type for e in store.events_of_case(case.id)] == ["report", "accept"]
    assert store.case(case.id) == case == fold(store.events_of_case(case.id))
    assert [e.seq for e in store.events_after(1)] == [2, 3]
    assert store.events_after(3) == []
    assert [c.id for c in store.load_cases()] == [case.id, other.id]
    assert store.case_by_number(other.number).id == other.id
    assert store.events_between(clock.now - timedelta(minutes=1), None)[0].type == "accept"


def test_a_failed_transaction_leaves_nothing_behind(clock):
    rt = memory_runtime(clock)
    case = report(rt)
    store = rt.store
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            draft_id = tx.insert_case(case)
            tx.save_case(case, expected_version=case.version)
            tx.append_event(store.events()[0])
            assert tx.case_for_update(draft_id).version == 0     # a transaction sees its own writes
            raise RuntimeError("power cut")
    assert store.last_seq() == 1
    assert [c.id for c in store.load_cases()] == [case.id]
    assert store.case(case.id) == case
    # the id the failed transaction used is free again, as on SQLite
    assert report(rt).id == draft_id


def test_stale_version_raises_the_same_conflict_as_the_database(clock):
    rt = memory_runtime(clock)
    case = report(rt)
    rt.service.act("taker", case.id, "accept", expected_version=1)
    with pytest.raises(ConflictError) as error:
        rt.service.act("taker", case.id, "reject", expected_version=1, reason="重复")
    assert error.value.changed_by == "taker" and error.value.version == 2
    with pytest.raises(ConflictError):
        with rt.store.transaction() as tx:
            tx.save_case(case, expected_version=0)


def test_unknown_users_cases_and_training_outside_a_sandbox_are_refused(clock):
    rt = memory_runtime(clock)
    with pytest.raises(ValidationError):
        report(rt, "nobody")
    with pytest.raises(NotFound):
        rt.store.case(99)
    trainer = rt.service_with_clock(clock, training=True)
    with pytest.raises(SandboxRequired):
        trainer.act("taker", report(rt).id, "accept")
    sandbox = memory_runtime(clock, sandbox=True)
    case = report(sandbox)
    assert sandbox.service_with_clock(clock, training=True).act("taker", case.id, "accept").version == 2


def test_users_and_departments_are_listed_in_order(clock):
    store = memory_runtime(clock).store
    assert [u.name for u in store.users()] == sorted(USERS)
    assert [d.code for d in store.departments()] == sorted(load_catalog().departments)
    with pytest.raises(ValidationError):
        store.add_user(User("sup", "again", Role.SUPERVISOR))
