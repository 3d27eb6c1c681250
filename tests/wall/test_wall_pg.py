"""On PostgreSQL: the wall's user can only read (a write fails at the database), and a database
restart shows "data delayed since HH:MM" and then recovers by itself with the new events.
(On SQLite there are no database users: grant-wall says so.)"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import uuid  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.exc import DBAPIError, ProgrammingError  # noqa: E402

from commandcenter.cli import main as cli_main  # noqa: E402
from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from db.engine import make_engine  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import cell_point  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

PASSWORD = "wall-secret-123"


def wall_user_url(admin_url: str, monkeypatch) -> str:
    """Grant a new wall user on the database of ``admin_url`` and return its URL."""
    name = f"wall_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("WALL_PASSWORD", PASSWORD)
    assert cli_main(["db", "grant-wall", "--db", admin_url, "--user", name, "--wall-password-env", "WALL_PASSWORD",
                     "--local-admin"],
                    backend) == 0
    return admin_url.replace("://postgres:@", f"://{name}:{PASSWORD}@", 1)


@pytest.mark.pg
def test_a_write_through_the_walls_connection_fails_at_the_database(pg_url, monkeypatch):
    world = wall_world(pg_url)
    url = wall_user_url(pg_url, monkeypatch)
    session = loaded_session(url)
    assert len(session.picture.cases) > 30          # it reads
    lon, lat = cell_point(0)
    with pytest.raises(DBAPIError, match="read-only transaction"):
        session.runtime.service.report("sup", source="hotline", class_code="E0101", lon=lon, lat=lat,
                                       description="written by the wall?")
    # even a session that asks for writing is refused: the role has SELECT only
    engine = make_engine(url)
    with pytest.raises(ProgrammingError, match="permission denied for table cases"):
        with engine.begin() as conn:
            conn.execute(text("SET TRANSACTION READ WRITE"))
            conn.execute(text("UPDATE cases SET description = 'changed' WHERE id = :id"), {"id": world.urgent_ids[0]})
    engine.dispose()


@pytest.mark.pg
def test_grant_wall_refuses_a_user_that_can_write(pg_url, monkeypatch, capsys):
    wall_world(pg_url)
    monkeypatch.setenv("WALL_PASSWORD", PASSWORD)
    code = cli_main(["db", "grant-wall", "--db", pg_url, "--user", "postgres", "--wall-password-env", "WALL_PASSWORD",
                     "--local-admin"],
                    backend)
    assert code == 2 and "can write" in capsys.readouterr().err


@pytest.fixture
def own_server(pg_folder):
    """A PostgreSQL server of this test's own, to stop and start."""
    import pgserver

    server = pgserver.get_server(pg_folder / "pgdata", cleanup_mode="stop")
    yield server
    server.cleanup()


def stop(server) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


@pytest.mark.pg
@pytest.mark.gui
@pytest.mark.webview
def test_a_database_restart_shows_the_delay_and_the_wall_recovers(qtbot, own_server, monkeypatch):
    import psycopg

    from ui.session import open_session
    from ui.wall.window import build_wall

    with psycopg.connect(own_server.get_uri(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE walltest")
    base, query = own_server.get_uri().split("?", 1)
    admin_url = f"{base.rsplit('/', 1)[0]}/walltest?{query}"
    wall_world(admin_url)
    url = wall_user_url(admin_url, monkeypatch)
    session = open_session(wall_args(url), read_only=True, show_progress=False)
    wall = build_wall(session, wall_args(url))
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    with qtbot.waitSignal(wall.sig_refreshed, timeout=30_000):
        session.start()
    freshness = wall.header.freshness
    qtbot.waitUntil(lambda: session.picture.feed_ok_at is not None, timeout=10_000)
    assert freshness.text() == "● Live" and wall.kpis.tiles["reported"].number_text() == "0"
    try:
        stop(own_server)
        qtbot.waitUntil(lambda: freshness.text().startswith("● Data delayed since "), timeout=30_000)
        own_server.ensure_postgres_running()
        qtbot.waitUntil(lambda: freshness.text() == "● Live", timeout=30_000)

        writer = build_runtime(open_store(admin_url), backend)
        lon, lat = cell_point(3)
        case = writer.service.report("sup", source="hotline", class_code="E0101", lon=lon, lat=lat,
                                     description="after the restart")
        qtbot.waitUntil(lambda: case.id in session.picture.cases, timeout=15_000)
        qtbot.waitUntil(lambda: wall.kpis.tiles["reported"].number_text() == "1", timeout=15_000)
    finally:
        session.close()
        wall.close()


def test_grant_wall_on_sqlite_explains_the_file_is_opened_read_only(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("WALL_PASSWORD", PASSWORD)
    assert cli_main(["db", "upgrade", "--db", sqlite_url], backend) == 0   # grant-wall creates no database
    code = cli_main(["db", "grant-wall", "--db", sqlite_url, "--user", "wall", "--wall-password-env", "WALL_PASSWORD",
                     "--local-admin"],
                    backend)
    assert code == 2 and "query_only" in capsys.readouterr().err
