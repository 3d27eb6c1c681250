"""A seeded month of the demo city, simulated through the real services: the mix, the daily
rhythm and the exception rates a city would publish, and a log that folds back into its cases."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.case import Status
from commandcenter.catalog import load_catalog
from commandcenter.clock import local
from commandcenter.demo import demo_world, run_history
from commandcenter.workflow import fold

START = datetime(2026, 10, 20, 16, 0, tzinfo=timezone.utc)      # 00:00 on 21 Oct, Beijing time
DAYS = 30
END = START + timedelta(days=DAYS)


@pytest.fixture(scope="module")
def world():
    return demo_world(0)


@pytest.fixture(scope="module")
def month(world):
    store, simulator = run_history(world, START, END, seed=0)
    return store, simulator, store.load_cases(), store.events()


def settled(cases):
    """Cases reported early enough to have finished their life cycle by the end of the month."""
    return [c for c in cases if c.created_at < END - timedelta(days=3)]


def test_the_simulator_never_breaks_a_workflow_or_permission_rule(month):
    _, simulator, cases, events = month
    assert not simulator.refused
    assert simulator.counts["report"] == len(cases) > 25000


def test_the_months_log_folds_back_into_exactly_the_stored_cases(month):
    store, _, cases, events = month
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    by_case: dict[int, list] = {}
    for event in events:
        by_case.setdefault(event.case_id, []).append(event)
    assert len(by_case) == len(cases)
    for case in cases:
        assert fold(by_case[case.id]) == case
    assert all(e.at >= START and e.at <= END for e in events)
    assert all(a.at <= b.at for a, b in zip(events, events[1:]))


def test_the_class_mix_follows_the_catalog_weights(month):
    _, _, cases, _ = month
    catalog = load_catalog()
    total_weight = sum(c.weight for c in catalog.small_classes())
    seen = Counter(c.class_code for c in cases)
    distance = sum(abs(seen[c.code] / len(cases) - c.weight / total_weight) for c in catalog.small_classes()) / 2
    assert distance < 0.04
    assert 0.12 < seen["E0201"] / len(cases) < 0.155       # illegal small ads: the biggest class, ~13.8 %


def test_the_source_mix_is_mostly_supervisors_then_the_hotline(month):
    _, _, cases, _ = month
    share = {k: v / len(cases) for k, v in Counter(c.source.value for c in cases).items()}
    assert share["supervisor"] == pytest.approx(0.60, abs=0.04)
    assert share["hotline"] == pytest.approx(0.25, abs=0.04)
    assert share["video"] == pytest.approx(0.10, abs=0.03)
    assert share["referral"] == pytest.approx(0.05, abs=0.02)


def test_nights_are_quiet_and_the_morning_peak_beats_the_afternoon(month):
    _, _, cases, _ = month
    per_hour = Counter(local(c.created_at).hour for c in cases)
    night = sum(per_hour[h] for h in range(0, 6)) / 6
    morning = sum(per_hour[h] for h in (8, 9, 10)) / 3
    afternoon = sum(per_hour[h] for h in (14, 15, 16)) / 3
    assert night < 0.1 * morning
    assert morning > 1.15 * afternoon > 1.15 * per_hour[19]


def test_some_cells_are_hotspots(month, world):
    _, _, cases, _ = month
    per_cell = sorted(Counter(c.grid_code for c in cases).values(), reverse=True)
    top_percent = len(world.district_map.grids) // 100
    assert sum(per_cell[:top_percent]) > 0.12 * len(cases)        # 1 % of the cells, far more than 1 % of cases


def test_exception_rates_are_in_the_published_bands(month):
    _, _, cases, events = month
    done = settled(cases)
    dispatched = [c for c in done if c.dispatch_count]
    handled = [c for c in done if c.handled_at]
    ids = {c.id for c in done}
    suspended = {e.case_id for e in events if e.type == "request_suspension" and e.case_id in ids}
    assert 0.03 <= sum(c.rework_count > 0 for c in handled) / len(handled) <= 0.07
    assert 0.02 <= sum(c.return_count > 0 for c in dispatched) / len(dispatched) <= 0.045
    assert 0.002 <= sum(c.unjustified_returns > 0 for c in dispatched) / len(dispatched) <= 0.015
    assert 0.03 <= sum(c.extension_count > 0 for c in dispatched) / len(dispatched) <= 0.07
    assert 0.005 <= len(suspended) / len(dispatched) <= 0.02
    ended_early = sum(c.status in (Status.REJECTED, Status.CANCELLED) for c in done) / len(done)
    assert 0.02 <= ended_early <= 0.08


def test_eight_to_fifteen_percent_of_cases_run_late(month):
    _, _, cases, _ = month
    done = settled(cases)
    late = sum(c.overdue_stages > 0 or c.is_overdue(END) for c in done) / len(done)
    assert 0.08 <= late <= 0.15


def test_at_the_end_every_department_and_queue_has_work(month, world):
    _, _, cases, _ = month
    open_cases = [c for c in cases if c.is_open]
    by_status = Counter(c.status for c in open_cases)
    assert 300 <= by_status[Status.HANDLING] <= 2000
    assert by_status[Status.SUSPENDED] >= 10 and by_status[Status.VERIFYING] >= 10
    assert sum(c.is_overdue(END) for c in open_cases) >= 10
    busy = Counter(c.department_code for c in open_cases if c.department_code)
    assert len(busy) >= 8
    assert {c.department_code for c in cases if c.department_code} == {d.code for d in world.departments}
    assert busy.most_common(1)[0][1] > 5 * busy.most_common()[7][1]      # busy to very different degrees
    # requests wait for the shift leader's decision, overnight too
    assert sum(c.pending_request is not None for c in open_cases) >= 3


def test_component_cases_point_at_a_component_of_their_class(month, world):
    _, _, cases, _ = month
    inventory = {code: (cls, grid) for code, cls, grid, _, _ in world.components}
    components = [c for c in cases if c.kind == "component"]
    assert components and all(c.component_code in inventory for c in components)
    assert all(inventory[c.component_code][0] == c.class_code for c in components)
    assert sum(inventory[c.component_code][1] == c.grid_code for c in components) / len(components) > 0.99


def test_the_same_seed_gives_the_same_history_and_another_seed_another(world):
    start, end = START, START + timedelta(days=1)
    first = run_history(world, start, end, seed=3)[0].events()
    again = run_history(world, start, end, seed=3)[0].events()
    other = run_history(world, start, end, seed=4)[0].events()
    assert first == again
    assert [(e.type, e.at) for e in first[:50]] != [(e.type, e.at) for e in other[:50]]
