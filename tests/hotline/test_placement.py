"""待定位: a hotline order found no finer than a street waits in the placement queue until a
call-taker places it; the step is an event like any other, so replay gives the same case."""
from __future__ import annotations

import pytest

from commandcenter.errors import IllegalTransition, PermissionDenied, ValidationError
from commandcenter.queues import PLACEMENT_QUEUE
from commandcenter.workflow import fold
from tests.world import build_world, cell_point, tiny_district


@pytest.fixture
def world(tmp_path):
    return build_world(f"sqlite:///{tmp_path / 'place.sqlite'}")


def _waiting(rt):
    lon, lat = tiny_district().grids[0].centroid
    return rt.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                             description="测试1街道 某处有垃圾", external_number="2611300000001", needs_placement=True)


def test_a_call_taker_places_a_waiting_case_and_replay_agrees(world):
    case = _waiting(world)
    assert PLACEMENT_QUEUE.accepts(case)
    lon, lat = cell_point(13)
    placed = world.service.place("taker", case.id, lon, lat, expected_version=case.version)
    assert not placed.needs_placement and not PLACEMENT_QUEUE.accepts(placed)
    assert placed.grid_code == tiny_district().grids[13].code and placed.community_code == placed.grid_code[:12]
    assert placed.external_number == "2611300000001"
    stored = world.store.case(case.id)
    assert fold(world.store.events_of_case(case.id)) == stored == placed


def test_only_intake_places_only_waiting_cases_only_inside_the_district(world):
    case = _waiting(world)
    lon, lat = cell_point(5)
    with pytest.raises(PermissionDenied):
        world.service.place("disp", case.id, lon, lat)
    with pytest.raises(ValidationError):
        world.service.place("taker", case.id, 100.0, 30.0)
    world.service.place("leader", case.id, lon, lat)
    with pytest.raises(IllegalTransition):
        world.service.place("taker", case.id, lon, lat)
