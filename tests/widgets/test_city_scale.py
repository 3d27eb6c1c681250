"""City scale on the desk: a picture of 100,000 open cases observed by the queues and the linkage
board; 1,000 live events (as the change feed delivers them, a few per update) reach both without
a single reset, and every queue's count stays the picture's."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest

from commandcenter.case import CaseEvent, Status
from commandcenter.deadlines import CatalogDeadlines
from commandcenter.geography.demo_district import build_demo_district
from commandcenter.queues import QUEUES
from commandcenter.roles import Role, User
from commandcenter.situation import SituationPicture
from commandcenter.workflow import decide
from widgets.desk_preview import department_user, sample_context
from widgets.linkage_board import ON_BOARD, LinkageBoard
from widgets.live import SituationSignals
from widgets.queue_table import QueueTabs

pytestmark = pytest.mark.gui

OPEN_CASES = 100_000
EVENTS = 1_000
PER_UPDATE = 5


def city_picture(count: int):
    """The demo district's context and a picture of ``count`` open :func:`city_cases` at a pinned
    moment."""
    context = sample_context(build_demo_district())
    picture = SituationPicture()
    now = picture.now()
    picture.set_time(now)
    picture.reset(city_cases(context, now, count), 0)
    return context, picture


def city_cases(context, now, count: int, seed: int = 5):
    """``count`` open cases over the district's grids: copies (own id, number, grid, department,
    deadline) of cases the workflow made, at every stage of the loop."""
    from widgets.desk_preview import sample_picture

    picture, _ = sample_picture(context, 400, now=now, seed=3)
    models = [c for c in picture.cases.values() if c.is_open]
    grids = context.district_map.grids
    departments = [d.code for d in context.departments]
    rng = random.Random(seed)
    out = []
    for i in range(1, count + 1):
        base = models[i % len(models)]
        grid = grids[rng.randrange(len(grids))]
        department = rng.choice(departments) if base.department_code else None
        out.append(replace(base, id=i, number=f"20261124{i:06d}", grid_code=grid.code,
                           community_code=grid.community_code, street_code=grid.street_code,
                           department_code=department,
                           stage_deadline=now + timedelta(minutes=rng.uniform(-600, 3000))))
    return out


def live_events(picture, context, count: int, seed: int = 11) -> list[CaseEvent]:
    """``count`` real events: departments report cases done (处置完毕, the case leaves the board and
    moves from 处置中 to 待核查), then supervisors check some of those (核查通过 → 待结案)."""
    rng = random.Random(seed)
    policy = CatalogDeadlines(context.catalog, context.calendar, frozenset(d.code for d in context.departments))
    handling = [c for c in picture.cases.values() if c.status is Status.HANDLING and c.pending_request is None]
    chosen = rng.sample(handling, count * 4 // 5)
    at = picture.now()
    events, seq = [], 1
    for case in chosen:
        user = department_user(case.department_code)
        payload = decide(case, user, "report_done", {"note": "已处置"}, at, policy)
        events.append(CaseEvent(case.id, "report_done", user.name, user.role.value, at, payload, seq))
        seq += 1
    supervisor = User("sup-city", "监督员", Role.SUPERVISOR)
    from commandcenter.workflow import evolve

    for event in events[: count - len(events)]:
        done = evolve(picture.cases[event.case_id], event)
        payload = decide(done, supervisor, "check", {"passed": True}, at, policy)
        events.append(CaseEvent(event.case_id, "check", supervisor.name, supervisor.role.value, at, payload, seq))
        seq += 1
    return events


def test_a_thousand_live_events_on_100k_open_cases_never_reset_the_queues_or_the_board(qtbot):
    context, picture = city_picture(OPEN_CASES)
    signals = SituationSignals(picture)
    tabs = QueueTabs(signals, context)
    board = LinkageBoard(signals, context)
    qtbot.addWidget(tabs)
    qtbot.addWidget(board)
    resets = Counter()
    picture.events.reset.connect(lambda _v: resets.update(["picture"]))
    signals.sig_reset.connect(lambda: resets.update(["signals"]))
    for queue in QUEUES:
        tabs.model(queue.key).modelAboutToBeReset.connect(lambda key=queue.key: resets.update([key]))
    events = live_events(picture, context, EVENTS)
    assert len(events) == EVENTS
    before = Counter(c.status for c in picture.cases.values())

    changes = []
    for i in range(0, EVENTS, PER_UPDATE):
        changes.append(picture.apply(events[i:i + PER_UPDATE]))

    assert sum(len(c.events) for c in changes) == EVENTS
    assert not resets, f"resets on the live path: {dict(resets)}"
    after = Counter(c.status for c in picture.cases.values())
    assert after[Status.HANDLING] == before[Status.HANDLING] - 800
    assert after[Status.CLOSING] == before[Status.CLOSING] + 200
    open_cases = [c for c in picture.cases.values() if c.is_open]
    assert len(open_cases) == OPEN_CASES
    for queue in QUEUES:
        assert tabs.model(queue.key).rowCount() == sum(1 for c in open_cases if queue.accepts(c)), queue.key
    for department in context.departments:
        on_board = {c.id for c in open_cases if c.status in ON_BOARD and c.department_code == department.code}
        assert board.department_case_ids(department.code) == on_board, department.code
