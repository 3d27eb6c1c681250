"""PostgreSQL roles: a desk appends events and updates case rows but deletes nothing and changes
no event; the wall cannot read password hashes or reporters' names and phones, and still shows
every case; the admin may do anything except change the log."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from commandcenter.runtime import build_runtime
from db import open_store
from db.backend import backend
from db.roles import ADMIN_ROLE, DESK_ROLE, grant_login
from tests.world import build_world, cell_point

PASSWORD = "login-secret-123"
pytestmark = pytest.mark.pg


def _login(admin_url: str, group: str | None) -> str:
    name = f"u_{uuid.uuid4().hex[:8]}"
    store = open_store(admin_url, upgrade=False)
    if group is None:
        backend.grant_wall(store, name, PASSWORD)
    else:
        grant_login(store, group, name, PASSWORD)
    return admin_url.replace("://postgres:@", f"://{name}:{PASSWORD}@", 1)


def _refused(url: str, sql: str, match: str) -> None:
    engine = create_engine(url)
    try:
        with pytest.raises(DBAPIError, match=match):
            with engine.begin() as conn:
                conn.execute(text("SET TRANSACTION READ WRITE"))
                conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture
def world(pg_url):
    rt = build_world(pg_url)
    lon, lat = cell_point(0)
    rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description="井盖缺失",
                      reporter_name="张三", reporter_phone="13800000000")
    return rt


def test_a_desk_writes_through_the_service_but_deletes_nothing(world, pg_url):
    url = _login(pg_url, DESK_ROLE)
    desk = build_runtime(open_store(url, upgrade=False), backend)
    case = desk.store.load_cases()[0]
    case = desk.service.act("taker", case.id, "accept")
    lon, lat = cell_point(1)
    desk.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="新案件")
    assert desk.store.case(case.id).status.value == "registering"
    _refused(url, "DELETE FROM cases", "permission denied")
    _refused(url, "DELETE FROM case_events", "permission denied")
    _refused(url, "UPDATE case_events SET actor = 'sl01'", "permission denied")
    _refused(url, "TRUNCATE case_events", "permission denied")
    _refused(url, "UPDATE users SET role = 'admin'", "permission denied")
    desk.store.engine.dispose()


def test_the_wall_reads_no_password_hash_and_no_reporter(world, pg_url):
    url = _login(pg_url, None)
    _refused(url, "SELECT password_hash FROM users", "permission denied")
    _refused(url, "SELECT reporter_phone FROM cases", "permission denied")
    _refused(url, "SELECT reporter_name FROM cases", "permission denied")
    wall = open_store(url, read_only=True, upgrade=False)
    cases = wall.load_cases()
    assert len(cases) == 1 and cases[0].description == "井盖缺失"
    assert cases[0].reporter_name is None and cases[0].reporter_phone is None
    assert {u.name for u in wall.users()} >= {"sup", "disp"}
    _refused(url, "SELECT payload FROM case_events", "permission denied")
    report = wall.events_of_case(cases[0].id)[0]
    assert report.payload["description"] == "井盖缺失"
    assert "reporter_phone" not in report.payload and "reporter_name" not in report.payload
    assert [e.seq for e in wall.events_after(0)] == [e.seq for e in world.store.events_after(0)]
    assert world.store.load_cases()[0].reporter_phone == "13800000000"   # the desk still sees it
    wall.engine.dispose()


def test_not_even_the_admin_changes_the_log(world, pg_url):
    url = _login(pg_url, ADMIN_ROLE)
    _refused(url, "UPDATE case_events SET actor = 'sl01'", "permission denied")
    _refused(url, "DELETE FROM case_events", "permission denied")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET description = description"))
        conn.execute(text("DELETE FROM holidays"))
    engine.dispose()


def test_the_table_owner_is_stopped_by_the_trigger(world, pg_url):
    _refused(pg_url, "UPDATE case_events SET actor = 'sl01'", "append-only: UPDATE refused")
    _refused(pg_url, "DELETE FROM case_events", "append-only: DELETE refused")
    _refused(pg_url, "TRUNCATE case_events", "append-only: TRUNCATE refused")


def test_grant_login_from_the_command_line(world, pg_url, monkeypatch, capsys):
    from main import main

    monkeypatch.setenv("DESK_PW", PASSWORD)
    name = f"d_{uuid.uuid4().hex[:8]}"
    assert main(["db", "grant-login", "--role", "desk", "--user", name, "--login-password-env", "DESK_PW",
                 "--db", pg_url, "--local-admin"]) == 0
    url = pg_url.replace("://postgres:@", f"://{name}:{PASSWORD}@", 1)
    _refused(url, "DELETE FROM cases", "permission denied")


def test_columns_added_by_later_migrations_reach_the_roles(world, pg_url):
    from db.roles import refresh_grants

    wall = _login(pg_url, None)
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE users ADD COLUMN nickname text"))
        refresh_grants(conn)
    engine.dispose()
    reader = create_engine(wall)
    with reader.connect() as conn:
        assert conn.execute(text("SELECT count(nickname) FROM users")).scalar() == 0
    reader.dispose()
    _refused(wall, "SELECT password_hash FROM users", "permission denied")
