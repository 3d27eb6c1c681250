"""The simulator on a real database next to people: dispatch stays human unless asked, what
people do is picked up, and open cases from before are taken over."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from commandcenter.case import Status
from commandcenter.simulator import SimClock, Simulator
from commandcenter.simulator.live import run_live
from tests.world import build_world

START = datetime(2026, 11, 24, 0, 0, tzinfo=timezone.utc)     # Tuesday 08:00 in Beijing
STAFFED = {"cgzf": "cg", "szsr": "sz", "ylyh": "yl"}          # the tiny world's department operators


def simulator(runtime, seed=1, auto_dispatch=False, start=START):
    return Simulator(runtime, runtime.store.users(), runtime.district_map, runtime.catalog, seed,
                     clock=SimClock(start), auto_dispatch=auto_dispatch, volume=0.05)


def test_without_auto_dispatch_cases_wait_for_a_person_whose_dispatch_is_then_followed(sqlite_url):
    rt = build_world(sqlite_url)
    sim = simulator(rt)
    sim.run_until(START + timedelta(hours=8))
    waiting = [c for c in rt.store.load_cases() if c.status is Status.DISPATCHING]
    assert waiting and sim.counts["dispatch"] == 0
    case = next(c for c in waiting if rt.catalog.small_class(c.class_code).department in STAFFED)
    department = rt.catalog.small_class(case.class_code).department
    rt.service_with_clock(sim.clock).act("disp", case.id, "dispatch", department=department)
    sim.observe()
    sim.run_until(START + timedelta(days=4))
    steps = [(e.type, e.actor) for e in rt.store.events_of_case(case.id)]
    assert ("report_done", STAFFED[department]) in steps
    assert rt.store.case(case.id).status in (Status.CHECKING, Status.CLOSING, Status.CLOSED)
    assert all(e.actor == "disp" for e in rt.store.events_between(None, None) if e.type == "dispatch")


def test_a_step_someone_else_took_first_is_refused_and_the_case_left_to_them(sqlite_url):
    rt = build_world(sqlite_url)
    sim = simulator(rt, auto_dispatch=True)
    while not any(c.status is Status.REPORTED for c in rt.store.load_cases()):
        sim.run_until(sim.clock.now + timedelta(minutes=2))
    case = next(c for c in rt.store.load_cases() if c.status is Status.REPORTED)
    rt.service_with_clock(sim.clock).act("taker", case.id, "reject", reason="重复上报")
    sim.run_until(START + timedelta(days=1))
    assert sim.refused["ConflictError"] == 1
    assert rt.store.case(case.id).status is Status.REJECTED
    assert sim.counts["close"] > 0


def test_open_cases_from_before_are_taken_over(sqlite_url):
    rt = build_world(sqlite_url)
    first = simulator(rt, auto_dispatch=True)
    first.run_until(START + timedelta(hours=9))
    before = {c.id: c for c in rt.store.load_cases() if c.is_open}
    assert len(before) > 5
    later = simulator(rt, seed=2, auto_dispatch=True, start=first.clock.now)
    assert later.adopt(before.values()) == len(before)
    later.run_until(first.clock.now + timedelta(days=3))
    # a case with a department nobody staffs in the tiny world stays where it is, as it would
    reachable = [c for c in before.values() if c.department_code in (None, *STAFFED)]
    moved = [c for c in reachable if rt.store.case(c.id).version > c.version]
    assert len(reachable) > 5 and len(moved) >= 0.9 * len(reachable)


class FakeTime:
    """Real-time loop's clock and sleep, advanced by the loop itself."""

    def __init__(self, interrupt_after: int | None = None):
        self.now = 0.0
        self.sleeps = 0
        self.interrupt_after = interrupt_after

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        if self.interrupt_after is not None and self.sleeps >= self.interrupt_after:
            raise KeyboardInterrupt
        self.now += seconds


def test_live_loop_runs_simulated_time_at_speed_and_reports_progress(sqlite_url):
    rt = build_world(sqlite_url)
    sim = simulator(rt, auto_dispatch=True)
    fake, lines = FakeTime(), []
    run_live(sim, 3600, duration_s=3.0, say=lines.append, monotonic=fake.monotonic, sleep=fake.sleep,
             report_every_s=1.0)
    assert START + timedelta(hours=2.5) <= sim.clock.now <= START + timedelta(hours=3)
    assert len(lines) >= 3 and all(line.startswith("[sim 2026-11-24") for line in lines)
    assert sim.counts["report"] > 0


def test_ctrl_c_stops_the_live_loop_with_a_last_progress_line(sqlite_url):
    rt = build_world(sqlite_url)
    sim = simulator(rt)
    fake, lines = FakeTime(interrupt_after=3), []
    run_live(sim, 60, say=lines.append, monotonic=fake.monotonic, sleep=fake.sleep)
    assert fake.sleeps == 3 and len(lines) == 1
