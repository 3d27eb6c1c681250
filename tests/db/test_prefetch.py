"""The cases read ahead by a helper process while a screen starts (db.prefetch) are exactly the
cases the store reads itself, masked the same way, at a sequence number the feed goes on from;
and whenever the helper cannot give them, the feed's own read is used instead."""
from __future__ import annotations

import subprocess
import sys

import pytest

from commandcenter.privacy import masked_case
from db.backend import backend
from db.prefetch import SnapshotPrefetch
from tests.db.test_snapshot_columns import store_of_varied_cases


@pytest.fixture
def store(sqlite_url):
    return store_of_varied_cases(sqlite_url)


def test_the_cases_read_ahead_equal_the_stores_own_read_masked_alike(store, sqlite_url, monkeypatch):
    import db.snapshot

    monkeypatch.setattr(db.snapshot, "BATCH", 40)        # several batches through the pipe
    monkeypatch.setattr("db.prefetch.BATCH", 40)
    for admit in (None, masked_case):
        prefetch = backend.prefetch_snapshot(sqlite_url)
        assert prefetch is not None
        steps = []
        cases, seq = prefetch.take(lambda done, total: steps.append((done, total)), admit)
        assert (cases, seq) == store.load_snapshot(admit=admit)
        assert steps == [(40, 130), (80, 130), (120, 130), (130, 130)]
    assert any(c.reporter_phone and "*" in c.reporter_phone for c in cases)   # the last round was masked


def test_a_case_written_while_the_helper_reads_reaches_the_feed_after_its_snapshot(sqlite_url):
    from tests.db.test_snapshot_read import report_some
    from tests.world import build_world

    runtime = build_world(sqlite_url)
    report_some(runtime, 5)
    prefetch = backend.prefetch_snapshot(sqlite_url)
    written = report_some(runtime, 3)                 # while the helper starts and reads
    cases, seq = prefetch.take()
    assert seq <= runtime.store.last_seq()
    # a case is in the snapshot, or its events come after the snapshot's sequence number
    later = {e.case_id for e in runtime.store.events_after(seq)}
    held = {c.id: c for c in cases}
    assert set(written) <= set(held) | later
    assert all(held[i] == runtime.store.case(i) for i in held if i not in later)


def test_a_database_at_another_schema_is_read_by_the_feed_itself(store, sqlite_url):
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_future')"))
    assert backend.prefetch_snapshot(sqlite_url).take() is None


def test_a_helper_that_dies_or_stops_answering_leaves_the_read_to_the_feed(store, sqlite_url):
    prefetch = backend.prefetch_snapshot(sqlite_url)
    prefetch._process.kill()
    assert prefetch.take() is None
    silent = SnapshotPrefetch(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                               stdout=subprocess.PIPE))
    silent.STALL_S = 0.2
    assert silent.take() is None
    assert silent._process.poll() is not None                      # stopped and reaped


def test_nothing_is_read_ahead_where_the_helper_does_not_apply(tmp_path, store):
    assert backend.prefetch_snapshot(f"sqlite:///{tmp_path / 'not-there-yet.sqlite'}") is None   # first start
    assert backend.prefetch_snapshot("sqlite://") is None                                       # in memory
    assert backend.prefetch_snapshot("postgresql+psycopg://u@localhost/cc") is None
