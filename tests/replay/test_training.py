"""Training: a sandbox that starts as a copy of the scenario's start, trainees who can only
write there, the trainer's injections, and hand-checked scores."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.case import Status
from commandcenter.errors import SandboxRequired, ValidationError
from commandcenter.replay import Replay
from commandcenter.scenario import Injection, Scenario, export_training, from_store, load
from commandcenter.scoring import write_csv, write_pdf
from commandcenter.situation import SituationPicture
from commandcenter.training import TrainingSession, sandbox_url_for
from commandcenter.verify import verify_history
from db import open_store
from db.backend import backend
from tests.replay.conftest import make_history
from tests.world import FakeClock, build_world, cell_point

SESSION_START = datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)   # a Tuesday, 09:30 in Beijing


def _checksum(sqlite_url: str) -> str:
    path = sqlite_url.split("sqlite:///", 1)[1]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def test_a_training_service_refuses_a_database_not_marked_as_sandbox(sqlite_url):
    runtime = build_world(sqlite_url, training=True)
    lon, lat = cell_point(2)
    with pytest.raises(SandboxRequired):
        runtime.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="垃圾")
    assert runtime.store.load_cases() == [] and runtime.store.last_seq() == 0


def test_sandbox_copies_the_start_and_production_stays_untouched(tmp_path):
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    history = make_history(production_url, hours=30, reports_per_hour=4, seed=5)
    start = history.start + timedelta(hours=20)
    scenario = from_store(history.runtime.store, start, start + timedelta(hours=6))
    before = _checksum(production_url)

    clock = FakeClock(SESSION_START)
    sandbox_url = sandbox_url_for(production_url, clock.now)
    session = TrainingSession.start(history.runtime.store, backend, scenario, sandbox_url=sandbox_url,
                                    production_url=production_url, clock=clock)
    sandbox = session.store
    assert sandbox.meta("sandbox") == "1" and "sandbox_20261201_093000" in sandbox_url
    offset = SESSION_START - start
    at_start = Replay(scenario, SituationPicture()).state_at(start)
    copied = {c.id: c for c in sandbox.load_cases()}
    assert copied.keys() == at_start.keys()
    for case_id, case in copied.items():
        original = at_start[case_id]
        assert (case.status, case.version, case.created_at) == (original.status, original.version,
                                                                  original.created_at + offset)
    assert verify_history(sandbox).ok
    assert len(sandbox.users()) == len(history.runtime.store.users())
    assert backend.counts(sandbox)["grids"] == 16
    recorded = sum(1 for e in scenario.events if e.type == "report" and e.at > start)
    assert len(session.schedule) == recorded > 0

    clock.advance(minutes=30)
    injected = session.inject_due()
    assert injected and all(c.reported_by == "coach" for c in injected)
    waiting = [c for c in sandbox.load_cases() if c.status is Status.REPORTED]
    session.runtime.service.act("taker", waiting[0].id, "accept")
    desk_on_production = history.runtime.service_with_clock(clock, training=True)   # a trainee's wrong --db
    with pytest.raises(SandboxRequired):
        desk_on_production.act("taker", waiting[0].id, "accept")
    lon, lat = cell_point(7)
    session.inject_at("E0503", lon, lat, "道路积水 (trainer)", expected_department="swj")
    report = session.finish()
    assert [t.trainee for t in report.trainees] == ["taker"]
    assert _checksum(production_url) == before


def test_trainees_never_see_a_real_reporter(tmp_path, sqlite_url):
    clock = FakeClock()
    runtime = build_world(sqlite_url, clock=clock)
    lon, lat = cell_point(3)
    case = runtime.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                                  description="垃圾", reporter_name="李四", reporter_phone="13900001111")
    clock.advance(minutes=5)
    scenario = from_store(runtime.store, clock.now, clock.now + timedelta(hours=1))
    session = TrainingSession.start(runtime.store, backend, scenario, production_url=sqlite_url,
                                    sandbox_url=sandbox_url_for(sqlite_url, SESSION_START),
                                    clock=FakeClock(SESSION_START))
    copied = session.store.case(case.id)
    assert (copied.reporter_name, copied.reporter_phone) == ("李*", "*******1111")
    assert session.store.events_of_case(case.id)[0].payload["reporter_phone"] == "*******1111"
    assert verify_history(session.store).ok


def test_sandbox_must_be_a_new_database(tmp_path, sqlite_url):
    runtime = build_world(sqlite_url)
    scenario = Scenario(SESSION_START, SESSION_START + timedelta(hours=1))
    with pytest.raises(ValidationError, match="production database itself"):
        TrainingSession.start(runtime.store, backend, scenario, sandbox_url=sqlite_url, production_url=sqlite_url)
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    build_world(other)
    with pytest.raises(ValidationError, match="not empty"):
        TrainingSession.start(runtime.store, backend, scenario, sandbox_url=other, production_url=sqlite_url)


@pytest.mark.pg
def test_a_postgresql_sandbox_is_a_new_database_on_the_same_server(pg_url):
    runtime = build_world(pg_url)
    clock = FakeClock(SESSION_START)
    scenario = Scenario(SESSION_START, SESSION_START + timedelta(hours=1), (),
                        (Injection(SESSION_START, "E0102", *cell_point(1), "暴露垃圾"),))
    sandbox_url = sandbox_url_for(pg_url, clock.now)
    assert sandbox_url.split("?")[0].rsplit("/", 1)[1].endswith("_sandbox_20261201_093000")
    session = TrainingSession.start(runtime.store, backend, scenario, sandbox_url=sandbox_url,
                                    production_url=pg_url, clock=clock)
    session.inject_due()
    assert len(open_store(sandbox_url).load_cases()) == 1
    assert runtime.store.load_cases() == [] and open_store(sandbox_url).meta("sandbox") == "1"


def _scripted_session(tmp_path):
    """Three incidents, and trainees acting at hand-picked minutes (see the scoring test)."""
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    runtime = build_world(production_url)
    clock = FakeClock(SESSION_START)
    t0 = SESSION_START
    scenario = Scenario(t0, t0 + timedelta(hours=2), (), (
        Injection(t0, "E0102", *cell_point(0), "暴露垃圾"),                                       # A
        Injection(t0 + timedelta(minutes=10), "0401", *cell_point(5), "行道树倒伏", None, "ylyh"),  # B
        Injection(t0 + timedelta(minutes=30), "E0401", *cell_point(9), "游商", None, "szsr"),      # C
    ))
    session = TrainingSession.start(runtime.store, backend, scenario, production_url=production_url,
                                    sandbox_url=sandbox_url_for(production_url, t0), clock=clock)
    service = session.runtime.service

    def at(minutes: int):
        clock.now = t0 + timedelta(minutes=minutes)
        return session.inject_due()

    (a,) = at(0)
    (b,) = at(10)
    at(20)
    service.act("taker", a.id, "accept")                          # 20 min, limit 30: on time
    (c,) = at(30)
    at(45)
    service.act("taker", b.id, "accept")                          # 35 min, limit 30: late
    at(49)
    service.act("leader", a.id, "register")                       # 29 min: on time
    at(60)
    service.act("leader", b.id, "register")                       # 15 min: on time
    at(70)
    service.act("disp", a.id, "dispatch", department="cgzf")      # 21 min: on time; default is szsr: wrong
    at(100)
    service.act("disp", b.id, "dispatch", department="ylyh")      # 40 min: late; expected ylyh: right
    clock.now = t0 + timedelta(minutes=120)
    return session, c


def test_scoring_of_a_scripted_session_gives_the_hand_computed_numbers(tmp_path):
    session, never_accepted = _scripted_session(tmp_path)
    report = session.finish()
    rows = {r["trainee"]: r for r in report.rows()}
    assert set(rows) == {"taker", "leader", "disp"}      # the trainer "coach" is not scored
    taker, leader, disp = rows["taker"], rows["leader"], rows["disp"]
    assert (taker["accept_count"], taker["accept_on_time"], taker["accept_mean_min"]) == (2, 1, 27.5)
    assert (taker["steps_total"], taker["steps_on_time"]) == (2, 1)
    assert taker["overdue_missed"] == 1                   # case C still waits for intake, overdue
    assert taker["score"] == 45.0                         # 100 × 1/2 − 5
    assert (leader["register_count"], leader["register_on_time"], leader["register_mean_min"]) == (2, 2, 22.0)
    assert leader["overdue_missed"] == 0 and leader["score"] == 100.0
    assert (disp["dispatch_count"], disp["dispatch_on_time"], disp["dispatch_mean_min"]) == (2, 1, 30.5)
    assert disp["right_department"] == 1                  # B matches the scenario's answer, A not the default
    assert disp["score"] == 50.0                          # 100 × (1 + 1) / (2 + 2)
    assert report.injected == 3 and session.expected == {session.schedule[1].case_id: "ylyh",
                                                         never_accepted.id: "szsr"}


def test_the_report_exports_to_csv_and_pdf(tmp_path):
    session, _ = _scripted_session(tmp_path)
    report = session.finish()
    write_csv(report, tmp_path / "score.csv")
    lines = (tmp_path / "score.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines.index(next(line for line in lines if line.startswith("trainee,name,role,role_name,accept_count")))
    assert lines[header + 1:header + 4] and any(
        line.startswith("taker,taker,call_taker,受理员,2,1,27.5") for line in lines[header + 1:header + 4])
    assert write_pdf(report, tmp_path / "score.pdf") is True
    assert (tmp_path / "score.pdf").read_bytes()[:5] == b"%PDF-"
    assert write_pdf(report, tmp_path / "plain.pdf", fonts=()) is False
    assert (tmp_path / "plain.pdf").stat().st_size > 1000


def test_a_finished_session_exports_as_a_scenario_that_replays_it(tmp_path):
    session, _ = _scripted_session(tmp_path)
    report = session.finish()
    path = tmp_path / "session.jsonl"
    export_training(session.store, report.started_at, report.ended_at + timedelta(seconds=1), path)
    replayed = Replay(load(path), SituationPicture())
    replayed.jump(replayed.end)
    assert replayed.picture.cases == {c.id: c for c in session.store.load_cases()}
