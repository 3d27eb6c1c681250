"""A simulated history shared by the replay tests: two working days written through the real
CaseService into a SQLite database, with a settable clock."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from commandcenter.scenario import Scenario, from_store
from tests.replay.history import simulate
from tests.world import FakeClock, build_world, tiny_district


@dataclass
class History:
    url: str
    runtime: object
    start: datetime
    end: datetime

    def scenario(self) -> Scenario:
        return from_store(self.runtime.store, self.start, self.end)


def make_history(url: str, *, hours: float = 36, reports_per_hour: float = 5, seed: int = 1) -> History:
    clock = FakeClock()
    runtime = build_world(url, clock=clock)
    start = clock.now
    simulate(runtime.service, clock, [g.centroid for g in tiny_district().grids], hours=hours,
             reports_per_hour=reports_per_hour, seed=seed)
    return History(url, runtime, start, clock.now + timedelta(seconds=1))


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    return make_history(f"sqlite:///{tmp_path_factory.mktemp('history') / 'history.sqlite'}")


def window_history(tmp_path_factory, name: str, seed: int) -> History:
    """The trainer's window tests' history: 30 hours at 4 reports an hour (their own ``seed``)."""
    folder = tmp_path_factory.mktemp(name)
    return make_history(f"sqlite:///{folder / 'production.sqlite'}", hours=30, reports_per_hour=4, seed=seed)


@contextmanager
def trainer_shown(qtbot, args, build):
    """A trainer's window over a replay of ``args.db`` (``build(session)`` makes it), shown at
    1600×900; closed with its session after."""
    from ui.session import REPLAY, open_session

    session = open_session(args, source=REPLAY, read_only=True, show_progress=False)
    window = build(session)
    qtbot.addWidget(window)
    try:
        window.resize(1600, 900)
        window.show()
        yield window
    finally:
        window.close()
        session.close()
