"""A simulated history shared by the replay tests: two working days written through the real
CaseService into a SQLite database, with a settable clock."""
from __future__ import annotations

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
