"""The wall's test world: the tiny district of tests/world.py with ten days of cases made through
the real service on a simulated clock (closed, overdue, urgent), every report carrying a
citizen's name and phone number, and a burst of reports in one grid in the last hour."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tests.world import FakeClock, build_world, cell_point

REPORTER_NAME = "欧阳娜娜"
REPORTER_PHONE = "13987654321"
START = datetime(2026, 11, 9, 0, 30, tzinfo=timezone.utc)    # 08:30 in Shanghai, a Monday
DAYS = 10
#: (class code, department, its operator)
CLASSES = (("E0101", "cgzf", "cg"), ("E0102", "szsr", "sz"), ("E0106", "ylyh", "yl"))
BURST_CELL = 5
BURST_REPORTS = 5


@dataclass
class WallWorld:
    url: str
    now: datetime        # the end of the history: the wall is looked at then
    burst_grid: str
    urgent_ids: list[int]


def _report(service, clock: FakeClock, index: int, class_code: str, tier: str | None = None):
    lon, lat = cell_point(index % 16)
    return service.report("sup", source="hotline", class_code=class_code, lon=lon, lat=lat, tier=tier,
                          description=f"路面问题 {index}", reporter_name=REPORTER_NAME,
                          reporter_phone=REPORTER_PHONE)


def _through(service, clock: FakeClock, case_id: int, department: str, operator: str, steps: int) -> None:
    """Take a case ``steps`` steps down the closed loop, 20 minutes apart."""
    plan = [("taker", "accept", {}), ("leader", "register", {}), ("disp", "dispatch", {"department": department}),
            (operator, "report_done", {}), ("sup", "check", {"passed": True}), ("leader", "close", {})]
    for actor, command, fields in plan[:steps]:
        clock.advance(minutes=20)
        service.act(actor, case_id, command, **fields)


def wall_world(url: str) -> WallWorld:
    clock = FakeClock(START)
    runtime = build_world(url, clock=clock)
    service = runtime.service
    index = 0
    urgent = []
    for day in range(DAYS):
        clock.now = START + timedelta(days=day)
        for _slot in range(3 if day < DAYS - 1 else 2):   # the last day is looked at in the afternoon
            class_code, department, operator = CLASSES[index % len(CLASSES)]
            case = _report(service, clock, index, class_code)
            # most cases are closed; every fourth stays with its department (some become overdue)
            _through(service, clock, case.id, department, operator, 3 if index % 4 == 0 else 6)
            index += 1
            clock.advance(hours=2)
    case = _report(service, clock, index, "E0102", tier="urgent")
    urgent.append(case.id)
    clock.advance(minutes=30)
    for i in range(BURST_REPORTS):
        _report(service, clock, BURST_CELL, "E0101")
        clock.advance(minutes=5)
    burst_grid = runtime.locate(*cell_point(BURST_CELL))[0]
    return WallWorld(url, clock.now + timedelta(minutes=5), burst_grid, urgent)


def wall_args(url: str, lang: str = "en", **options) -> argparse.Namespace:
    from db.backend import backend

    values = dict(screens=None, layout=None, config=None, size=None, tour_seconds=None, heat=None)
    values.update(options)
    return argparse.Namespace(db=url, lang=lang, backend=backend, read_only=True, **values)


def loaded_session(url: str, *, live: bool = False, at: datetime | None = None, lang: str = "en"):
    """A read-only wall session on ``url`` with its picture loaded (and pinned to ``at``)."""
    from ui.session import open_session

    session = open_session(wall_args(url, lang=lang), read_only=True, show_progress=False)
    if not live:   # a still picture: loaded once, the feed never started
        cases, seq = session.store.load_snapshot()
        session.picture.reset(cases, seq, source_name="live", at=at, pin_time=at is not None)
    elif at is not None:
        session.picture.set_time(at)
    return session


def report_from_a_desk(world: WallWorld, cell: int, class_code: str, description: str, *, minutes_ago: int,
                       tier: str | None = None):
    """A hotline report written through a desk's own runtime on the wall's database, ``minutes_ago``
    before the moment the wall is looked at."""
    from commandcenter.runtime import build_runtime
    from db import open_store
    from db.backend import backend

    writer = build_runtime(open_store(world.url), backend, clock=lambda: world.now - timedelta(minutes=minutes_ago))
    lon, lat = cell_point(cell)
    return writer.service.report("sup", source="hotline", class_code=class_code, lon=lon, lat=lat, tier=tier,
                                 description=description)


def catch_up(session) -> None:
    """What the live feed does on its next poll: the picture takes the events written since."""
    session.picture.apply(session.store.events_after(session.picture.last_seq))


def wall_on_screen(qtbot, url: str, at: datetime, size: tuple[int, int] = (1920, 1080)):
    """The wall (English) on ``url`` pinned to ``at``, shown at ``size`` with its first figures
    drawn; qtbot closes it after the test."""
    from ui.wall.window import build_wall

    session = loaded_session(url, at=at)
    wall = build_wall(session, wall_args(url))
    qtbot.addWidget(wall)
    wall.resize(*size)
    wall.show()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=10_000)
    return wall
