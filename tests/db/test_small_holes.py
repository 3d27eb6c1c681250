"""Small holes the review found: unbounded extensions, control and bidirectional characters
stored verbatim, SQLite's synchronous=NORMAL, world-readable database files, sandbox URLs with
the production password and sandboxes carrying production password hashes."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from commandcenter.auth import verify_password
from commandcenter.catalog import DEFAULT_CATALOG_PATH
from commandcenter.errors import InputFileError, ValidationError
from commandcenter.extensions import ExtensionLimits
from commandcenter.scenario import from_store
from commandcenter.text_input import clean_text
from commandcenter.training import TrainingSession, sandbox_url_for
from db.backend import backend
from db.engine import creating_allowed, default_url, make_engine
from tests.replay.conftest import make_history
from tests.world import PASSWORD, build_world, cell_point


def _handling(rt, tier: str | None = None, point: int = 0):
    lon, lat = cell_point(point)
    case = rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description="垃圾",
                             tier=tier)
    for step, who, fields in (("accept", "taker", {}), ("register", "leader", {}),
                              ("dispatch", "disp", {"department": "szsr"})):
        case = rt.service.act(who, case.id, step, **fields)
    return case


# Extensions ---------------------------------------------------------------------------------
def test_an_extension_beyond_the_longest_is_refused(sqlite_url):
    rt = build_world(sqlite_url)
    case = _handling(rt)
    with pytest.raises(ValidationError, match="longest extension for class E0102 \\(general\\): 30wd"):
        rt.service.act("sz", case.id, "request_extension", limit="9000000h", reason="慢慢来")
    with pytest.raises(ValidationError, match="longest extension"):
        rt.service.act("sz", case.id, "request_extension", limit="31wd", reason="慢慢来")
    asked = rt.service.act("sz", case.id, "request_extension", limit="3wd", reason="需协调")
    approved = rt.service.act("leader", case.id, "decide_extension", approve=True)
    assert asked.pending_detail.startswith("3wd") and approved.stage_deadline > case.stage_deadline
    assert approved.stage_deadline - case.stage_deadline < timedelta(days=10)


def test_urgent_cases_have_their_own_longest_extension(sqlite_url):
    rt = build_world(sqlite_url)
    case = _handling(rt, tier="urgent", point=1)
    with pytest.raises(ValidationError, match="\\(urgent\\): 72h"):
        rt.service.act("sz", case.id, "request_extension", limit="73h", reason="通宵")
    assert rt.service.act("sz", case.id, "request_extension", limit="48h", reason="通宵").pending_request


def test_the_catalog_sets_the_longest_extension_per_class_and_tier(tmp_path):
    document = json.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    document["max_extension"]["general"] = "10wd"
    document["small_classes"][0]["max_extension"] = {"general": "2wd"}
    path = tmp_path / "classes.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    limits = ExtensionLimits.load(path)
    first = document["small_classes"][0]["code"]
    assert str(limits.longest(first, "general")) == "2wd"
    assert str(limits.longest("E0102", "general")) == "10wd" and str(limits.longest("E0102", "urgent")) == "72h"
    document["small_classes"][0]["max_extension"] = {"someday": "2wd"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputFileError, match="small_classes\\[0\\].max_extension.someday"):
        ExtensionLimits.load(path)


# Control and bidirectional characters ------------------------------------------------------
NASTY = "井盖\x1b[31m缺失\u202e告报\u2066x\u2069\x00\x07\r\n第二行\t完"


def test_clean_text_removes_control_and_bidi_characters_and_keeps_lines():
    assert clean_text(NASTY) == "井盖[31m缺失告报x\n第二行\t完"
    assert clean_text("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x7f\x85\x9b") == ""


def test_every_text_field_is_stored_clean(sqlite_url):
    rt = build_world(sqlite_url)
    lon, lat = cell_point(2)
    case = rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description=NASTY,
                             reporter_name="张\u202e三\x1b")
    case = rt.service.act("taker", case.id, "accept", note="备注\x1b[2J")
    case = rt.service.act("leader", case.id, "register")
    case = rt.service.act("disp", case.id, "dispatch", department="szsr", note="\u2067派遣")
    case = rt.service.act("sz", case.id, "return_case", reason="不归\u202e我们\x08管")
    stored = rt.store.case(case.id)
    assert stored.description == "井盖[31m缺失告报x\n第二行\t完" and stored.reporter_name == "张三"
    texts = json.dumps([e.payload for e in rt.store.events_of_case(case.id)], ensure_ascii=False)
    for bad in ("\x1b", "\u202e", "\u2067", "\x08", "\x00"):
        assert bad not in texts and json.dumps(bad)[1:-1] not in texts
    assert "不归我们管" in texts and "派遣" in texts


# SQLite durability and file permissions --------------------------------------------------------
def test_sqlite_commits_are_durable_and_wait_a_few_seconds(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
        assert 1000 <= conn.exec_driver_sql("PRAGMA busy_timeout").scalar() <= 10000
    engine.dispose()


def test_the_embedded_database_is_private_to_its_user(tmp_path, monkeypatch):
    monkeypatch.delenv("COMMANDCENTER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_url()
    folder = tmp_path / "data" / "commandcenter"
    assert url == f"sqlite:///{folder / 'commandcenter.sqlite'}"
    with creating_allowed(True):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
        engine.dispose()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "commandcenter.sqlite").stat().st_mode & 0o777 == 0o600


# Sandboxes ---------------------------------------------------------------------------------------
def test_a_sandbox_url_carries_no_password():
    from datetime import datetime, timezone

    url = sandbox_url_for("postgresql://cc:s3cr%40t@db.example:5432/city?sslmode=require",
                          datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc))
    assert url == "postgresql://cc@db.example:5432/city_sandbox_20261201_100000?sslmode=require"


def test_a_sandbox_has_no_production_password_hash(tmp_path):
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    history = make_history(production_url, hours=4, reports_per_hour=3, seed=2)
    store = history.runtime.store
    scenario = from_store(store, history.start, history.end)
    session = TrainingSession.start(store, backend, scenario, sandbox_url=f"sqlite:///{tmp_path / 'sb.sqlite'}",
                                    production_url=production_url)
    sandbox = session.store
    production_hashes = {u.name: store.password_hash(u.name) for u in store.users()}
    for user in sandbox.users():
        stored = sandbox.password_hash(user.name)
        assert stored != production_hashes.get(user.name)
        assert not verify_password(PASSWORD, stored)
    assert session.trainee_password and verify_password(session.trainee_password, sandbox.password_hash("disp"))
