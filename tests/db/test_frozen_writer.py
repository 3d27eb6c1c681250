"""One frozen desk cannot stop the centre. A writer process is stopped (SIGSTOP) inside a write
transaction, holding the log's lock. The other desks' commands say "database busy, retrying"
and then complete: on PostgreSQL because the server cuts the frozen session off after
idle_in_transaction_session_timeout; on SQLite (no server) as soon as the frozen process goes
on, and read commands never wait at all. Conditions are waited on, never fixed sleeps."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import open_store
from db.busy import RETRY_FOR_S
from db.engine import IDLE_IN_TRANSACTION_MS
from tests.world import PASSWORD, build_world, cell_point

ROOT = Path(__file__).resolve().parents[2]
#: a command that waited on a lock must be done well within this (seconds; a hang fails)
BOUND_S = IDLE_IN_TRANSACTION_MS / 1000 + RETRY_FOR_S

_FROZEN_WRITER = """
import os, signal, sys
from sqlalchemy import text
from db.busy import begin_writing
from db.engine import make_engine
conn = begin_writing(make_engine(sys.argv[1]))
conn.execute(text("UPDATE cases SET description = 'frozen desk' WHERE id = :id"), {"id": int(sys.argv[2])})
print("inside", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
conn.commit()
print("committed", flush=True)
"""


def _env() -> dict:
    return {**os.environ, "CC_PASSWORD": PASSWORD, "COMMANDCENTER_LANG": "en", "PYTHONPATH": str(ROOT)}


def _cli(url: str, *argv) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "main.py", *map(str, argv), "--db", url], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_stopped(pid: int) -> None:
    """Until the kernel reports the process stopped (state T)."""
    while True:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.01)   # polling the condition, gently on shared cores


def _freeze(url: str):
    """(url, case ids, the stopped writer process) with the writer frozen inside its transaction."""
    rt = build_world(url)
    ids = []
    for i in range(3):
        lon, lat = cell_point(i)
        ids.append(rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat,
                                     description=f"井盖 {i}").id)
    rt.store.engine.dispose()
    writer = subprocess.Popen([sys.executable, "-c", _FROZEN_WRITER, url, str(ids[0])], cwd=ROOT, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "inside", writer.stderr.read()
    _wait_stopped(writer.pid)
    yield url, ids, writer
    if writer.poll() is None:
        writer.send_signal(signal.SIGCONT)
        writer.wait(BOUND_S)


@pytest.fixture
def frozen(db_url):
    yield from _freeze(db_url)


@pytest.fixture
def frozen_pg(pg_url):
    yield from _freeze(pg_url)


@pytest.fixture
def frozen_sqlite(sqlite_url):
    yield from _freeze(sqlite_url)


def _accept(url: str, case_id: int) -> subprocess.Popen:
    return _cli(url, "case", "act", case_id, "accept", "--as", "taker", "--password-env", "CC_PASSWORD")


def test_reads_do_not_wait_for_a_frozen_writer(frozen):
    url, ids, _ = frozen
    for argv in (("info",), ("case", "show", ids[1])):
        reader = _cli(url, *argv)
        out, err = reader.communicate(timeout=BOUND_S)
        assert reader.returncode == 0, err
        assert "busy" not in err


@pytest.mark.pg
def test_on_postgresql_the_frozen_desk_is_cut_off_and_the_others_go_on(frozen_pg):
    url, ids, writer = frozen_pg
    desks = [_accept(url, case_id) for case_id in ids]
    outcomes = [desk.communicate(timeout=BOUND_S) for desk in desks]
    for desk, (out, err) in zip(desks, outcomes):
        assert desk.returncode == 0, err
        assert '"status": "registering"' in out
    writer.send_signal(signal.SIGCONT)
    assert writer.wait(BOUND_S) != 0, "the server ended the frozen desk's session; its commit fails"
    out, _ = _cli(url, "case", "show", ids[0]).communicate(timeout=BOUND_S)
    assert "accept" in out
    store = open_store(url, upgrade=False)
    assert store.case(ids[0]).description == "井盖 0", "the frozen desk's change was rolled back"
    store.engine.dispose()


def test_on_sqlite_a_blocked_command_retries_and_succeeds_when_the_lock_clears(frozen_sqlite):
    url, ids, writer = frozen_sqlite
    desk = _accept(url, ids[1])
    line = desk.stderr.readline()   # waits until the desk has found the lock taken
    assert "database busy, retrying" in line, line
    writer.send_signal(signal.SIGCONT)
    out, err = desk.communicate(timeout=BOUND_S)
    assert desk.returncode == 0, err
    assert '"status": "registering"' in out
    assert writer.wait(BOUND_S) == 0 and writer.stdout.readline().strip() == "committed"
