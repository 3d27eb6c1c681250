"""A scenario plays on its recorded calendar: a Wednesday-morning scenario played at 03:46 gives
its cases the working-time deadlines of that Wednesday morning, moved to play time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from commandcenter.clock import local
from commandcenter.scenario import Injection, Scenario
from commandcenter.training import TrainingSession, sandbox_url_for
from commandcenter.worktime import WorkCalendar
from db.backend import backend
from tests.world import FakeClock, build_world, cell_point

RECORDED_START = datetime(2026, 11, 25, 1, 30, tzinfo=timezone.utc)   # Wednesday 09:30 in Beijing
PLAYED_AT = datetime(2026, 12, 6, 19, 46, tzinfo=timezone.utc)        # Monday 03:46 in Beijing


def test_a_wednesday_morning_played_at_night_keeps_its_working_time(tmp_path):
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    runtime = build_world(production_url)
    scenario = Scenario(RECORDED_START, RECORDED_START + timedelta(hours=3), (), (
        Injection(RECORDED_START + timedelta(minutes=5), "E0102", *cell_point(2), "暴露垃圾"),))
    clock = FakeClock(PLAYED_AT)
    session = TrainingSession.start(runtime.store, backend, scenario, production_url=production_url,
                                    sandbox_url=sandbox_url_for(production_url, PLAYED_AT), clock=clock)
    assert local(PLAYED_AT).strftime("%a %H:%M") == "Mon 03:46"
    clock.advance(minutes=5)
    (case,) = session.inject_due()
    calendar, catalog = WorkCalendar(), runtime.catalog
    recorded_at = RECORDED_START + timedelta(minutes=5)
    intake = calendar.add(recorded_at, catalog.limit("E0102", "general", "intake")) - recorded_at
    assert case.stage_deadline == clock.now + intake            # as on that Wednesday: 09:35 + the limit
    assert local(case.stage_deadline).strftime("%H:%M") != "09:30"
    assert case.stage_deadline - clock.now < timedelta(hours=1)

    clock.advance(minutes=10)                                   # a trainee accepts at 03:61 play time
    accepted = session.runtime.service.act("taker", case.id, "accept")
    recorded_accept = recorded_at + timedelta(minutes=10)
    register = calendar.add(recorded_accept, catalog.limit("E0102", "general", "register")) - recorded_accept
    assert accepted.stage_deadline == clock.now + register and not accepted.is_overdue(clock.now)

    # a trainee's desk opened on the sandbox gets the same calendar
    from commandcenter.runtime import build_runtime
    from db import open_store

    desk = build_runtime(open_store(session.sandbox_url), backend, clock=clock, training=True)
    assert desk.calendar.add(clock.now, catalog.limit("E0102", "general", "dispatch")) == \
        session.runtime.calendar.add(clock.now, catalog.limit("E0102", "general", "dispatch"))
    assert desk.calendar.working_seconds_between(clock.now, accepted.stage_deadline) > 0
