"""The demo city in a real database: everything a screen needs, the same for the same seed,
and never poured over someone's data."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.auth import verify_password
from commandcenter.demo import DEMO_PASSWORD, build_demo, demo_window
from commandcenter.errors import DomainError, ValidationError
from commandcenter.geography.codes import parse_component_code
from commandcenter.geography.locator import GridLocator
from commandcenter.queues import QUEUES
from commandcenter.roles import Role
from commandcenter.runtime import build_runtime
from commandcenter.workflow import fold
from db import open_store
from db.backend import backend
from tests.world import build_world

START = datetime(2026, 11, 2, 16, 0, tzinfo=timezone.utc)    # Tuesday 00:00 in Beijing


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    store = open_store(url)
    summary = build_demo(store, backend, seed=0, start=START, days=2)
    return store, summary


def test_the_demo_fills_every_table_a_screen_reads(demo_db):
    store, summary = demo_db
    counts = backend.counts(store)
    assert counts["districts"] == 1 and counts["streets"] == 15 and counts["communities"] == 150
    assert 3800 <= counts["grids"] <= 4300 and counts["area_km2"] == pytest.approx(40, rel=0.01)
    assert counts["components"] == 20000 and counts["departments"] == 15
    assert counts["cases"] == summary.cases > 1500 and counts["events"] == summary.events
    assert store.last_seq() == summary.events
    names = [d.name for d in store.departments()]
    assert all(name.startswith("云河区") for name in names)


def test_staff_cover_every_role_and_sign_in_with_the_demo_password(demo_db):
    store, _ = demo_db
    users = store.users()
    roles = Counter(u.role for u in users)
    assert set(roles) == set(Role)
    assert roles[Role.SUPERVISOR] >= 120 and roles[Role.LEADER] == roles[Role.TRAINER] == roles[Role.ADMIN] == 1
    per_department = Counter(u.department_code for u in users if u.role is Role.DEPARTMENT)
    assert set(per_department) == {d.code for d in store.departments()}
    assert all(1 <= n <= 3 for n in per_department.values())
    assert all(all("\u4e00" <= ch <= "\u9fff" for ch in u.display_name) for u in users)
    assert verify_password(DEMO_PASSWORD, store.password_hash("dp01"))
    assert not verify_password("wrong", store.password_hash("sup001"))


def test_components_have_valid_codes_and_lie_in_their_grid(demo_db):
    store, _ = demo_db
    district_map = backend.load_district_map(store)
    locator = GridLocator(district_map)
    components = backend.components(store)
    for code, class_code, grid_code, lon, lat in components[::20]:
        parts = parse_component_code(code)
        assert parts.district_code == "990101" and parts.class_code == class_code
        assert locator.locate(lon, lat) == grid_code
    mix = Counter(c[1] for c in components)
    assert mix["0111"] > mix["0205"] * 50          # many more lamps than footbridges


def test_stored_cases_are_their_folded_events_and_the_services_carry_on(demo_db):
    store, summary = demo_db
    for case in store.load_cases()[::97]:
        assert fold(store.events_of_case(case.id)) == case
    runtime = build_runtime(store, backend, clock=lambda: summary.end + timedelta(minutes=5))
    case = next(c for c in store.load_cases() if c.status.value == "reported" or c.status.value == "registering")
    actor = "ct01" if case.status.value == "reported" else "sl01"
    step = "accept" if case.status.value == "reported" else "register"
    assert runtime.service.act(actor, case.id, step).version == case.version + 1
    assert store.last_seq() == summary.events + 1


def test_same_seed_same_city_other_seed_other_city(demo_db, tmp_path):
    store, summary = demo_db
    again = open_store(f"sqlite:///{tmp_path / 'again.sqlite'}")
    assert build_demo(again, backend, seed=0, start=START, days=2).cases == summary.cases
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    build_demo(other, backend, seed=1, start=START, days=2)

    def first(s):
        return [(c.number, c.class_code, c.grid_code) for c in s.load_cases()[:30]]

    counts = backend.counts(again)
    assert counts["events"] == summary.events      # the module's database has one more by now
    assert {**counts, "events": 0} == {**backend.counts(store), "events": 0}
    assert first(again) == first(store)
    assert first(other) != first(store)


def test_a_database_with_anything_in_it_is_refused(sqlite_url):
    runtime = build_world(sqlite_url)
    before = backend.counts(runtime.store)
    with pytest.raises(DomainError, match="not empty"):
        build_demo(runtime.store, backend, seed=0, start=START, days=1)
    assert backend.counts(runtime.store) == before


@pytest.mark.parametrize("start, days, problem", [
    (START, 0, "--days"), (START, 400, "--days"), (START, "3", "--days"),
    (datetime.now(timezone.utc), 2, "future"), (datetime(2026, 11, 1), 1, "timezone"),
])
def test_impossible_windows_are_refused(start, days, problem):
    with pytest.raises(ValidationError, match=problem):
        demo_window(start, days)


def test_the_history_ends_at_a_handover_with_work_waiting_for_the_dispatcher(demo_db):
    """The demo ends at midnight (its quietest hour): the incoming shift still finds cases to
    register and to dispatch, and the outgoing one left them only in its last stretch."""
    store, summary = demo_db
    cases = store.load_cases()
    waiting = {queue.key: [c for c in cases if queue.accepts(c)] for queue in QUEUES}
    assert len(waiting["dispatch"]) >= 5 and len(waiting["register"]) >= 3
    handover = summary.end - timedelta(hours=12)
    assert all(c.stage_started_at > handover for c in waiting["dispatch"] + waiting["register"]), \
        "before the handover the control room keeps its queues short"
