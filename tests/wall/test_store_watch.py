"""Stale is never shown as live: a running wall on SQLite notices its database file moved away
(the badge turns to "data delayed") and a restored file put in its place (it reopens it and shows
the new file's figures); the identity comparison itself on plain files."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import sqlite3  # noqa: E402
from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.wall.store_watch import StoreIdentity, identity_of, sqlite_path  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (what a restore would put back)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_identity_tells_a_moved_a_replaced_and_a_rewound_file(tmp_path):
    world = wall_world(f"sqlite:///{tmp_path / 'a.sqlite'}")
    store = open_store(world.url)
    path = sqlite_path(store)
    assert path == tmp_path / "a.sqlite"
    first = identity_of(store, path)
    assert first.file is not None and first.first_hash and first.last_seq > 0
    assert first.replaced_by(identity_of(store, path)) is None
    assert first.replaced_by(StoreIdentity(None, None, -1)) == "missing"
    assert first.replaced_by(StoreIdentity((0, 1), first.first_hash, first.last_seq)) == "replaced"
    assert first.replaced_by(StoreIdentity(first.file, first.first_hash, first.last_seq - 1)) == "rewritten"
    assert first.replaced_by(StoreIdentity(first.file, "other", first.last_seq)) == "rewritten"
    assert sqlite_path(open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")) == tmp_path / "b.sqlite"


@pytest.mark.gui
@pytest.mark.webview
def test_a_replaced_database_file_is_noticed_shown_and_reopened(qtbot, tmp_path):
    world = wall_world(f"sqlite:///{tmp_path / 'wall.sqlite'}")
    path = tmp_path / "wall.sqlite"
    session = loaded_session(world.url, live=True, at=world.now)
    wall = build_wall(session, wall_args(world.url))
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    wall.watchdog.set_interval(200)
    session.start()
    badge = wall.header.freshness
    qtbot.waitUntil(lambda: bool(session.picture.cases) and badge.is_ok() and wall.figures is not None,
                    timeout=30_000)
    qtbot.waitUntil(lambda: wall.watchdog.identity is not None, timeout=10_000)
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):   # the feed's load follows the wall clock
        session.picture.set_time(world.now)
    reported_before = wall.figures.today.reported
    cases_before = len(session.picture.cases)

    # the restore to come: a copy of today's database, with one more report in it
    restored = tmp_path / "restored.sqlite"
    _backup(path, restored)
    writer = build_runtime(open_store(f"sqlite:///{restored}"), backend, clock=lambda: world.now - timedelta(minutes=2))
    lon, lat = cell_point(12)
    writer.service.report("sup", source="hotline", class_code="E0501", lon=lon, lat=lat, description="道路塌陷",
                          tier="urgent")
    writer.store.engine.dispose()
    _checkpoint(restored)

    # the file is moved away: the wall must not go on showing it as live
    away = tmp_path / "away"
    away.mkdir()
    for part in tmp_path.glob("wall.sqlite*"):
        part.rename(away / part.name)
    qtbot.waitUntil(lambda: not badge.is_ok(), timeout=20_000)
    assert "delayed" in badge.text()

    # the restored file is put in place: the wall reopens it and shows its figures, live again
    os.replace(restored, path)
    qtbot.waitUntil(lambda: wall.watchdog.recoveries["store"] == 1, timeout=20_000)
    qtbot.waitUntil(lambda: badge.is_ok() and len(session.picture.cases) == cases_before + 1, timeout=30_000)
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):   # the test's day is in the past
        session.picture.set_time(world.now)
    qtbot.waitUntil(lambda: wall.kpis.tiles["reported"].number_text() == str(reported_before + 1), timeout=10_000)
    session.close()
    wall.close()


def test_identity_carries_the_hash_of_the_last_event_shown_and_tells_a_rewritten_history(tmp_path):
    world = wall_world(f"sqlite:///{tmp_path / 'h.sqlite'}")
    store = open_store(world.url)
    path = sqlite_path(store)
    seen = identity_of(store, path, (5, 0, -1))
    assert set(seen.hashes) == {5} and len(seen.hashes[5]) == 64
    assert seen.replaced_by(identity_of(store, path, (5,))) is None
    other = StoreIdentity(seen.file, seen.first_hash, seen.last_seq + 3, hashes={5: "f" * 64})
    assert seen.replaced_by(other) == "rewritten"                      # the same seq, another event
    gone = StoreIdentity(seen.file, seen.first_hash, seen.last_seq, hashes={5: None})
    assert seen.replaced_by(gone) == "rewritten"
    assert seen.behind(seen.last_seq + 1) and not seen.behind(seen.last_seq)
