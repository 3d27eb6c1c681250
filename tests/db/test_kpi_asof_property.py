"""For random legal histories written through the real services: the KPIs of any window as of
any moment T are the same counted by the database, counted in Python from the log folded up to T,
and counted over the picture a replay shows at T."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.kpi import GROUPINGS, compute
from commandcenter.kpi_asof import CaseHistory, FoldedKpis
from commandcenter.replay import Replay
from commandcenter.scenario import Scenario
from commandcenter.situation import SituationPicture
from commandcenter.workflow import available_actions
from db.kpi_sql import compute_in_db
from tests.world import FakeClock, build_world, cell_point

FIELD_VALUES = {"bool": [True, False], "text": ["说明"], "tier": ["general", "urgent", "difficult"],
                "limit": ["2wh", "1wd", "4h"]}
CLASSES = ("E0102", "0101", "E0401")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def world(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('asof') / 'asof.sqlite'}"
    else:
        import psycopg

        server = request.getfixturevalue("pg_server")
        name = f"cc_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        base, query = server.get_uri().split("?", 1)
        url = f"{base.rsplit('/', 1)[0]}/{name}?{query}".replace("postgresql://", "postgresql+psycopg://", 1)
    clock = FakeClock()
    return build_world(url, clock=clock), clock


def _play(rt, clock, reports, steps) -> None:
    """Report ``reports`` cases, then take ``steps`` (case pick, action pick, minutes before it)."""
    users = rt.store.users()
    departments = [d.code for d in rt.store.departments()]
    cases = []
    for i, gap in enumerate(reports):
        clock.advance(minutes=gap)
        lon, lat = cell_point(i % 16)
        cases.append(rt.service.report("sup", source="supervisor", class_code=CLASSES[i % 3], lon=lon, lat=lat,
                                       description="随机"))
    for pick, choice, gap in steps:
        index = pick % len(cases)
        case = cases[index]
        options = [(u, t) for u in users for t in available_actions(case, u)]
        if not options:
            continue
        user, transition = options[choice % len(options)]
        fields = {}
        for spec in transition.fields:
            if spec.kind == "department":
                others = [d for d in departments if d != case.department_code]
                fields[spec.name] = others[choice % len(others)]
            elif spec.required or choice % 2:
                values = FIELD_VALUES[spec.kind]
                fields[spec.name] = values[choice % len(values)]
        clock.advance(minutes=gap)
        cases[index] = rt.service.act(user.name, case.id, transition.command, expected_version=case.version,
                                      **fields)


def _as_dicts(groups):
    return {k: v.as_dict() for k, v in groups.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports=st.lists(st.integers(min_value=0, max_value=240), min_size=1, max_size=4),
       steps=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 999), st.integers(0, 900)), max_size=30),
       moments=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 72), st.integers(0, 48)), min_size=1, max_size=3),
       by=st.sampled_from(sorted(GROUPINGS)))
def test_kpis_at_any_moment_agree_in_sql_in_python_and_in_the_replay(world, reports, steps, moments, by):
    rt, clock = world
    _play(rt, clock, reports, steps)
    events = tuple(rt.store.events_between(None, None))
    first, last = events[0].at, clock.now
    replay = Replay(Scenario(first, last, events), SituationPicture(), keyframe_every=50)
    folded = FoldedKpis.of_events(events)
    remembered = FoldedKpis(CaseHistory(events).state_at)
    for share, hours_before, hours_after in moments:
        t = first + (last - first) * share
        start, end = t - timedelta(hours=hours_before), t + timedelta(hours=hours_after)
        database = compute_in_db(rt.store, start, end, by=by, now=t)
        assert _as_dicts(database) == _as_dicts(folded.kpis(start, end, by=by, now=t))
        assert _as_dicts(database) == _as_dicts(remembered.kpis(start, end, by=by, now=t))
        replay.seek(t)
        pictured = compute(replay.picture.cases.values(), start, end, by, now=t, at_start=replay.state_at(start))
        assert _as_dicts(pictured) == _as_dicts(database)
