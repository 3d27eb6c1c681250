"""Fixtures of the database tests."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.db.kpi_day import dispatched_day
from tests.world import FakeClock, build_world


@dataclass
class Day:
    rt: object
    clock: FakeClock
    cases: list


@pytest.fixture
def day(db_url) -> Day:
    """A world on SQLite and on PostgreSQL with 24 Nov's six dispatched cases (tests/db/kpi_day.py),
    its clock just after the third was closed."""
    clock = FakeClock()   # 24 Nov 09:30 local
    rt = build_world(db_url, clock=clock)
    return Day(rt, clock, dispatched_day(rt, clock))
