"""Folding a case's events reproduces its stored row exactly, for random legal histories."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.case import Status
from commandcenter.workflow import available_actions, fold
from tests.world import FakeClock, build_world, cell_point

FIELD_VALUES = {
    "bool": [True, False],
    "text": ["现场情况说明"],
    "tier": ["general", "urgent", "difficult"],
    "limit": ["2wh", "1wd", "4h"],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    clock = FakeClock()
    url = f"sqlite:///{tmp_path_factory.mktemp('fold') / 'fold.sqlite'}"
    return build_world(url, clock=clock), clock


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=1_000), min_size=1, max_size=25),
       gaps=st.lists(st.integers(min_value=0, max_value=600), min_size=25, max_size=25),
       cell=st.integers(min_value=0, max_value=15))
def test_fold_of_events_equals_stored_case(world, choices, gaps, cell):
    rt, clock = world
    users = rt.store.users()
    departments = [d.code for d in rt.store.departments()]
    lon, lat = cell_point(cell)
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="随机")
    for step, choice in enumerate(choices):
        options = [(u, t) for u in users for t in available_actions(case, u)]
        if not options:
            break
        user, transition = options[choice % len(options)]
        fields = {}
        for spec in transition.fields:
            if spec.kind == "department":
                others = [d for d in departments if d != case.department_code]
                fields[spec.name] = others[choice % len(others)]
            elif spec.required or choice % 2:
                values = FIELD_VALUES[spec.kind]
                fields[spec.name] = values[choice % len(values)]
        clock.advance(minutes=gaps[step])
        case = rt.service.act(user.name, case.id, transition.command, expected_version=case.version, **fields)
    stored = rt.store.case(case.id)
    events = rt.store.events_of_case(case.id)
    assert stored == case
    assert fold(events) == stored
    assert stored.version == len(events)
    assert stored.status in Status


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=1_000), min_size=1, max_size=20),
       gaps=st.lists(st.integers(min_value=0, max_value=3000), min_size=20, max_size=20),
       annotate=st.lists(st.sampled_from(["none", "note", "urge", "reply", "tick"]), min_size=20, max_size=20))
def test_fold_with_notes_urges_and_reminders_equals_stored_case(world, choices, gaps, annotate):
    """Notes, urges, replies and the ladder's automatic reminders interleaved anywhere in a legal
    history: the fold still gives the stored row, and replay --verify accepts the log."""
    from commandcenter.urging import Escalation
    from commandcenter.verify import verify_chain, verify_history

    rt, clock = world
    users = rt.store.users()
    by_name = {u.name: u for u in users}
    escalation = Escalation(rt.store, rt.catalog, rt.calendar, clock=clock)
    departments = [d.code for d in rt.store.departments()]
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=cell_point(3)[0],
                             lat=cell_point(3)[1], description="随机")
    extra = {"note": ("disp", "note", {"note": "备注"}), "urge": ("leader", "urge", {"message": "催办"}),
             "reply": (None, "urge_reply", {"reply": "已处理"})}
    for step, choice in enumerate(choices):
        clock.advance(minutes=gaps[step])
        kind = annotate[step]
        if kind == "tick":
            escalation.tick([case])
            case = rt.store.case(case.id)
        elif kind in extra:
            who, command, fields = extra[kind]
            who = who or next((u.name for u in users if u.department_code and
                               u.department_code == case.department_code), "sz")
            if any(t.command == command for t in available_actions(case, by_name[who])):
                case = rt.service.act(who, case.id, command, expected_version=case.version, **fields)
        options = [(u, t) for u in users for t in available_actions(case, u)
                   if t.command not in ("note", "urge", "urge_reply")]
        if not options:
            break
        user, transition = options[choice % len(options)]
        fields = {}
        for spec in transition.fields:
            if spec.kind == "department":
                others = [d for d in departments if d != case.department_code]
                fields[spec.name] = others[choice % len(others)]
            elif spec.required or choice % 2:
                values = FIELD_VALUES[spec.kind]
                fields[spec.name] = values[choice % len(values)]
        case = rt.service.act(user.name, case.id, transition.command, expected_version=case.version, **fields)
    stored = rt.store.case(case.id)
    events = rt.store.events_of_case(case.id)
    assert stored == case
    assert fold(events) == stored
    assert stored.version == len(events)
    assert stored.urge_count <= sum(e.type in ("urge", "remind") for e in events)
    assert verify_chain(rt.store).ok and verify_history(rt.store).ok
