"""``simulate`` survives a PostgreSQL restart: it says the database is unreachable, waits, and
goes on once the server is back; the log has no gap and no duplicate and still verifies.
Runs its own server (not the session's), since it stops it."""
from __future__ import annotations

import queue
import threading
import time

import psycopg
import pytest

from commandcenter.cli.sim import build_simulator, outage_reason
from commandcenter.simulator.live import run_live
from commandcenter.verify import verify_chain, verify_history
from db import open_store
from db.backend import backend
from tests.world import build_world

WAIT_S = 120   # the longest any condition below may take before the test fails


class _Stop(Exception):
    pass


def _until(condition, what: str):
    give_up = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > give_up:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.05)


@pytest.mark.pg
def test_simulate_goes_on_after_a_postgresql_restart(tmp_path, pg_folder):
    import pgserver

    data = pg_folder / "pg"
    server = pgserver.get_server(data, cleanup_mode="stop")
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE sim")
    url = server.get_uri().replace("/postgres?", "/sim?").replace("postgresql://", "postgresql+psycopg://", 1)
    build_world(url).store.engine.dispose()

    store = open_store(url)
    simulator, _, _ = build_simulator(store, backend, seed=4, auto_dispatch=True, volume=10)
    lines: queue.Queue[str] = queue.Queue()
    said: list[str] = []
    stop = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        lines.put(line)

    def sleep(seconds: float) -> None:
        if stop.is_set():
            raise _Stop
        time.sleep(seconds)

    failure: list[BaseException] = []

    def play() -> None:
        try:
            run_live(simulator, 300, say=say, sleep=sleep, report_every_s=3600,
                     outage=lambda exc: outage_reason(backend, exc))
        except _Stop:
            pass
        except BaseException as exc:   # reported by the test thread
            failure.append(exc)

    observer = open_store(url, upgrade=False)
    player = threading.Thread(target=play, daemon=True)
    player.start()
    try:
        _until(lambda: observer.last_seq() > 20 or failure, "the simulator writes events")
        observer.engine.dispose()
        server.cleanup()                                   # PostgreSQL goes down
        _until(lambda: any("database unreachable" in s for s in said) or failure, "the outage is noticed")
        assert player.is_alive() and not failure, failure
        server = pgserver.get_server(data, cleanup_mode="stop")   # and comes back
        _until(lambda: any("simulation resumed" in s for s in said) or failure, "the simulator resumes")
        resumed_at = observer.last_seq()
        _until(lambda: observer.last_seq() > resumed_at + 10 or failure, "events after the restart")
    finally:
        stop.set()
        player.join(WAIT_S)
    assert not player.is_alive() and not failure, failure
    store.engine.dispose()

    events, seq = [], 0
    while page := observer.events_after(seq):
        events.extend(page)
        seq = page[-1].seq
    assert [e.seq for e in events] == list(range(1, observer.last_seq() + 1)), "no gap, no duplicate"
    assert verify_chain(observer).ok
    result = verify_history(observer)
    assert result.ok, str(result.difference)
    observer.engine.dispose()
    server.cleanup()
