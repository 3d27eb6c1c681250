"""A history made in memory lands in the database as it was: same ids, same sequence, and the
live log carries on after it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.errors import DomainError
from commandcenter.simulator import SimClock, Simulator
from db.backend import backend
from tests.sim.test_memory_store import memory_runtime
from tests.world import FakeClock, build_world, cell_point

START = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)


def memory_history(days: float = 1.0):
    clock = SimClock(START)
    runtime = memory_runtime(FakeClock())
    sim = Simulator(runtime, runtime.store.users(), runtime.district_map, runtime.catalog, 7, clock=clock,
                    auto_dispatch=True, volume=0.1)
    sim.run_until(START + timedelta(days=days))
    return runtime.store


def test_bulk_loaded_history_equals_the_original_and_the_log_continues(db_url):
    history = memory_history()
    cases, events = history.load_cases(), history.events()
    assert len(cases) > 50
    clock = FakeClock(START + timedelta(days=2))
    rt = build_world(db_url, clock=clock)
    backend.bulk_load_history(rt.store, cases, events)
    assert rt.store.load_cases() == cases
    assert rt.store.events_after(0, limit=len(events) + 1) == events
    assert rt.store.last_seq() == len(events)
    lon, lat = cell_point(2)
    new = rt.service.report("sup", source="supervisor", class_code="E0104", lon=lon, lat=lat, description="路面脏")
    assert new.id == max(c.id for c in cases) + 1
    assert rt.store.events_of_case(new.id)[0].seq == len(events) + 1


def test_history_is_only_loaded_into_a_database_without_cases(sqlite_url):
    history = memory_history(0.3)
    rt = build_world(sqlite_url)
    lon, lat = cell_point(0)
    rt.service.report("sup", source="supervisor", class_code="E0104", lon=lon, lat=lat, description="路面脏")
    with pytest.raises(DomainError, match="already has cases"):
        backend.bulk_load_history(rt.store, history.load_cases(), history.events())
    assert len(rt.store.load_cases()) == 1 and rt.store.last_seq() == 1


def _state_rows(url):
    from sqlalchemy import select

    from db import open_store
    from db.models import CaseStateRow

    with open_store(url).engine.connect() as conn:
        return conn.execute(select(CaseStateRow).order_by(CaseStateRow.case_id, CaseStateRow.version)).all()


def test_the_states_kept_by_the_history_give_the_state_history_a_fold_gives(tmp_path):
    """The demo hands over the case each event made instead of folding the log again: the same
    state history; states that do not belong to their events are not trusted."""
    history = memory_history(0.5)
    cases, events, states = history.load_cases(), history.events(), history.states()
    assert len(states) == len(events) and [s.version for s in states[:1]] == [1]
    urls = {name: f"sqlite:///{tmp_path / name}.sqlite" for name in ("kept", "folded", "wrong")}
    for name, given in (("kept", states), ("folded", None), ("wrong", states[1:] + states[:1])):
        rt = build_world(urls[name])
        backend.bulk_load_history(rt.store, cases, events, states=given)
    folded = _state_rows(urls["folded"])
    assert len(folded) == len(events)
    assert _state_rows(urls["kept"]) == folded == _state_rows(urls["wrong"])
