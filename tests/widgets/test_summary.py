"""The numbers the desk shows about the whole picture agree with its queues and with the picture
itself after every single event of a simulated hour: the summary above the map (open, overdue,
at risk) and each department's header on the linkage board."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.auth import hash_password
from commandcenter.case import Status
from commandcenter.catalog import load_catalog
from commandcenter.memory_store import InMemoryStore
from commandcenter.ports import Department
from commandcenter.roles import Role, User
from commandcenter.runtime import Runtime
from commandcenter.simulator import SimClock, Simulator
from commandcenter.situation import SituationPicture
from commandcenter.worktime import WorkCalendar
from commandcenter.geography.locator import GridLocator
from tests.world import PASSWORD, USERS, tiny_district
from widgets.desk_preview import sample_context
from widgets.linkage_board import ON_BOARD, LinkageBoard
from widgets.live import SituationSignals
from widgets.queue_table import QueueTabs
from widgets.summary import SituationSummary

pytestmark = pytest.mark.gui

START = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)      # Monday 08:00 in Beijing
STATUS_QUEUES = ("intake", "verify", "register", "dispatch", "handle", "check", "close", "suspended")
"""The queues by status: every open case is in exactly one of them."""


def memory_runtime() -> Runtime:
    catalog = load_catalog()
    store = InMemoryStore([User(n, n, Role(r), d) for n, (r, d) in USERS.items()],
                          [Department(k, d.zh, d.en) for k, d in catalog.departments.items()])
    for name in USERS:
        store.set_password_hash(name, hash_password(PASSWORD))
    district = tiny_district()
    return Runtime(store, None, catalog, WorkCalendar(), district, GridLocator(district), None)


def expected(picture, context):
    now, state = picture.now(), context.deadline_clock.state
    open_cases = [c for c in picture.cases.values() if c.is_open]
    states = [state(c, now) for c in open_cases]
    return open_cases, {"open": len(open_cases), "overdue": states.count("overdue"),
                        "at_risk": states.count("at_risk")}


def test_summary_and_board_counts_equal_the_queues_after_every_event_of_an_hour(qtbot):
    runtime = memory_runtime()
    sim = Simulator(runtime, runtime.store.users(), runtime.district_map, runtime.catalog, 3,
                    clock=SimClock(START), auto_dispatch=True, volume=0.4)
    sim.run_until(START + timedelta(hours=30))     # a working day and a night behind: late cases too
    picture = SituationPicture()
    picture.set_time(sim.clock.now)
    cases, seq = runtime.store.load_snapshot()
    picture.reset(cases, seq)
    signals = SituationSignals(picture)
    context = sample_context(runtime.district_map)
    summary = SituationSummary(signals, context)
    tabs = QueueTabs(signals, context)
    board = LinkageBoard(signals, context)
    for widget in (tabs, board):
        qtbot.addWidget(widget)
    shown = [summary.totals()]   # what the desk's label was given when it was built
    summary.sig_totals.connect(shown.append)

    def check():
        open_cases, totals = expected(picture, context)
        assert summary.totals() == totals == shown[-1]
        models = [tabs.model(key) for key in STATUS_QUEUES]
        assert sum(m.rowCount() for m in models) == totals["open"]
        assert sum(m.overdue_count() for m in models) == totals["overdue"]
        now = picture.now()
        for code, column in board.columns.items():
            mine = [c for c in open_cases if c.status in ON_BOARD and c.department_code == code]
            assert (column.open_count, column.overdue_count) == (len(mine), sum(c.is_overdue(now) for c in mine)), code
        return totals

    first = check()
    assert first["open"] > 20 and first["overdue"] > 0
    events = 0
    end = sim.clock.now + timedelta(hours=1)
    while sim.clock.now < end:
        sim.run_until(sim.clock.now + timedelta(minutes=1))
        fresh = runtime.store.events_after(picture.last_seq)
        if not fresh:
            picture.set_time(sim.clock.now)     # time alone moves cases past their deadlines
            check()
        for event in fresh:
            picture.set_time(event.at)
            picture.apply([event])
            check()
            events += 1
    assert events > 30
    assert {e.type for e in runtime.store.events_after(seq)} >= {"report", "dispatch"}
    assert any(c.status is Status.CLOSED for c in picture.cases.values())


def test_the_summary_follows_the_clock_from_its_timeline_and_stays_equal_to_the_picture(qtbot):
    """Three days of a picture's clock in 7-minute steps (nights, lunch breaks, a weekend), then
    back again (a replay seek): amber and red come from each case's moments, worked out once,
    and the counts equal the working-time clock's colours of every open case at every step."""
    from widgets.desk_preview import sample_picture
    from tests.world import tiny_district

    context = sample_context(tiny_district())
    start = datetime(2026, 11, 27, 0, 0, tzinfo=timezone.utc)      # a Friday, 08:00 in Beijing
    picture, _ = sample_picture(context, 300, now=start, seed=4)
    picture.set_time(start)
    summary = SituationSummary(SituationSignals(picture), context)
    seen = set()
    at = start
    while at < start + timedelta(days=3):
        at += timedelta(minutes=7)
        picture.set_time(at)
        totals = expected(picture, context)[1]
        assert summary.totals() == totals, at
        seen.add((totals["overdue"], totals["at_risk"]))
    assert len(seen) > 10          # the colours did move as time passed
    for back in (start + timedelta(hours=30), start):
        picture.set_time(back)
        assert summary.totals() == expected(picture, context)[1]
    assert summary.case_ids("overdue") == {c.id for c in picture.cases.values()
                                           if context.deadline_clock.state(c, back) == "overdue"}
