"""Four desks starting at once on a fresh PostgreSQL database all come up: the schema upgrade
runs under an advisory lock, so one migrates and the others find the work done."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from db.engine import make_engine
from db.migrate import head_revision, is_current

DESKS = 4


def _start_desk(url: str, barrier, results) -> None:
    from main import main

    barrier.wait()
    results.put(main(["db", "upgrade", "--db", url]))


@pytest.mark.pg
def test_four_desks_upgrade_a_fresh_database_at_once(pg_url):
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(DESKS), ctx.Queue()
    desks = [ctx.Process(target=_start_desk, args=(pg_url, barrier, results)) for _ in range(DESKS)]
    for desk in desks:
        desk.start()
    codes = [results.get(timeout=300) for _ in desks]
    for desk in desks:
        desk.join(60)
    assert codes == [0] * DESKS
    engine = make_engine(pg_url)
    assert is_current(engine) and head_revision()
    engine.dispose()
