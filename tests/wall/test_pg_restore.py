"""Stale is never shown as live, on PostgreSQL too: a running wall notices its database restored
from an earlier dump (pg_restore --clean), a restore overtaken by new events before it looked (the
event at the last sequence it showed has another hash), and a database dropped and created again
(another oid); each time the badge says the data is delayed and the picture is reloaded from the
database. The watchdog's rounds are run by the test (no timer, no sleeps)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.wall.store_watch import pg_identity_of  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.pg]


def _bin(name: str) -> str:
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def dump(url: str, target: Path) -> Path:
    subprocess.run([_bin("pg_dump"), "-Fc", "-f", str(target), "-d", _libpq(url)], check=True)
    return target


def restore(url: str, source: Path, *, clean: bool = True) -> None:
    subprocess.run([_bin("pg_restore"), *(["--clean", "--if-exists"] if clean else []), "--single-transaction",
                    "--no-owner", "-d", _libpq(url), str(source)], check=True)


def report(url: str, index: int, text: str) -> int:
    writer = build_runtime(open_store(url), backend)
    lon, lat = cell_point(index)
    case = writer.service.report("sup", source="hotline", class_code="E0101", lon=lon, lat=lat, description=text)
    writer.store.engine.dispose()
    return case.id


def last_seq(url: str) -> int:
    store = open_store(url)
    try:
        return store.last_seq()
    finally:
        store.engine.dispose()


@pytest.mark.gui
@pytest.mark.webview
def test_a_restored_postgresql_database_is_noticed_shown_as_delayed_and_reloaded(qtbot, pg_server, pg_url,
                                                                                  tmp_path):
    import psycopg

    world = wall_world(pg_url)
    session = loaded_session(pg_url, live=True, at=world.now)
    wall = build_wall(session, wall_args(pg_url))
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    dog = wall.watchdog
    dog.stop()                          # the test runs the rounds itself
    picture = session.picture
    badge = wall.header.freshness
    seen: list[tuple[str, str]] = []    # (problem, badge text) each time the picture turns not live

    def on_health(health):
        if not health.ok:
            seen.append((health.problem, badge.text()))

    picture.events.health.connect(on_health)
    session.start()
    qtbot.waitUntil(lambda: bool(picture.cases) and badge.is_ok(), timeout=30_000)
    dog.check()
    assert dog.identity is not None and dog.identity.database and dog.identity.last_seq == picture.last_seq
    saved = dump(pg_url, tmp_path / "wall.dump")
    cases_in_dump = len(picture.cases)

    try:
        # 1. events after the dump, then the dump restored over them: the history went back
        after = report(pg_url, 3, "after the dump")
        qtbot.waitUntil(lambda: after in picture.cases, timeout=15_000)
        dog.check()
        assert dog.recoveries["store"] == 0            # a database that only grew is the same one
        restore(pg_url, saved)
        dog.check()
        assert dog.recoveries["store"] == 1
        assert seen[-1][0] == "database rewritten: reopening" and seen[-1][1].startswith("● Data delayed")
        qtbot.waitUntil(lambda: badge.is_ok() and after not in picture.cases, timeout=30_000)
        assert len(picture.cases) == cases_in_dump and picture.last_seq == last_seq(pg_url)

        # 2. restored again and overtaken by new events before the wall looked: the newest sequence
        #    did not go back, but the event at the last sequence the wall showed is another one
        second = report(pg_url, 4, "shown, then lost in a restore")
        qtbot.waitUntil(lambda: second in picture.cases, timeout=15_000)
        dog.check()
        shown = picture.last_seq
        restore(pg_url, saved)
        index = 5
        while last_seq(pg_url) < shown + 1:
            report(pg_url, index, "written after the restore")
            index += 1
        dog.check()
        assert dog.recoveries["store"] == 2 and seen[-1][0] == "database rewritten: reopening"
        lost = "shown, then lost in a restore"      # (its case id is given again after the restore)
        qtbot.waitUntil(lambda: badge.is_ok() and all(c.description != lost for c in picture.cases.values()),
                        timeout=30_000)
        qtbot.waitUntil(lambda: len(picture.cases) == cases_in_dump + index - 5, timeout=15_000)

        # 3. dropped and created again from the dump: another database (oid), same history
        from sqlalchemy.engine import make_url

        name = make_url(pg_url).database
        with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        restore(pg_url, saved, clean=False)
        fresh = open_store(pg_url)
        assert pg_identity_of(fresh).database != dog.identity.database
        fresh.engine.dispose()
        qtbot.waitUntil(lambda: (dog.check(), dog.recoveries["store"] == 3)[1], timeout=30_000)
        assert seen[-1][0] == "database replaced: reopening" and seen[-1][1].startswith("● Data delayed")
        qtbot.waitUntil(lambda: badge.is_ok() and len(picture.cases) == cases_in_dump, timeout=30_000)
        with qtbot.waitSignal(wall.sig_refreshed, timeout=15_000):   # the wall has drawn it (nothing pending)
            later = report(pg_url, 9, "after the database came back")
            qtbot.waitUntil(lambda: later in picture.cases, timeout=15_000)
        dog.check()
        assert dog.recoveries["store"] == 3
    finally:
        session.close()
        wall.close()   # waits for its last refresh job …
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()   # … whose answer is handed over while the wall still exists
