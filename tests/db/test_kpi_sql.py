"""The database's KPI query and the Python KPIs agree exactly, as of any moment; a finished day's
figures never change; the state history is the fold of the log however it was written."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from alembic import command
from sqlalchemy import delete, select

from commandcenter.cli import main as cli_main
from commandcenter.kpi import GROUPINGS, compute
from db import open_store
from db.backend import backend
from db.case_states import state_rows
from db.engine import writer
from db.kpi_sql import compute_in_db
from db.migrate import _config, upgrade
from db.models import CaseStateRow
from tests.db.kpi_day import DAY_END, DAY_START, as_dicts, finish, folded
from tests.world import FakeClock, build_world, cell_point


def _history(rt, clock):
    """A day of mixed outcomes: closed on time, late, reworked, returned, extended, open and overdue."""
    s = rt.service
    cases = []
    for i in range(12):
        lon, lat = cell_point(i)
        c = s.report("sup", source="supervisor", class_code=("E0102", "0101", "E0401")[i % 3], lon=lon, lat=lat,
                     description=f"案件{i}")
        clock.advance(minutes=10)
        if i == 11:
            cases.append(c)
            continue
        c = s.act("taker", c.id, "accept")
        c = s.act("leader", c.id, "register", tier="difficult" if i == 7 else None) if i == 7 else \
            s.act("leader", c.id, "register")
        c = s.act("disp", c.id, "dispatch", department="szsr" if i % 2 else "cgzf")
        cases.append(c)
    dept = {"szsr": "sz", "cgzf": "cg"}
    for i, c in enumerate(cases[:8]):
        clock.advance(hours=1 if i < 4 else 9)
        who = dept[c.department_code]
        if i == 2:
            c = s.act(who, c.id, "request_extension", limit="1wd", reason="材料")
            c = s.act("leader", c.id, "decide_extension", approve=True)
        if i == 3:
            c = s.act(who, c.id, "return_case", reason="非本部门")
            c = s.act("disp", c.id, "dispatch", department="ylyh")
            who = "yl"
        c = s.act(who, c.id, "report_done")
        c = s.act("sup", c.id, "check", passed=(i != 5))
        if i == 5:
            c = s.act(who, c.id, "report_done")
            c = s.act("sup", c.id, "check", passed=True)
        s.act("leader", c.id, "close")
    s.act("leader", cases[9].id, "cancel", reason="重复")
    clock.advance(days=2)
    return cases


def test_sql_and_python_kpis_agree_as_of_any_moment(db_url):
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    start = clock.now - timedelta(hours=1)
    _history(rt, clock)
    python = folded(rt.store)
    stored = rt.store.load_cases()
    for by in sorted(GROUPINGS):
        for end in (start + timedelta(hours=3), start + timedelta(hours=6), start + timedelta(days=1), clock.now):
            for now in (end - timedelta(hours=1), clock.now):
                database = compute_in_db(rt.store, start, end, by=by, now=now)
                assert as_dicts(database) == as_dicts(python.kpis(start, end, by=by, now=now)), (by, end, now)
        # as of now the stored rows are the states: the plain count over them agrees as well
        assert as_dicts(database) == as_dicts(compute(stored, start, clock.now, by=by, now=clock.now)), by
        assert sum(v.closed for v in database.values()) == 8


def _cli_day(capsys, url: str, day: str) -> list[dict]:
    assert cli_main(["kpi", "--db", url, "--from", day, "--to", day, "--by", "department", "--format", "json"],
                    backend) == 0
    return json.loads(capsys.readouterr().out)["rows"]


def test_a_finished_day_never_changes(capsys, day):
    """24 Nov (local): six cases dispatched, three closed, three still with their department and
    overdue at midnight; on 25 Nov those three are finished late. 24 Nov reads the same after."""
    rt, clock, cases = day.rt, day.clock, day.cases
    day_start, day_end = DAY_START, DAY_END
    clock.now = day_end
    before = compute_in_db(rt.store, day_start, day_end, by="department", now=clock.now)
    shown = _cli_day(capsys, rt.store.url, "2026-11-24")
    assert (before["cgzf"].closed, before["cgzf"].overdue, before["cgzf"].due_to_close) == (3, 3, 6)
    clock.advance(hours=10)   # 25 Nov 10:00 local: the overdue three are finished, late
    finish(rt, cases[3:])
    after = compute_in_db(rt.store, day_start, day_end, by="department", now=clock.now)
    assert as_dicts(after) == as_dicts(before)
    assert _cli_day(capsys, rt.store.url, "2026-11-24") == shown
    python = folded(rt.store)
    assert as_dicts(python.kpis(day_start, day_end, by="department", now=clock.now)) == as_dicts(before)
    next_day = compute_in_db(rt.store, day_end, day_end + timedelta(days=1), by="department", now=clock.now)
    assert (next_day["cgzf"].closed, next_day["cgzf"].late_stages, next_day["cgzf"].overdue) == (3, 3, 0)
    flattering = compute(rt.store.load_cases(), day_start, day_end, by="department", now=clock.now)
    assert flattering["cgzf"].overdue == 0, "counted from the cases as they are now, 24 Nov would look better"


def test_handling_time_is_the_same_whole_seconds_in_sql_and_in_python(db_url):
    """Handling time drops each time's fraction of a second (SQLite would round 0.9998 s up)."""
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, 0, 999_800, tzinfo=timezone.utc))
    rt = build_world(db_url, clock=clock)
    lon, lat = cell_point(0)
    start = clock.now - timedelta(hours=1)
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="秒")
    for who, step, fields in (("taker", "accept", {}), ("leader", "register", {}),
                              ("disp", "dispatch", {"department": "cgzf"})):
        case = rt.service.act(who, case.id, step, **fields)
    clock.advance(hours=1, microseconds=200)   # handled at 02:30:01.000000
    rt.service.act("cg", case.id, "report_done")
    database = compute_in_db(rt.store, start, clock.now + timedelta(hours=1))
    python = folded(rt.store).kpis(start, clock.now + timedelta(hours=1))
    assert database["all"].handling_seconds == python["all"].handling_seconds == 3601


def _state_table(store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(CaseStateRow).order_by(CaseStateRow.case_id, CaseStateRow.version)).all()
    return [dict(r._mapping) for r in rows]


def test_states_written_live_are_the_fold_of_the_log(db_url):
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    _history(rt, clock)
    live = _state_table(rt.store)
    assert len(live) == len(rt.store.events_between(None, None))
    folded = sorted(state_rows(rt.store.events_between(None, None)), key=lambda r: (r["case_id"], r["version"]))
    assert [{k: r[k] for k in folded[0]} for r in live] == folded


def test_the_migration_backfills_the_states_of_an_existing_log(db_url):
    """A database from before 0006 (cases and events, no states) gets every state by folding."""
    clock = FakeClock()
    rt = build_world(db_url, clock=clock)
    _history(rt, clock)
    expected = _state_table(rt.store)
    # first undo the migrations that build on 0006, as a database from before them lacks them too
    _downgrade_to_0006(rt.store.engine)
    with writer(rt.store.engine).begin() as conn:
        conn.execute(delete(CaseStateRow))
        conn.exec_driver_sql("DROP TABLE case_states")
        conn.exec_driver_sql("DELETE FROM alembic_version WHERE version_num = '0006'")
        if not conn.exec_driver_sql("SELECT COUNT(*) FROM alembic_version").scalar():
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('0002')")
    upgrade(rt.store.engine)
    assert _state_table(open_store(db_url)) == expected


def _downgrade_to_0006(engine) -> None:
    """Undo the migrations after 0006, so the test starts from a database before 0006."""
    with writer(engine).begin() as conn:
        config = _config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")


def test_bulk_load_writes_the_states_too(tmp_path):
    clock = FakeClock()
    rt = build_world(f"sqlite:///{tmp_path / 'original.sqlite'}", clock=clock)
    _history(rt, clock)
    copy = build_world(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    backend.bulk_load_history(copy.store, rt.store.load_cases(), rt.store.events_between(None, None))
    assert _state_table(copy.store) == _state_table(rt.store)


def test_sqlite_finds_the_states_of_a_moment_in_the_indexes(tmp_path):
    """The as-of query never walks the whole state history (670,000 rows for 100,000 cases): each
    of its parts is a range of a 0009_kpiasof index, and the state at the window's start is looked
    up by case."""
    from sqlalchemy import text

    from db.kpi_sql import kpi_query

    rt = build_world(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    params = {"start": "2026-11-24 00:00:00.000000", "end": "2026-11-25 00:00:00.000000",
              "as_of": "2026-11-25 00:00:00.000000"}
    with rt.store.engine.connect() as conn:
        plan = [row[3] for row in conn.execute(text("EXPLAIN QUERY PLAN " + kpi_query("department", "sqlite")),
                                               params)]
    steps = " | ".join(plan)
    full_scans = [step for step in plan if step.split()[:2] in (["SCAN", "e"], ["SCAN", "s"], ["SCAN", "b"],
                                                                 ["SCAN", "case_states"])]
    assert not full_scans, steps
    assert "ix_case_states_now" in steps and "ix_case_states_open" in steps, steps
